"""The question library tab: search every past question and add the ticked ones to a Part."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from db.codes import SECTORS
from dashboard.services.setup.question_library import add_questions, search_question_library
from dashboard.services.setup.structure import SessionStructure
from dashboard.ui import actions
from dashboard.ui.language import _, label, when
from dashboard.ui.outcomes.common import part_title
from dashboard.ui.session_picker import require_picked
from dashboard.navigation import STAFF

LIBRARY = "setup.library"
_NEW_PART = -1


def library_tab(session_id: int, structure: SessionStructure) -> None:
    """Search past sessions' questions; tick some; add them to a Part of this session."""
    search, sector_col = st.columns([3, 1])
    query = search.text_input(_("Search past questions"), key=actions.key(LIBRARY, "query", session_id),
                              placeholder=_("e.g. age assurance"))
    sector = sector_col.selectbox(_("Sector"), ["", *SECTORS], key=actions.key(LIBRARY, "sector", session_id),
                                  format_func=lambda c: label(SECTORS, c) if c else _("All sectors"))
    rows = actions.load(LIBRARY, lambda session: search_question_library(
        session, query=query, sector=sector or None, exclude_session_id=session_id, limit=60))
    actions.feedback(LIBRARY)
    if rows is None:
        return
    if not rows:
        st.info(_("No past question matches this search.") if query or sector else
                _("No past questions yet: questions of other sessions appear here."))
        return
    frame = pd.DataFrame({
        "Add": [False] * len(rows),
        "Question": [r.text for r in rows],
        "Session": [f"{'#' + str(r.series_number) + ' ' if r.series_number else ''}{r.session_title}" for r in rows],
        "When": [when(r.scheduled_start, with_time=False) for r in rows],
        "Sector": [label(SECTORS, r.sector_focus) for r in rows],
        "Interventions": [r.interventions for r in rows],
    })
    st.caption(_("{count} question(s), newest session first. Interventions shows how much discussion each "
                 "drew.").format(count=len(rows)))
    table_key = actions.key(LIBRARY, "table", session_id, query, sector)
    # The table keeps its English column names (the ticks are read back from "Add"); people read translated labels.
    edited = st.data_editor(
        frame, key=table_key, hide_index=True, width="stretch",
        disabled=["Question", "Session", "When", "Sector", "Interventions"],
        column_config={"Add": st.column_config.CheckboxColumn(_("Add"), width="small"),
                       "Question": st.column_config.TextColumn(_("Question"), width="large"),
                       "Session": st.column_config.TextColumn(_("Session")),
                       "When": st.column_config.TextColumn(_("When")),
                       "Sector": st.column_config.TextColumn(_("Sector")),
                       "Interventions": st.column_config.NumberColumn(_("Interventions"))},
    )
    ticked = [rows[i].text for i, add in enumerate(edited["Add"].tolist()) if add]
    targets = {p.id: part_title(p.position, p.title) for p in structure.parts}
    targets[_NEW_PART] = _("A new Part “Guiding questions”")
    target = st.selectbox(_("Add to"), list(targets), format_func=targets.get,
                          key=actions.key(LIBRARY, "target", session_id))

    def added(count: int) -> str:
        skipped = len(ticked) - count
        if skipped:
            return _("Added {count} question(s); {skipped} already in the session.").format(count=count,
                                                                                          skipped=skipped)
        return _("Added {count} question(s).").format(count=count)

    if st.button(_("Add {count} ticked question(s)").format(count=len(ticked)), disabled=not ticked, type="primary",
                 key=actions.key(LIBRARY, "add", session_id)):
        def add(session, user) -> int:
            require_picked(session_id)
            return add_questions(session, session_id=session_id, part_id=None if target == _NEW_PART else target,
                                 texts=ticked, actor=user.actor)

        actions.run(LIBRARY, add, roles=STAFF, success=added, reset=(table_key,))
        st.rerun()
