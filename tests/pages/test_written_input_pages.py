"""AppTest of written input: a participant sends it from "Follow the dialogue", the moderators decide on the
capture console, and the participant sees what became of it."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from dashboard.services.audit import Actor
from dashboard.services.live.capture import capture_intervention
from dashboard.services.live.clock import list_question_refs, set_current_question
from dashboard.services.live.contributions import decline_contribution, submit_contribution
from dashboard.textfmt import strip_isolates
from db.models import DialogueSession, Intervention, User, WrittenContribution
from db.session import session_factory
from tests.conftest import login_as, make_app, page_path
from tests.factories import make_person, make_session, make_user

INPUT = "Reporting tools must work in every language the game is sold in, <b>not</b> only English."


@pytest.fixture
def room(app_env):
    with session_factory(app_env)() as s:
        mod = make_user(s, "mod", ("moderator",))
        ds = make_session(s, questions=(2,), title="Gaming and online safety")
        kai = make_person(s, ds.id, name="Kai Streamer", stakeholder_type="youth", youth_no=2,
                          email="kai@example.org")
        make_user(s, "kai", ("participant",), email="kai@example.org")
        s.commit()
        actor = Actor(mod.id, mod.username)
        second = list_question_refs(s, session_id=ds.id)[1]
        set_current_question(s, session_id=ds.id, question_id=second.id, actor=actor)
        s.commit()
        kai_user = s.scalar(select(User.id).where(User.username == "kai"))
        return {"url": app_env, "id": ds.id, "actor": actor, "question": second, "person": kai.id,
                "kai": kai_user}


def open_page(username: str, role: str, file: str):
    at = login_as(make_app(), username, [role]).run()
    at.switch_page(page_path(file)).run()
    assert not at.exception, at.exception
    return at


def widget(at, kind: str, pattern: str):
    [found] = [w for w in getattr(at, kind) if re.fullmatch(pattern, w.key or "")]
    return found


def contributions(url: str) -> list[WrittenContribution]:
    with session_factory(url)() as s:
        return list(s.scalars(select(WrittenContribution).order_by(WrittenContribution.id)))


def shown(at) -> str:
    """Text on the page as the browser shows it (user text is escaped Markdown)."""
    return strip_isolates("\n".join(str(e.value) for e in (*at.markdown, *at.caption, *at.info, *at.error,
                                                            *at.success)).replace("\\", ""))


def send_from_follow_page(at, text: str):
    widget(at, "text_area", r"follow_written\.\d+\.text\.\d+").input(text)
    [button] = [b for b in at.button if b.label == "Send"]
    button.click()
    return at.run()


def pending(room, text=INPUT) -> int:
    with session_factory(room["url"])() as s:
        result = submit_contribution(s, session_id=room["id"], user_id=room["kai"], text=text, client_token="t1")
        s.commit()
        return result.contribution_id


def test_a_participant_sends_input_and_sees_it_waiting(room):
    at = open_page("kai", "participant", "follow.py")
    assert "Send written input on this question" in shown(at)
    send_from_follow_page(at, "  " + INPUT + "  ")
    assert not at.exception, at.exception
    [row] = contributions(room["url"])
    assert (row.status, row.text, row.question_id, row.stakeholder_type, row.person_id) == (
        "pending", INPUT, room["question"].id, "youth", room["person"])
    assert any("Sent to the moderators" in s.value for s in at.success)
    assert widget(at, "text_area", r"follow_written\.\d+\.text\.\d+").value == ""  # the form cleared
    text = shown(at)
    assert "Your written input" in text and "Part 1, Q2 · Waiting for the moderators" in text
    assert f"\n{INPUT}\n" in f"\n{text}\n"  # shown as it was typed: the <b> is text, not markup


def test_sending_too_soon_is_refused_plainly_and_keeps_the_text(room):
    pending(room)
    at = open_page("kai", "participant", "follow.py")
    send_from_follow_page(at, "A second thought.")
    assert any(re.search(r"you can send again in 1[45] seconds", e.value) for e in at.error)
    assert widget(at, "text_area", r"follow_written\.\d+\.text\.\d+").value == "A second thought."
    assert len(contributions(room["url"])) == 1


def test_a_staff_viewer_gets_a_note_and_no_form(room):
    at = open_page("mod", "moderator", "follow.py")
    assert not [w for w in at.text_area if (w.key or "").startswith("follow_written")]
    assert not [b for b in at.button if b.label == "Send"]
    assert "You are not registered for it, so there is no form for you" in shown(at)


def test_the_moderator_accepts_on_the_console(room):
    cid = pending(room)
    at = open_page("mod", "moderator", "live_console.py")
    assert [e.label for e in at.expander if e.label.startswith("Written input")] == ["Written input (1 waiting)"]
    assert "Kai Streamer" in shown(at)  # staff see the sender's name on the console
    widget(at, "button", rf"live_written\.\d+\.accept\.{cid}").click()
    at.run()
    assert not at.exception, at.exception
    assert any("Accepted written input as #1 · Children and youth representatives" in s.value.replace("\\", "")
               for s in at.success)
    with session_factory(room["url"])() as s:
        [item] = s.scalars(select(Intervention)).all()
        assert (item.channel, item.stakeholder_type, item.person_id, item.question_id, item.text) == (
            "written", "youth", room["person"], room["question"].id, INPUT)
        assert s.get(WrittenContribution, cid).intervention_id == item.id
    assert [e.label for e in at.expander if e.label.startswith("Written input")] == ["Written input (0 waiting)"]
    assert "**#1** · Part 1, Q2 · Children and youth representatives · written" in shown(at)
    follow = open_page("kai", "participant", "follow.py")
    assert "Part 1, Q2 · Added to the record as #1" in shown(follow)


def test_the_moderator_merges_into_an_earlier_intervention(room):
    with session_factory(room["url"])() as s:
        earlier = capture_intervention(s, session_id=room["id"], actor=room["actor"], stakeholder_type="industry",
                                       speaker_label="Ana", text="Reporting in every language.")
        s.commit()
    cid = pending(room)
    at = open_page("mod", "moderator", "live_console.py")
    widget(at, "selectbox", rf"live_written\.\d+\.target\.{cid}").select(earlier.intervention_id)
    widget(at, "button", rf"live_written\.\d+\.merge\.{cid}").click()
    at.run()
    assert not at.exception, at.exception
    [row] = contributions(room["url"])
    assert (row.status, row.intervention_id) == ("merged", earlier.intervention_id)
    assert "Merged with #1" in shown(open_page("kai", "participant", "follow.py"))


def test_a_decline_with_a_reason_shows_to_the_participant(room):
    cid = pending(room)
    at = open_page("mod", "moderator", "live_console.py")
    widget(at, "text_input", rf"live_written\.\d+\.reason\.{cid}").input("Off topic for this question.")
    widget(at, "button", rf"live_written\.\d+\.decline\.{cid}").click()
    at.run()
    assert not at.exception, at.exception
    [row] = contributions(room["url"])
    assert (row.status, row.decline_reason, row.intervention_id) == ("declined", "Off topic for this question.", None)
    follow = open_page("kai", "participant", "follow.py")
    assert "Part 1, Q2 · Not taken up: Off topic for this question." in shown(follow)


def test_a_decision_lands_on_the_row_it_was_shown_for_after_the_queue_changed(room):
    first = pending(room, text="First input.")
    with session_factory(room["url"])() as s:
        row = s.get(WrittenContribution, first)
        row.created_at -= timedelta(seconds=20)  # rather than waiting out the rate limit
        s.commit()
        second = submit_contribution(s, session_id=room["id"], user_id=room["kai"], text="Second input.",
                                     client_token="t2").contribution_id
        s.commit()
    at = open_page("mod", "moderator", "live_console.py")
    assert [e.label for e in at.expander if e.label.startswith("Written input")] == ["Written input (2 waiting)"]
    with session_factory(room["url"])() as s:  # another moderator declines the first one meanwhile
        decline_contribution(s, session_id=room["id"], contribution_id=first, actor=room["actor"])
        s.commit()
    widget(at, "button", rf"live_written\.\d+\.accept\.{second}").click()
    at.run()
    assert not at.exception, at.exception
    rows = {c.id: (c.status, c.intervention_id is not None) for c in contributions(room["url"])}
    assert rows == {first: ("declined", False), second: ("accepted", True)}
    with session_factory(room["url"])() as s:
        assert s.scalars(select(Intervention.text)).all() == ["Second input."]


def test_before_the_dialogue_starts_the_form_says_when_sending_opens(room):
    with session_factory(room["url"])() as s:
        s.get(DialogueSession, room["id"]).status = "draft"
        s.commit()
    at = open_page("kai", "participant", "follow.py")
    assert "Sending opens when the moderator starts the dialogue" in shown(at)
    send_from_follow_page(at, "Written early.")
    assert at.error and contributions(room["url"]) == []
    assert widget(at, "text_area", r"follow_written\.\d+\.text\.\d+").value == "Written early."
