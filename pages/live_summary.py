"""Live summary for moderators: balance of voices, themes, latest interventions and key points."""
import streamlit as st

from dashboard.auth import require_role
from dashboard.navigation import roles_for
from dashboard.textfmt import user_text
from dashboard.ui import actions, refresh
from dashboard.ui.live.cache import live_view
from dashboard.ui.live.key_points import key_points_review
from dashboard.ui.live.panels import latest_panel, metrics, question_panel, session_panel, themes_panel
from dashboard.ui.live.common import question_label
from dashboard.ui.session_picker import pick_session_or_stop
from dashboard.ui.language import _
from dashboard.i18n import N_

ROLES = roles_for(__file__)
require_role(*ROLES)
SECTIONS = {"whole": N_("Whole session"), "themes": N_("Themes")}

st.title(_("Live summary"))
choice = pick_session_or_stop(_("and its live summary appears here"))

st.caption(f"{user_text(choice.label)} · " + _("updates by itself as soon as anything changes") + " · "
           + (_("Chatham House mode: points cite stakeholder groups only") if choice.chatham_house
              else _("Chatham House mode is off: points may cite speakers' names")))


@st.fragment(run_every=refresh.FALLBACK_EVERY)
def live_part() -> None:
    actions.guard(*ROLES)
    view = live_view(choice.id)
    refresh.follow_changes(choice.id, view.version, key="live_summary")
    summary = view.summary
    metrics(summary)
    now, latest = st.columns([3, 2], gap="large")
    with now:
        current = summary.current_question
        if current is not None:
            st.subheader(_("Now: {question}").format(question=question_label(current)))
            st.markdown(user_text(current.text))
        else:
            st.subheader(_("Now: general discussion"))
        question_panel(view, current.id if current else None)
    with latest:
        st.subheader(_("Latest interventions"))
        latest_panel(summary)
    # A widget rather than tabs: its choice survives the refreshes (stable values, shown translated).
    shown = {code: _(name) for code, name in SECTIONS.items()}  # worded now: format_func may run later
    section = st.segmented_control(_("Show"), list(SECTIONS), default="whole", format_func=shown.__getitem__,
                                   key="live_summary_section", label_visibility="collapsed")
    if section == "themes":
        themes_panel(view)
    else:
        session_panel(view)
    st.divider()
    st.subheader(_("Key points"))
    # In the refreshing part: points arrive with the notes they come from.
    key_points_review(choice.id, view, locked=summary.status == "published")


live_part()
