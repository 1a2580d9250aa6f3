"""Saving a structure from its editable tables: the import preview (confirm / discard) and the Edit tab.

The tables are data editors whose edited content exists only while the page is drawn, so
these buttons run their action in the page (`actions.run`) and then rerun to show the result.
"""
from __future__ import annotations

import streamlit as st
from sqlalchemy.orm import Session

from dashboard.auth import CurrentUser
from dashboard.services.setup.structure import SaveResult, StructureDraft
from dashboard.services.setup.structure_save import save_structure
from dashboard.textfmt import escape_md
from dashboard.ui import actions
from dashboard.ui.language import _
from dashboard.ui.session_picker import require_picked
from dashboard.ui.setup import said
from dashboard.ui.setup.structure import drafts_from_frames, structure_editor
from dashboard.navigation import STAFF
from dashboard.ui.setup.workflow import Pending, clear_pending, done_importing

PREVIEW = "setup.preview"
EDIT = "setup.edit_structure"


def _summary(draft: StructureDraft) -> str:
    questions = sum(len(p.questions) for p in draft.parts)
    if draft.segments:
        return _("Found {parts} Part(s), {questions} question(s), {items} agenda items.").format(
            parts=len(draft.parts), questions=questions, items=len(draft.segments))
    return _("Found {parts} Part(s), {questions} question(s), no agenda.").format(parts=len(draft.parts),
                                                                                 questions=questions)


def _saved_import(result: SaveResult) -> str:
    counts = {"parts": result.parts, "added": result.questions_added, "changed": result.questions_changed,
              "removed": result.questions_removed}
    if result.segments is None:
        return _("Saved {parts} Part(s): {added} question(s) added, {changed} changed, {removed} removed.").format(
            **counts)
    return _("Saved {parts} Part(s): {added} question(s) added, {changed} changed, {removed} removed; agenda of "
             "{items} item(s).").format(items=result.segments, **counts)


def preview_panel(session_id: int, pending: Pending) -> None:
    """The editable preview with Confirm and Discard."""
    st.subheader(escape_md(said(pending.heading)))
    st.caption(_("Nothing is saved yet. Reword, add or delete rows; change a question's Part number to move it and "
                 "its Order to reorder it. Questions that already have interventions can be reworded, not deleted."))
    st.info(_summary(pending.draft), icon=":material/fact_check:")
    for message in (*pending.warnings, *pending.draft.notes):
        st.warning(escape_md(said(message)))
    has_agenda = bool(pending.draft.segments)
    parts, questions, segments = structure_editor(pending.draft, key=f"pv_{session_id}_{pending.version}",
                                                  with_segments=has_agenda)
    if has_agenda:
        replace_agenda = st.checkbox(_("Replace the session's agenda with these agenda items"), value=True,
                                     key=f"pv_agenda_{session_id}_{pending.version}",
                                     help=_("Untick to keep the agenda the session already has."))
    else:
        replace_agenda = False
        st.caption(_("No agenda was found in the document: the session keeps its current agenda "
                     "(edit it in the Edit tab)."))

    def confirm(session: Session, user: CurrentUser) -> SaveResult:
        require_picked(session_id)
        part_drafts, segment_drafts = drafts_from_frames(parts, questions, segments)
        result = save_structure(session, session_id=session_id, parts=part_drafts,
                                segments=segment_drafts if replace_agenda else None, actor=user.actor)
        done_importing(session_id)
        return result

    left, right, _rest = st.columns([1, 1, 4])
    confirm_key = f"pv_confirm_{session_id}_{pending.version}"
    if left.button(_("Confirm and save"), type="primary", key=confirm_key):
        actions.run(PREVIEW, confirm, roles=STAFF, success=_saved_import, once=confirm_key)
        st.rerun()
    if right.button(_("Discard"), key=f"pv_discard_{session_id}_{pending.version}"):
        clear_pending(session_id)
        st.rerun()


def editor_tab(session_id: int, draft: StructureDraft) -> None:
    """Edit the saved structure in place."""
    st.caption(_("Edit the saved Parts, questions and agenda, then save. Questions with interventions can be "
                 "reworded or moved, not deleted."))
    actions.feedback(EDIT)
    parts, questions, segments = structure_editor(draft, key=actions.key(EDIT, "tables", session_id))

    def save(session: Session, user: CurrentUser) -> SaveResult:
        require_picked(session_id)
        part_drafts, segment_drafts = drafts_from_frames(parts, questions, segments)
        return save_structure(session, session_id=session_id, parts=part_drafts, segments=segment_drafts,
                              actor=user.actor)

    save_key = actions.key(EDIT, "save", session_id)
    if st.button(_("Save changes"), type="primary", key=save_key):
        actions.run(EDIT, save, roles=STAFF, renew_keys=True, once=save_key,
                    success=lambda r: _("Saved: {added} question(s) added, {changed} changed, {removed} "
                                        "removed.").format(added=r.questions_added, changed=r.questions_changed,
                                                           removed=r.questions_removed))
        st.rerun()
