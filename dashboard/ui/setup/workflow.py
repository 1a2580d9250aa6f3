"""The import → preview → confirm flow of the Questions page; it owns the pending preview in session_state."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

import streamlit as st

from dashboard.importers.concept_note import parse_concept_note, parse_concept_text
from dashboard.importers.files import MAX_MB
from dashboard.textfmt import escape_md
from dashboard.services.audit import Actor
from dashboard.services.catalog import SessionChoice
from dashboard.services.errors import DialogueDeskError
from dashboard.services.setup.structure import StructureDraft, draft_for_import, get_structure
from dashboard.services.setup.sessions import SessionListRow
from dashboard.services.setup.structure_save import save_structure
from dashboard.runtime import db
from dashboard.ui.session_picker import pick_session_or_stop
from dashboard.ui.setup.structure import drafts_from_frames, structure_editor

_FLASH = "setup_flash"


@dataclass(frozen=True)
class Pending:
    draft: StructureDraft
    label: str
    warnings: tuple[str, ...]
    version: int


def _key(session_id: int) -> str:
    return f"setup_pending_{session_id}"


def get_pending(session_id: int) -> Optional[Pending]:
    """The preview waiting for confirmation on this session, if any."""
    return st.session_state.get(_key(session_id))


def clear_pending(session_id: int) -> None:
    """Forget the preview (after saving or discarding)."""
    st.session_state.pop(_key(session_id), None)


def _version() -> int:
    st.session_state["setup_version"] = st.session_state.get("setup_version", 0) + 1
    return st.session_state["setup_version"]


def flash(message: str) -> None:
    """A success message shown once after the next rerun."""
    st.session_state[_FLASH] = message


def show_flash() -> None:
    """Show (and forget) the pending success message."""
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.success(escape_md(message), icon=":material/check_circle:")


def picked_session_header(title: str) -> SessionChoice:
    """Title, the sidebar session picker, any success message; stops the page when there is no session."""
    st.title(title)
    choice = pick_session_or_stop()
    st.caption(f"Session: {escape_md(choice.label)}")
    show_flash()
    return choice


def _start_preview(session_id: int, label: str, parts, segments, warnings: Sequence[str]) -> None:
    with db() as session:
        draft = draft_for_import(session, session_id=session_id, parts=parts, segments=segments)
    st.session_state[_key(session_id)] = Pending(draft, label, tuple(warnings), _version())
    st.rerun()


def import_tab(session_id: int, others: Sequence[SessionListRow]) -> None:
    """Upload or paste a concept note (or load a past session's structure) into a preview."""
    st.write("Upload the concept note or the whole invitation circular: the Parts, their Objectives, the numbered "
             "guiding questions and the agenda are read from it. You check everything in a preview before saving.")
    uploaded = st.file_uploader(
        "Concept note or circular (.docx, .md, .txt)", type=["docx", "md", "markdown", "txt"],
        max_upload_size=MAX_MB, key=f"cn_file_{session_id}", help=f"Up to {MAX_MB} MB.",
    )
    pasted = st.text_area("…or paste its text", key=f"cn_text_{session_id}", height=160,
                          placeholder="Part 1: Safer play by design\nObjective: …\n1. Which defaults …?")
    if st.button("Read and preview", type="primary", key=f"cn_read_{session_id}"):
        try:
            if uploaded is not None:
                note, label = parse_concept_note(uploaded.getvalue(), uploaded.name), uploaded.name
            elif pasted.strip():
                note, label = parse_concept_text(pasted), "the pasted text"
            else:
                st.warning("Choose a file or paste the text first.")
                return
            _start_preview(session_id, label, [(p.title, p.objective, p.questions) for p in note.parts],
                           [(s.title, s.minutes) for s in note.segments], note.warnings)
        except DialogueDeskError as exc:
            st.error(escape_md(str(exc)), icon=":material/error:")
    st.divider()
    st.markdown("**Start from a past session's structure**")
    if not others:
        st.caption("No other session has questions yet.")
        return
    by_id = {row.id: row for row in others}
    chosen = st.selectbox("Past session", list(by_id), key=f"cn_past_{session_id}",
                          format_func=lambda i: f"{'#' + str(by_id[i].series_number) + ' ' if by_id[i].series_number else ''}"
                                                f"{by_id[i].title} ({by_id[i].questions} questions)")
    if st.button("Load its Parts, questions and agenda", key=f"cn_copy_{session_id}"):
        try:
            with db() as session:
                past = get_structure(session, chosen)
            _start_preview(session_id, f"the structure of “{by_id[chosen].title}”",
                           [(p.title, p.objective, [q.text for q in p.questions]) for p in past.parts],
                           [(s.title, s.minutes) for s in past.segments], ())
        except DialogueDeskError as exc:
            st.error(escape_md(str(exc)), icon=":material/error:")


def _summary(draft: StructureDraft) -> str:
    questions = sum(len(p.questions) for p in draft.parts)
    agenda = f", {len(draft.segments)} agenda items" if draft.segments else ", no agenda"
    return f"Found {len(draft.parts)} Part(s), {questions} question(s){agenda}."


def preview_panel(session_id: int, pending: Pending, actor: Actor) -> None:
    """The editable preview with Confirm and Discard."""
    st.subheader(f"Preview of {pending.label}")
    st.caption("Nothing is saved yet. Reword, add or delete rows; change a question's Part number to move it and its "
               "Order to reorder it. Questions that already have interventions can be reworded, not deleted.")
    st.info(_summary(pending.draft), icon=":material/fact_check:")
    for message in (*pending.warnings, *pending.draft.notes):
        st.warning(escape_md(message))
    has_agenda = bool(pending.draft.segments)
    parts, questions, segments = structure_editor(pending.draft, key=f"pv_{session_id}_{pending.version}",
                                                  with_segments=has_agenda)
    if has_agenda:
        replace_agenda = st.checkbox("Replace the session's agenda with these agenda items", value=True,
                                     key=f"pv_agenda_{session_id}_{pending.version}",
                                     help="Untick to keep the agenda the session already has.")
    else:
        replace_agenda = False
        st.caption("No agenda was found in the document: the session keeps its current agenda "
                   "(edit it in the Edit tab).")
    confirm, discard, _ = st.columns([1, 1, 4])
    if confirm.button("Confirm and save", type="primary", key=f"pv_confirm_{session_id}"):
        try:
            part_drafts, segment_drafts = drafts_from_frames(parts, questions, segments)
            with db() as session:
                result = save_structure(session, session_id=session_id, parts=part_drafts,
                                        segments=segment_drafts if replace_agenda else None, actor=actor)
        except DialogueDeskError as exc:
            st.error(escape_md(str(exc)), icon=":material/error:")
            return
        clear_pending(session_id)
        flash(f"Saved {result.parts} Part(s): {result.questions_added} question(s) added, {result.questions_changed} "
              f"changed, {result.questions_removed} removed"
              + (f"; agenda of {result.segments} item(s)." if result.segments is not None else "."))
        st.rerun()
    if discard.button("Discard", key=f"pv_discard_{session_id}"):
        clear_pending(session_id)
        st.rerun()


def editor_tab(session_id: int, draft: StructureDraft, actor: Actor) -> None:
    """Edit the saved structure in place."""
    st.caption("Edit the saved Parts, questions and agenda, then save. Questions with interventions can be "
               "reworded or moved, not deleted.")
    version = st.session_state.get("setup_version", 0)
    parts, questions, segments = structure_editor(draft, key=f"ed_{session_id}_{version}")
    if st.button("Save changes", type="primary", key=f"ed_save_{session_id}"):
        try:
            part_drafts, segment_drafts = drafts_from_frames(parts, questions, segments)
            with db() as session:
                result = save_structure(session, session_id=session_id, parts=part_drafts, segments=segment_drafts,
                                        actor=actor)
        except DialogueDeskError as exc:
            st.error(escape_md(str(exc)), icon=":material/error:")
            return
        _version()
        flash(f"Saved: {result.questions_added} question(s) added, {result.questions_changed} changed, "
              f"{result.questions_removed} removed.")
        st.rerun()
