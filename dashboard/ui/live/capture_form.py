"""The keyboard-first capture form, its speaking timer, and the quick-add speaker form.

A routine capture is three actions: type the speaker's name and press Enter, type the note,
press Ctrl+Enter. Saving happens in the submit callback, so the form clears only when the
capture was stored; on an error the moderator's text stays in place.

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

from dashboard.auth import CurrentUser
from dashboard.services import themes
from dashboard.services.live import capture as live_capture
from dashboard.services.setup import participants
from dashboard.services.live.clock import QuestionRef
from dashboard.services.setup.participants import ParticipantRow
from dashboard.services.themes import ThemeRow
from dashboard.ui.live.common import act, clock_text, feedback
from db.codes import STAKEHOLDER_TYPES

TOKEN, LAST, TIMER = "live_token", "live_last_saved", "live_timer"
AUTO, GENERAL = "auto", "general"  # select options that stand for None (a None option would look unselected)
FIELDS = {"live_speaker": None, "live_unlisted": "", "live_note": "", "live_group": AUTO, "live_themes": [],
          "live_minutes": None, "live_question": live_capture.CURRENT}
REPEAT_WINDOW_S = 10.0


def speaker_label(row: ParticipantRow) -> str:
    """How a registered participant appears in the picker (staff only: real names)."""
    bits = [row.name]
    if row.organization:
        bits.append(row.organization)
    if row.country:
        bits.append(row.country)
    label = " — ".join([bits[0], ", ".join(bits[1:])]) if len(bits) > 1 else bits[0]
    youth = f" (Youth participant {row.youth_pseudonym_no})" if row.youth_pseudonym_no else ""
    return f"{label}{youth} · {STAKEHOLDER_TYPES.get(row.stakeholder_type, row.stakeholder_type)}"


def question_label(choice, questions: list[QuestionRef]) -> str:
    """Labels for the question picker: the live default, general, then each question."""
    if choice == live_capture.CURRENT:
        return "Current question (live)"
    if choice in (None, GENERAL):
        return "General (no question)"
    ref = next((q for q in questions if q.id == choice), None)
    return f"{ref.label} · {ref.text[:60]}" if ref else "?"


def _reset_form() -> None:
    for key, value in FIELDS.items():
        st.session_state[key] = list(value) if isinstance(value, list) else value


def _timer_seconds() -> Optional[int]:
    timer = st.session_state.get(TIMER)
    if not timer:
        return None
    started, stopped_at = timer
    return int((stopped_at or time.monotonic()) - started)


def _submit(session_id: int, user: CurrentUser, theme_rows: list[ThemeRow], labels: dict) -> None:
    ss = st.session_state
    speaker: Optional[int] = ss.get("live_speaker")
    unlisted = " ".join((ss.get("live_unlisted") or "").split())
    if speaker is not None and unlisted:
        ss["live_error_capture"] = ("Pick a listed speaker or type an unlisted speaker's name, not both "
                                    "(clear one of them).")
        return
    note = ss.get("live_note") or ""
    minutes = ss.get("live_minutes")
    seconds = int(round(minutes * 60)) if minutes else _timer_seconds()
    chosen_themes = list(ss.get("live_themes") or [])
    group = None if ss.get("live_group") == AUTO else ss.get("live_group")
    question = None if ss.get("live_question") == GENERAL else ss.get("live_question")
    fingerprint = (speaker, unlisted, note, group, tuple(chosen_themes), minutes, question)
    token = ss.setdefault(TOKEN, uuid.uuid4().hex)
    last = ss.get(LAST)
    if last and last[1] == fingerprint and time.monotonic() - last[2] < REPEAT_WINDOW_S:
        token = last[0]
    theme_codes = chosen_themes or themes.match_themes(theme_rows, note)

    def save(session) -> str:
        result = live_capture.capture_intervention(
            session, session_id=session_id, actor=user.actor, text=note, person_id=speaker,
            speaker_label=unlisted or None, stakeholder_type=group, question_id=question,
            theme_codes=theme_codes, speaking_seconds=seconds, client_token=token)
        where = labels.get(result.question_id, "General")
        if not result.created:
            return f"Already saved as #{result.number} (double submit ignored)"
        return (f"Saved #{result.number} · {STAKEHOLDER_TYPES.get(result.stakeholder_type, result.stakeholder_type)}"
                f" · {where}")

    if act("capture", save):
        ss[LAST] = (token, fingerprint, time.monotonic())
        ss[TOKEN] = uuid.uuid4().hex
        ss["live_last_themes"] = theme_codes if not chosen_themes else []
        ss.pop(TIMER, None)
        _reset_form()
        ss["live_focus_speaker"] = True


def capture_form(session_id: int, user: CurrentUser, people: list[ParticipantRow], questions: list[QuestionRef],
                 theme_rows: list[ThemeRow]) -> None:
    """The capture form (submit: Ctrl+Enter in the note, or the button)."""
    ss = st.session_state
    for key, value in FIELDS.items():
        ss.setdefault(key, list(value) if isinstance(value, list) else value)
    ss.setdefault(TOKEN, uuid.uuid4().hex)
    pending = ss.pop("live_pending_speaker", None)
    if pending is not None:
        ss["live_speaker"], ss["live_unlisted"] = pending, ""
    by_id = {p.person_id: p for p in people}
    if ss["live_speaker"] not in by_id:
        ss["live_speaker"] = None
    theme_labels = {t.code: t.label for t in theme_rows}
    question_choices = [live_capture.CURRENT, GENERAL, *(q.id for q in questions)]
    if ss["live_question"] not in question_choices:
        ss["live_question"] = live_capture.CURRENT
    with st.form("live_capture_form", border=True):
        st.selectbox("Speaker", list(by_id), key="live_speaker", format_func=lambda v: speaker_label(by_id[v]),
                     placeholder="Type a name, organisation or country… (Enter picks the first match)",
                     help="Registered participants of this session. Someone else? Leave this empty and type "
                          "their name under “Unlisted speaker”.")
        st.text_area("Note", key="live_note", height=130,
                     placeholder="What was said. Ctrl+Enter saves; the form clears for the next speaker.")
        cols = st.columns([3, 3, 1.4])
        cols[0].text_input("Unlisted speaker", key="live_unlisted", placeholder="Name, if not on the list")
        cols[1].selectbox("Group", [AUTO, *STAKEHOLDER_TYPES], key="live_group",
                          format_func=lambda c: "From the registration" if c == AUTO else STAKEHOLDER_TYPES[c],
                          help="Needed for unlisted or unnamed speakers; for listed speakers it overrides "
                               "their registered group.")
        cols[2].number_input("Minutes", min_value=0.0, max_value=180.0, step=0.5, key="live_minutes",
                             placeholder="timer", help="Speaking time; empty uses the speaking timer if it ran.")
        cols = st.columns([3, 4.4])
        cols[0].selectbox("Question", question_choices, key="live_question",
                          format_func=lambda c: question_label(c, questions))
        cols[1].multiselect("Themes", list(theme_labels), key="live_themes", format_func=theme_labels.get,
                            placeholder="Empty: suggested from the note")
        st.form_submit_button("Save intervention", type="primary", icon=":material/save:", on_click=_submit,
                              args=(session_id, user, theme_rows, {q.id: q.label for q in questions}))
    feedback("capture")
    suggested = ss.pop("live_last_themes", None)
    if suggested:
        st.caption("Themes suggested for the last capture: " + ", ".join(theme_labels.get(c, c) for c in suggested)
                   + " (change them with Edit in the list).")
    if ss.pop("live_focus_speaker", False):
        _focus_speaker()


def _focus_speaker() -> None:
    # Streamlit has no focus API: put the caret back in the speaker box for the next capture.
    # The rerun may still be replacing elements when the script first runs, so it retries for
    # about two seconds; it never pulls the caret out of a field the moderator has moved to.
    # Static script, no user text in it.
    st.html("""<script>
      (function () {
        var doc = window.parent.document, tries = 0, done = false;
        function idle(el) {
          return !el || el === doc.body || el.closest('.st-key-live_note')
                 || el.closest('[data-testid="stFormSubmitButton"]');
        }
        function attempt() {
          var box = doc.querySelector('.st-key-live_speaker input');
          var active = doc.activeElement;
          if (box && active !== box && (done ? active === doc.body || !active : idle(active))) {
            box.focus();
          }
          done = done || (box && doc.activeElement === box);
          if (++tries < 20) { setTimeout(attempt, 100); }
        }
        setTimeout(attempt, 50);
      })();
    </script>""", unsafe_allow_javascript=True)


def _timer(action: str) -> None:
    ss = st.session_state
    timer = ss.get(TIMER)
    if action == "start":
        ss[TIMER] = (time.monotonic(), None)
    elif action == "stop" and timer:
        ss[TIMER] = (timer[0], time.monotonic())
    else:
        ss.pop(TIMER, None)


def speaking_timer() -> None:
    """Start/stop timer for the current speaker; its time fills an empty "Minutes" field."""

    # Ticks every second (no database access: it only reads this browser's session state).
    @st.fragment(run_every="1s")
    def _panel() -> None:
        timer = st.session_state.get(TIMER)
        row = st.container(horizontal=True, vertical_alignment="center")
        if timer is None:
            row.caption("Speaking timer: not running")
            row.button("Start timer", key="live_timer_start", icon=":material/timer:", on_click=_timer,
                       args=("start",))
            return
        running = timer[1] is None
        row.markdown(f"**Speaking timer:** {clock_text(_timer_seconds())}" + ("" if running else " (stopped)"))
        if running:
            row.button("Stop", key="live_timer_stop", icon=":material/stop:", on_click=_timer, args=("stop",))
        row.button("Reset", key="live_timer_reset", icon=":material/restart_alt:", on_click=_timer,
                   args=("reset",))

    _panel()


def _quick_add(session_id: int, user: CurrentUser) -> None:
    ss = st.session_state
    name, group = ss.get("live_qa_name") or "", ss.get("live_qa_group")
    if group is None:
        ss["live_error_quick_add"] = "Choose the speaker's stakeholder group."
        return
    added: dict = {}

    def add(session) -> str:
        added["id"] = participants.quick_add_participant(
            session, session_id=session_id, name=name, stakeholder_type=group, actor=user.actor,
            organization=ss.get("live_qa_org") or None, country=ss.get("live_qa_country") or None)
        return f"{' '.join(name.split())} is on the list and picked as the speaker"

    if act("quick_add", add):
        ss["live_pending_speaker"] = added["id"]
        for key in ("live_qa_name", "live_qa_org", "live_qa_country"):
            ss[key] = ""
        ss["live_qa_group"] = None


def quick_add(session_id: int, user: CurrentUser) -> None:
    """Register a speaker who is not on the list, and pick them in the capture form."""
    with st.expander("Quick add a speaker to the participant list"):
        with st.form("live_quick_add", border=False):
            cols = st.columns([3, 2])
            cols[0].text_input("Name", key="live_qa_name")
            cols[1].selectbox("Group", list(STAKEHOLDER_TYPES), format_func=STAKEHOLDER_TYPES.get, index=None,
                              placeholder="Choose a group", key="live_qa_group")
            cols = st.columns(2)
            cols[0].text_input("Organisation (optional)", key="live_qa_org")
            cols[1].text_input("Country (optional)", key="live_qa_country")
            st.form_submit_button("Add speaker", icon=":material/person_add:", on_click=_quick_add,
                                  args=(session_id, user))
        feedback("quick_add")
