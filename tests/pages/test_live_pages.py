"""AppTest of the capture console on the real entry script."""
import pytest
from sqlalchemy import select

from db.models import AgendaSegment, DialogueSession, Intervention
from db.session import session_factory
from tests.conftest import login_as, make_app, page_path
from tests.factories import make_user
from tests.pages.live_helpers import XSS, capture, capture_field, count, open_page, qa_field, said, submit, texts


def test_console_captures_in_three_steps_and_clears_the_form(live):
    at = open_page("live_console.py")
    capture_field(at, "selectbox", "speaker").select(live["people"]["jane"])
    capture_field(at, "text_area", "note").input("Age verification should be proportionate and respect privacy.")
    submit(at)
    assert not at.exception
    assert "Saved #1 · Member State / regulator · General" in said(at)
    assert count(live["url"], live["session_id"]) == 1
    assert capture_field(at, "text_area", "note").value == ""
    assert capture_field(at, "selectbox", "speaker").value == "nobody"  # "—": no listed speaker
    assert "**#1** · General · Member State / regulator · Jane Regulator" in texts(at)
    assert "Themes suggested for the last capture: Age assurance, Privacy and data protection" in texts(at)


def test_console_refuses_an_empty_capture_and_keeps_what_was_typed(live):
    at = open_page("live_console.py")
    submit(at)
    assert any(e.value.startswith("Nothing to save: type the speaker's name") for e in at.error)
    assert count(live["url"], live["session_id"]) == 0
    capture_field(at, "text_input", "unlisted").input("Sam Guest")
    capture_field(at, "text_area", "note").input("A long remark worth keeping.")
    submit(at)
    assert any("Pick the stakeholder group of “Sam Guest”" in e.value for e in at.error)
    assert capture_field(at, "text_area", "note").value == "A long remark worth keeping."  # nothing lost
    capture_field(at, "selectbox", "group").select("academia")
    submit(at)
    assert "Saved #1 · Academia · General" in said(at)
    assert count(live["url"], live["session_id"]) == 1


def test_quick_add_registers_and_picks_the_speaker_and_the_timer_fills_the_time(live):
    at = open_page("live_console.py")
    at.button(key="live_timer_start").click().run()
    qa_field(at, "text_input", "name").input("Zeynep Newcomer")
    qa_field(at, "selectbox", "group").select("civil_society")
    [add] = [b for b in at.button if b.label == "Add speaker"]
    add.click().run()
    assert not at.exception
    assert "Zeynep Newcomer is on the list and picked as the speaker" in said(at)
    speaker = capture_field(at, "selectbox", "speaker")
    assert speaker.value is not None and "Zeynep Newcomer" in speaker.format_func(speaker.value)
    at.button(key="live_timer_stop").click().run()
    capture_field(at, "text_area", "note").input("Helplines see more grooming reports from live streams.")
    submit(at)
    assert "Saved #1 · Civil society · General" in said(at)
    with session_factory(live["url"])() as s:
        item = s.scalars(select(Intervention)).one()
        assert item.speaking_seconds is not None  # taken from the stopped timer
    assert "Speaking timer: not running" in texts(at)  # and the timer reset for the next speaker


def test_a_resubmitted_form_stores_one_intervention(live):
    at = open_page("live_console.py")
    for _ in range(2):  # the second submit carries the same content, as a double click would
        capture_field(at, "selectbox", "speaker").select(live["people"]["kai"])
        capture_field(at, "text_area", "note").input("Young streamers need safer defaults.")
        submit(at)
    assert "Already saved as #1 (double submit ignored)" in said(at)
    assert count(live["url"], live["session_id"]) == 1


def test_console_follows_the_current_question_and_shows_markup_as_text(live):
    at = open_page("live_console.py")
    at.button(key="live_q_next").click().run()
    assert "**Now: Part 1, Q1**" in texts(at)
    capture_field(at, "selectbox", "speaker").select(live["people"]["kai"])
    capture_field(at, "text_area", "note").input(XSS)
    submit(at)
    assert "Saved #1 · Children and youth representatives · Part 1, Q1" in said(at)
    shown = texts(at)
    assert "<script>" not in shown and "\\<script\\>" in shown and "\\*\\*bold?\\*\\*" in shown
    assert "No Member State voice yet on Part 1, Q1" in shown


def test_edit_move_delete_and_undo_from_the_list(live):
    iid = capture(live, "jane", "First version of the note.")
    at = open_page("live_console.py")
    at.button(key=f"live_edit_{iid}").click().run()
    [note] = [t for t in at.text_area if t.label == "Note" and t.value == "First version of the note."]
    note.input("Corrected note.")
    [move] = [s for s in at.selectbox if s.label == "Question (move)"]
    move.select(live["refs"][3].id)
    [save] = [b for b in at.button if b.label == "Save"]
    save.click().run()
    assert not at.exception
    assert "Updated #1" in said(at)
    with session_factory(live["url"])() as s:
        item = s.get(Intervention, iid)
        assert (item.text, item.question_id) == ("Corrected note.", live["refs"][3].id)
    at.button(key=f"live_del_{iid}").click().run()
    assert "Deleted #1." in [i.value for i in at.info]
    assert "Nothing captured yet" in texts(at)
    at.button(key="live_undo_btn").click().run()
    assert "Restored #1" in said(at)
    with session_factory(live["url"])() as s:
        assert s.get(Intervention, iid).deleted_at is None


def test_a_notes_language_is_shown_and_can_be_corrected_then_detected_again(live):
    iid = capture(live, "jane", "Les plateformes doivent protéger les enfants contre les contenus préjudiciables.")

    def stored() -> str:
        with session_factory(live["url"])() as s:
            return s.get(Intervention, iid).language

    def edit(choice=None):
        """Open #1's edit form, pick a language (or leave it), save; the form's language before the pick."""
        at.button(key=f"live_edit_{iid}").click().run()
        [language] = [w for w in at.selectbox if w.label == "Language of the note"]
        before = language.value
        if choice is not None:
            language.select(choice)
        [save] = [b for b in at.button if b.label == "Save"]
        save.click().run()
        assert not at.exception and "Updated #1" in said(at)
        return before

    assert stored() == "fr"
    at = open_page("live_console.py")
    assert "· French" in texts(at)  # named: it is not the reader's language
    assert edit("es") == "fr" and stored() == "es" and "· Spanish" in texts(at)
    assert edit() == "es" and stored() == "es"  # saved again untouched: the moderator's choice stays
    assert edit("detect") == "es" and stored() == "fr" and "· French" in texts(at)  # detected again


def test_the_clock_starts_from_the_console(live):
    at = open_page("live_console.py")
    assert "Clock not started. First up: Moderated dialogue" in texts(at)
    at.button(key="live_clock_toggle").click().run()
    assert "Moderated dialogue: 0:0" in texts(at)
    with session_factory(live["url"])() as s:
        assert s.get(DialogueSession, live["session_id"]).segment_started_at is not None


def test_a_closed_session_is_read_only(live):
    capture(live, "jane", "Said before closing.")
    with session_factory(live["url"])() as s:
        s.get(DialogueSession, live["session_id"]).status = "closed"
        s.commit()
    at = open_page("live_console.py")
    assert any("This session is closed" in i.value for i in at.info)
    assert not [b for b in at.button if b.label == "Save intervention"]
    assert not [b for b in at.button if (b.key or "").startswith(("live_edit_", "live_del_"))]
    assert "Said before closing." in texts(at)


def test_participants_cannot_open_the_live_pages(live):
    with session_factory(live["url"])() as s:
        make_user(s, "pat", ("participant",))
        s.commit()
    at = login_as(make_app(), "pat", ["participant"]).run()
    for file in ("live_console.py", "live_summary.py", "presenter.py"):
        with pytest.raises(ValueError):
            at.switch_page(page_path(file)).run()


def _rows(url: str, session_id: int) -> list[tuple]:
    with session_factory(url)() as s:
        return s.execute(select(Intervention.person_id, Intervention.text, Intervention.speaking_seconds)
                         .where(Intervention.session_id == session_id).order_by(Intervention.id)).all()


def test_minutes_of_one_capture_never_reach_the_next(live):
    at = open_page("live_console.py")
    capture_field(at, "selectbox", "speaker").select(live["people"]["jane"])
    capture_field(at, "text_area", "note").input("Two minutes on age assurance.")
    capture_field(at, "number_input", "minutes").set_value(2.0)
    submit(at)
    assert capture_field(at, "number_input", "minutes").value is None  # a new, empty box
    capture_field(at, "selectbox", "speaker").select(live["people"]["kai"])
    capture_field(at, "text_area", "note").input("No time taken for this one.")
    submit(at)
    assert _rows(live["url"], live["session_id"]) == [
        (live["people"]["jane"], "Two minutes on age assurance.", 120),
        (live["people"]["kai"], "No time taken for this one.", None)]


def test_a_running_timer_wins_over_an_empty_minutes_box(live):
    at = open_page("live_console.py")
    capture_field(at, "selectbox", "speaker").select(live["people"]["jane"])
    capture_field(at, "text_area", "note").input("Timed by hand.")
    capture_field(at, "number_input", "minutes").set_value(2.0)
    submit(at)
    at.button(key="live_timer_start").click().run()
    capture_field(at, "selectbox", "speaker").select(live["people"]["kai"])
    capture_field(at, "text_area", "note").input("Timed by the running timer.")
    submit(at)
    (_, _, first), (_, _, second) = _rows(live["url"], live["session_id"])
    assert first == 120 and second is not None and second < 60  # the timer's seconds, not the old 2:00


def test_one_press_delivered_twice_moves_one_question(live, monkeypatch):
    from dashboard.services.audit import list_audit
    from dashboard.ui.live import header

    def moves() -> list:
        with session_factory(live["url"])() as s:
            return [e for e in list_audit(s, session_id=live["session_id"], entity="session")
                    if e.action == "set_question"]

    at = open_page("live_console.py")
    at.button(key="live_q_next").click().run()
    # The same press arriving again right after its result was drawn (a shortcut or a double
    # click sends it twice): dropped.
    at.button(key="live_q_next").click().run()
    assert "**Now: Part 1, Q1**" in texts(at) and len(moves()) == 1
    monkeypatch.setattr(header, "SAME_PRESS_S", 0.0)  # a later press is a new press
    at.button(key="live_q_next").click().run()
    assert "**Now: Part 1, Q2**" in texts(at) and len(moves()) == 2


def test_a_published_session_has_a_stopped_clock_and_no_controls(live):
    from datetime import timedelta

    from db.models import utcnow
    with session_factory(live["url"])() as s:
        ds = s.get(DialogueSession, live["session_id"])
        segment = s.scalars(select(AgendaSegment).where(AgendaSegment.session_id == ds.id)).one()
        # What an unstopped clock left behind: a segment started two hours before publishing.
        ds.current_segment_id, ds.segment_started_at = segment.id, utcnow() - timedelta(hours=2)
        ds.current_question_id, ds.status = live["refs"][0].id, "published"
        s.commit()
    at = open_page("live_console.py")
    shown = texts(at)
    assert "**Session published** · the agenda clock is stopped" in shown
    assert "Over time" not in shown and "voice yet" not in shown  # no overrun, no nudges
    keys = {b.key for b in at.button}
    assert not keys & {"live_clock_toggle", "live_clock_next", "live_clock_back", "live_q_prev", "live_q_next"}


def test_a_deactivated_users_open_console_writes_nothing(live):
    clicking, typing = open_page("live_console.py"), open_page("live_console.py")  # two open tabs
    capture_field(typing, "selectbox", "speaker").select(live["people"]["jane"])
    capture_field(typing, "text_area", "note").input("Typed before the account was switched off.")
    with session_factory(live["url"])() as s:
        from db.models import User
        s.scalars(select(User).where(User.username == "mod")).one().is_active = False
        s.commit()
        before = s.get(DialogueSession, live["session_id"]).current_question_id
    clicking.button(key="live_q_next").click().run()
    submit(typing)
    with session_factory(live["url"])() as s:
        assert s.get(DialogueSession, live["session_id"]).current_question_id == before
    assert count(live["url"], live["session_id"]) == 0
    for at in (clicking, typing):
        assert not at.exception
        assert [t.label for t in at.text_input][:2] == ["Username", "Password"]  # back at the login
        assert "Typed before the account was switched off." not in texts(at)
