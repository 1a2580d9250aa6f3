"""Read-only panels of the live summary and the presenter view (no editing controls here)."""
from __future__ import annotations

from typing import Optional

import pandas as pd
import streamlit as st

from dashboard.i18n import is_rtl
from dashboard.textfmt import as_unit, escape_md, isolate, user_text
from dashboard.services.live.key_points import KeyPointRow, shown_key_points
from dashboard.services.live.summary import Balance, LiveSummary
from dashboard.ui.language import _, current, label
from dashboard.ui.live.cache import LiveView, show_chart
from dashboard.ui.live.common import question_label
from db.codes import STAKEHOLDER_TYPES

LATEST_CHARS = 300


def nudge(balance: Balance, *, big: bool = False) -> None:
    """The not-yet-heard nudge, or a line saying every group in the room has spoken."""
    where = balance.where_in(_)
    if big:
        # Plain high-contrast lines for a shared screen (pale alert boxes wash out on a projector).
        if balance.nudge_groups:
            st.markdown(f"#### :material/campaign: {balance.nudge_in(_)}")
        elif balance.interventions:
            st.markdown("#### :material/groups: "
                        + _("Every stakeholder group in the room has spoken {where}").format(where=where))
        return
    if balance.nudge_groups:
        st.warning(balance.nudge_in(_), icon=":material/campaign:")
    elif balance.interventions:
        st.success(_("Every stakeholder group in the room has spoken {where}.").format(where=where),
                   icon=":material/groups:")
    else:
        st.info(_("Nothing captured yet {where}.").format(where=where), icon=":material/hourglass_empty:")


def metrics(summary: LiveSummary) -> None:
    """Headline figures of the session."""
    cols = st.columns(4)
    heard = summary.session_balance.heard
    cols[0].metric(_("Interventions"), summary.total_interventions)
    cols[1].metric(_("Groups heard"), _("{heard} of {total}").format(heard=sum(1 for g in heard if g != "other"),
                                                                     total=6))
    seconds = summary.session_balance.speaking_seconds
    cols[2].metric(_("Speaking time captured"), _("{seconds} s").format(seconds=seconds) if seconds < 60
                   else _("{minutes} min").format(minutes=round(seconds / 60)))
    cols[3].metric(_("Now on"), question_label(summary.current_question))


def question_panel(view: LiveView, question_id: Optional[int]) -> None:
    """Balance of voices on one question: nudge and interventions / speaking time by group."""
    summary = view.summary
    nudge(summary.balance_for(question_id))
    frame = summary.by_group(question_id)
    show_chart(view, "voices", question_id)
    if frame["timed"].sum():
        show_chart(view, "speaking", question_id)
        untimed = int(frame["interventions"].sum() - frame["timed"].sum())
        if untimed:
            st.caption(_("{count} intervention(s) here have no speaking time captured.").format(count=untimed))
    else:
        st.caption(_("No speaking time captured on this question yet (use the timer or the Minutes field)."))


def session_panel(view: LiveView) -> None:
    """The whole session: voices and time by group, and the question × group grid."""
    summary = view.summary
    nudge(summary.session_balance)
    whole = summary.by_group(whole_session=True)
    left, right = st.columns(2)
    with left:
        show_chart(view, "voices")
    with right:
        if whole["timed"].sum():
            show_chart(view, "speaking")
        else:
            st.caption(_("No speaking time captured yet."))
    if summary.questions or summary.total_interventions:
        st.markdown(_("**Who has been heard on which question** (–: not heard yet)"))
        show_chart(view, "grid")
    st.dataframe(not_heard_table(summary), hide_index=True, width="stretch")


def not_heard_table(summary: LiveSummary) -> pd.DataFrame:
    """One row per question: interventions, and the groups not heard yet."""
    columns = [_("Question"), _("Interventions"), _("Not heard yet")]
    rows = []
    for q in summary.questions:
        b = summary.balance_for(q.id)
        rows.append(dict(zip(columns, [question_label(q), b.interventions,
                                       ", ".join(label(STAKEHOLDER_TYPES, g) for g in b.not_heard) or "—"])))
    return pd.DataFrame(rows, columns=columns)


def themes_panel(view: LiveView, *, big: bool = False) -> None:
    """Themes raised so far, split by group."""
    if view.summary.themes.empty:
        st.caption(_("No themes tagged yet: captures get themes suggested from their notes."))
        return
    show_chart(view, "themes", big=big)


def latest_panel(summary: LiveSummary) -> None:
    """The newest interventions, cited as shared screens may cite them."""
    if not summary.latest:
        st.caption(_("No interventions captured yet."))
        return
    for item in summary.latest:
        text = item.text if len(item.text) <= LATEST_CHARS else item.text[:LATEST_CHARS] + " …"
        st.markdown(f"**{isolate(f'#{item.number}', ltr=True)}** · {escape_md(item.question_label_in(_))} · "
                    f"{user_text(item.cited_in(_))}  \n" + (user_text(text) if text else _("_(no note)_")))


def key_points_list(view: LiveView, question_id: Optional[int], *, big: bool = False) -> list[KeyPointRow]:
    """The key points a shared screen shows for a question (approved only in approval mode)."""
    summary = view.summary
    points = shown_key_points(view.key_points, question_id=question_id, approval_mode=summary.approval_mode)
    if not points:
        st.caption(_("No approved key points yet.") if summary.approval_mode
                   else _("Key points appear once interventions are captured on this question."))
    for point in points:
        citation = isolate(escape_md(point.citation_in(_)), ltr=not is_rtl(current()))
        st.markdown(f"{user_text(point.text)}  \n*{citation}*" if not big
                    else as_unit(f"{user_text(point.text)} — *{citation}*", point.text))
    return points
