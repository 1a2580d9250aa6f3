"""The editable structure preview (Parts, questions, agenda) and the read-only structure view."""
from __future__ import annotations

from typing import Any, Optional

import pandas as pd
import streamlit as st

from db.codes import SEGMENT_KINDS
from dashboard.textfmt import escape_md, user_text
from dashboard.services.errors import ValidationError
from dashboard.services.setup.structure import (
    PartDraft, QuestionDraft, SegmentDraft, SessionStructure, StructureDraft, segment_kind,
)
from dashboard.ui.language import _, label
from dashboard.ui.outcomes.common import part_title

PART_COLUMNS = ["Part", "Title", "Objective", "part_id"]
QUESTION_COLUMNS = ["Part", "Order", "Question", "Interventions", "question_id"]
SEGMENT_COLUMNS = ["Order", "Agenda item", "Minutes", "Kind"]


def structure_frames(draft: StructureDraft) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The draft as three tables for st.data_editor: Parts, questions, agenda."""
    parts = pd.DataFrame(
        [[i, p.title, p.objective or "", p.part_id] for i, p in enumerate(draft.parts, 1)], columns=PART_COLUMNS
    )
    questions = pd.DataFrame(
        [[i, j, q.text, q.interventions, q.question_id]
         for i, p in enumerate(draft.parts, 1) for j, q in enumerate(p.questions, 1)],
        columns=QUESTION_COLUMNS,
    )
    segments = pd.DataFrame(
        [[i, s.title, s.minutes, s.kind] for i, s in enumerate(draft.segments or (), 1)], columns=SEGMENT_COLUMNS
    )
    for frame, columns in ((parts, ["Part", "part_id"]), (questions, ["Part", "Order", "Interventions", "question_id"]),
                           (segments, ["Order", "Minutes"])):
        for column in columns:
            frame[column] = frame[column].astype("Int64")
    return parts, questions, segments


def _int(value: Any) -> Optional[int]:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _text(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return " ".join(str(value).split())


def drafts_from_frames(parts: pd.DataFrame, questions: pd.DataFrame,
                       segments: Optional[pd.DataFrame]) -> tuple[list[PartDraft], Optional[list[SegmentDraft]]]:
    """The edited tables back into drafts, sorted by Part number and Order; ValidationError on dangling rows."""
    # Part order is the row order; the (read-only) Part number is what questions refer to.
    records = parts.to_dict("records")
    known = [n for n in (_int(r.get("Part")) for r in records) if n is not None]
    next_number = max(known, default=0) + 1
    part_rows = []
    for row in records:
        title, objective = _text(row.get("Title")), _text(row.get("Objective"))
        number = _int(row.get("Part"))
        if number is None:
            if not title and not objective:
                continue
            number, next_number = next_number, next_number + 1
        part_rows.append((number, title, objective, _int(row.get("part_id"))))
    numbers = [r[0] for r in part_rows]
    if len(set(numbers)) != len(numbers):
        raise ValidationError("Two Parts have the same number; give each Part its own number.")
    grouped: dict[int, list[tuple[int, int, QuestionDraft]]] = {n: [] for n in numbers}
    for index, row in enumerate(questions.to_dict("records")):
        text = _text(row.get("Question"))
        if not text:
            continue
        number = _int(row.get("Part"))
        if number is None and len(numbers) == 1:
            number = numbers[0]
        if number is None:
            raise ValidationError("The question “{question}” is in Part (none), which is not in the Parts table. "
                                  "Change its Part number or add that Part.", question=text[:60])
        if number not in grouped:
            raise ValidationError("The question “{question}” is in Part {part}, which is not in the Parts table. "
                                  "Change its Part number or add that Part.", question=text[:60], part=number)
        order = _int(row.get("Order"))
        grouped[number].append((order if order is not None else 10_000 + index, index,
                                QuestionDraft(text, _int(row.get("question_id")), _int(row.get("Interventions")) or 0)))
    drafts = [
        PartDraft(title or f"Part {position}", objective or None,
                  tuple(q for _, _, q in sorted(grouped[number], key=lambda r: (r[0], r[1]))), part_id)
        for position, (number, title, objective, part_id) in enumerate(part_rows, 1)
    ]
    if segments is None:
        return drafts, None
    segment_rows = []
    for index, row in enumerate(segments.to_dict("records")):
        title = _text(row.get("Agenda item"))
        if not title:
            continue
        order = _int(row.get("Order"))
        kind = _text(row.get("Kind")) or segment_kind(title)
        segment_rows.append((order if order is not None else 10_000 + index, index,
                             SegmentDraft(title, _int(row.get("Minutes")), kind if kind in SEGMENT_KINDS else "other")))
    return drafts, [s for _, _, s in sorted(segment_rows, key=lambda r: (r[0], r[1]))]


def structure_editor(draft: StructureDraft, *, key: str,
                     with_segments: bool = True) -> tuple[pd.DataFrame, pd.DataFrame, Optional[pd.DataFrame]]:
    """Three data editors (Parts, questions, agenda); returns the edited tables."""
    parts, questions, segments = structure_frames(draft)
    # The tables keep their English column names (read back by drafts_from_frames); people read translated labels.
    st.markdown("**{}**".format(_("Parts")))
    edited_parts = st.data_editor(
        parts, key=f"{key}_parts", num_rows="dynamic", hide_index=True, width="stretch",
        column_order=["Part", "Title", "Objective"], disabled=["Part"],
        column_config={
            "Part": st.column_config.NumberColumn(_("Part"), width=60,
                                                  help=_("Questions refer to this number. A Part added as a new row "
                                                         "gets the next number.")),
            "Title": st.column_config.TextColumn(_("Title"), required=True, max_chars=300, width=300),
            "Objective": st.column_config.TextColumn(_("Objective"), width="large"),
        },
    )
    st.markdown("**{}**".format(_("Guiding questions")))
    edited_questions = st.data_editor(
        questions, key=f"{key}_questions", num_rows="dynamic", hide_index=True, width="stretch",
        # The count only matters once something was captured; a fresh import would show a column of zeros.
        column_order=["Part", "Order", "Question", *(["Interventions"] if questions["Interventions"].fillna(0).any()
                                                     else [])],
        disabled=["Interventions"],
        column_config={
            "Part": st.column_config.NumberColumn(_("Part"), min_value=1, max_value=20, step=1, width=60,
                                                  help=_("Change the Part number to move a question to another Part.")),
            "Order": st.column_config.NumberColumn(_("Order"), min_value=1, step=1, width=60,
                                                   help=_("Questions are sorted by this number within their Part.")),
            "Question": st.column_config.TextColumn(_("Question"), max_chars=2000, width="large"),
            "Interventions": st.column_config.NumberColumn(
                _("Interventions"), width=100,
                help=_("Interventions already captured under this question: it can be reworded or moved, not "
                       "deleted.")),
        },
    )
    edited_segments = None
    if with_segments:
        st.markdown("**{}**".format(_("Agenda")))
        edited_segments = st.data_editor(
            segments, key=f"{key}_segments", num_rows="dynamic", hide_index=True, width="stretch",
            column_config={
                "Order": st.column_config.NumberColumn(_("Order"), min_value=1, step=1, width=60),
                "Agenda item": st.column_config.TextColumn(_("Agenda item"), max_chars=300, width="large"),
                "Minutes": st.column_config.NumberColumn(_("Minutes"), min_value=1, max_value=600, step=1, width=80),
                "Kind": st.column_config.SelectboxColumn(_("Kind"), options=list(SEGMENT_KINDS),
                                                         format_func=lambda c: label(SEGMENT_KINDS, c), width=180),
            },
        )
    return edited_parts, edited_questions, edited_segments


def show_structure(structure: SessionStructure) -> None:
    """The saved Parts, questions (with intervention counts) and agenda, read-only."""
    if not structure.parts:
        st.info(_("No questions yet: import a concept note in the “Import” tab, start from a past session's "
                  "structure, or pick questions from the library."))
    for part in structure.parts:
        st.markdown(f"**{user_text(part_title(part.position, part.title))}**")
        if part.objective:
            st.caption(_("Objective: {objective}").format(objective=user_text(part.objective)))
        if not part.questions:
            st.caption(_("No questions in this Part yet."))
        for question in part.questions:
            spoken = (" — " + escape_md(_("{count} intervention(s)").format(count=question.interventions))
                      if question.interventions else "")
            st.markdown(f"{part.position}.{question.position} {user_text(question.text)}{spoken}")
    if structure.segments:
        st.markdown("**{}**".format(_("Agenda")))
        total = sum(s.minutes or 0 for s in structure.segments)
        started = any(x.started for x in structure.segments)
        st.dataframe(
            pd.DataFrame([{_("Agenda item"): s.title, _("Minutes"): s.minutes, _("Kind"): label(SEGMENT_KINDS, s.kind),
                           **({_("Started"): _("yes") if s.started else ""} if started else {})}
                          for s in structure.segments]),
            hide_index=True, width="stretch",
        )
        st.caption(_("Planned: {minutes} minutes in {count} agenda items.").format(minutes=total,
                                                                                   count=len(structure.segments)))
    else:
        st.caption(_("No agenda yet: it is read from the concept note's session structure or agenda table."))
