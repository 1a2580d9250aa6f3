"""The demo dataset: counts and ranges, idempotency, and the invariants the pages rely on."""
from __future__ import annotations

import shutil
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.services.admin.demo import DEMO_ACCOUNTS, DemoReport, seed_demo
from dashboard.services.taxonomy import load_themes
from dashboard.services.admin.users import check_password, create_user
from db.codes import ADDRESSEES, FOLLOW_UP_STATUSES, ROLES, STAKEHOLDER_TYPES
from db.migrate import upgrade
from db.models import (
    AgendaSegment, Attendance, Base, DialogueSession, Intervention, Person, Question, Recommendation,
    RecommendationEvent, RecommendationSource, Takeaway, TakeawaySource, Theme, User,
)
from db.session import dispose_engine, session_scope

# The dataset is dated as seen from November 2026: some review dates have passed, some have not.
AS_OF = date(2026, 11, 1)
CHAIN = ["proposed", "accepted", "in_progress", "implemented"]


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    """A freshly migrated SQLite file for this test only."""
    db_url = f"sqlite:///{tmp_path}/t.db"
    upgrade(db_url)
    yield db_url
    dispose_engine(db_url)


@pytest.fixture(scope="module")
def _seeded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrated and seeded once per module: seeding hashes four passwords with bcrypt."""
    path = tmp_path_factory.mktemp("demo") / "seeded.db"
    db_url = f"sqlite:///{path}"
    upgrade(db_url)
    with session_scope(db_url) as s:
        seed_demo(s)
    dispose_engine(db_url)
    return path


@pytest.fixture
def seeded(tmp_path: Path, _seeded_file: Path) -> Iterator[Session]:
    """A session on this test's own copy of the seeded database (read-only checks)."""
    path = tmp_path / "t.db"
    shutil.copy(_seeded_file, path)
    db_url = f"sqlite:///{path}"
    with session_scope(db_url) as s:
        yield s
    dispose_engine(db_url)


def _sessions(s: Session) -> list[DialogueSession]:
    return list(s.scalars(select(DialogueSession).order_by(DialogueSession.series_number)))


def _count(s: Session, model: type, *where) -> int:
    return s.scalar(select(func.count()).select_from(model).where(*where)) or 0


def test_first_seed_reports_what_it_created(url: str) -> None:
    with session_scope(url) as s:
        report = seed_demo(s)
    assert isinstance(report, DemoReport)
    assert report.created is True
    assert report.themes == 16
    assert report.sessions == 4 and report.users == 4
    with session_scope(url) as s:
        assert report.people == _count(s, Person)
        assert report.interventions == _count(s, Intervention)
        assert report.recommendations == _count(s, Recommendation)
        assert report.takeaways == _count(s, Takeaway)


def test_second_seed_adds_no_rows(url: str) -> None:
    with session_scope(url) as s:
        seed_demo(s)
    with session_scope(url) as s:
        before = {t.name: _count(s, t) for t in Base.metadata.sorted_tables}
    with session_scope(url) as s:
        again = seed_demo(s)
    with session_scope(url) as s:
        after = {t.name: _count(s, t) for t in Base.metadata.sorted_tables}
    assert again.created is False
    assert (again.sessions, again.people, again.interventions, again.recommendations, again.users) == (0, 0, 0, 0, 0)
    assert after == before


def test_seed_skips_when_a_demo_account_already_exists(url: str) -> None:
    with session_scope(url) as s:
        create_user(s, username="moderator", password="someone-else", roles=["moderator"])
    with session_scope(url) as s:
        assert seed_demo(s).created is False
        assert _count(s, DialogueSession) == 0 and _count(s, Theme) == 16


HELD = ("closed", "published")


def test_sessions_1_and_2_are_published_with_one_revision(seeded: Session) -> None:
    from db.models import Publication

    pubs = seeded.scalars(select(Publication).order_by(Publication.session_id)).all()
    numbers = [seeded.get(DialogueSession, p.session_id).series_number for p in pubs]
    assert numbers == [1, 2] and all(p.revision == 1 for p in pubs)
    for pub in pubs:
        assert pub.snapshot["recommendations"] and any(part["takeaways"] for part in pub.snapshot["parts"])


def test_sessions_match_the_series(seeded: Session) -> None:
    sessions = _sessions(seeded)
    assert [d.series_number for d in sessions] == [1, 2, 3, 4]
    assert [d.sector_focus for d in sessions][:3] == ["ai", "social_media", "gaming"]
    assert sessions[3].sector_focus in {"streaming", "edtech"}
    assert [d.status for d in sessions] == ["published", "published", "closed", "draft"]
    assert sessions[0].title == "AI and Emerging Technologies: Prioritizing Children's Rights and Safety"
    assert sessions[2].title == "Gaming and Online Safety" and sessions[2].format == "hybrid"
    assert sessions[0].scheduled_start.isoformat() == "2025-06-05T12:00:00+00:00"  # 14:00 CEST
    assert sessions[1].scheduled_start.year == 2025 and sessions[1].scheduled_start.month == 7
    assert sessions[2].scheduled_start.isoformat() == "2025-10-30T09:00:00+00:00"  # 10:00 CET
    assert sessions[2].duration_minutes == 120
    assert sessions[3].scheduled_start.month == 12
    codes = [d.share_code for d in sessions[:3]]
    assert all(c and len(c) == 8 and c.isalnum() and c.upper() == c for c in codes) and len(set(codes)) == 3
    assert not set("".join(codes)) & set("01IO")  # share codes are read aloud: no look-alike characters
    assert sessions[3].share_code is None
    for ds in sessions:
        assert ds.series_name == "Industry Connect" and ds.chatham_house is True
        assert ds.current_question_id is None and ds.data_version >= 1
        assert ds.overview and 2 <= ds.overview.count(". ") + 1 <= 4
        assert (ds.closed_at is not None) == (ds.status in HELD)
        assert [seg.kind for seg in ds.segments] == ["opening", "scene_setting", "showcase", "dialogue", "closing"]
        assert [seg.planned_minutes for seg in ds.segments][:3] == [5, 15, 45]
        assert 50 <= ds.segments[3].planned_minutes <= 60 and ds.segments[4].planned_minutes == 5
        assert len(ds.parts) == 2 and all(p.objective for p in ds.parts)
        assert all(3 <= len(p.questions) <= 4 for p in ds.parts)
    assert any(d.interpretation_languages for d in sessions)
    gaming_questions = [q.text for p in sessions[2].parts for q in p.questions]
    assert "How can young players be heard when safety rules are written?" in gaming_questions


def test_counts_per_session_are_in_range(seeded: Session) -> None:
    for ds in _sessions(seeded):
        registered = list(seeded.scalars(select(Attendance).where(Attendance.session_id == ds.id)))
        assert 15 <= len(registered) <= 30
        assert {a.stakeholder_type for a in registered} == set(STAKEHOLDER_TYPES)
        assert 2 <= sum(a.stakeholder_type == "youth" for a in registered) <= 4
        interventions = _count(seeded, Intervention, Intervention.session_id == ds.id)
        recommendations = _count(seeded, Recommendation, Recommendation.session_id == ds.id)
        if ds.status in HELD:
            assert 40 <= interventions <= 80
            assert 6 <= recommendations <= 12
            per_part = Counter(t.part_id for t in seeded.scalars(select(Takeaway).where(Takeaway.session_id == ds.id)))
            assert sorted(per_part) == sorted(p.id for p in ds.parts)
            assert all(2 <= n <= 3 for n in per_part.values())
        else:
            assert interventions == recommendations == 0
            assert _count(seeded, Takeaway, Takeaway.session_id == ds.id) == 0


def test_people_attend_several_sessions_as_one_person(seeded: Session) -> None:
    per_person = Counter(seeded.scalars(select(Attendance.person_id)))
    assert max(per_person.values()) >= 3
    assert _count(seeded, Person) == len(per_person)  # nobody is in the roster without a session
    for a in seeded.scalars(select(Attendance)):
        assert a.stakeholder_type == a.person.stakeholder_type
    emails = list(seeded.scalars(select(Person.email)))
    assert len(set(emails)) == len(emails)
    assert all(e == e.lower() and e.endswith((".example.com", ".example.org", ".example.net")) for e in emails)


def test_youth_are_pseudonymous_and_numbered_per_session(seeded: Session) -> None:
    for ds in _sessions(seeded):
        rows = list(seeded.scalars(select(Attendance).where(Attendance.session_id == ds.id)))
        youth = [a for a in rows if a.stakeholder_type == "youth"]
        assert sorted(a.youth_pseudonym_no for a in youth) == list(range(1, len(youth) + 1))
        assert all(a.person.is_youth for a in youth)
        assert all(a.youth_pseudonym_no is None and not a.person.is_youth for a in rows if a not in youth)


def test_interventions_are_valid_and_balanced(seeded: Session) -> None:
    for ds in _sessions(seeded)[:3]:
        items = list(seeded.scalars(select(Intervention).where(Intervention.session_id == ds.id).order_by(Intervention.id)))
        attendance = {a.person_id: a for a in seeded.scalars(select(Attendance).where(Attendance.session_id == ds.id))}
        dialogue = next(seg for seg in ds.segments if seg.kind == "dialogue")
        before = sum(seg.planned_minutes for seg in ds.segments[:dialogue.position - 1])
        assert dialogue.actual_start == ds.scheduled_start + timedelta(minutes=before)
        times = [i.created_at for i in items]
        assert times == sorted(times) and len(set(times)) == len(times)
        assert dialogue.actual_start < times[0] and times[-1] < dialogue.actual_end
        for item in items:
            assert item.stakeholder_type in STAKEHOLDER_TYPES
            assert 1 <= len(item.themes) <= 3
            assert item.text and item.created_by_id is not None
            if item.person_id is None:
                assert item.speaker_label and item.speaker_label.startswith("Unregistered speaker")
            else:
                assert item.person_id in attendance
                assert item.stakeholder_type == attendance[item.person_id].stakeholder_type
        timed = [i.speaking_seconds for i in items if i.speaking_seconds is not None]
        assert len(timed) > len(items) / 2 and all(45 <= t <= 240 for t in timed)
        assert len(timed) < len(items)
        assert any(i.question_id is None for i in items) and any(i.person_id is None for i in items)
        # every group speaks, youth less often than most, and no question hears every group
        by_type = Counter(i.stakeholder_type for i in items)
        assert set(by_type) == set(STAKEHOLDER_TYPES)
        assert by_type["youth"] < by_type["industry"] and by_type["youth"] < by_type["member_state"]
        heard: dict[int, set[str]] = defaultdict(set)
        for i in items:
            if i.question_id is not None:
                heard[i.question_id].add(i.stakeholder_type)
        questions = list(seeded.scalars(select(Question.id).where(Question.session_id == ds.id)))
        assert set(heard) == set(questions)
        assert all(groups != set(STAKEHOLDER_TYPES) for groups in heard.values())
        texts = [i.text for i in items]
        assert len(set(texts)) == len(texts)


def test_takeaways_cite_interventions_of_their_session(seeded: Session) -> None:
    for t in seeded.scalars(select(Takeaway)):
        sources = list(seeded.scalars(select(TakeawaySource.intervention_id).where(TakeawaySource.takeaway_id == t.id)))
        assert 1 <= len(sources) <= 3
        assert all(seeded.get(Intervention, i).session_id == t.session_id for i in sources)


def test_recommendations_have_consistent_follow_up(seeded: Session) -> None:
    moderator = seeded.scalar(select(User).where(User.username == "moderator"))
    recs = list(seeded.scalars(select(Recommendation)))
    assert set(r.follow_up_status for r in recs) == set(FOLLOW_UP_STATUSES)
    open_recs = [r for r in recs if r.follow_up_status in CHAIN[:3]]
    assert any(r.review_date < AS_OF for r in open_recs) and any(r.review_date > AS_OF for r in open_recs)
    for rec in recs:
        ds = seeded.get(DialogueSession, rec.session_id)
        assert rec.text and set(rec.addressed_to) <= set(ADDRESSEES) and rec.addressed_to
        assert 1 <= len(rec.themes) <= 3 and rec.owner and rec.created_by_id == moderator.id
        sources = list(seeded.scalars(select(RecommendationSource.intervention_id)
                                      .where(RecommendationSource.recommendation_id == rec.id)))
        assert 2 <= len(sources) <= 4
        assert all(seeded.get(Intervention, i).session_id == rec.session_id for i in sources)
        assert (rec.status_reason is not None) == (rec.follow_up_status == "not_pursued")
        if rec.follow_up_status == "implemented":
            assert rec.evidence
        events = list(seeded.scalars(select(RecommendationEvent).where(RecommendationEvent.recommendation_id == rec.id)
                                     .order_by(RecommendationEvent.changed_at)))
        status = "proposed"
        for event in events:
            assert event.changed_at > ds.closed_at and event.changed_by_id == moderator.id
            if event.kind == "status":
                assert event.from_status == status and event.note
                assert event.to_status == "not_pursued" or CHAIN.index(event.to_status) == CHAIN.index(status) + 1
                status = event.to_status
        assert status == rec.follow_up_status
        status_events = [e for e in events if e.kind == "status"]
        assert rec.status_changed_at == (status_events[-1].changed_at if status_events else rec.created_at)


def test_demo_accounts_one_per_role_and_they_log_in(seeded: Session) -> None:
    assert sorted(a.role for a in DEMO_ACCOUNTS) == sorted(ROLES)
    moderator = seeded.scalar(select(User).where(User.username == "moderator"))
    assert all(d.created_by_id == moderator.id for d in _sessions(seeded))
    for account in DEMO_ACCOUNTS:
        assert len(account.password) >= 8
        user = seeded.scalar(select(User).where(User.username == account.username))
        assert user.roles == [account.role] and user.display_name == account.display_name
        assert check_password(seeded, account.username, account.password)


def test_participant_account_is_a_registered_attendee_of_sessions_1_to_3(seeded: Session) -> None:
    user = seeded.scalar(select(User).where(User.username == "participant"))
    assert user.person_id is not None
    person = seeded.get(Person, user.person_id)
    assert person.stakeholder_type in {"academia", "civil_society"}
    numbers = set(seeded.scalars(
        select(DialogueSession.series_number).join(Attendance, Attendance.session_id == DialogueSession.id)
        .where(Attendance.person_id == person.id)
    ))
    assert {1, 2, 3} <= numbers
    assert all(u.person_id is None for u in seeded.scalars(select(User).where(User.username != "participant", User.is_guest.is_(False))))


def test_names_in_any_script_survive_a_round_trip(seeded: Session) -> None:
    for name in ["ليلى حداد", "王芳", "José Muñoz", "Zoë Ødegård", "陈静", "يوسف بن علي", "Nguyễn Thị Lan"]:
        person = seeded.scalar(select(Person).where(Person.name == name))
        assert person is not None and person.name == name


def test_load_themes_updates_existing_codes_and_adds_missing_ones(url: str) -> None:
    with session_scope(url) as s:
        assert load_themes(s) == 16
    with session_scope(url) as s:
        theme = s.scalar(select(Theme).where(Theme.code == "age_assurance"))
        theme.label, theme.keywords = "Old label", []
        s.delete(s.scalar(select(Theme).where(Theme.code == "inclusion_access")))
    with session_scope(url) as s:
        assert load_themes(s) == 16
    with session_scope(url) as s:
        themes = {t.code: t for t in s.scalars(select(Theme))}
        assert len(themes) == 16 and "inclusion_access" in themes
        assert themes["age_assurance"].label == "Age assurance"
        assert "age verification" in themes["age_assurance"].keywords
        assert "ai" in themes["ai_risks"].keywords
        assert all(k == k.strip() and k for t in themes.values() for k in t.keywords)
        assert [t.position for t in sorted(themes.values(), key=lambda t: t.position)] == list(range(1, 17))


def test_seeding_agenda_has_actual_times_only_once_held(seeded: Session) -> None:
    for seg in seeded.scalars(select(AgendaSegment)):
        ds = seeded.get(DialogueSession, seg.session_id)
        assert (seg.actual_start is not None) == (ds.status in HELD)


@pytest.mark.postgres
def test_seed_on_postgresql_is_idempotent_and_keeps_scripts(postgres_url: str) -> None:
    with session_scope(postgres_url) as s:
        first = seed_demo(s)
    with session_scope(postgres_url) as s:
        assert seed_demo(s).created is False
        assert _count(s, Intervention) == first.interventions and _count(s, Person) == first.people
        assert s.scalar(select(Person.name).where(Person.name == "王芳")) == "王芳"
        assert _sessions(s)[2].scheduled_start.isoformat() == "2025-10-30T09:00:00+00:00"
