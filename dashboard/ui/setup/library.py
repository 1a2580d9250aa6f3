"""The question library tab: search every past question and add the ticked ones to a Part."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from db.codes import SECTORS
from dashboard.services.setup.question_library import add_questions, search_question_library
from dashboard.services.setup.structure import SessionStructure
from dashboard.textfmt import part_heading
from dashboard.timefmt import format_when
from dashboard.ui import actions
from dashboard.ui.session_picker import require_picked
from dashboard.navigation import STAFF

LIBRARY = "setup.library"
_NEW_PART = -1


def library_tab(session_id: int, structure: SessionStructure) -> None:
    """Search past sessions' questions; tick some; add them to a Part of this session."""
    search, sector_col = st.columns([3, 1])
    query = search.text_input("Search past questions", key=actions.key(LIBRARY, "query", session_id),
                              placeholder="e.g. age assurance")
    sector = sector_col.selectbox("Sector", ["", *SECTORS], key=actions.key(LIBRARY, "sector", session_id),
                                  format_func=lambda c: SECTORS.get(c, "All sectors"))
    rows = actions.load(LIBRARY, lambda session: search_question_library(
        session, query=query, sector=sector or None, exclude_session_id=session_id, limit=60))
    actions.feedback(LIBRARY)
    if rows is None:
        return
    if not rows:
        st.info("No past question matches this search." if query or sector else
                "No past questions yet: questions of other sessions appear here.")
        return
    frame = pd.DataFrame({
        "Add": [False] * len(rows),
        "Question": [r.text for r in rows],
        "Session": [f"{'#' + str(r.series_number) + ' ' if r.series_number else ''}{r.session_title}" for r in rows],
        "When": [format_when(r.scheduled_start, with_time=False) for r in rows],
        "Sector": [SECTORS.get(r.sector_focus, r.sector_focus) for r in rows],
        "Interventions": [r.interventions for r in rows],
    })
    st.caption(f"{len(rows)} question(s), newest session first. Interventions shows how much discussion each drew.")
    table_key = actions.key(LIBRARY, "table", session_id, query, sector)
    edited = st.data_editor(
        frame, key=table_key, hide_index=True, width="stretch",
        disabled=["Question", "Session", "When", "Sector", "Interventions"],
        column_config={"Add": st.column_config.CheckboxColumn("Add", width="small"),
                       "Question": st.column_config.TextColumn("Question", width="large")},
    )
    ticked = [rows[i].text for i, add in enumerate(edited["Add"].tolist()) if add]
    targets = {p.id: part_heading(p.position, p.title) for p in structure.parts}
    targets[_NEW_PART] = "A new Part “Guiding questions”"
    target = st.selectbox("Add to", list(targets), format_func=targets.get,
                          key=actions.key(LIBRARY, "target", session_id))

    def added(count: int) -> str:
        skipped = len(ticked) - count
        return f"Added {count} question(s)" + (f"; {skipped} already in the session." if skipped else ".")

    if st.button(f"Add {len(ticked)} ticked question(s)", disabled=not ticked, type="primary",
                 key=actions.key(LIBRARY, "add", session_id)):
        def add(session, user) -> int:
            require_picked(session_id)
            return add_questions(session, session_id=session_id, part_id=None if target == _NEW_PART else target,
                                 texts=ticked, actor=user.actor)

        actions.run(LIBRARY, add, roles=STAFF, success=added, reset=(table_key,))
        st.rerun()
