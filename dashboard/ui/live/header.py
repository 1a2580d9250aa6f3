"""The console header: the shared agenda clock and the question under discussion, with controls.

Every control acts once per press. A shortcut or a double click can deliver one press twice,
and the second copy is dispatched to the button as redrawn by the first, so it looks like a
fresh press of the new state. So a press that reaches the server before, or right after, this
browser was shown the result of its previous press of the same kind is dropped; each press
also names the state it was drawn on (`once`), and Previous / Next name the question they
move from (the service refuses when the session has moved on since, e.g. in another browser).
"""
from __future__ import annotations

import time
from typing import Optional

import streamlit as st

from dashboard.i18n import N_
from dashboard.services.live import clock as live_clock
from dashboard.services.live.clock import ClockReading
from dashboard.textfmt import escape_md, user_text
from dashboard.ui import actions, refresh
from dashboard.ui.live.cache import LiveView, live_view
from dashboard.ui.language import _
from dashboard.ui.live.common import AREA_CLOCK, AREA_QUESTION, LIVE_ROLES, clock_text, question_label

GENERAL = N_("General discussion (no question)")
GENERAL_KEY = "general"
JUMP_KEY = "live_q_jump"
# After this browser was shown the result of a press, a new press needs at least this long.
SAME_PRESS_S = 0.6
_ACTED, _SHOWN = "live_header_acted", "live_header_shown"


def clock_line(reading: ClockReading) -> str:
    """One line of plain text describing where the agenda clock stands."""
    if reading.status == "closed":
        return _("Session closed: the clock is stopped.")
    if reading.status == "no_agenda":
        return _("No agenda segments: add them under Prepare to use the clock.")
    if reading.status == "finished":
        return _("Agenda finished.")
    if reading.status == "not_started":
        upcoming = reading.next_segment.title if reading.next_segment else ""
        return _("Clock not started. First up: {segment}").format(segment=upcoming)
    elapsed = clock_text(reading.elapsed_seconds)
    if reading.planned_seconds:
        line = _("{segment}: {elapsed} / {minutes} min").format(segment=reading.segment.title, elapsed=elapsed,
                                                               minutes=reading.planned_seconds // 60)
    else:
        line = _("{segment}: {elapsed}").format(segment=reading.segment.title, elapsed=elapsed)
    return _("{clock} (paused)").format(clock=line) if reading.status == "paused" else line


def _remaining(reading: ClockReading) -> None:
    if reading.remaining_seconds is None or reading.status not in ("running", "paused"):
        return
    if reading.overrun_seconds:
        st.error(_("Over time by {time}").format(time=clock_text(reading.overrun_seconds)), icon=":material/timer_off:")
    elif reading.remaining_seconds <= 120:
        st.warning(_("{time} left").format(time=clock_text(reading.remaining_seconds)), icon=":material/timer:")
    elif reading.next_segment:
        st.caption(_("{time} left · next: {segment}").format(time=clock_text(reading.remaining_seconds),
                                                              segment=reading.next_segment.title))
    else:
        st.caption(_("{time} left").format(time=clock_text(reading.remaining_seconds)))


def _same_press(kind: str) -> bool:
    """True when a press cannot be a reaction to the result of this browser's last one of `kind`."""
    if kind in st.session_state.get(_ACTED, ()):
        return True  # its result was not drawn yet: nobody has seen it
    shown = st.session_state.get(_SHOWN, {}).get(kind)
    return shown is not None and time.monotonic() - shown < SAME_PRESS_S


def _press(area: str, kind: str, drawn_on: str, work, success=None) -> None:
    if _same_press(kind):
        return
    if actions.run(area, work, roles=LIVE_ROLES, success=success, once=f"{kind}-{drawn_on}"):
        st.session_state[_ACTED] = {*st.session_state.get(_ACTED, ()), kind}


def _drawn() -> None:
    """Called once the header is drawn: the presses acted on so far have been shown."""
    acted = st.session_state.pop(_ACTED, ())
    if acted:
        shown = dict(st.session_state.get(_SHOWN, {}))
        shown.update({kind: time.monotonic() for kind in acted})
        st.session_state[_SHOWN] = shown


def _clock_controls(session_id: int, reading: ClockReading, version: int) -> None:
    def press(action, name: str) -> None:
        _press(AREA_CLOCK, f"clock-{name}-{session_id}", f"v{version}",
               lambda s, user: action(s, session_id=session_id, actor=user.actor))

    row = st.container(horizontal=True)
    running = reading.status == "running"
    idle = reading.status in ("no_agenda", "finished")
    row.button(_("Pause") if running else (_("Resume") if reading.status == "paused" else _("Start")),
               key="live_clock_toggle", icon=":material/pause:" if running else ":material/play_arrow:",
               on_click=press, args=(live_clock.pause_clock if running else live_clock.start_clock, "toggle"),
               shortcut="Alt+K", disabled=idle)
    row.button(_("Next segment"), key="live_clock_next", icon=":material/skip_next:",
               on_click=press, args=(live_clock.next_segment, "next"), disabled=idle)
    row.button(_("Back"), key="live_clock_back", icon=":material/undo:", help=_("Reopen the previous segment"),
               on_click=press, args=(live_clock.previous_segment, "back"),
               disabled=reading.status in ("no_agenda", "not_started"))


def _announce(ref) -> str:
    return _("Now on {question}").format(question=question_label(ref)) if ref else _("Now on general discussion")


def _move(session_id: int, drawn: Optional[int], version: int, work) -> None:
    # One kind for every question control: Next right after Jump is the same hurried press.
    _press(AREA_QUESTION, f"question-{session_id}", f"from-{drawn}-v{version}",
           lambda s, user: _announce(work(s, user)), success=lambda text: text)


def _question_controls(session_id: int, view: LiveView) -> None:
    summary = view.summary
    drawn = summary.current_question.id if summary.current_question else None

    def step(delta: int) -> None:
        _move(session_id, drawn, view.version, lambda s, user: live_clock.step_question(
            s, session_id=session_id, step=delta, actor=user.actor, expected=drawn))

    def jump() -> None:
        chosen = st.session_state.get(JUMP_KEY)
        # The box is a one-shot command, not a state holder: it rests empty, so a stale value
        # from one browser can never send the room back to an older question.
        st.session_state[JUMP_KEY] = None
        if chosen is None:
            return
        target = None if chosen == GENERAL_KEY else chosen
        _move(session_id, drawn, view.version, lambda s, user: live_clock.set_current_question(
            s, session_id=session_id, question_id=target, actor=user.actor, expected=drawn))

    ids: list = [GENERAL_KEY, *(q.id for q in summary.questions)]
    labels = {q.id: f"{question_label(q)} · {q.text[:80]}" for q in summary.questions}
    row = st.container(horizontal=True, vertical_alignment="center")
    no_questions = not summary.questions
    row.button(_("Previous"), key="live_q_prev", icon=":material/arrow_back:", on_click=step, args=(-1,),
               shortcut="Alt+P", disabled=no_questions)
    row.button(_("Next"), key="live_q_next", icon=":material/arrow_forward:", on_click=step, args=(1,),
               shortcut="Alt+N", disabled=no_questions)
    row.selectbox(_("Jump to question"), ids, index=None, key=JUMP_KEY, placeholder=_("Jump to question…"),
                  format_func={**labels, GENERAL_KEY: _(GENERAL)}.__getitem__, on_change=jump,
                  disabled=no_questions, label_visibility="collapsed")


def _closed(view: LiveView) -> None:
    """A closed or published session: what was discussed, and nothing that moves or nudges."""
    if view.summary.status == "published":
        st.markdown(_("**Session published** · the agenda clock is stopped and the question no longer moves."))
    else:
        st.markdown(_("**Session closed** · the agenda clock is stopped and the question no longer moves."))
    current = view.summary.current_question
    if current is not None:
        st.caption(_("Last question under discussion: {question} · {text}").format(
            question=question_label(current), text=user_text(current.text)))


def header(session_id: int, *, locked: bool) -> None:
    """Clock and current question, redrawn whenever the session changes (any moderator's browser),
    and every second while the agenda clock runs."""
    if locked:
        _closed(live_view(session_id))
        return
    ticking = live_view(session_id).clock.reading().status == "running"

    @st.fragment(run_every="1s" if ticking else refresh.FALLBACK_EVERY)
    def _panel() -> None:
        actions.guard(*LIVE_ROLES)
        view = live_view(session_id)
        refresh.follow_changes(session_id, view.version, key="live_header")
        if view.clock.reading().status == "closed":
            _closed(view)  # closed in another browser since this page was drawn
            return
        reading = view.clock.reading()
        if (reading.status == "running") != ticking:
            st.rerun(scope="app")  # started or stopped (here or elsewhere): draw it again at the right pace
        summary = view.summary
        left, right = st.columns([2, 3], gap="large")
        with left:
            st.markdown(_("**Agenda clock** · {clock}").format(clock=escape_md(clock_line(reading))))
            _remaining(reading)
            _clock_controls(session_id, reading, view.version)
            actions.lasting_feedback(AREA_CLOCK)
        with right:
            current = summary.current_question
            if current is None:
                st.markdown(_("**Now:** General discussion") if summary.questions else
                            _("**Now:** General discussion — no questions yet: import a concept note under "
                              "Prepare → Questions."))
            else:
                st.markdown(_("**Now: {question}** · {text}").format(question=question_label(current),
                                                                      text=user_text(current.text)))
                if current.objective:
                    st.caption(_("Objective of {part}: {objective}").format(
                        part=user_text(current.part_title), objective=user_text(current.objective)))
            _question_controls(session_id, view)
            balance = summary.balance_for(current.id) if current else summary.session_balance
            if balance.nudge_groups:
                st.warning(balance.nudge_in(_), icon=":material/campaign:")
            elif balance.interventions:
                st.success(_("Every group in the room has spoken {where}.").format(where=balance.where_in(_)),
                           icon=":material/groups:")
            actions.lasting_feedback(AREA_QUESTION)
        _drawn()

    _panel()
