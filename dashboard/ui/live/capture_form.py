"""The keyboard-first capture form, its speaking timer, and the quick-add speaker form.

A routine capture: type the speaker's name, Enter, Tab, type the note, Ctrl+Enter (see
`keyboard` for where the caret goes). The form's widgets are keyed by `actions.key`, and a
stored capture renews those keys: every field of the next capture starts from its default
(an empty Minutes box really is empty, so the speaking timer is used). On an error nothing is
renewed and the moderator's text stays in place.

Double submits: each form render carries a client token (kept in session_state, renewed after
a successful save). A second submit of the very same content within a few seconds, from a
browser that had not yet seen the cleared form, reuses the previous token, so the database's
unique (session, client_token) returns the first row instead of storing a twin.
"""
from __future__ import annotations

import time
import uuid
from typing import Optional

import streamlit as st

from dashboard.i18n import N_
from dashboard.services import themes
from dashboard.services.live import capture as live_capture
from dashboard.services.live.clock import QuestionRef
from dashboard.services.setup import participants
from dashboard.services.setup.participants import ParticipantRow
from dashboard.services.themes import ThemeRow
from dashboard.ui import actions
from dashboard.ui.language import _, label
from dashboard.ui.live.common import AREA_CAPTURE, AREA_QUICK_ADD, LIVE_ROLES, clock_text, question_label as ref_label
from dashboard.ui.live.keyboard import FORM_BOX, SPEAKER_BOX, place_caret
from db.codes import STAKEHOLDER_TYPES

TOKEN, LAST, TIMER, SAVED = "live_token", "live_last_saved", "live_timer", "live_saved"
# Select options that stand for None: a None option would look unselected, and the Speaker box
# must always hold a value so that it has no "Clear value" button between it and the note.
AUTO, GENERAL, NOBODY = "auto", "general", "nobody"
NOBODY_LABEL = "—"
REPEAT_WINDOW_S = 10.0
EMPTY_CAPTURE = N_("Nothing to save: type the speaker's name and press Enter, then Tab to the note. "
                   "For someone not on the list, type their name under “Unlisted speaker” and pick their group.")


def speaker_label(row: ParticipantRow) -> str:
    """How a registered participant appears in the picker (staff only: real names)."""
    bits = [row.name]
    if row.organization:
        bits.append(row.organization)
    if row.country:
        bits.append(row.country)
    name = " — ".join([bits[0], ", ".join(bits[1:])]) if len(bits) > 1 else bits[0]
    youth = (f" ({_('Youth participant {number}').format(number=row.youth_pseudonym_no)})"
             if row.youth_pseudonym_no else "")
    return f"{name}{youth} · {label(STAKEHOLDER_TYPES, row.stakeholder_type)}"


def question_label(choice, questions: list[QuestionRef]) -> str:
    """Labels for the question picker: the live default, general, then each question."""
    if choice == live_capture.CURRENT:
        return _("Current question (live)")
    if choice in (None, GENERAL):
        return _("General (no question)")
    ref = next((q for q in questions if q.id == choice), None)
    return f"{ref_label(ref)} · {ref.text[:60]}" if ref else "?"


def _field(name: str, default=None):
    return actions.value(AREA_CAPTURE, name, default=default)


def _timer_seconds() -> Optional[int]:
    timer = st.session_state.get(TIMER)
    if not timer:
        return None
    started, stopped_at = timer
    return int((stopped_at or time.monotonic()) - started)


def _submit(session_id: int, theme_rows: list[ThemeRow], labels: dict) -> None:
    ss = st.session_state
    speaker = _field("speaker", NOBODY)
    speaker = None if speaker == NOBODY else speaker
    unlisted = " ".join((_field("unlisted") or "").split())
    note = _field("note") or ""
    group = None if _field("group", AUTO) == AUTO else _field("group")
    if speaker is None and not unlisted and not note.strip() and group is None:
        actions.say(AREA_CAPTURE, "error", _(EMPTY_CAPTURE))
        return
    if speaker is not None and unlisted:
        actions.say(AREA_CAPTURE, "error", _("Pick a listed speaker or type an unlisted speaker's name, not both "
                                             "(set Speaker back to “—”, or clear “Unlisted speaker”)."))
        return
    minutes = _field("minutes")
    # Typed minutes win; an empty box takes the speaking timer, running or stopped.
    seconds = int(round(minutes * 60)) if minutes else _timer_seconds()
    chosen_themes = list(_field("themes") or [])
    question = _field("question", live_capture.CURRENT)
    question = None if question == GENERAL else question
    fingerprint = (speaker, unlisted, note, group, tuple(chosen_themes), minutes, question)
    token = ss.setdefault(TOKEN, uuid.uuid4().hex)
    last = ss.get(LAST)
    if last and last[1] == fingerprint and time.monotonic() - last[2] < REPEAT_WINDOW_S:
        token = last[0]
    theme_codes = chosen_themes or themes.match_themes(theme_rows, note)

    def save(session, user) -> str:
        result = live_capture.capture_intervention(
            session, session_id=session_id, actor=user.actor, text=note, person_id=speaker,
            speaker_label=unlisted or None, stakeholder_type=group, question_id=question,
            theme_codes=theme_codes, speaking_seconds=seconds, client_token=token)
        where = labels.get(result.question_id) or _("General")
        if not result.created:
            return _("Already saved as #{number} (double submit ignored)").format(number=result.number)
        return _("Saved #{number} · {group} · {question}").format(
            number=result.number, group=label(STAKEHOLDER_TYPES, result.stakeholder_type), question=where)

    if actions.run(AREA_CAPTURE, save, roles=LIVE_ROLES, success=lambda text: text, renew_keys=True,
                   reset=(TIMER,)):
        ss[LAST] = (token, fingerprint, time.monotonic())
        ss[TOKEN] = uuid.uuid4().hex
        ss["live_last_themes"] = theme_codes if not chosen_themes else []
        ss[SAVED] = True


def capture_form(session_id: int, people: list[ParticipantRow], questions: list[QuestionRef],
                 theme_rows: list[ThemeRow]) -> None:
    """The capture form (submit: Ctrl+Enter in the note, Enter in Minutes, or the button)."""
    ss = st.session_state
    ss.setdefault(TOKEN, uuid.uuid4().hex)
    by_id = {p.person_id: p for p in people}
    speaker_key = actions.key(AREA_CAPTURE, "speaker")
    if ss.get(speaker_key, NOBODY) not in (NOBODY, *by_id):
        ss[speaker_key] = NOBODY  # removed from the list meanwhile
    ss.setdefault(speaker_key, NOBODY)
    theme_labels = {t.code: _(t.label) for t in theme_rows}  # the taxonomy's labels (our data, catalog "themes")
    question_choices = [live_capture.CURRENT, GENERAL, *(q.id for q in questions)]
    question_key = actions.key(AREA_CAPTURE, "question")
    if ss.get(question_key, live_capture.CURRENT) not in question_choices:
        ss.pop(question_key, None)
    # Options are worded here, in the reader's language, not in format_func (which may run later).
    speakers = {**{v: speaker_label(p) for v, p in by_id.items()}, NOBODY: NOBODY_LABEL}
    groups = {AUTO: _("From the registration"), **{c: label(STAKEHOLDER_TYPES, c) for c in STAKEHOLDER_TYPES}}
    question_labels = {c: question_label(c, questions) for c in question_choices}
    with st.container(key=FORM_BOX), st.form("live_capture_form", border=True):
        with st.container(key=SPEAKER_BOX):
            st.selectbox(_("Speaker · type a name, organisation or country, then Enter"), [*by_id, NOBODY],
                         key=speaker_key, format_func=speakers.__getitem__)
        st.text_area(_("Note"), key=actions.key(AREA_CAPTURE, "note"), height=130,
                     placeholder=_("What was said. Ctrl+Enter saves; the form clears for the next speaker."))
        cols = st.columns([1.4, 3, 3])
        with cols[0].container(key="live_minutes_box"):
            st.number_input(_("Minutes"), min_value=0.0, max_value=180.0, step=0.5, value=None,
                            key=actions.key(AREA_CAPTURE, "minutes"), placeholder=_("timer"))
        cols[1].text_input(_("Unlisted speaker"), key=actions.key(AREA_CAPTURE, "unlisted"),
                           placeholder=_("Name, if not on the list"))
        cols[2].selectbox(_("Group"), list(groups), key=actions.key(AREA_CAPTURE, "group"),
                          format_func=groups.__getitem__,
                          help=_("Needed for unlisted or unnamed speakers; for listed speakers it overrides "
                                 "their registered group."))
        cols = st.columns([3, 4.4])
        cols[0].selectbox(_("Question"), question_choices, key=question_key,
                          format_func=question_labels.__getitem__)
        cols[1].multiselect(_("Themes"), list(theme_labels), key=actions.key(AREA_CAPTURE, "themes"),
                            format_func=theme_labels.get, placeholder=_("Empty: suggested from the note"))
        st.form_submit_button(_("Save intervention"), type="primary", icon=":material/save:", on_click=_submit,
                              args=(session_id, theme_rows, {q.id: ref_label(q) for q in questions}))
    st.caption(_("Minutes: the speaking time; leave it empty to use the speaking timer below."))
    actions.feedback(AREA_CAPTURE)
    suggested = ss.pop("live_last_themes", None)
    if suggested:
        st.caption(_("Themes suggested for the last capture: {themes} (change them with Edit in the list).").format(
            themes=", ".join(theme_labels.get(c, c) for c in suggested)))
    # Right after the form, so the caret lands as soon as the form is drawn.
    place_caret(session_id, after_save=bool(ss.pop(SAVED, False)))


def _timer(action: str) -> None:
    ss = st.session_state
    timer = ss.get(TIMER)
    if action == "start":
        ss[TIMER] = (time.monotonic(), None)
    elif action == "stop" and timer:
        ss[TIMER] = (timer[0], time.monotonic())
    else:
        ss.pop(TIMER, None)


def _timer_running() -> bool:
    timer = st.session_state.get(TIMER)
    return timer is not None and timer[1] is None


def speaking_timer() -> None:
    """Start/stop timer for the current speaker; its time fills an empty "Minutes" field."""
    ticking = _timer_running()

    # Ticks every second while it runs, and not at all otherwise (it only reads this browser's
    # session state, which changes only by its own buttons or a save).
    @st.fragment(run_every="1s" if ticking else None)
    def _panel() -> None:
        actions.guard(*LIVE_ROLES)
        if _timer_running() != ticking:
            st.rerun(scope="app")  # started or stopped: draw it again at the right pace
        timer = st.session_state.get(TIMER)
        row = st.container(horizontal=True, vertical_alignment="center")
        if timer is None:
            row.caption(_("Speaking timer: not running"))
            row.button(_("Start timer"), key="live_timer_start", icon=":material/timer:", on_click=_timer,
                       args=("start",))
            return
        running = timer[1] is None
        elapsed = clock_text(_timer_seconds())
        row.markdown(_("**Speaking timer:** {time}").format(time=elapsed) if running
                     else _("**Speaking timer:** {time} (stopped)").format(time=elapsed))
        if running:
            row.button(_("Stop"), key="live_timer_stop", icon=":material/stop:", on_click=_timer, args=("stop",))
        row.button(_("Reset"), key="live_timer_reset", icon=":material/restart_alt:", on_click=_timer,
                   args=("reset",))

    _panel()


def _quick_add(session_id: int) -> None:
    name = actions.value(AREA_QUICK_ADD, "name") or ""
    group = actions.value(AREA_QUICK_ADD, "group")
    if group is None:
        actions.say(AREA_QUICK_ADD, "error", _("Choose the speaker's stakeholder group."))
        return
    added: dict = {}

    def add(session, user) -> str:
        added["id"] = participants.quick_add_participant(
            session, session_id=session_id, name=name, stakeholder_type=group, actor=user.actor,
            organization=actions.value(AREA_QUICK_ADD, "org") or None,
            country=actions.value(AREA_QUICK_ADD, "country") or None)
        return _("{name} is on the list and picked as the speaker").format(name=" ".join(name.split()))

    if actions.run(AREA_QUICK_ADD, add, roles=LIVE_ROLES, success=lambda text: text, renew_keys=True):
        st.session_state[actions.key(AREA_CAPTURE, "speaker")] = added["id"]


def quick_add(session_id: int) -> None:
    """Register a speaker who is not on the list, and pick them in the capture form."""
    with st.expander(_("Quick add a speaker to the participant list")):
        with st.form("live_quick_add", border=False):
            cols = st.columns([3, 2])
            cols[0].text_input(_("Name"), key=actions.key(AREA_QUICK_ADD, "name"))
            groups = {c: label(STAKEHOLDER_TYPES, c) for c in STAKEHOLDER_TYPES}
            cols[1].selectbox(_("Group"), list(groups), format_func=groups.__getitem__, index=None,
                              placeholder=_("Choose a group"), key=actions.key(AREA_QUICK_ADD, "group"))
            cols = st.columns(2)
            cols[0].text_input(_("Organisation (optional)"), key=actions.key(AREA_QUICK_ADD, "org"))
            cols[1].text_input(_("Country (optional)"), key=actions.key(AREA_QUICK_ADD, "country"))
            st.form_submit_button(_("Add speaker"), icon=":material/person_add:", on_click=_quick_add,
                                  args=(session_id,))
        actions.feedback(AREA_QUICK_ADD)
