"""The console header: the shared agenda clock and the question under discussion, with controls."""
from __future__ import annotations

from typing import Optional

import streamlit as st

from dashboard.auth import CurrentUser
from dashboard.textfmt import escape_md
from dashboard.services.live import clock as live_clock
from dashboard.services.live.clock import ClockReading
from dashboard.ui.live.cache import LiveView, live_view
from dashboard.ui.live.common import act, clock_text, feedback

GENERAL = "General discussion (no question)"
GENERAL_KEY = "general"
JUMP_KEY = "live_q_jump"


def clock_line(reading: ClockReading) -> str:
    """One line of plain text describing where the agenda clock stands."""
    if reading.status == "no_agenda":
        return "No agenda segments: add them under Prepare to use the clock."
    if reading.status == "finished":
        return "Agenda finished."
    if reading.status == "not_started":
        upcoming = reading.next_segment.title if reading.next_segment else ""
        return f"Clock not started. First up: {upcoming}"
    planned = f" / {reading.planned_seconds // 60} min" if reading.planned_seconds else ""
    paused = " (paused)" if reading.status == "paused" else ""
    return f"{reading.segment.title}: {clock_text(reading.elapsed_seconds)}{planned}{paused}"


def _remaining(reading: ClockReading) -> None:
    if reading.remaining_seconds is None or reading.status not in ("running", "paused"):
        return
    if reading.overrun_seconds:
        st.error(f"Over time by {clock_text(reading.overrun_seconds)}", icon=":material/timer_off:")
    elif reading.remaining_seconds <= 120:
        st.warning(f"{clock_text(reading.remaining_seconds)} left", icon=":material/timer:")
    else:
        st.caption(f"{clock_text(reading.remaining_seconds)} left"
                   + (f" · next: {reading.next_segment.title}" if reading.next_segment else ""))


def _clock_controls(session_id: int, user: CurrentUser, reading: ClockReading, locked: bool) -> None:
    def run(action) -> None:
        act("clock", lambda s: action(s, session_id=session_id, actor=user.actor))

    row = st.container(horizontal=True)
    running = reading.status == "running"
    row.button("Pause" if running else ("Resume" if reading.status == "paused" else "Start"),
               key="live_clock_toggle", icon=":material/pause:" if running else ":material/play_arrow:",
               on_click=run, args=(live_clock.pause_clock if running else live_clock.start_clock,),
               shortcut="Alt+K", disabled=locked or reading.status in ("no_agenda", "finished"))
    row.button("Next segment", key="live_clock_next", icon=":material/skip_next:",
               on_click=run, args=(live_clock.next_segment,),
               disabled=locked or reading.status in ("no_agenda", "finished"))
    row.button("Back", key="live_clock_back", icon=":material/undo:", help="Reopen the previous segment",
               on_click=run, args=(live_clock.previous_segment,),
               disabled=locked or reading.status in ("no_agenda", "not_started"))


def _question_controls(session_id: int, user: CurrentUser, view: LiveView, locked: bool) -> None:
    summary = view.summary
    current = summary.current_question

    def step(delta: int) -> None:
        act("question", lambda s: _announce(live_clock.step_question(s, session_id=session_id, step=delta,
                                                                       actor=user.actor)))

    def jump() -> None:
        chosen = st.session_state.get(JUMP_KEY)
        # The box is a one-shot command, not a state holder: it rests empty, so a stale value
        # from one browser can never send the room back to an older question.
        st.session_state[JUMP_KEY] = None
        if chosen is None:
            return
        question_id = None if chosen == GENERAL_KEY else chosen
        act("question", lambda s: _announce(live_clock.set_current_question(
            s, session_id=session_id, question_id=question_id, actor=user.actor)))

    ids: list = [GENERAL_KEY, *(q.id for q in summary.questions)]
    labels = {q.id: f"{q.label} · {q.text[:80]}" for q in summary.questions}
    row = st.container(horizontal=True, vertical_alignment="center")
    no_questions = not summary.questions
    row.button("Previous", key="live_q_prev", icon=":material/arrow_back:", on_click=step, args=(-1,),
               shortcut="Alt+P", disabled=locked or no_questions)
    row.button("Next", key="live_q_next", icon=":material/arrow_forward:", on_click=step, args=(1,),
               shortcut="Alt+N", disabled=locked or no_questions)
    row.selectbox("Jump to question", ids, index=None, key=JUMP_KEY, placeholder="Jump to question…",
                  format_func=lambda q: labels.get(q, GENERAL), on_change=jump,
                  disabled=locked or no_questions, label_visibility="collapsed")


def _announce(ref) -> str:
    return f"Now on {ref.label}" if ref else "Now on general discussion"


def header(session_id: int, user: CurrentUser, *, locked: bool) -> None:
    """Clock and current question; refreshes every second so all moderators stay in step."""

    @st.fragment(run_every="1s")
    def _panel() -> None:
        view = live_view(session_id)
        reading = view.clock.reading()
        summary = view.summary
        left, right = st.columns([2, 3], gap="large")
        with left:
            st.markdown(f"**Agenda clock** · {escape_md(clock_line(reading))}")
            _remaining(reading)
            _clock_controls(session_id, user, reading, locked)
            feedback("clock")
        with right:
            current = summary.current_question
            if current is None:
                st.markdown("**Now:** General discussion"
                            + ("" if summary.questions else
                               " — no questions yet: import a concept note under Prepare → Questions."))
            else:
                st.markdown(f"**Now: {current.label}** · {escape_md(current.text)}")
                if current.objective:
                    st.caption(f"Objective of {escape_md(current.part_title)}: {escape_md(current.objective)}")
            _question_controls(session_id, user, view, locked)
            balance = summary.balance_for(current.id) if current else summary.session_balance
            if balance.nudge:
                st.warning(balance.nudge, icon=":material/campaign:")
            elif balance.interventions:
                st.success(f"Every group in the room has spoken {balance.where}.", icon=":material/groups:")
            feedback("question")

    _panel()
