"""Sessions (create, edit, list, copy) and their structure (import matching, the save rule, the library)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timezone

import pytest
from sqlalchemy import select

from dashboard.services.audit import SYSTEM, list_audit
from dashboard.services.errors import Conflict, NotFound, ValidationError
from dashboard.services.setup.question_library import add_questions, search_question_library
from dashboard.services.setup.structure import (
    PartDraft, QuestionDraft, SegmentDraft, draft_for_import, draft_from_structure, get_structure, segment_kind,
)
from dashboard.services.setup.sessions import (
    SessionInput, create_session, get_session_detail, list_sessions, next_series_number, update_session,
)
from dashboard.services.setup.structure_save import save_structure
from dashboard.timefmt import combine_local, format_when
from db.models import AgendaSegment, DialogueSession, Question, Takeaway, utcnow
from tests.factories import make_intervention, make_person, make_session

FORM = SessionInput(title="Gaming and online safety", series_number=7, sector_focus="gaming",
                    scheduled_start=combine_local(date(2026, 1, 29), time(14, 0)), format="hybrid",
                    interpretation_languages=("fr", "es", "fr"), chatham_house=True)


def parts_of(dbs, session_id):
    return [(p.title, p.objective, [q.text for q in p.questions]) for p in get_structure(dbs, session_id).parts]


# --- sessions ---------------------------------------------------------------------------


def test_create_stores_aware_utc_and_shows_geneva_time(dbs):
    new_id = create_session(dbs, data=FORM, actor=SYSTEM)
    dbs.commit()
    detail = get_session_detail(dbs, new_id)
    assert detail.status == "draft"
    assert detail.scheduled_start == datetime(2026, 1, 29, 13, 0, tzinfo=timezone.utc)  # 14:00 CET
    assert format_when(detail.scheduled_start) == "29 Jan 2026, 14:00 CET"
    assert detail.interpretation_languages == ("fr", "es")
    assert detail.format == "hybrid"
    assert ("session", "create") in {(e.entity, e.action) for e in list_audit(dbs, session_id=new_id)}


def test_summer_time_is_cest(dbs):
    new_id = create_session(dbs, data=replace(FORM, scheduled_start=combine_local(date(2026, 7, 9), time(10, 0))),
                            actor=SYSTEM)
    assert get_session_detail(dbs, new_id).scheduled_start.hour == 8


@pytest.mark.parametrize("change, message", [
    (dict(title="  "), "title"), (dict(sector_focus="crypto"), "sector"),
    (dict(sector_focus="other", sector_other=" "), "Describe the sector"), (dict(series_number=0), "series number"),
    (dict(format="radio"), "format"), (dict(interpretation_languages=("xx",)), "language"),
    (dict(duration_minutes=5), "duration"), (dict(scheduled_start=datetime(2026, 1, 1, 14)), "time zone"),
])
def test_form_validation_messages(dbs, change, message):
    with pytest.raises(ValidationError, match=message):
        create_session(dbs, data=replace(FORM, **change), actor=SYSTEM)


def test_other_sector_keeps_its_free_text_and_others_drop_it(dbs):
    a = create_session(dbs, data=replace(FORM, sector_focus="other", sector_other=" Smart toys "), actor=SYSTEM)
    b = create_session(dbs, data=replace(FORM, sector_focus="ai", sector_other="ignored"), actor=SYSTEM)
    assert get_session_detail(dbs, a).sector_other == "Smart toys"
    assert get_session_detail(dbs, b).sector_other is None


def test_update_audits_only_what_changed(dbs):
    new_id = create_session(dbs, data=FORM, actor=SYSTEM)
    detail = update_session(dbs, session_id=new_id, data=replace(FORM, title="Renamed", chatham_house=False),
                            actor=SYSTEM)
    assert (detail.title, detail.chatham_house) == ("Renamed", False)
    (entry,) = [e for e in list_audit(dbs, session_id=new_id) if e.action == "update"]
    assert set(entry.after) == {"title", "chatham_house"}
    with pytest.raises(NotFound):
        update_session(dbs, session_id=new_id + 99, data=FORM, actor=SYSTEM)


def test_list_by_status_with_counts(dbs):
    live = make_session(dbs, status="live")
    draft = make_session(dbs, status="draft", questions=(1,), scheduled_start=None)
    make_person(dbs, live.id)
    make_intervention(dbs, live.id)
    deleted = make_intervention(dbs, live.id)
    deleted.deleted_at = utcnow()
    dbs.flush()
    rows = {r.id: r for r in list_sessions(dbs)}
    assert (rows[live.id].questions, rows[live.id].participants, rows[live.id].interventions) == (4, 1, 1)
    assert rows[draft.id].questions == 1
    assert [r.id for r in list_sessions(dbs, statuses=["draft"])] == [draft.id]
    assert next_series_number(dbs) == max(live.series_number, draft.series_number) + 1


def test_new_session_from_a_past_structure_copies_plan_not_run(dbs):
    past = make_session(dbs, status="closed")
    dbs.add(AgendaSegment(session_id=past.id, position=1, title="Opening", planned_minutes=15, kind="opening",
                          actual_start=utcnow()))
    make_intervention(dbs, past.id)
    dbs.flush()
    new_id = create_session(dbs, data=FORM, actor=SYSTEM, copy_structure_from=past.id)
    assert parts_of(dbs, new_id) == parts_of(dbs, past.id)
    (segment,) = get_structure(dbs, new_id).segments
    assert (segment.title, segment.minutes, segment.started) == ("Opening", 15, False)
    assert list_sessions(dbs, statuses=["draft"])[0].interventions == 0
    with pytest.raises(NotFound):
        create_session(dbs, data=FORM, actor=SYSTEM, copy_structure_from=past.id + 99)


# --- structure --------------------------------------------------------------------------


def fresh(dbs):
    return create_session(dbs, data=FORM, actor=SYSTEM)


def test_save_import_into_an_empty_session(dbs):
    sid = fresh(dbs)
    draft = draft_for_import(dbs, session_id=sid, parts=[("Design", "Learn", ["Q1?", "Q2?"]), ("Policy", None, ["Q3?"])],
                             segments=[("Opening & Scene-Setting", 15), ("Industry showcases", 45)])
    result = save_structure(dbs, session_id=sid, parts=draft.parts, segments=draft.segments, actor=SYSTEM)
    assert (result.parts, result.questions_added, result.questions_removed, result.segments) == (2, 3, 0, 2)
    dbs.commit()
    assert parts_of(dbs, sid) == [("Design", "Learn", ["Q1?", "Q2?"]), ("Policy", None, ["Q3?"])]
    assert [(s.title, s.minutes, s.kind) for s in get_structure(dbs, sid).segments] == [
        ("Opening & Scene-Setting", 15, "opening"), ("Industry showcases", 45, "showcase")]
    assert draft.notes == ()


def test_reimport_keeps_questions_with_interventions_and_says_so(dbs):
    ds = make_session(dbs)  # Parts 1-2 with "Question p.q?"
    spoken = dbs.scalars(select(Question).where(Question.session_id == ds.id, Question.text == "Question 1.2?")).one()
    make_intervention(dbs, ds.id, question_id=spoken.id)
    make_intervention(dbs, ds.id, question_id=spoken.id)
    draft = draft_for_import(dbs, session_id=ds.id, segments=[],
                             parts=[("New A", None, ["Question 1.1?", "Brand new?"]), ("New B", None, ["Other?"])])
    texts = [[(q.text, q.question_id is not None) for q in p.questions] for p in draft.parts]
    assert texts[0] == [("Question 1.1?", True), ("Brand new?", False), ("Question 1.2?", True)]
    assert any("Question 1.2?" in n and "2 captured" in n for n in draft.notes)
    assert any("2 saved question(s) without interventions" in n for n in draft.notes)
    save_structure(dbs, session_id=ds.id, parts=draft.parts, segments=draft.segments, actor=SYSTEM)
    dbs.commit()
    assert dbs.get(Question, spoken.id) is not None
    assert parts_of(dbs, ds.id)[0][2] == ["Question 1.1?", "Brand new?", "Question 1.2?"]


def test_similar_wording_is_treated_as_a_reword(dbs):
    ds = make_session(dbs, questions=(1,))
    (question,) = dbs.scalars(select(Question).where(Question.session_id == ds.id))
    make_intervention(dbs, ds.id, question_id=question.id)
    draft = draft_for_import(dbs, session_id=ds.id, parts=[("P", None, ["Question 1.1 (revised)?"])], segments=[])
    assert draft.parts[0].questions[0].question_id == question.id
    assert draft.notes == ()


def test_deleting_a_question_with_interventions_is_refused_rewording_is_fine(dbs):
    ds = make_session(dbs)
    structure = get_structure(dbs, ds.id)
    target = structure.parts[0].questions[0]
    make_intervention(dbs, ds.id, question_id=target.id)
    draft = draft_from_structure(get_structure(dbs, ds.id))
    without = [replace(draft.parts[0], questions=draft.parts[0].questions[1:]), *draft.parts[1:]]
    with pytest.raises(Conflict, match="cannot be deleted: “Question 1.1\\?” \\(1 interventions\\)"):
        save_structure(dbs, session_id=ds.id, parts=without, segments=None, actor=SYSTEM)
    reworded = [replace(draft.parts[0], questions=(QuestionDraft("Reworded?", target.id),
                                                    *draft.parts[0].questions[1:])), *draft.parts[1:]]
    result = save_structure(dbs, session_id=ds.id, parts=reworded, segments=None, actor=SYSTEM)
    assert result.questions_changed == 1
    assert dbs.get(Question, target.id).text == "Reworded?"


def test_move_between_parts_reorder_and_remove_an_empty_part(dbs):
    ds = make_session(dbs)
    draft = draft_from_structure(get_structure(dbs, ds.id))
    p1, p2 = draft.parts
    moved = [replace(p1, title="Only part", questions=(p2.questions[1], p1.questions[1], p1.questions[0], p2.questions[0]))]
    result = save_structure(dbs, session_id=ds.id, parts=moved, segments=None, actor=SYSTEM)
    dbs.commit()
    assert (result.parts, result.questions_removed) == (1, 0)
    assert parts_of(dbs, ds.id) == [("Only part", "Objective 1", ["Question 2.2?", "Question 1.2?", "Question 1.1?",
                                                                  "Question 2.1?"])]
    assert ("part", "delete") in {(e.entity, e.action) for e in list_audit(dbs, session_id=ds.id)}


def test_part_with_takeaways_cannot_be_removed(dbs):
    ds = make_session(dbs)
    structure = get_structure(dbs, ds.id)
    dbs.add(Takeaway(session_id=ds.id, part_id=structure.parts[1].id, text="A takeaway"))
    dbs.flush()
    draft = draft_from_structure(structure)
    merged = [replace(draft.parts[0], questions=draft.parts[0].questions + draft.parts[1].questions)]
    with pytest.raises(Conflict, match="takeaway"):
        save_structure(dbs, session_id=ds.id, parts=merged, segments=None, actor=SYSTEM)


@pytest.mark.parametrize("parts, message", [
    ([PartDraft(" ", None, ())], "Part 1 needs a title"),
    ([PartDraft("A", None, (QuestionDraft(" "),))], "Question 1 of Part 1 is empty"),
    ([PartDraft("A", None, (QuestionDraft("x" * 2001),))], "too long"),
    ([PartDraft("A", None, (QuestionDraft("Q?", 999_999),))], "another session"),
])
def test_draft_validation(dbs, parts, message):
    sid = fresh(dbs)
    with pytest.raises(ValidationError, match=message):
        save_structure(dbs, session_id=sid, parts=parts, segments=None, actor=SYSTEM)


def test_agenda_items_already_run_are_not_removed(dbs):
    sid = fresh(dbs)
    dbs.add(AgendaSegment(session_id=sid, position=1, title="Opening", planned_minutes=10, actual_start=utcnow()))
    dbs.add(AgendaSegment(session_id=sid, position=2, title="Showcases", planned_minutes=45))
    dbs.flush()
    with pytest.raises(Conflict, match="already been run"):
        save_structure(dbs, session_id=sid, parts=[], segments=[], actor=SYSTEM)
    result = save_structure(dbs, session_id=sid, parts=[], segments=[SegmentDraft("Welcome", 5, "opening")], actor=SYSTEM)
    assert result.segments == 1
    with pytest.raises(ValidationError, match="minutes"):
        save_structure(dbs, session_id=sid, parts=[], segments=[SegmentDraft("Long", 900)], actor=SYSTEM)


def test_save_bumps_the_change_stamp_and_clears_a_removed_current_question(dbs):
    ds = make_session(dbs, questions=(1,))
    (question,) = dbs.scalars(select(Question).where(Question.session_id == ds.id))
    ds.current_question_id = question.id
    ds.data_version = 3
    dbs.commit()
    save_structure(dbs, session_id=ds.id, parts=[PartDraft("P", None, (QuestionDraft("New?"),))], segments=None,
                   actor=SYSTEM)
    dbs.commit()
    fresh_row = dbs.get(DialogueSession, ds.id)
    dbs.refresh(fresh_row)
    assert fresh_row.data_version == 4
    assert fresh_row.current_question_id is None


@pytest.mark.parametrize("title, kind", [
    ("Opening & Scene-Setting", "opening"), ("Scene-setting keynote", "scene_setting"),
    ("Industry Showcases", "showcase"), ("Moderated Dialogue", "dialogue"), ("Closing remarks", "closing"),
    ("Welcome remarks", "opening"), ("Coffee", "other"),
])
def test_segment_kind(title, kind):
    assert segment_kind(title) == kind


# --- question library -------------------------------------------------------------------


def test_library_search_all_words_sector_dedupe_and_counts(dbs):
    gaming = make_session(dbs, questions=(0,), sector_focus="gaming",
                          scheduled_start=datetime(2025, 10, 30, 9, tzinfo=timezone.utc))
    social = make_session(dbs, questions=(0,), sector_focus="social_media",
                          scheduled_start=datetime(2025, 7, 10, 8, tzinfo=timezone.utc))
    current = make_session(dbs, questions=(0,))
    save_structure(dbs, session_id=gaming.id, actor=SYSTEM, segments=None, parts=[PartDraft("P", None, (
        QuestionDraft("How should age assurance work in games?"), QuestionDraft("What about 100% _safe_ chat?")))])
    save_structure(dbs, session_id=social.id, actor=SYSTEM, segments=None, parts=[PartDraft("P", None, (
        QuestionDraft("How should  AGE assurance work in games?"), QuestionDraft("Which age checks are proportionate?")))])
    asked = get_structure(dbs, gaming.id).parts[0].questions[0]
    make_intervention(dbs, gaming.id, question_id=asked.id)
    found = search_question_library(dbs, query="age assurance", exclude_session_id=current.id)
    assert [(r.text, r.session_id, r.interventions) for r in found] == [
        ("How should age assurance work in games?", gaming.id, 1)]  # newest first, duplicate text once
    assert [r.text for r in search_question_library(dbs, query="age", sector="social_media")] == [
        "How should AGE assurance work in games?", "Which age checks are proportionate?"]
    assert [r.text for r in search_question_library(dbs, query="100%")] == ["What about 100% _safe_ chat?"]
    assert search_question_library(dbs, query="nothing-like-this") == []
    assert len(search_question_library(dbs, query="")) == 3


def test_add_questions_to_a_part_or_a_new_part_skipping_duplicates(dbs):
    ds = make_session(dbs, questions=(1,))
    part_id = get_structure(dbs, ds.id).parts[0].id
    added = add_questions(dbs, session_id=ds.id, part_id=part_id, texts=["Question 1.1?", "From the library?"],
                          actor=SYSTEM)
    assert added == 1
    assert add_questions(dbs, session_id=ds.id, part_id=None, texts=["Another?"], actor=SYSTEM) == 1
    assert parts_of(dbs, ds.id) == [("Part 1", "Objective 1", ["Question 1.1?", "From the library?"]),
                                    ("Guiding questions", None, ["Another?"])]
    other = make_session(dbs)
    with pytest.raises(NotFound):
        add_questions(dbs, session_id=other.id, part_id=part_id, texts=["x"], actor=SYSTEM)
    with pytest.raises(ValidationError):
        add_questions(dbs, session_id=ds.id, part_id=part_id, texts=[" "], actor=SYSTEM)
