"""Sessions: list them by status, create a new one (optionally from a past one's structure), edit one."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from db.codes import SECTORS, SESSION_FORMATS, SESSION_STATUSES
from dashboard.auth import require_role
from dashboard.navigation import roles_for
from dashboard.services.setup.sessions import (
    SessionInput, create_session, get_session_detail, list_sessions, next_series_number, update_session,
)
from dashboard.runtime import db
from dashboard.ui import actions
from dashboard.ui.session_picker import pick_session, remember_session
from dashboard.ui.setup.session_form import form_values, session_form
from dashboard.ui.language import _, label, when

user = require_role(*roles_for(__file__))
STAFF = roles_for(__file__)
NEW, EDIT = "setup.new_session", "setup.edit_session"


def _sector(row) -> str:
    if row.sector_focus == "other" and row.sector_other:
        return row.sector_other
    return label(SECTORS, row.sector_focus)


def _create(session, current) -> str:
    data, copy_from = form_values(NEW, "new")
    new_id = create_session(session, data=data, actor=current.actor, copy_structure_from=copy_from)
    remember_session(new_id)
    return data.title.strip()


def _update(session_id: int):
    def work(session, current) -> None:
        data, _ = form_values(EDIT, session_id)
        update_session(session, session_id=session_id, data=data, actor=current.actor)
    return work


st.title(_("Sessions"))
choice = pick_session()

with db() as session:
    rows = list_sessions(session)
    next_number = next_series_number(session)

listing, creating, editing = st.tabs([_("All sessions"), _("New session"), _("Edit session")])

with listing:
    statuses = st.pills(_("Status"), list(SESSION_STATUSES), format_func=lambda code: label(SESSION_STATUSES, code),
                        selection_mode="multi", default=list(SESSION_STATUSES), key="sessions_status")
    shown = [r for r in rows if r.status in (statuses or [])]
    if not rows:
        st.info(_("No sessions yet: create the first one in the “New session” tab."))
    elif not shown:
        st.info(_("No session has the chosen status."))
    else:
        # Column names in the reader's language (a read-only table: nothing reads them back).
        title, sector, starts = _("Title"), _("Sector"), _("When")
        st.dataframe(
            pd.DataFrame({
                "#": [r.series_number for r in shown],
                title: [r.title for r in shown],
                sector: [_sector(r) for r in shown],
                starts: [when(r.scheduled_start) for r in shown],
                _("Format"): [label(SESSION_FORMATS, r.format) for r in shown],
                _("Status"): [label(SESSION_STATUSES, r.status) for r in shown],
                _("Questions"): [r.questions for r in shown],
                _("People"): [r.participants for r in shown],
                _("Interventions"): [r.interventions for r in shown],
            }),
            hide_index=True, width="stretch",
            column_config={"#": st.column_config.NumberColumn("#", width=40),
                           title: st.column_config.TextColumn(title, width=260),
                           sector: st.column_config.TextColumn(sector, width=120),
                           starts: st.column_config.TextColumn(_("When (Geneva)"), width=150)},
        )
        st.caption(_("Dates are Geneva time. Pick a session in the sidebar to edit it or prepare its questions "
                     "and participants."))

with creating:
    actions.feedback(NEW)
    session_form(NEW, "new", SessionInput(title="", series_number=next_number, sector_focus="ai"),
                 submit_label=_("Create session"), past=rows,
                 on_submit=actions.callback(
                     NEW, _create, roles=STAFF, renew_keys=True, once=actions.key(NEW, "form", "new"),
                     success=lambda title: _("Session “{title}” created as a draft and picked in the sidebar. Next: "
                                             "add its questions under Prepare → Questions & agenda, and its "
                                             "participants under Prepare → Participants.").format(title=title)))

with editing:
    actions.feedback(EDIT)
    if choice is None:
        st.info(_("No session to edit yet: create one in the “New session” tab."))
    else:
        detail = actions.load(EDIT, lambda session: get_session_detail(session, choice.id))
        actions.feedback(EDIT)
        if detail is not None:
            st.caption(_("Editing the session picked in the sidebar · status: {status}").format(
                status=label(SESSION_STATUSES, detail.status)))
            session_form(EDIT, detail.id, detail.as_input(), submit_label=_("Save changes"),
                         on_submit=actions.callback(EDIT, _update(detail.id), roles=STAFF, renew_keys=True,
                                                    once=actions.key(EDIT, "form", detail.id),
                                                    success=_("Session saved.")))
