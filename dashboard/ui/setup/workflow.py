"""The import → preview → confirm flow of the Questions page; it owns the pending preview in session_state.

Every widget key carries the session id the page was drawn for, and every action is handed
that id: a form drawn for one session can only ever write to that session.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

import streamlit as st
from sqlalchemy.orm import Session

from dashboard.i18n import N_
from dashboard.importers.bounded import parse_concept_note_bounded, parse_concept_text_bounded
from dashboard.importers.errors import Notice
from dashboard.importers.files import MAX_MB
from dashboard.navigation import STAFF
from dashboard.services.catalog import SessionChoice
from dashboard.services.errors import ValidationError
from dashboard.services.setup.sessions import SessionListRow
from dashboard.services.setup.structure import StructureDraft, draft_for_import, get_structure
from dashboard.textfmt import user_text
from dashboard.ui import actions
from dashboard.ui.language import _
from dashboard.ui.session_picker import pick_session_or_stop, require_picked

IMPORT = "setup.import"


@dataclass(frozen=True)
class Pending:
    draft: StructureDraft
    heading: str  # a Notice ("Preview of the pasted text"), shown in the language of the moment
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


def picked_session_header(title: str) -> SessionChoice:
    """Title (already in the reader's language) and the sidebar session picker; stops the page when there is none."""
    st.title(title)
    choice = pick_session_or_stop()
    st.caption(_("Session: {session}").format(session=user_text(choice.label)))
    return choice


def _preview(session: Session, session_id: int, heading: str, parts, segments, warnings: Sequence[str]) -> int:
    require_picked(session_id)
    draft = draft_for_import(session, session_id=session_id, parts=parts, segments=segments)
    st.session_state[_key(session_id)] = Pending(draft, heading, tuple(warnings), _version())
    return len(draft.parts)


def _read_note(session: Session, session_id: int) -> int:
    uploaded = actions.value(IMPORT, "file", session_id)
    pasted = actions.value(IMPORT, "text", session_id, default="") or ""
    if uploaded is not None:
        note = parse_concept_note_bounded(uploaded.getvalue(), uploaded.name)
        heading = Notice(N_("Preview of {file}"), file=uploaded.name)
    elif pasted.strip():
        note, heading = parse_concept_text_bounded(pasted), Notice(N_("Preview of the pasted text"))
    else:
        raise ValidationError("Choose a file or paste the text first.")
    return _preview(session, session_id, heading, [(p.title, p.objective, p.questions) for p in note.parts],
                    [(s.title, s.minutes) for s in note.segments], note.warnings)


def _copy_past(session: Session, session_id: int, titles: dict[int, str]) -> int:
    chosen = actions.value(IMPORT, "past", session_id)
    if chosen not in titles:
        raise ValidationError("Choose the past session to start from.")
    past = get_structure(session, chosen)
    return _preview(session, session_id, Notice(N_("Preview of the structure of “{title}”"), title=titles[chosen]),
                    [(p.title, p.objective, [q.text for q in p.questions]) for p in past.parts],
                    [(s.title, s.minutes) for s in past.segments], ())


def import_tab(session_id: int, others: Sequence[SessionListRow]) -> None:
    """Upload or paste a concept note (or load a past session's structure) into a preview."""
    st.write(_("Upload the concept note or the whole invitation circular: the Parts, their Objectives, the numbered "
               "guiding questions and the agenda are read from it. You check everything in a preview before saving."))
    actions.feedback(IMPORT)
    st.file_uploader(
        _("Concept note or circular (.docx, .md, .txt)"), type=["docx", "md", "markdown", "txt"],
        max_upload_size=MAX_MB, key=actions.key(IMPORT, "file", session_id),
        help=_("Up to {size} MB.").format(size=MAX_MB),
    )
    # The example stays in English: it shows the words the importer reads ("Part", "Objective").
    st.text_area(_("…or paste its text"), key=actions.key(IMPORT, "text", session_id), height=160,
                 placeholder="Part 1: Safer play by design\nObjective: …\n1. Which defaults …?")
    st.button(_("Read and preview"), type="primary", key=actions.key(IMPORT, "read", session_id),
              on_click=actions.callback(IMPORT, lambda session, _user: _read_note(session, session_id),
                                        roles=STAFF))
    st.divider()
    st.markdown("**{}**".format(_("Start from a past session's structure")))
    if not others:
        st.caption(_("No other session has questions yet."))
        return
    by_id = {row.id: row for row in others}
    titles = {row.id: row.title for row in others}
    st.selectbox(_("Past session"), list(by_id), key=actions.key(IMPORT, "past", session_id),
                 format_func=lambda i: _("{session} ({count} questions)").format(
                     session=f"{'#' + str(by_id[i].series_number) + ' ' if by_id[i].series_number else ''}"
                             f"{by_id[i].title}", count=by_id[i].questions))
    st.button(_("Load its Parts, questions and agenda"), key=actions.key(IMPORT, "copy", session_id),
              on_click=actions.callback(IMPORT, lambda session, _user: _copy_past(session, session_id, titles),
                                        roles=STAFF))


def done_importing(session_id: int) -> None:
    """After a confirmed import: forget the preview and empty the import form for the next one."""
    clear_pending(session_id)
    actions.renew(IMPORT)

