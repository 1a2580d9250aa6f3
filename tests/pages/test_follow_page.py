"""AppTest of "Follow the dialogue": a participant sees the current question of a session they are
registered for, and only approved key points cited by group, never a name; nothing else."""
import json

import pytest

from dashboard.services.audit import Actor
from dashboard.services.live.capture import capture_intervention
from dashboard.services.live.clock import list_question_refs, set_current_question
from dashboard.services.live.key_points import decide_key_point, list_key_points
from dashboard.textfmt import strip_isolates
from db.models import DialogueSession
from db.session import session_factory
from tests.conftest import login_as, make_app, page_path
from tests.pages.live_helpers import ours
from tests.factories import make_person, make_session, make_user

NOTE = ("Platforms should switch off direct messages from strangers by default for every account under "
        "eighteen. Kai Streamer said this from experience.")


@pytest.fixture
def room(app_env):
    with session_factory(app_env)() as s:
        mod = make_user(s, "mod", ("moderator",))
        ds = make_session(s, questions=(2,), title="Streaming safety", approval_mode=True, chatham_house=False)
        other = make_session(s, questions=(1,), title="Not my session")
        kai = make_person(s, ds.id, name="Kai Streamer", stakeholder_type="youth", youth_no=2,
                          email="kai@example.org")
        make_person(s, other.id, name="Someone Else")
        make_user(s, "kai", ("participant",), email="kai@example.org")
        make_user(s, "stranger", ("participant",), email="stranger@example.org")
        s.commit()
        actor = Actor(mod.id, mod.username)
        first = list_question_refs(s, session_id=ds.id)[0]
        set_current_question(s, session_id=ds.id, question_id=first.id, actor=actor)
        capture_intervention(s, session_id=ds.id, actor=actor, person_id=kai.id, question_id=first.id, text=NOTE)
        s.commit()
        points = list_key_points(s, session_id=ds.id)
        return {"url": app_env, "id": ds.id, "other": other.id, "actor": actor, "points": points,
                "question": first}


def follow(username: str, role: str = "participant", url: str = ""):
    at = login_as(make_app(), username, [role]).run()
    if url:
        at.query_params["session"] = url
    at.switch_page(page_path("follow.py")).run()
    assert not at.exception, at.exception
    return at


def shown(at) -> str:
    return strip_isolates("\n".join(str(e.value) for e in (*at.markdown, *at.caption, *at.subheader, *at.info,
                                                           *at.error)))


def test_a_registered_participant_follows_the_current_question_and_no_unapproved_point(room):
    at = follow("kai")
    text = shown(at)
    assert "Now: Part 1, Q1" in text and room["question"].text in text
    assert "Objective of Part 1" in text
    assert "None yet: the moderators approve key points" in text  # suggested points are not shown
    assert "switch off direct messages" not in text
    assert [s.label for s in ours(at.selectbox)] == ["Session"] and ours(at.selectbox)[0].options == ["#" + str(
        _series(room, room["id"])) + " Streaming safety"]


def _series(room, session_id):
    with session_factory(room["url"])() as s:
        return s.get(DialogueSession, session_id).series_number


def test_an_approved_point_shows_with_the_group_only_even_with_chatham_house_off(room):
    point = room["points"][0]
    with session_factory(room["url"])() as s:
        decide_key_point(s, session_id=room["id"], intervention_id=point.intervention_id,
                         original_text=point.original_text, state="approved", actor=room["actor"])
        s.commit()
    text = shown(follow("kai"))
    assert point.text in text
    assert "Children and youth representatives" in text
    # The note names its speaker; the page never does (the point's own words aside).
    assert "Kai Streamer" not in text.replace(point.text, "")


def test_without_approval_mode_participants_see_no_key_points_at_all(room):
    with session_factory(room["url"])() as s:
        s.get(DialogueSession, room["id"]).approval_mode = False
        s.commit()
    text = shown(follow("kai"))
    assert "Now: Part 1, Q1" in text and "Key points" not in text


def test_a_session_one_is_not_registered_for_is_refused_plainly(room):
    at = follow("kai", url=str(room["other"]))
    assert [e.value for e in at.error] == [
        f"Session {room['other']} is not one you can follow: this page shows dialogues you are registered for "
        "while they are on."]
    assert "Streaming safety" not in shown(at) and "Now:" not in shown(at)


def test_someone_registered_nowhere_is_told_there_is_nothing_to_follow(room):
    at = follow("stranger")
    assert any("No dialogue to follow right now" in i.value for i in at.info)
    assert "Now:" not in shown(at)


def test_an_ended_session_is_no_longer_offered(room):
    with session_factory(room["url"])() as s:
        s.get(DialogueSession, room["id"]).status = "closed"
        s.commit()
    at = follow("kai", url=str(room["id"]))
    assert at.error and "not one you can follow" in at.error[0].value


def test_staff_may_follow_any_session_to_see_what_participants_see(room):
    at = follow("mod", role="moderator", url=str(room["other"]))
    assert "Now: general discussion" in shown(at)


def test_a_draft_session_not_started_says_so(room):
    with session_factory(room["url"])() as s:
        ds = make_session(s, questions=(1,), title="Tomorrow's dialogue", status="draft")
        s.commit()
        draft_id = ds.id
    at = follow("mod", role="moderator", url=str(draft_id))
    assert any("has not started yet" in i.value for i in at.info)


def test_the_live_part_follows_changes_without_a_timer(room):
    at = follow("kai")
    [component] = at.get("bidi_component")
    assert component.proto.component_name == "dialogue_desk_follow_changes"
    data = json.loads(component.proto.json)
    token = data["url"].removeprefix("/_dd/changes/")
    assert len(token) == 32 and int(token, 16) != room["id"], "an opaque token, not the session number"
    with session_factory(room["url"])() as s:
        assert data["version"] == s.get(DialogueSession, room["id"]).data_version
