"""The demo dataset (the 2025 Industry Connect series) and the theme taxonomy loader.

The content lives in dashboard/demo_data/*.json; this module only turns it into rows.
Seeding is idempotent: once the demo accounts or sessions exist, it adds nothing.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any, Optional
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.codes import ADDRESSEES, PRIORITIES, SECTORS, SEGMENT_KINDS, STAKEHOLDER_TYPES
from db.models import (
    AgendaSegment, Attendance, DialogueSession, Intervention, Part, Person, Question, Recommendation,
    RecommendationEvent, RecommendationSource, Takeaway, TakeawaySource, Theme, User,
)

from dashboard.config import configured_environment
from dashboard.services.admin.demo_support import add_demo_support_checks
from dashboard.services import audit
from dashboard.services.errors import PermissionDenied
from dashboard.services.language import check_language, detect_language
from dashboard.services.taxonomy import load_themes
from dashboard.services.admin.users import create_user

DATA_DIR = Path(__file__).resolve().parents[2] / "demo_data"
# Sessions are planned in Geneva time; the database stores UTC.
LOCAL_TZ = ZoneInfo("Europe/Zurich")
# Follow-up changes are dated; a plausible office hour keeps them readable in local time.
EVENT_HOUR = time(10, 30)


@dataclass(frozen=True)
class DemoAccount:
    """One demo login; participants are linked to the Person with `person_email`."""

    username: str
    password: str
    role: str
    display_name: str
    person_email: Optional[str] = None


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin", "admin-demo", "admin", "Rosa Ferreira"),
    DemoAccount("moderator", "moderator-demo", "moderator", "Marco Bellini"),
    DemoAccount("participant", "participant-demo", "participant", "Amara Nwosu",
                person_email="amara.nwosu@digitalchildhood.example.org"),
    DemoAccount("leadership", "leadership-demo", "leadership", "Helena Vasquez"),
)


@dataclass(frozen=True)
class DemoReport:
    """What one seed_demo call added (all zero when the demo data was already there)."""

    created: bool
    themes: int
    sessions: int = 0
    people: int = 0
    attendances: int = 0
    interventions: int = 0
    takeaways: int = 0
    recommendations: int = 0
    users: int = 0


def seed_demo(session: Session) -> DemoReport:
    """Load the themes, then the demo accounts, people and sessions unless they already exist."""
    # Checked here, not only by the callers: the demo passwords are public (README).
    if configured_environment() == "production":
        raise PermissionDenied("Demo data and demo accounts are never loaded in production (DIALOGUE_DESK_ENV).")
    themes = load_themes(session)
    people_data, sessions_data = _read_data()
    if _already_seeded(session, [s["title"] for s in sessions_data]):
        return DemoReport(created=False, themes=themes)
    loader = _Loader(session, {t.code: t for t in session.scalars(select(Theme))})
    loader.add_people(people_data, sessions_data)
    moderator_id = loader.add_users()
    for data in sessions_data:
        loader.add_session(data, moderator_id)
    session.flush()
    add_demo_support_checks(session, moderator_id)
    _publish_demo_sessions(session, moderator_id)
    return DemoReport(created=True, themes=themes, users=len(DEMO_ACCOUNTS), **loader.counts)


def _publish_demo_sessions(session: Session, moderator_id: int) -> None:
    """Publish sessions 1 and 2, as a moderator would have after they closed; 3 stays closed."""
    from dashboard.services.outcomes.publication import publish_session

    moderator = audit.Actor(user_id=moderator_id, username="moderator")
    numbers = [1, 2]
    ids = session.scalars(
        select(DialogueSession.id).where(DialogueSession.series_number.in_(numbers))
        .order_by(DialogueSession.series_number)
    ).all()
    for session_id in ids:
        publish_session(session, session_id, actor=moderator)


def _read_data() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    people = json.loads((DATA_DIR / "people.json").read_text(encoding="utf-8"))["people"]
    sessions = [json.loads(p.read_text(encoding="utf-8")) for p in DATA_DIR.glob("session_*.json")]
    return people, sorted(sessions, key=lambda s: s["series_number"])


def _already_seeded(session: Session, titles: list[str]) -> bool:
    usernames = [a.username for a in DEMO_ACCOUNTS]
    user = session.scalar(select(User.id).where(User.username.in_(usernames)).limit(1))
    found = session.scalar(select(DialogueSession.id).where(DialogueSession.title.in_(titles)).limit(1))
    return user is not None or found is not None


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(f"demo data: {message}")


def _may_follow(old: str, new: str) -> bool:
    """Follow-up only moves forward (proposed, accepted, in progress, implemented) or stops."""
    order = ["proposed", "accepted", "in_progress", "implemented"]
    if new == "not_pursued":
        return old in order[:3]
    return new in order and old in order and order.index(new) > order.index(old)


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=LOCAL_TZ).astimezone(timezone.utc)


def _start(data: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(data["start_local"]).replace(tzinfo=LOCAL_TZ).astimezone(timezone.utc)


def _registrations(data: dict[str, Any]) -> list[tuple[str, datetime]]:
    """Attendee keys with a registration time spread over the three weeks before the session."""
    opens = _start(data) - timedelta(days=24)
    step = timedelta(days=21) / max(1, len(data["attendees"]))
    return [(key, opens + step * i) for i, key in enumerate(data["attendees"])]


class _Loader:
    """Adds the demo rows to one Session, keeping the lookups the files refer to."""

    def __init__(self, session: Session, themes: dict[str, Theme]) -> None:
        self.session = session
        self.themes = themes
        self.people: dict[str, Person] = {}
        self.counts = dict(sessions=0, people=0, attendances=0, interventions=0, takeaways=0, recommendations=0)

    def _themes(self, codes: list[str]) -> list[Theme]:
        for code in codes:
            _require(code in self.themes, f"unknown theme code {code!r}")
        return [self.themes[c] for c in codes]

    def add_people(self, people: list[dict[str, Any]], sessions: list[dict[str, Any]]) -> None:
        first_seen: dict[str, datetime] = {}
        for data in sessions:
            for key, at in _registrations(data):
                first_seen[key] = min(at, first_seen.get(key, at))
        for row in people:
            key, kind = row["key"], row["stakeholder_type"]
            _require(kind in STAKEHOLDER_TYPES, f"{key}: unknown stakeholder type {kind!r}")
            _require(key in first_seen, f"{key} is registered for no session")
            _require(bool(row.get("is_youth")) == (kind == "youth"), f"{key}: is_youth must match the type")
            person = Person(
                name=row["name"], organization=row.get("organization"), country=row.get("country"),
                email=row["email"].lower(), job_title=row.get("job_title"), stakeholder_type=kind,
                is_youth=bool(row.get("is_youth")), created_at=first_seen[key], updated_at=first_seen[key],
            )
            self.session.add(person)
            self.people[key] = person
        self.session.flush()
        self.counts["people"] = len(self.people)

    def add_users(self) -> int:
        """Create the demo accounts; returns the moderator's user id."""
        by_email = {p.email: p for p in self.people.values()}
        ids: dict[str, int] = {}
        for account in DEMO_ACCOUNTS:
            person = by_email.get(account.person_email) if account.person_email else None
            _require(account.person_email is None or person is not None,
                     f"no person with e-mail {account.person_email}")
            info = create_user(
                self.session, username=account.username, password=account.password, roles=[account.role],
                display_name=account.display_name,
                email=person.email if person else f"{account.username}@dialogue-desk.example.org",
                person_id=person.id if person else None,
            )
            ids[account.role] = info.id
        return ids["moderator"]

    def add_session(self, data: dict[str, Any], moderator_id: int) -> None:
        start = _start(data)
        closed = data["status"] == "closed"
        minutes = sum(seg["minutes"] for seg in data["agenda"])
        end = start + timedelta(minutes=minutes)
        _require(data["sector_focus"] in SECTORS, f"unknown sector {data['sector_focus']!r}")
        created = start - timedelta(days=45)
        closed_at = end + timedelta(minutes=12) if closed else None
        ds = DialogueSession(
            title=data["title"], series_name=data["series_name"], series_number=data["series_number"],
            sector_focus=data["sector_focus"], scheduled_start=start, duration_minutes=minutes,
            format=data["format"], interpretation_languages=list(data["interpretation_languages"]),
            overview=data["overview"], status=data["status"], chatham_house=data["chatham_house"],
            share_code=data.get("share_code"), current_question_id=None, data_version=1,
            closed_at=closed_at, created_by_id=moderator_id, created_at=created, updated_at=closed_at or created,
        )
        self.session.add(ds)
        dialogue = self._agenda(ds, data["agenda"], start, closed)
        self.session.flush()
        questions = self._parts(ds, data["parts"])
        self.session.flush()
        attendance = self._attendance(ds, data)
        interventions = self._interventions(ds, data["interventions"], questions, attendance, dialogue, moderator_id)
        parts = {part.position: part for part in ds.parts}
        self._takeaways(ds, data["takeaways"], parts, interventions, end, moderator_id)
        self._recommendations(ds, data["recommendations"], interventions, end, moderator_id)
        audit.record(self.session, audit.SYSTEM, "create", "session", ds.id, session_id=ds.id,
                     note="Loaded with the demo dataset.")
        self.counts["sessions"] += 1

    def _agenda(self, ds: DialogueSession, agenda: list[dict[str, Any]], start: datetime,
                closed: bool) -> tuple[datetime, datetime]:
        """Add the segments (with actual times once held); returns the dialogue's start and end."""
        at, dialogue = start, (start, start)
        for position, seg in enumerate(agenda, start=1):
            _require(seg["kind"] in SEGMENT_KINDS, f"unknown segment kind {seg['kind']!r}")
            until = at + timedelta(minutes=seg["minutes"])
            ds.segments.append(AgendaSegment(
                position=position, title=seg["title"], planned_minutes=seg["minutes"], kind=seg["kind"],
                actual_start=at if closed else None, actual_end=until if closed else None,
            ))
            if seg["kind"] == "dialogue":
                dialogue = (at, until)
            at = until
        return dialogue

    def _parts(self, ds: DialogueSession, parts: list[dict[str, Any]]) -> dict[str, Question]:
        questions: dict[str, Question] = {}
        for p_pos, spec in enumerate(parts, start=1):
            part = Part(position=p_pos, title=spec["title"], objective=spec["objective"])
            ds.parts.append(part)
            for q_pos, text in enumerate(spec["questions"], start=1):
                question = Question(session_id=ds.id, position=q_pos, text=text)
                part.questions.append(question)
                questions[f"{p_pos}.{q_pos}"] = question
        return questions

    def _attendance(self, ds: DialogueSession, data: dict[str, Any]) -> dict[str, Attendance]:
        rows: dict[str, Attendance] = {}
        youth_no = 0
        for key, registered_at in _registrations(data):
            _require(key in self.people and key not in rows, f"{data['title']}: bad attendee {key!r}")
            person = self.people[key]
            if person.is_youth:
                youth_no += 1
            rows[key] = Attendance(
                session_id=ds.id, person_id=person.id, stakeholder_type=person.stakeholder_type,
                youth_pseudonym_no=youth_no if person.is_youth else None, registered_at=registered_at,
            )
            self.session.add(rows[key])
        self.counts["attendances"] += len(rows)
        return rows

    def _interventions(self, ds: DialogueSession, items: list[dict[str, Any]], questions: dict[str, Question],
                       attendance: dict[str, Attendance], dialogue: tuple[datetime, datetime],
                       moderator_id: int) -> dict[str, Intervention]:
        """Add the interventions, timed in order across the dialogue segment."""
        # Each note is saved when its speaker finishes; untimed ones count as a short remark.
        weights = [(item["seconds"] or 50) + 20 for item in items]
        span = (dialogue[1] - dialogue[0]).total_seconds() * 0.95
        rows: dict[str, Intervention] = {}
        elapsed = 0
        for item, weight in zip(items, weights):
            elapsed += weight
            at = dialogue[0] + timedelta(seconds=round(elapsed / sum(weights) * span))
            speaker = item.get("speaker")
            if speaker is not None:
                _require(speaker in attendance, f"{ds.title}: {item['id']} speaker {speaker!r} is not registered")
                kind, label, person_id = attendance[speaker].stakeholder_type, None, self.people[speaker].id
            else:
                kind, label, person_id = item["stakeholder_type"], item["speaker_label"], None
            _require(kind in STAKEHOLDER_TYPES, f"{item['id']}: unknown stakeholder type {kind!r}")
            question = questions[item["question"]] if item["question"] else None
            row = Intervention(
                session_id=ds.id, question_id=question.id if question else None, person_id=person_id,
                speaker_label=label, stakeholder_type=kind, text=item["text"], speaking_seconds=item["seconds"],
                created_by_id=moderator_id, created_at=at, updated_at=at, themes=self._themes(item["themes"]),
                language=check_language(item.get("language")) or detect_language(item["text"]),
            )
            self.session.add(row)
            rows[item["id"]] = row
        self.session.flush()
        self.counts["interventions"] += len(rows)
        return rows

    def _takeaways(self, ds: DialogueSession, items: list[dict[str, Any]], parts: dict[int, Part],
                   interventions: dict[str, Intervention], end: datetime, moderator_id: int) -> None:
        for position, item in enumerate(items, start=1):
            takeaway = Takeaway(session_id=ds.id, part_id=parts[item["part"]].id, position=position,
                                text=item["text"], created_by_id=moderator_id, created_at=end, updated_at=end)
            self.session.add(takeaway)
            self.session.flush()
            for key in item["sources"]:
                self.session.add(TakeawaySource(takeaway_id=takeaway.id, intervention_id=interventions[key].id))
        self.counts["takeaways"] += len(items)

    def _recommendations(self, ds: DialogueSession, items: list[dict[str, Any]],
                         interventions: dict[str, Intervention], end: datetime, moderator_id: int) -> None:
        for position, item in enumerate(items, start=1):
            _require(all(a in ADDRESSEES for a in item["addressed_to"]), f"bad addressee in {item['text'][:40]}")
            _require(item["priority"] in PRIORITIES, f"bad priority {item['priority']!r}")
            created = end + timedelta(minutes=position)
            rec = Recommendation(
                session_id=ds.id, position=position, text=item["text"], addressed_to=list(item["addressed_to"]),
                priority=item["priority"], owner=item.get("owner"), evidence=item.get("evidence"),
                status_reason=item.get("status_reason"),
                review_date=date.fromisoformat(item["review_date"]) if item.get("review_date") else None,
                created_by_id=moderator_id, created_at=created, themes=self._themes(item["themes"]),
            )
            self.session.add(rec)
            self.session.flush()
            for key in item["sources"]:
                self.session.add(RecommendationSource(recommendation_id=rec.id, intervention_id=interventions[key].id))
            status, changed = "proposed", created
            for event in item["history"]:
                at = _local(date.fromisoformat(event["on"]), EVENT_HOUR)
                new = event.get("status")
                _require(at > changed and (new is None or _may_follow(status, new)),
                         f"{ds.title} #{position}: history out of order at {event['on']}")
                self.session.add(RecommendationEvent(
                    recommendation_id=rec.id, kind="status" if new else "comment",
                    from_status=status if new else None, to_status=new,
                    note=event.get("note") or event.get("comment"), changed_by_id=moderator_id, changed_at=at,
                ))
                if new:
                    status, changed = new, at
            rec.follow_up_status, rec.status_changed_at = status, changed
            rec.updated_at = max(changed, created)
        self.counts["recommendations"] += len(items)
