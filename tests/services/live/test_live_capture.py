"""Capturing, editing, moving, deleting and restoring interventions (on SQLite and PostgreSQL)."""
import pytest
from sqlalchemy import func, select

from dashboard.services.live import capture as cap
from dashboard.services.audit import Actor, list_audit
from dashboard.services.errors import Conflict, NotFound, ValidationError
from dashboard.services.live.clock import list_question_refs, set_current_question
from dashboard.services.live.feed import get_intervention, list_interventions
from db.models import DialogueSession, Intervention
from tests.factories import make_person, make_session, make_user


@pytest.fixture
def world(dbs):
    user = make_user(dbs, "rapporteur")
    ds = make_session(dbs, questions=(2, 2))
    speaker = make_person(dbs, ds.id, name="Jane Doe", stakeholder_type="member_state")
    dbs.commit()
    refs = list_question_refs(dbs, session_id=ds.id)
    return dbs, Actor(user.id, user.username), ds.id, speaker.id, refs


def _version(s, session_id):
    return s.scalar(select(DialogueSession.data_version).where(DialogueSession.id == session_id))


def test_capture_takes_the_speakers_group_and_the_current_question(world):
    s, actor, sid, speaker, refs = world
    set_current_question(s, session_id=sid, question_id=refs[2].id, actor=actor)
    before = _version(s, sid)
    result = cap.capture_intervention(s, session_id=sid, actor=actor, person_id=speaker, text="We need age checks.",
                                      theme_codes=["age_assurance"], speaking_seconds=95, client_token="t-1")
    s.commit()
    assert result.created and result.number == 1
    assert result.stakeholder_type == "member_state"
    assert result.question_id == refs[2].id
    assert _version(s, sid) == before + 1
    row = get_intervention(s, session_id=sid, intervention_id=result.intervention_id)
    assert (row.person_name, row.theme_codes, row.speaking_seconds, row.created_by) == (
        "Jane Doe", ("age_assurance",), 95, "rapporteur")
    [entry] = list_audit(s, entity="intervention", entity_id=result.intervention_id)
    assert entry.action == "create" and entry.after["themes"] == ["age_assurance"]


def test_a_repeated_client_token_returns_the_first_row(world):
    s, actor, sid, speaker, _ = world
    first = cap.capture_intervention(s, session_id=sid, actor=actor, person_id=speaker, text="Once.",
                                     client_token="same")
    again = cap.capture_intervention(s, session_id=sid, actor=actor, person_id=speaker, text="Once.",
                                     client_token="same")
    s.commit()
    assert again.intervention_id == first.intervention_id and not again.created
    assert s.scalar(select(func.count()).select_from(Intervention)) == 1


def test_unregistered_speaker_needs_a_group_and_empty_captures_are_refused(world):
    s, actor, sid, _, _ = world
    with pytest.raises(ValidationError, match="write a note or pick a speaker"):
        cap.capture_intervention(s, session_id=sid, actor=actor, text="   ", stakeholder_type="industry")
    with pytest.raises(ValidationError, match="stakeholder group of “Sam Guest”"):
        cap.capture_intervention(s, session_id=sid, actor=actor, speaker_label="Sam Guest", text="Hello there")
    ok = cap.capture_intervention(s, session_id=sid, actor=actor, speaker_label=" Sam   Guest ",
                                  stakeholder_type="academia", text="", question_id=None)
    row = get_intervention(s, session_id=sid, intervention_id=ok.intervention_id)
    assert (row.speaker, row.stakeholder_type, row.text, row.question_id) == ("Sam Guest", "academia", "", None)


def test_a_speaker_from_another_session_or_a_foreign_question_is_refused(world):
    s, actor, sid, _, _ = world
    other = make_session(s)
    stranger = make_person(s, other.id)
    foreign_question = list_question_refs(s, session_id=other.id)[0].id
    with pytest.raises(ValidationError, match="not on this session's participant list"):
        cap.capture_intervention(s, session_id=sid, actor=actor, person_id=stranger.id, text="Hi all")
    with pytest.raises(ValidationError, match="does not belong to this session"):
        cap.capture_intervention(s, session_id=sid, actor=actor, stakeholder_type="industry", text="x",
                                 question_id=foreign_question)
    with pytest.raises(ValidationError, match="Unknown theme"):
        cap.capture_intervention(s, session_id=sid, actor=actor, stakeholder_type="industry", text="x",
                                 theme_codes=["no_such_theme"])
    with pytest.raises(NotFound):
        cap.capture_intervention(s, session_id=999_999, actor=actor, stakeholder_type="industry", text="x")


@pytest.mark.parametrize("status", ["closed", "published"])
def test_closed_and_published_sessions_refuse_captures(dbs, status):
    user = make_user(dbs)
    ds = make_session(dbs, status=status, title="Gaming and child safety")
    dbs.commit()
    with pytest.raises(Conflict, match=f"“Gaming and child safety” is {status}"):
        cap.capture_intervention(dbs, session_id=ds.id, actor=Actor(user.id, user.username),
                                 stakeholder_type="industry", text="Too late")


def test_long_notes_are_stored_whole_and_markup_is_kept_verbatim(world):
    s, actor, sid, speaker, _ = world
    long_note = ("<script>alert('x')</script> **not bold** " * 1300)[:49_999] + "."
    result = cap.capture_intervention(s, session_id=sid, actor=actor, person_id=speaker, text=long_note)
    s.commit()
    stored = s.get(Intervention, result.intervention_id).text
    assert len(stored) == 50_000 and stored == long_note
    with pytest.raises(ValidationError, match="keep it under 100,000"):
        cap.capture_intervention(s, session_id=sid, actor=actor, person_id=speaker, text="x" * 100_001)


def test_edit_move_delete_and_restore_are_audited_and_numbers_stay(world):
    s, actor, sid, speaker, refs = world
    ids = [cap.capture_intervention(s, session_id=sid, actor=actor, person_id=speaker, text=f"Point {i}",
                                    question_id=refs[0].id).intervention_id for i in range(3)]
    cap.update_intervention(s, session_id=sid, intervention_id=ids[1], actor=actor, text="Point 1, corrected",
                            person_id=None, speaker_label="Guest", stakeholder_type="civil_society",
                            speaking_seconds=30, theme_codes=["privacy_data"])
    cap.move_intervention(s, session_id=sid, intervention_id=ids[1], question_id=refs[3].id, actor=actor)
    number = cap.delete_intervention(s, session_id=sid, intervention_id=ids[0], actor=actor)
    s.commit()
    assert number == 1
    live = list_interventions(s, session_id=sid)
    assert [r.number for r in live] == [3, 2]  # newest first, #1 deleted but numbers unchanged
    moved = live[1]
    assert (moved.text, moved.stakeholder_type, moved.question_id, moved.theme_codes) == (
        "Point 1, corrected", "civil_society", refs[3].id, ("privacy_data",))
    assert [r.number for r in list_interventions(s, session_id=sid, deleted=True)] == [1]
    cap.restore_intervention(s, session_id=sid, intervention_id=ids[0], actor=actor)
    s.commit()
    assert [r.number for r in list_interventions(s, session_id=sid)] == [3, 2, 1]
    actions = [e.action for e in list_audit(s, session_id=sid, entity="intervention")]
    assert actions[:4] == ["restore", "delete", "move", "update"]


def test_editing_a_deleted_intervention_or_one_of_a_closed_session_is_refused(world):
    s, actor, sid, speaker, _ = world
    iid = cap.capture_intervention(s, session_id=sid, actor=actor, person_id=speaker, text="x y z").intervention_id
    cap.delete_intervention(s, session_id=sid, intervention_id=iid, actor=actor)
    with pytest.raises(Conflict, match="restore it before editing"):
        cap.update_intervention(s, session_id=sid, intervention_id=iid, actor=actor, text="new", person_id=speaker,
                                speaker_label=None, stakeholder_type=None, speaking_seconds=None, theme_codes=())
    s.get(DialogueSession, sid).status = "closed"
    s.flush()
    with pytest.raises(Conflict, match="closed"):
        cap.restore_intervention(s, session_id=sid, intervention_id=iid, actor=actor)


def test_speaking_time_is_bounded(world):
    s, actor, sid, speaker, _ = world
    with pytest.raises(ValidationError, match="Speaking time"):
        cap.capture_intervention(s, session_id=sid, actor=actor, person_id=speaker, text="x", speaking_seconds=-5)


def _language(s, intervention_id):
    return s.scalar(select(Intervention.language).where(Intervention.id == intervention_id))


def test_the_language_is_detected_on_save_unless_the_caller_gives_one(world):
    s, actor, sid, speaker, _ = world
    notes = {
        "fr": "Les plateformes doivent désactiver par défaut les messages directs des inconnus aux enfants.",
        "zh": "平台应默认关闭陌生成年人向儿童账户发送私信的功能。",
        "ar": "يجب على المنصات تعطيل الرسائل المباشرة من الغرباء إلى الأطفال بشكل افتراضي.",
        None: "Thanks.",  # too short to tell: stored as unknown, never guessed
    }
    ids = {lang: cap.capture_intervention(s, session_id=sid, actor=actor, person_id=speaker, text=note)
           .intervention_id for lang, note in notes.items()}
    chosen = cap.capture_intervention(s, session_id=sid, actor=actor, person_id=speaker, text="Gracias.",
                                      language=" ES ").intervention_id
    s.commit()
    assert {lang: _language(s, iid) for lang, iid in ids.items()} == {lang: lang for lang in notes}
    assert _language(s, chosen) == "es"  # an explicit language wins, normalised
    assert get_intervention(s, session_id=sid, intervention_id=ids["zh"]).language == "zh"
    [entry] = list_audit(s, entity="intervention", entity_id=ids["ar"])
    assert entry.after["language"] == "ar"


def test_an_unknown_language_code_is_refused_before_anything_is_saved(world):
    s, actor, sid, speaker, _ = world
    before = _version(s, sid)
    with pytest.raises(ValidationError, match="Unknown language “de”"):
        cap.capture_intervention(s, session_id=sid, actor=actor, person_id=speaker, text="Kinder schützen.",
                                 language="de")
    assert s.scalar(select(func.count()).select_from(Intervention)) == 0 and _version(s, sid) == before


def test_editing_keeps_a_chosen_language_until_the_note_changes(world):
    s, actor, sid, speaker, _ = world
    iid = cap.capture_intervention(s, session_id=sid, actor=actor, person_id=speaker, text="OK, d'accord.",
                                   language="fr").intervention_id
    s.commit()

    def edit(text, **kw):
        cap.update_intervention(s, session_id=sid, intervention_id=iid, actor=actor, text=text, person_id=speaker,
                                speaker_label=None, stakeholder_type=None, speaking_seconds=None, theme_codes=[],
                                **kw)
        return _language(s, iid)

    assert edit("OK, d'accord.") == "fr"  # the same note: the chosen language stays
    assert edit("Платформы должны защищать детей от вредного контента в сети.") == "ru"  # a new note: detected
    assert edit("Платформы должны защищать детей от вредного контента в сети.", language="ar") == "ar"  # chosen
    assert edit("Платформы должны защищать детей от вредного контента в сети.") == "ar"  # kept: same note
    assert edit("Платформы должны защищать детей от вредного контента в сети.", detect=True) == "ru"  # undone
    with pytest.raises(ValidationError, match="Unknown language"):
        edit("Platforms must protect children.", language="xx")
    s.rollback()
    assert _language(s, iid) == "fr"  # nothing of the edits above was committed
