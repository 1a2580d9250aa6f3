"""Presenter view for screen sharing: large type, high contrast, nothing to click."""
import streamlit as st

from dashboard.auth import require_role
from dashboard.navigation import roles_for
from dashboard.textfmt import user_text
from dashboard.ui import actions, refresh
from dashboard.ui.live.cache import WHOLE_SESSION, live_view, show_chart
from dashboard.ui.language import _
from dashboard.ui.live.common import question_label
from dashboard.ui.live.panels import key_points_list, nudge, themes_panel
from dashboard.ui.session_picker import pick_session_or_stop

ROLES = roles_for(__file__)
require_role(*ROLES)

choice = pick_session_or_stop()

# Static styling only (no user text): big, high-contrast type for a shared screen.
st.html("""<style>
.st-key-presenter { background: #0b0b0b; color: #ffffff; padding: 1.6rem 2rem; border-radius: 0.6rem; }
.st-key-presenter p, .st-key-presenter li { font-size: 1.7rem; line-height: 1.4; color: #ffffff; }
.st-key-presenter h1 { font-size: 2.6rem; color: #ffffff; }
.st-key-presenter h2, .st-key-presenter h3 { font-size: 2.1rem; color: #ffd54f; }
.st-key-presenter [data-testid="stCaptionContainer"] p { font-size: 1.3rem; color: #e0e0e0; }
.st-key-presenter h4 { font-size: 2rem; color: #ffd54f; border-left: 0.4rem solid #ffd54f; padding-left: 0.8rem; }
.st-key-presenter em { color: #9fd3ff; font-style: normal; }
.st-key-presenter [data-testid="stElementToolbar"] { display: none; }
</style>""")


@st.fragment(run_every=refresh.FALLBACK_EVERY)
def presenter() -> None:
    actions.guard(*ROLES)
    view = live_view(choice.id, read_only=True)
    refresh.follow_changes(choice.id, view.version, key="presenter")
    summary = view.summary
    current = summary.current_question
    with st.container(key="presenter"):
        st.title(user_text(summary.title))
        if current is not None:
            st.subheader(question_label(current))
            st.markdown(user_text(current.text))
        else:
            st.subheader(_("General discussion"))
        if summary.status == "published":
            st.markdown("#### " + _("Session published"))
        elif summary.status == "closed":
            st.markdown("#### " + _("Session closed"))
        else:
            nudge(summary.balance_for(current.id) if current else summary.session_balance, big=True)
        left, right = st.columns(2, gap="large")
        with left:
            st.subheader(_("Key points"))
            key_points_list(view, current.id if current else None, big=True)
        with right:
            st.subheader(_("Voices on this question") if current else _("Voices so far"))
            show_chart(view, "voices", current.id if current else WHOLE_SESSION, big=True)
            st.caption(_("{count} interventions in the session so far").format(count=summary.total_interventions))
        st.subheader(_("Themes raised"))
        themes_panel(view, big=True)


presenter()
