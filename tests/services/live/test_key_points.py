"""Extractive key points: selection, citation, Chatham House anonymisation, moderator decisions."""
import pytest
from sqlalchemy import select

from dashboard.services.live import key_points as kp
from dashboard.services.live import capture as cap
from dashboard.services.audit import Actor, list_audit
from dashboard.services.errors import Conflict, NotFound, ValidationError
from dashboard.services.live.clock import list_question_refs
from db.models import DialogueSession, Intervention
from tests.factories import make_intervention, make_person, make_session, make_user

NOTES = [
    ("industry", "Age assurance must be proportionate to the risk of the service. "
                 "We also sponsor the local football club."),
    ("member_state", "Regulators expect age assurance that is proportionate and privacy preserving."),
    ("civil_society", "Age assurance should be proportionate and never collect more data than needed."),
    ("academia", "Our lab studies the weather patterns of northern lakes in winter."),
    ("youth", "Young people want age assurance that is fair, proportionate and easy to understand."),
]


@pytest.fixture
def talk(dbs):
    user = make_user(dbs)
    actor = Actor(user.id, user.username)
    ds = make_session(dbs, questions=(2,))
    people = {g: make_person(dbs, ds.id, name=f"Dr {g.title()}", stakeholder_type=g,
                             youth_no=4 if g == "youth" else None) for g, _ in NOTES}
    dbs.commit()
    q1, q2 = (r.id for r in list_question_refs(dbs, session_id=ds.id))
    ids = [cap.capture_intervention(dbs, session_id=ds.id, actor=actor, person_id=people[g].id, text=t,
                                    question_id=q1).intervention_id for g, t in NOTES]
    dbs.commit()
    return dbs, actor, ds.id, q1, q2, ids


def test_sentence_splitting_drops_fragments_and_cuts_long_runs():
    assert kp.split_sentences("Yes. We agree with this point entirely!\nThanks.  Next one here please?") == [
        "We agree with this point entirely!", "Next one here please?"]
    long = kp.split_sentences("word " * 500)
    assert len(long) == 1 and len(long[0]) <= 402 and long[0].endswith(" …")


def test_ranking_prefers_representative_sentences_and_avoids_repeats():
    sentences = ["age assurance proportionate risk", "age assurance proportionate risk",
                 "age assurance privacy proportionate", "weather lakes winter"]
    ranked = kp.rank_sentences(sentences, ["industry", "industry", "member_state", "academia"], 2)
    assert [i for i, _ in ranked] == [0, 2]  # the duplicate of #0 is skipped
    assert kp.rank_sentences(["the and of", "it is"], ["x", "y"], 1) == [(0, 0.0)]  # only stop words
    assert kp.rank_sentences([], [], 3) == []


def test_key_points_cite_number_and_group_only_under_chatham_house(talk):
    s, actor, sid, q1, q2, ids = talk
    points = [p for p in kp.list_key_points(s, session_id=sid) if p.question_id == q1]
    assert len(points) == kp.PER_QUESTION and all(p.state == "suggested" for p in points)
    texts = " ".join(p.text for p in points)
    assert "football" not in texts and "weather" not in texts  # off-topic sentences are not representative
    assert all("Dr " not in p.citation for p in points)
    assert {p.citation for p in points} <= {"#1 · Industry", "#2 · Member State / regulator",
                                            "#3 · Civil society", "#5 · Children and youth representatives"}
    s.get(DialogueSession, sid).chatham_house = False
    s.commit()
    cited = {p.number: p.cited_as for p in kp.list_key_points(s, session_id=sid, per_question=5)}
    assert cited[2] == "Member State / regulator · Dr Member_State"
    assert cited[5] == "Children and youth representatives · Youth participant 4"  # never the youth's name


def test_approve_hide_and_reword_persist_and_drive_the_presenter(talk):
    s, actor, sid, q1, q2, ids = talk
    first, second, third = [p for p in kp.list_key_points(s, session_id=sid) if p.question_id == q1]
    kp.decide_key_point(s, session_id=sid, intervention_id=first.intervention_id, original_text=first.original_text,
                        state="approved", actor=actor)
    kp.decide_key_point(s, session_id=sid, intervention_id=second.intervention_id, original_text=second.original_text,
                        state="hidden", actor=actor)
    kp.decide_key_point(s, session_id=sid, intervention_id=third.intervention_id, original_text=third.original_text,
                        state="approved", text="  Proportionate   age assurance, said many. ", actor=actor)
    s.commit()
    points = kp.list_key_points(s, session_id=sid)
    states = {(p.intervention_id, p.sentence_hash): p for p in points}
    assert states[(second.intervention_id, second.sentence_hash)].state == "hidden"
    reworded = states[(third.intervention_id, third.sentence_hash)]
    assert reworded.text == "Proportionate age assurance, said many." and reworded.reworded
    shown = kp.shown_key_points(points, question_id=q1, approval_mode=True)
    assert {p.text for p in shown} == {first.text, "Proportionate age assurance, said many."}
    topped_up = kp.shown_key_points(points, question_id=q1, approval_mode=False)
    assert len(topped_up) == kp.PER_QUESTION and second.text not in {p.text for p in topped_up}
    assert [p.number for p in kp.approved_key_points(s, session_id=sid)] == sorted(
        [first.number, third.number])
    kp.reset_key_point(s, session_id=sid, intervention_id=second.intervention_id,
                       sentence_hash=second.sentence_hash, actor=actor)
    s.commit()
    assert [e.action for e in list_audit(s, session_id=sid, entity="key_point")] == [
        "delete", "create", "create", "create"]


def test_decisions_follow_moves_and_vanish_with_deleted_interventions(talk):
    s, actor, sid, q1, q2, ids = talk
    point = kp.list_key_points(s, session_id=sid)[0]
    kp.decide_key_point(s, session_id=sid, intervention_id=point.intervention_id, original_text=point.original_text,
                        state="approved", actor=actor)
    cap.move_intervention(s, session_id=sid, intervention_id=point.intervention_id, question_id=q2, actor=actor)
    assert [p.question_id for p in kp.approved_key_points(s, session_id=sid)] == [q2]
    cap.delete_intervention(s, session_id=sid, intervention_id=point.intervention_id, actor=actor)
    assert kp.approved_key_points(s, session_id=sid) == []
    with pytest.raises(NotFound):
        kp.decide_key_point(s, session_id=sid, intervention_id=point.intervention_id,
                            original_text=point.original_text, state="hidden", actor=actor)


def test_bad_decisions_are_refused(talk):
    s, actor, sid, q1, q2, ids = talk
    point = kp.list_key_points(s, session_id=sid)[0]
    with pytest.raises(ValidationError, match="hide it instead"):
        kp.decide_key_point(s, session_id=sid, intervention_id=point.intervention_id,
                            original_text=point.original_text, state="approved", text="   ", actor=actor)
    with pytest.raises(ValidationError, match="Unknown key point decision"):
        kp.decide_key_point(s, session_id=sid, intervention_id=point.intervention_id,
                            original_text=point.original_text, state="maybe", actor=actor)
    s.get(DialogueSession, sid).status = "closed"
    s.flush()
    kp.decide_key_point(s, session_id=sid, intervention_id=point.intervention_id,  # still curated after closing
                        original_text=point.original_text, state="approved", actor=actor)
    s.get(DialogueSession, sid).status = "published"
    s.flush()
    with pytest.raises(Conflict, match="published"):
        kp.decide_key_point(s, session_id=sid, intervention_id=point.intervention_id,
                            original_text=point.original_text, state="hidden", actor=actor)


def test_approval_mode_is_switched_with_an_audit_entry(talk):
    s, actor, sid, q1, q2, ids = talk
    kp.set_approval_mode(s, session_id=sid, on=True, actor=actor)
    kp.set_approval_mode(s, session_id=sid, on=True, actor=actor)  # no second entry for no change
    assert s.get(DialogueSession, sid).approval_mode is True
    [entry] = [e for e in list_audit(s, session_id=sid, entity="session")]
    assert entry.after == {"approval_mode": True}


MULTILINGUAL = {
    "zh": ("industry", "谢谢主持人。我们认为平台应当默认关闭陌生成年人向儿童发送私信的功能。"
                       "年龄验证必须与风险相称，并且不能收集超出需要的数据。"),
    "ar": ("member_state", "شكرا. نرى أن على المنصات أن تعطّل افتراضياً الرسائل المباشرة من البالغين الغرباء إلى الأطفال. "
                           "ويجب أن يكون التحقق من العمر متناسباً مع المخاطر وألا يجمع بيانات أكثر من اللازم؟"),
    "fr": ("civil_society", "Merci. Les plateformes doivent désactiver par défaut les messages d'adultes inconnus "
                            "aux enfants. La vérification de l'âge doit rester proportionnée au risque."),
}


@pytest.mark.parametrize("language", list(MULTILINGUAL))
def test_chinese_arabic_and_french_notes_yield_key_points(dbs, language):
    user = make_user(dbs)
    actor = Actor(user.id, user.username)
    ds = make_session(dbs, questions=(1,))
    group, note = MULTILINGUAL[language]
    speaker = make_person(dbs, ds.id, stakeholder_type=group)
    dbs.commit()
    [q1] = (r.id for r in list_question_refs(dbs, session_id=ds.id))
    cap.capture_intervention(dbs, session_id=ds.id, actor=actor, person_id=speaker.id, text=note, question_id=q1)
    dbs.commit()
    assert dbs.scalar(select(Intervention.language)) == language
    points = kp.list_key_points(dbs, session_id=ds.id)
    assert len(points) == 2 and all(p.question_id == q1 and p.state == "suggested" for p in points)
    assert all(p.text in note and len(p.text) > 12 for p in points)  # whole sentences, the thank-you left out


def test_one_question_in_three_languages_cites_each(dbs):
    user = make_user(dbs)
    actor = Actor(user.id, user.username)
    ds = make_session(dbs, questions=(1,))
    people = {lang: make_person(dbs, ds.id, stakeholder_type=group) for lang, (group, _) in MULTILINGUAL.items()}
    dbs.commit()
    for lang, (_, note) in MULTILINGUAL.items():
        cap.capture_intervention(dbs, session_id=ds.id, actor=actor, person_id=people[lang].id, text=note)
    dbs.commit()
    points = kp.list_key_points(dbs, session_id=ds.id, per_question=3)
    assert sorted(p.number for p in points) == [1, 2, 3]  # one sentence from each note


def test_notes_saved_without_a_language_are_detected_when_read(dbs):
    ds = make_session(dbs, questions=(1,))
    make_intervention(dbs, ds.id, text=MULTILINGUAL["zh"][1], language=None)
    make_intervention(dbs, ds.id, text="平台应当默认关闭陌生人私信。Ok", language="en")  # a wrong stored code
    dbs.commit()
    texts = {p.text for p in kp.list_key_points(dbs, session_id=ds.id, per_question=5)}
    assert "我们认为平台应当默认关闭陌生成年人向儿童发送私信的功能。" in texts
    assert "平台应当默认关闭陌生人私信。" in texts  # a stored code changes the stop words, never the sentences


def test_a_sentence_said_twice_in_one_note_is_one_key_point(dbs):
    user = make_user(dbs)
    actor = Actor(user.id, user.username)
    ds = make_session(dbs, questions=(1,))
    person = make_person(dbs, ds.id, name="Dr Repeat", stakeholder_type="industry")
    dbs.commit()
    (q1,) = (r.id for r in list_question_refs(dbs, session_id=ds.id))
    said = "Platforms must publish age assurance error rates by age band."
    cap.capture_intervention(dbs, session_id=ds.id, actor=actor, person_id=person.id, question_id=q1,
                             text=f"{said} Regulators should compare them yearly. {said}")
    dbs.commit()
    points = kp.list_key_points(dbs, session_id=ds.id, per_question=5)
    hashes = [(p.intervention_id, p.sentence_hash) for p in points]
    assert len(hashes) == len(set(hashes)) == 2  # each (note, sentence) once: one widget key per point
    assert [p.text for p in points].count(said) == 1
