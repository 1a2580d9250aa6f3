"""Counts by group, speaking time, groups not yet heard, themes and the latest feed."""
import pytest
from sqlalchemy import select

from dashboard.services.live import capture as cap
from dashboard.services.audit import Actor
from dashboard.services.live.clock import list_question_refs, set_current_question
from dashboard.services.live.summary import Balance, get_data_version, summarize_live
from db.models import DialogueSession
from tests.factories import make_person, make_session, make_user


@pytest.fixture
def dialogue(dbs):
    user = make_user(dbs)
    actor = Actor(user.id, user.username)
    ds = make_session(dbs, questions=(3, 2), title="Gaming")
    people = {t: make_person(dbs, ds.id, name=f"{t} speaker", stakeholder_type=t, youth_no=1 if t == "youth" else None)
              for t in ("member_state", "industry", "academia", "youth")}
    dbs.commit()
    refs = list_question_refs(dbs, session_id=ds.id)

    def say(group, question, text="A point.", seconds=None, themes=(), **kw):
        return cap.capture_intervention(dbs, session_id=ds.id, actor=actor, person_id=people[group].id, text=text,
                                        question_id=question, speaking_seconds=seconds, theme_codes=themes, **kw)
    return dbs, actor, ds.id, refs, say


def test_counts_and_speaking_time_by_group(dialogue):
    s, actor, sid, refs, say = dialogue
    say("industry", refs[0].id, seconds=120, themes=["age_assurance", "privacy_data"])
    say("industry", refs[0].id, seconds=60, themes=["age_assurance"])
    say("member_state", refs[0].id, themes=["regulation_policy"])
    say("academia", refs[1].id, seconds=30)
    say("youth", None, text="General remark.")
    deleted = say("academia", refs[0].id, seconds=999)
    cap.delete_intervention(s, session_id=sid, intervention_id=deleted.intervention_id, actor=actor)
    s.commit()
    summary = summarize_live(s, session_id=sid)
    q1 = summary.by_group(refs[0].id).set_index("stakeholder_type")
    assert q1.loc["industry", "interventions"] == 2 and q1.loc["industry", "speaking_minutes"] == 3.0
    assert q1.loc["member_state", "interventions"] == 1 and q1.loc["member_state", "timed"] == 0
    assert q1.loc["academia", "interventions"] == 0  # the deleted one does not count
    assert list(q1.index) == ["member_state", "industry", "academia", "civil_society", "intergovernmental",
                              "youth", "other"]
    whole = summary.by_group(whole_session=True).set_index("stakeholder_type")
    assert whole["interventions"].sum() == 5 == summary.total_interventions
    assert summary.session_balance.speaking_seconds == 210
    assert summary.by_group(None).set_index("stakeholder_type").loc["youth", "interventions"] == 1
    themes = summary.themes.set_index(["code", "stakeholder_type"])["interventions"]
    assert themes[("age_assurance", "industry")] == 2 and themes[("regulation_policy", "member_state")] == 1
    assert [b.label for b in summary.balances] == ["Part 1, Q1", "Part 1, Q2", "Part 1, Q3", "Part 2, Q1",
                                                    "Part 2, Q2", "General"]


def test_groups_not_yet_heard_and_the_nudge(dialogue):
    s, actor, sid, refs, say = dialogue
    set_current_question(s, session_id=sid, question_id=refs[2].id, actor=actor)
    say("industry", refs[2].id)
    say("academia", refs[2].id)
    s.commit()
    summary = summarize_live(s, session_id=sid)
    assert summary.current_question.label == "Part 1, Q3"
    balance = summary.balance_for(refs[2].id)
    assert balance.heard == ("industry", "academia")
    assert balance.not_heard == ("member_state", "civil_society", "intergovernmental", "youth")
    # Only groups with someone registered in the room are worth a nudge.
    assert balance.nudge_groups == ("member_state", "youth")
    assert balance.nudge == "No Member State or youth voice yet on Part 1, Q3"
    empty = summary.balance_for(refs[4].id)
    assert empty.interventions == 0
    assert empty.nudge == "No Member State, industry, academic or youth voice yet on Part 2, Q2"
    say("member_state", refs[2].id)
    say("youth", refs[2].id)
    s.commit()
    assert summarize_live(s, session_id=sid).balance_for(refs[2].id).nudge == ""


def test_without_a_participant_list_every_group_is_nudged(dbs):
    ds = make_session(dbs)
    dbs.commit()
    summary = summarize_live(dbs, session_id=ds.id)
    assert summary.session_balance.nudge == (
        "No Member State, industry, academic, civil society, UN agency or youth voice yet in this session")
    general = Balance(None, "General", 0, 0, (), ("youth",), ("youth",))
    assert general.nudge == "No youth voice yet in general discussion"


def test_latest_feed_cites_groups_only_under_chatham_house(dialogue):
    s, actor, sid, refs, say = dialogue
    say("industry", refs[0].id, text="Industry said <b>this</b>.")
    say("youth", refs[0].id, text="Youth said that.")
    s.commit()
    latest = summarize_live(s, session_id=sid).latest
    assert [(i.number, i.cited_as, i.text) for i in latest] == [
        (2, "Children and youth representatives", "Youth said that."),
        (1, "Industry", "Industry said <b>this</b>.")]
    s.get(DialogueSession, sid).chatham_house = False
    s.commit()
    latest = summarize_live(s, session_id=sid).latest
    assert [i.cited_as for i in latest] == ["Children and youth representatives · Youth participant 1",
                                            "Industry · industry speaker"]


def test_every_change_bumps_the_data_version(dialogue):
    s, actor, sid, refs, say = dialogue
    versions = [get_data_version(s, session_id=sid)]
    iid = say("industry", refs[0].id).intervention_id
    versions.append(get_data_version(s, session_id=sid))
    cap.move_intervention(s, session_id=sid, intervention_id=iid, question_id=refs[1].id, actor=actor)
    versions.append(get_data_version(s, session_id=sid))
    cap.delete_intervention(s, session_id=sid, intervention_id=iid, actor=actor)
    versions.append(get_data_version(s, session_id=sid))
    cap.restore_intervention(s, session_id=sid, intervention_id=iid, actor=actor)
    versions.append(get_data_version(s, session_id=sid))
    set_current_question(s, session_id=sid, question_id=refs[1].id, actor=actor)
    versions.append(get_data_version(s, session_id=sid))
    assert versions == sorted(set(versions)) and len(versions) == 6
    assert s.scalar(select(DialogueSession.data_version).where(DialogueSession.id == sid)) == versions[-1]
