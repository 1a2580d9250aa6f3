"""Written input from participants: who may send it, limits, and the moderators' decisions (SQLite and PostgreSQL)."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from dashboard.services.audit import Actor, list_audit
from dashboard.services.errors import Conflict, NotFound, PermissionDenied, ValidationError
from dashboard.services.live import capture as cap
from dashboard.services.live import contributions as wc
from dashboard.services.live.clock import list_question_refs, set_current_question
from dashboard.services.live.feed import get_intervention
from dashboard.services.live.summary import get_data_version, summarize_live
from db.models import DialogueSession, Intervention, User, WrittenContribution
from tests.factories import make_person, make_session, make_user


@pytest.fixture
def room(dbs):
    mod = make_user(dbs, "mod", ("moderator",))
    ds = make_session(dbs, questions=(2, 1))
    youth = make_person(dbs, ds.id, name="Kai Streamer", stakeholder_type="youth", youth_no=2,
                        email="kai@example.org")
    make_user(dbs, "kai", ("participant",), email="kai@example.org")
    make_user(dbs, "stranger", ("participant",), email="stranger@example.org")
    dbs.commit()
    refs = list_question_refs(dbs, session_id=ds.id)
    actor = Actor(mod.id, mod.username)
    set_current_question(dbs, session_id=ds.id, question_id=refs[1].id, actor=actor)
    dbs.commit()
    users = {name: dbs.scalar(select(User.id).where(User.username == name)) for name in ("kai", "stranger", "mod")}
    return {"s": dbs, "sid": ds.id, "refs": refs, "actor": actor, "users": users, "youth": youth.id}


def send(room, text="Age checks must not collect more data than needed.", token="tok-1", user="kai"):
    return wc.submit_contribution(room["s"], session_id=room["sid"], user_id=room["users"][user], text=text,
                                  client_token=token)


def rows(s):
    return list(s.scalars(select(WrittenContribution).order_by(WrittenContribution.id)))


def age(s, seconds=16):
    """Make every stored contribution `seconds` older (instead of waiting out the rate limit)."""
    for row in rows(s):
        row.created_at = row.created_at - timedelta(seconds=seconds)
    s.commit()


def test_a_registered_participant_sends_input_on_the_current_question(room):
    s = room["s"]
    before = get_data_version(s, session_id=room["sid"])
    result = send(room, text="  <b>Bold</b> & <script>x</script>  ")
    s.commit()
    assert result.created and result.question_id == room["refs"][1].id
    [row] = rows(s)
    assert (row.status, row.person_id, row.stakeholder_type, row.user_id) == (
        "pending", room["youth"], "youth", room["users"]["kai"])
    assert row.text == "<b>Bold</b> & <script>x</script>"  # kept as text, trimmed, never interpreted
    assert get_data_version(s, session_id=room["sid"]) > before  # the console's queue refreshes
    [entry] = list_audit(s, entity="written_contribution", entity_id=row.id)
    assert entry.action == "create" and entry.username == "kai"


def test_general_discussion_files_it_as_general(room):
    s = room["s"]
    set_current_question(s, session_id=room["sid"], question_id=None, actor=room["actor"])
    assert send(room).question_id is None


def test_someone_not_registered_cannot_send(room):
    with pytest.raises(PermissionDenied, match="not registered for this session"):
        send(room, user="stranger")
    with pytest.raises(PermissionDenied):
        send(room, user="mod")  # staff are not registered either
    assert rows(room["s"]) == []


@pytest.mark.parametrize("status, message", [("draft", "has not started yet"), ("closed", "has ended"),
                                             ("published", "has ended")])
def test_only_a_live_session_takes_input(room, status, message):
    s = room["s"]
    s.get(DialogueSession, room["sid"]).status = status
    s.commit()
    with pytest.raises(Conflict, match=message):
        send(room)
    s.rollback()
    assert rows(s) == []


def test_empty_and_too_long_input_is_refused(room):
    with pytest.raises(ValidationError, match="Nothing to send"):
        send(room, text=" \n\t ")
    with pytest.raises(ValidationError, match="1,001 characters long; keep it to 1,000"):
        send(room, text="x" * 1001)
    assert send(room, text="  " + "y" * 1000 + "  ").created  # the limit counts after trimming


def test_a_double_submit_stores_one_row(room):
    s = room["s"]
    first = send(room, token="same")
    again = send(room, token="same")  # within the rate limit: still answered with the first row
    s.commit()
    assert again.contribution_id == first.contribution_id and not again.created
    assert len(rows(s)) == 1


def test_one_input_every_15_seconds_says_when_to_send_again(room):
    s = room["s"]
    send(room, token="a")
    s.commit()
    with pytest.raises(ValidationError, match=r"every 15 seconds: you can send again in 1[45] seconds"):
        send(room, token="b")
    s.rollback()
    age(s, 16)
    assert send(room, token="b").created


def test_at_most_20_inputs_per_person_and_session(room):
    s = room["s"]
    for n in range(wc.MAX_PER_SESSION):
        send(room, token=f"t{n}", text=f"Point {n}")
        s.commit()
        age(s)
    with pytest.raises(ValidationError, match="You have sent 20 written inputs in this session"):
        send(room, token="one-more")
    s.rollback()
    assert len(rows(s)) == 20


def test_accepting_makes_a_written_intervention_numbered_like_the_rest(room):
    s, sid, actor = room["s"], room["sid"], room["actor"]
    spoken = cap.capture_intervention(s, session_id=sid, actor=actor, stakeholder_type="industry",
                                      speaker_label="Ana Industry", text="Spoken first.")
    sent = send(room, text="Privacy by default for every child account.")
    s.commit()
    number = wc.accept_contribution(s, session_id=sid, contribution_id=sent.contribution_id, actor=actor)
    s.commit()
    assert number == spoken.number + 1 == 2
    [row] = rows(s)
    assert (row.status, row.decided_by_id) == ("accepted", actor.user_id) and row.decided_at is not None
    item = get_intervention(s, session_id=sid, intervention_id=row.intervention_id)
    assert (item.channel, item.number, item.person_id, item.stakeholder_type, item.question_id, item.text) == (
        "written", 2, room["youth"], "youth", room["refs"][1].id, "Privacy by default for every child account.")
    assert s.get(Intervention, spoken.intervention_id).channel == "spoken"
    [own] = wc.list_own_contributions(s, session_id=sid, user_id=room["users"]["kai"])
    assert own.outcome == "Added to the record as #2"
    [entry] = list_audit(s, entity="written_contribution", entity_id=row.id, limit=1)
    assert entry.action == "accept" and entry.after["intervention_id"] == item.id


def test_accepted_written_input_counts_in_the_balance_and_is_marked_written(room):
    s, sid = room["s"], room["sid"]
    sent = send(room)
    s.commit()
    before = summarize_live(s, session_id=sid)
    assert before.total_interventions == 0  # pending input is not a voice yet
    wc.accept_contribution(s, session_id=sid, contribution_id=sent.contribution_id, actor=room["actor"])
    s.commit()
    summary = summarize_live(s, session_id=sid)
    assert summary.total_interventions == 1
    assert summary.by_group(room["refs"][1].id).set_index("stakeholder_type").loc["youth", "interventions"] == 1
    assert "youth" in summary.balance_for(room["refs"][1].id).heard
    [latest] = summary.latest
    assert latest.cited_as.endswith("(written)") and "Kai" not in latest.cited_as


def test_merging_links_to_an_intervention_and_leaves_its_text(room):
    s, sid, actor = room["s"], room["sid"], room["actor"]
    target = cap.capture_intervention(s, session_id=sid, actor=actor, stakeholder_type="industry",
                                      speaker_label="Ana", text="Default privacy settings.")
    sent = send(room)
    s.commit()
    assert wc.merge_contribution(s, session_id=sid, contribution_id=sent.contribution_id,
                                 intervention_id=target.intervention_id, actor=actor) == 1
    s.commit()
    [row] = rows(s)
    assert (row.status, row.intervention_id) == ("merged", target.intervention_id)
    assert s.get(Intervention, target.intervention_id).text == "Default privacy settings."
    assert s.scalar(select(func.count()).select_from(Intervention)) == 1
    [own] = wc.list_own_contributions(s, session_id=sid, user_id=room["users"]["kai"])
    assert own.outcome == "Merged with #1"


def test_merging_into_another_sessions_intervention_is_refused(room):
    s, sid, actor = room["s"], room["sid"], room["actor"]
    other = make_session(s)
    foreign = cap.capture_intervention(s, session_id=other.id, actor=actor, stakeholder_type="industry",
                                       speaker_label="X", text="Elsewhere.")
    sent = send(room)
    with pytest.raises(ValidationError, match="Pick an intervention of this session"):
        wc.merge_contribution(s, session_id=sid, contribution_id=sent.contribution_id,
                              intervention_id=foreign.intervention_id, actor=actor)


def test_declining_keeps_the_reason_for_the_sender(room):
    s, sid, actor = room["s"], room["sid"], room["actor"]
    sent = send(room)
    s.commit()
    with pytest.raises(ValidationError, match="300 characters or fewer"):
        wc.decline_contribution(s, session_id=sid, contribution_id=sent.contribution_id, actor=actor,
                                reason="r" * 301)
    wc.decline_contribution(s, session_id=sid, contribution_id=sent.contribution_id, actor=actor,
                            reason="  Already   raised by industry. ")
    s.commit()
    [own] = wc.list_own_contributions(s, session_id=sid, user_id=room["users"]["kai"])
    assert own.outcome == "Not taken up: Already raised by industry."
    assert s.scalar(select(func.count()).select_from(Intervention)) == 0
    # Nobody else sees it as their own.
    assert wc.list_own_contributions(s, session_id=sid, user_id=room["users"]["stranger"]) == []


@pytest.mark.parametrize("first", ["accept", "merge", "decline"])
def test_a_decision_is_taken_once(room, first):
    s, sid, actor = room["s"], room["sid"], room["actor"]
    target = cap.capture_intervention(s, session_id=sid, actor=actor, stakeholder_type="industry",
                                      speaker_label="Ana", text="Earlier point.")
    cid = send(room).contribution_id
    s.commit()
    decisions = {
        "accept": lambda: wc.accept_contribution(s, session_id=sid, contribution_id=cid, actor=actor),
        "merge": lambda: wc.merge_contribution(s, session_id=sid, contribution_id=cid,
                                               intervention_id=target.intervention_id, actor=actor),
        "decline": lambda: wc.decline_contribution(s, session_id=sid, contribution_id=cid, actor=actor),
    }
    decisions[first]()
    s.commit()
    for name, decide in decisions.items():
        with pytest.raises(Conflict, match="already decided"):
            decide()
        s.rollback()
    assert s.scalar(select(func.count()).select_from(Intervention)) == (2 if first == "accept" else 1)


def test_a_contribution_of_another_session_is_not_found(room):
    s, actor = room["s"], room["actor"]
    cid = send(room).contribution_id
    other = make_session(s)
    with pytest.raises(NotFound):
        wc.accept_contribution(s, session_id=other.id, contribution_id=cid, actor=actor)


def test_the_moderators_list_puts_pending_first_then_oldest(room):
    s, sid, actor = room["s"], room["sid"], room["actor"]
    first = send(room, token="a", text="First").contribution_id
    age(s)
    second = send(room, token="b", text="Second").contribution_id
    age(s)
    third = send(room, token="c", text="Third").contribution_id
    wc.decline_contribution(s, session_id=sid, contribution_id=first, actor=actor)
    s.commit()
    listed = wc.list_contributions(s, session_id=sid)
    assert [r.id for r in listed] == [second, third, first]
    assert (listed[0].group, listed[0].question_label, listed[0].person_name) == (
        "Children and youth representatives", "Part 1, Q2", "Kai Streamer")
    assert wc.count_pending(s, session_id=sid) == 2
    assert [r.id for r in wc.list_contributions(s, session_id=sid, status="pending")] == [second, third]
