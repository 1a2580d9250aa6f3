"""The question library tab: search every past question and add the ticked ones to a Part."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from db.codes import SECTORS
from dashboard.textfmt import escape_md
from dashboard.services.audit import Actor
from dashboard.services.errors import DialogueDeskError
from dashboard.services.setup.question_library import add_questions, search_question_library
from dashboard.services.setup.structure import SessionStructure
from dashboard.timefmt import format_when
from dashboard.runtime import db
from dashboard.textfmt import part_heading
from dashboard.ui.setup.workflow import flash

_NEW_PART = -1


def library_tab(session_id: int, structure: SessionStructure, actor: Actor) -> None:
    """Search past sessions' questions; tick some; add them to a Part of this session."""
    search, sector_col = st.columns([3, 1])
    query = search.text_input("Search past questions", key=f"lib_q_{session_id}", placeholder="e.g. age assurance")
    sector = sector_col.selectbox("Sector", ["", *SECTORS], key=f"lib_sector_{session_id}",
                                  format_func=lambda c: SECTORS.get(c, "All sectors"))
    try:
        with db() as session:
            rows = search_question_library(session, query=query, sector=sector or None,
                                           exclude_session_id=session_id, limit=60)
    except DialogueDeskError as exc:
        st.error(escape_md(str(exc)))
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
    edited = st.data_editor(
        frame, key=f"lib_table_{session_id}_{query}_{sector}", hide_index=True, width="stretch",
        disabled=["Question", "Session", "When", "Sector", "Interventions"],
        column_config={"Add": st.column_config.CheckboxColumn("Add", width="small"),
                       "Question": st.column_config.TextColumn("Question", width="large")},
    )
    ticked = [rows[i].text for i, add in enumerate(edited["Add"].tolist()) if add]
    targets = {p.id: part_heading(p.position, p.title) for p in structure.parts}
    targets[_NEW_PART] = "A new Part “Guiding questions”"
    target = st.selectbox("Add to", list(targets), format_func=targets.get, key=f"lib_target_{session_id}")
    if st.button(f"Add {len(ticked)} ticked question(s)", disabled=not ticked, type="primary",
                 key=f"lib_add_{session_id}"):
        try:
            with db() as session:
                added = add_questions(session, session_id=session_id, part_id=None if target == _NEW_PART else target,
                                      texts=ticked, actor=actor)
        except DialogueDeskError as exc:
            st.error(escape_md(str(exc)))
            return
        skipped = len(ticked) - added
        flash(f"Added {added} question(s)" + (f"; {skipped} already in the session." if skipped else "."))
        st.rerun()
