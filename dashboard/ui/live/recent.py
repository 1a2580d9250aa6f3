"""Recent interventions, newest first, with edit, move, delete and undo.

The list refreshes every few seconds so two rapporteurs see each other's captures. An open edit
form survives those refreshes (its widgets keep their keys and pending values).
"""
from __future__ import annotations

from typing import Optional

import streamlit as st

from dashboard.textfmt import isolate, user_text
from dashboard.services.live import capture as live_capture
from dashboard.services.live.clock import QuestionRef
from dashboard.services.live.feed import InterventionRow, list_interventions
from dashboard.services.setup.participants import ParticipantRow
from dashboard.services.themes import ThemeRow
from dashboard.runtime import db
from dashboard.ui import actions, refresh
from dashboard.ui.language import _, clock, current, label
from dashboard.ui.live.cache import live_view
from dashboard.ui.live.capture_form import AUTO, GENERAL, speaker_label
from dashboard.ui.live.common import AREA_RECENT, LIVE_ROLES, duration_text, question_label, show_note
from db.codes import LANGUAGES, STAKEHOLDER_TYPES

EDITING, UNDO, LIMIT = "live_editing", "live_undo", "live_recent_limit"
DETECT = "detect"  # the edit form's language choice: detect it from the note
PAGE = 12


def headline(row: InterventionRow, labels: dict[Optional[int], str]) -> str:
    """'**#12** · Part 1, Q3 · Industry · Jane Doe · 10:05 CET · 1:30 · French' with user text escaped.

    The note's language is named when it is known and not the reader's own.
    """
    bits = [f"**{isolate(f'#{row.number}', ltr=True)}**", labels.get(row.question_id) or _("General"),
            label(STAKEHOLDER_TYPES, row.stakeholder_type)]
    if row.channel == "written":
        bits.append(_("written"))
    if row.speaker:
        youth = (f" ({_('Youth participant {number}').format(number=row.youth_pseudonym_no)})"
                 if row.youth_pseudonym_no else "")
        bits.append(user_text(row.speaker) + youth + ("" if row.person_id else f" ({_('not on the list')})"))
    bits.append(clock(row.created_at))
    if row.speaking_seconds:
        bits.append(duration_text(row.speaking_seconds))
    if row.language and row.language != current():
        bits.append(label(LANGUAGES, row.language))
    return " · ".join(bits)


def _delete(session_id: int, row: InterventionRow) -> None:
    def delete(s, user) -> str:
        number = live_capture.delete_intervention(s, session_id=session_id, intervention_id=row.id, actor=user.actor)
        return _("Deleted #{number}").format(number=number)

    if actions.run(AREA_RECENT, delete, roles=LIVE_ROLES, success=lambda text: text):
        st.session_state[UNDO] = (row.id, row.number)


def _restore(session_id: int, intervention_id: int) -> None:
    def restore(s, user) -> str:
        number = live_capture.restore_intervention(s, session_id=session_id, intervention_id=intervention_id,
                                                   actor=user.actor)
        return _("Restored #{number}").format(number=number)

    actions.run(AREA_RECENT, restore, roles=LIVE_ROLES, success=lambda text: text, reset=(UNDO,))


def _row(session_id: int, row: InterventionRow, labels: dict, themes: dict, locked: bool) -> None:
    with st.container(border=True):
        top = st.columns([8, 1, 1], vertical_alignment="center")
        top[0].markdown(headline(row, labels))
        if not locked:
            top[1].button("", key=f"live_edit_{row.id}", icon=":material/edit:",
                          help=_("Edit or move #{number}").format(number=row.number),
                          on_click=_set_editing, args=(row.id,))
            top[2].button("", key=f"live_del_{row.id}", icon=":material/delete:",
                          help=_("Delete #{number}").format(number=row.number),
                          on_click=_delete, args=(session_id, row))
        show_note(row.text)
        if row.theme_codes:
            st.caption(_("Themes: {themes}").format(themes=", ".join(_(themes[c]) if c in themes else c
                                                                     for c in row.theme_codes)))


def _set_editing(intervention_id: Optional[int]) -> None:
    if intervention_id is None:
        st.session_state.pop(EDITING, None)
    else:
        st.session_state[EDITING] = intervention_id


def _save_edit(session_id: int, row: InterventionRow) -> None:
    # Every action here runs in a widget callback: it completes before the page reruns, so a
    # refresh of the list arriving at the same moment cannot swallow the click.
    def field(name: str):
        return actions.value(AREA_RECENT, name, row.id)

    speaker, unlisted = field("speaker"), " ".join((field("unlisted") or "").split())
    group, minutes, question = field("group"), field("minutes"), field("question")
    language = field("language")

    def apply(s, user) -> str:
        live_capture.update_intervention(
            s, session_id=session_id, intervention_id=row.id, actor=user.actor, text=field("note"),
            person_id=speaker, speaker_label=None if speaker is not None else (unlisted or None),
            stakeholder_type=None if group == AUTO else group,
            speaking_seconds=int(round(minutes * 60)) if minutes else None,
            theme_codes=list(field("themes") or []),
            language=None if language in (None, DETECT) else language, detect=language == DETECT)
        live_capture.move_intervention(s, session_id=session_id, intervention_id=row.id, actor=user.actor,
                                       question_id=None if question == GENERAL else question)
        return _("Updated #{number}").format(number=row.number)

    actions.run(AREA_RECENT, apply, roles=LIVE_ROLES, success=lambda text: text, reset=(EDITING,),
                renew_keys=True)


def _edit_form(session_id: int, row: InterventionRow, people: list[ParticipantRow],
               questions: list[QuestionRef], theme_rows: list[ThemeRow]) -> None:
    by_id = {p.person_id: p for p in people}
    speakers: list[int] = list(by_id)
    if row.person_id is not None and row.person_id not in by_id:
        speakers.append(row.person_id)
    registered = by_id[row.person_id].stakeholder_type if row.person_id in by_id else None
    groups = [AUTO, *STAKEHOLDER_TYPES]
    theme_labels = {t.code: _(t.label) for t in theme_rows}
    question_ids = [GENERAL, *(q.id for q in questions)]
    q_labels = {q.id: f"{question_label(q)} · {q.text[:60]}" for q in questions}
    def key(name: str) -> str:
        return actions.key(AREA_RECENT, name, row.id)

    with st.form(f"live_edit_form_{row.id}"):
        st.markdown(_("**Editing #{number}**").format(number=row.number))
        st.selectbox(
            _("Speaker"), speakers, index=speakers.index(row.person_id) if row.person_id in speakers else None,
            placeholder=_("Nobody from the list"), key=key("speaker"),
            format_func={v: speaker_label(by_id[v]) if v in by_id else (
                row.person_name or _("Person {number}").format(number=v)) for v in speakers}.__getitem__)
        st.text_area(_("Note"), value=row.text, height=140, key=key("note"))
        st.text_input(_("Unlisted speaker"), value=row.speaker_label or "", key=key("unlisted"),
                      help=_("Only when nobody from the list is picked above."))
        # The form sits in the console's narrow right column: one field per row, but group and minutes.
        cols = st.columns([2, 1])
        group_labels = {AUTO: _("From the registration"), **{c: label(STAKEHOLDER_TYPES, c) for c in STAKEHOLDER_TYPES}}
        cols[0].selectbox(_("Group"), groups, key=key("group"),
                          index=groups.index(AUTO if row.stakeholder_type == registered else row.stakeholder_type),
                          format_func=group_labels.__getitem__)
        cols[1].number_input(_("Minutes"), min_value=0.0, max_value=180.0, step=0.5, key=key("minutes"),
                             value=round(row.speaking_seconds / 60, 1) if row.speaking_seconds else None)
        st.selectbox(_("Question (move)"), question_ids, key=key("question"),
                     index=question_ids.index(row.question_id) if row.question_id in question_ids else 0,
                     format_func={**q_labels, GENERAL: _("General (no question)")}.__getitem__)
        st.multiselect(_("Themes"), list(theme_labels), default=list(row.theme_codes), key=key("themes"),
                       format_func=theme_labels.get, placeholder=_("Choose…"))
        languages = [DETECT, *LANGUAGES]
        language_labels = {DETECT: _("Detect from the note"), **{c: label(LANGUAGES, c) for c in LANGUAGES}}
        st.selectbox(_("Language of the note"), languages, key=key("language"),
                     index=languages.index(row.language) if row.language in languages else 0,
                     format_func=language_labels.__getitem__,
                     help=_("Used for key points and themes. Detected when the note is saved; choose another if "
                            "the detection is wrong."))
        buttons = st.container(horizontal=True)
        buttons.form_submit_button(_("Save"), type="primary", icon=":material/save:", on_click=_save_edit,
                                   args=(session_id, row))
        buttons.form_submit_button(_("Cancel"), on_click=_set_editing, args=(None,))


def _undo_bar(session_id: int) -> None:
    undo = st.session_state.get(UNDO)
    if not undo:
        return
    cols = st.columns([4, 1, 1], vertical_alignment="center")
    cols[0].info(_("Deleted #{number}.").format(number=undo[1]), icon=":material/delete:")
    cols[1].button(_("Undo"), key="live_undo_btn", icon=":material/undo:", on_click=_restore,
                   args=(session_id, undo[0]), type="primary")
    cols[2].button(_("Dismiss"), key="live_undo_dismiss", on_click=lambda: st.session_state.pop(UNDO, None))


def recent_list(session_id: int, people: list[ParticipantRow], questions: list[QuestionRef],
                theme_rows: list[ThemeRow], *, locked: bool) -> None:
    """The newest interventions of the session with their controls."""
    themes = {t.code: t.label for t in theme_rows}  # English here: translated where shown

    @st.fragment(run_every=refresh.FALLBACK_EVERY)
    def _list() -> None:
        actions.guard(*LIVE_ROLES)
        labels = {q.id: question_label(q) for q in questions}
        # Redrawn when the session's data changes (a capture here or in another browser).
        refresh.follow_changes(session_id, live_view(session_id).version, key="live_recent")
        editing = st.session_state.get(EDITING)
        limit = st.session_state.get(LIMIT, PAGE)
        with db() as s:
            rows = list_interventions(s, session_id=session_id, limit=limit + 1)
        if not locked:
            _undo_bar(session_id)
        actions.lasting_feedback(AREA_RECENT)
        if not rows:
            st.info(_("Nothing captured yet. Saved interventions appear here, newest first, numbered #1, #2, …"))
        for row in rows[:limit]:
            if row.id == editing and not locked:
                _edit_form(session_id, row, people, questions, theme_rows)
            else:
                _row(session_id, row, labels, themes, locked)
        if len(rows) > limit:
            st.button(_("Show older interventions"), key="live_more", on_click=_more, args=(limit,))
        if not locked and st.toggle(_("Show deleted interventions"), key="live_show_deleted"):
            _deleted(session_id, labels)

    _list()


def _more(limit: int) -> None:
    st.session_state[LIMIT] = limit + PAGE


def _deleted(session_id: int, labels: dict) -> None:
    with db() as s:
        rows = list_interventions(s, session_id=session_id, deleted=True, limit=30)
    if not rows:
        st.caption(_("No deleted interventions."))
    for row in rows:
        cols = st.columns([6, 1], vertical_alignment="center")
        cols[0].markdown(f"~~{headline(row, labels)}~~  \n" + user_text(row.text[:160]))
        cols[1].button(_("Restore"), key=f"live_restore_{row.id}", on_click=_restore,
                       args=(session_id, row.id))
