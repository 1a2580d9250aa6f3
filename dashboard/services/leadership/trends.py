"""Trends across the quarterly series: who took part, what was said, which themes recurred.

Sessions are picked in Python (there are at most a few hundred); everything counted over
attendance, interventions and theme tags is aggregated in SQL with GROUP BY. The
recommendation figures live in `trends_recommendations`; `build_trend_report` joins both.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Optional

import pandas as pd
from sqlalchemy import ColumnElement, Select, func, select, union
from sqlalchemy.orm import Session

from db.codes import SECTORS, STAKEHOLDER_TYPES, label
from db.models import (
    Attendance,
    AuditEntry,
    DialogueSession,
    Intervention,
    InterventionTheme,
    Person,
    Recommendation,
    RecommendationEvent,
    RecommendationTheme,
    Theme,
)
from dashboard.timefmt import to_local

HELD_STATUSES = ("live", "closed", "published")
SESSION_COLUMNS = ["session_id", "session", "order", "title", "sector", "sector_label", "date", "year", "quarter"]


@dataclass(frozen=True)
class TrendFilters:
    """What the leader narrowed the series to; an empty tuple means "all"."""

    years: tuple[int, ...] = ()
    quarters: tuple[int, ...] = ()
    sectors: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()  # theme codes


@dataclass(frozen=True)
class FilterOptions:
    years: tuple[int, ...]
    sectors: tuple[tuple[str, str], ...]  # (code, label) of sectors that have held sessions
    groups: tuple[tuple[str, str], ...]
    themes: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Headline:
    sessions_held: int
    participants: int
    organizations: int
    countries: int
    interventions: int
    recommendations: int
    implemented: int
    accepted_or_better: int


@dataclass(frozen=True)
class TrendReport:
    """Every figure of the trends page for one set of filters (DataFrames are long-form)."""

    any_sessions: bool  # False: nothing has been held at all, filters aside
    headline: Headline
    sessions: pd.DataFrame
    participation: pd.DataFrame
    interventions: pd.DataFrame
    speaking_time: pd.DataFrame
    theme_heatmap: pd.DataFrame
    top_themes: pd.DataFrame
    recs_by_addressee: pd.DataFrame
    recs_by_theme: pd.DataFrame
    recs_by_status: pd.DataFrame
    rates_by_session: pd.DataFrame
    rates_by_sector: pd.DataFrame
    attention: pd.DataFrame


def _when(row) -> datetime:  # a result row with the three dates
    return row.scheduled_start or row.closed_at or row.created_at


def _short_label(number: Optional[int], session_id: int, local: datetime) -> str:
    tag = f"#{number}" if number else f"S{session_id}"
    return f"{tag} · {local:%b %Y}"


def list_held_sessions(session: Session) -> pd.DataFrame:
    """Every session that took place (live, closed or published), oldest first, with year and quarter."""
    rows = session.execute(
        select(DialogueSession.id, DialogueSession.series_number, DialogueSession.title,
               DialogueSession.sector_focus, DialogueSession.scheduled_start, DialogueSession.closed_at,
               DialogueSession.created_at)
        .where(DialogueSession.status.in_(HELD_STATUSES))
    ).all()
    records = []
    for r in sorted(rows, key=lambda r: (_when(r), r.id)):
        local = to_local(_when(r))
        records.append({
            "session_id": r.id, "session": _short_label(r.series_number, r.id, local), "title": r.title,
            "sector": r.sector_focus, "sector_label": label(SECTORS, r.sector_focus), "date": local.date(),
            "year": local.year, "quarter": (local.month - 1) // 3 + 1,
        })
    frame = pd.DataFrame(records, columns=[c for c in SESSION_COLUMNS if c != "order"])
    frame.insert(2, "order", range(len(frame)))
    return frame


def _theme_ids(session: Session, codes: tuple[str, ...]) -> list[int]:
    if not codes:
        return []
    return list(session.scalars(select(Theme.id).where(Theme.code.in_(codes))))


def select_sessions(session: Session, held: pd.DataFrame, filters: TrendFilters) -> pd.DataFrame:
    """The held sessions that match year, quarter, sector and (if set) raised one of the themes."""
    chosen = held
    if filters.years:
        chosen = chosen[chosen["year"].isin(filters.years)]
    if filters.quarters:
        chosen = chosen[chosen["quarter"].isin(filters.quarters)]
    if filters.sectors:
        chosen = chosen[chosen["sector"].isin(filters.sectors)]
    if filters.themes and not chosen.empty:
        ids = [int(i) for i in chosen["session_id"]]
        theme_ids = _theme_ids(session, filters.themes)
        raised = union(
            select(Intervention.session_id)
            .join(InterventionTheme, InterventionTheme.intervention_id == Intervention.id)
            .where(Intervention.session_id.in_(ids), Intervention.deleted_at.is_(None),
                   InterventionTheme.theme_id.in_(theme_ids)),
            select(Recommendation.session_id)
            .join(RecommendationTheme, RecommendationTheme.recommendation_id == Recommendation.id)
            .where(Recommendation.session_id.in_(ids), Recommendation.deleted_at.is_(None),
                   Recommendation.merged_into_id.is_(None), RecommendationTheme.theme_id.in_(theme_ids)),
        )
        hit = set(session.scalars(select(raised.subquery().c[0])))
        chosen = chosen[chosen["session_id"].isin(hit)]
    return chosen.reset_index(drop=True)


def list_filter_options(session: Session, held: Optional[pd.DataFrame] = None) -> FilterOptions:
    """The choices the filters offer: years and sectors that have held sessions, every group and theme."""
    held = list_held_sessions(session) if held is None else held
    years = tuple(sorted({int(y) for y in held["year"]}, reverse=True))
    present = set(held["sector"])
    sectors = tuple((c, lbl) for c, lbl in SECTORS.items() if c in present)
    themes = tuple((code, name) for code, name in session.execute(
        select(Theme.code, Theme.label).order_by(Theme.position, Theme.label)))
    return FilterOptions(years, sectors, tuple(STAKEHOLDER_TYPES.items()), themes)


# --- what each aggregate counts ----------------------------------------------------------


def intervention_filter(session_ids: list[int], filters: TrendFilters, theme_ids: list[int]) -> list[ColumnElement]:
    """WHERE clauses for the interventions the filters cover (live rows of the chosen sessions)."""
    clauses: list[ColumnElement] = [Intervention.session_id.in_(session_ids), Intervention.deleted_at.is_(None)]
    if filters.groups:
        clauses.append(Intervention.stakeholder_type.in_(filters.groups))
    if filters.themes:
        clauses.append(Intervention.id.in_(
            select(InterventionTheme.intervention_id).where(InterventionTheme.theme_id.in_(theme_ids))
        ))
    return clauses


def _attendance_filter(session_ids: list[int], filters: TrendFilters) -> list[ColumnElement]:
    clauses: list[ColumnElement] = [Attendance.session_id.in_(session_ids), Attendance.attended.is_(True)]
    if filters.groups:
        clauses.append(Attendance.stakeholder_type.in_(filters.groups))
    return clauses


def frame_of(session: Session, stmt: Select, columns: list[str]) -> pd.DataFrame:
    """The rows of an aggregate query as a DataFrame with the given column names."""
    return pd.DataFrame([tuple(r) for r in session.execute(stmt)], columns=columns)


def with_sessions(frame: pd.DataFrame, sessions: pd.DataFrame) -> pd.DataFrame:
    """Attach the session label and order to a per-session aggregate, oldest session first."""
    merged = frame.merge(sessions[["session_id", "session", "order", "sector_label"]], on="session_id")
    return merged.sort_values(["order"], kind="stable").reset_index(drop=True)


def _group_labels(frame: pd.DataFrame) -> pd.DataFrame:
    frame["group_label"] = frame["group"].map(lambda g: label(STAKEHOLDER_TYPES, g))
    return frame


# --- the aggregates ------------------------------------------------------------------------


def summarize_reach(session: Session, session_ids: list[int], filters: TrendFilters) -> tuple[int, int, int]:
    """Distinct people, organizations and countries that attended the chosen sessions."""
    if not session_ids:
        return 0, 0, 0
    org = func.nullif(func.lower(func.trim(Person.organization)), "")
    country = func.nullif(func.lower(func.trim(Person.country)), "")
    row = session.execute(
        select(func.count(func.distinct(Attendance.person_id)), func.count(func.distinct(org)),
               func.count(func.distinct(country)))
        .join(Person, Person.id == Attendance.person_id)
        .where(*_attendance_filter(session_ids, filters))
    ).one()
    return int(row[0]), int(row[1]), int(row[2])


def summarize_participation(session: Session, sessions: pd.DataFrame, filters: TrendFilters) -> pd.DataFrame:
    """Participants per session and stakeholder group, with each group's share of the session."""
    ids = [int(i) for i in sessions["session_id"]]
    stmt = (
        select(Attendance.session_id, Attendance.stakeholder_type, func.count())
        .where(*_attendance_filter(ids, filters))
        .group_by(Attendance.session_id, Attendance.stakeholder_type)
    )
    frame = _group_labels(frame_of(session, stmt, ["session_id", "group", "participants"]))
    frame["share"] = frame["participants"] / frame.groupby("session_id")["participants"].transform("sum")
    return with_sessions(frame, sessions)


def summarize_interventions(session: Session, sessions: pd.DataFrame, filters: TrendFilters,
                            theme_ids: list[int]) -> pd.DataFrame:
    """Interventions and captured speaking seconds per session and stakeholder group."""
    ids = [int(i) for i in sessions["session_id"]]
    stmt = (
        select(Intervention.session_id, Intervention.stakeholder_type, func.count(),
               func.coalesce(func.sum(Intervention.speaking_seconds), 0), func.count(Intervention.speaking_seconds))
        .where(*intervention_filter(ids, filters, theme_ids))
        .group_by(Intervention.session_id, Intervention.stakeholder_type)
    )
    columns = ["session_id", "group", "interventions", "speaking_seconds", "timed_interventions"]
    return with_sessions(_group_labels(frame_of(session, stmt, columns)), sessions)


def summarize_speaking_time(interventions: pd.DataFrame) -> pd.DataFrame:
    """Speaking minutes per group over the chosen sessions, and how many interventions were timed."""
    columns = ["group", "group_label", "minutes", "interventions", "timed_interventions", "timed_share"]
    if interventions.empty:
        return pd.DataFrame(columns=columns)
    totals = interventions.groupby(["group", "group_label"], as_index=False)[
        ["speaking_seconds", "interventions", "timed_interventions"]].sum()
    totals["minutes"] = (totals["speaking_seconds"] / 60).round(1)
    totals["timed_share"] = totals["timed_interventions"] / totals["interventions"]
    return totals[columns].sort_values("minutes", ascending=False).reset_index(drop=True)


def summarize_themes(session: Session, sessions: pd.DataFrame, filters: TrendFilters,
                     theme_ids: list[int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Theme mentions per session (heatmap) and themes ranked by sessions raised in, then mentions."""
    ids = [int(i) for i in sessions["session_id"]]
    where = intervention_filter(ids, filters, theme_ids)
    if filters.themes:
        where.append(InterventionTheme.theme_id.in_(theme_ids))
    # Grouping on the integer theme id and naming the (few) themes afterwards is the cheap way round.
    counts = (
        select(Intervention.session_id, InterventionTheme.theme_id, func.count().label("mentions"))
        .join(InterventionTheme, InterventionTheme.intervention_id == Intervention.id)
        .where(*where)
        .group_by(Intervention.session_id, InterventionTheme.theme_id)
        .subquery()
    )
    heat = frame_of(session, select(counts.c.session_id, Theme.code, Theme.label, counts.c.mentions)
                    .join(Theme, Theme.id == counts.c.theme_id),
                    ["session_id", "theme_code", "theme", "mentions"])
    # Sessions and mentions per theme follow from the per-session counts (at most sessions x themes rows).
    top = (heat.groupby(["theme_code", "theme"], as_index=False)
           .agg(sessions=("session_id", "nunique"), mentions=("mentions", "sum")))
    top = top.sort_values(["sessions", "mentions", "theme"], ascending=[False, False, True]).reset_index(drop=True)
    return with_sessions(heat, sessions), top


def get_change_stamp(session: Session) -> tuple:
    """A cheap fingerprint of everything the trends read: it changes whenever their figures may."""
    probes = [
        func.count(DialogueSession.id), func.max(DialogueSession.updated_at),
        func.count(Attendance.id), func.max(Attendance.id),
        func.count(Intervention.id), func.max(Intervention.updated_at),
        func.count(InterventionTheme.intervention_id),
        func.count(Recommendation.id), func.max(Recommendation.updated_at),
        func.count(RecommendationTheme.recommendation_id),
        func.max(RecommendationEvent.id), func.max(AuditEntry.id),
    ]
    # One round trip: each probe is its own scalar subquery over a single table.
    return tuple(session.execute(select(*(select(p).scalar_subquery() for p in probes))).one())


def build_trend_report(session: Session, *, filters: TrendFilters = TrendFilters(),
                       today: Optional[date] = None, now: Optional[datetime] = None) -> TrendReport:
    """Every figure of the trends page for `filters` (a dozen GROUP BY queries)."""
    from dashboard.services.leadership import trends_recommendations as recs

    held = list_held_sessions(session)
    sessions = select_sessions(session, held, filters)
    ids = [int(i) for i in sessions["session_id"]]
    theme_ids = _theme_ids(session, filters.themes)
    people, orgs, countries = summarize_reach(session, ids, filters)
    participation = summarize_participation(session, sessions, filters)
    interventions = summarize_interventions(session, sessions, filters, theme_ids)
    heat, top = summarize_themes(session, sessions, filters, theme_ids)
    outcome = recs.summarize_recommendations(session, sessions, filters, theme_ids, today=today, now=now)
    headline = Headline(
        sessions_held=len(sessions), participants=people, organizations=orgs, countries=countries,
        interventions=int(interventions["interventions"].sum()) if not interventions.empty else 0,
        recommendations=outcome.total, implemented=outcome.implemented,
        accepted_or_better=outcome.accepted_or_better,
    )
    return TrendReport(
        any_sessions=not held.empty, headline=headline, sessions=sessions, participation=participation,
        interventions=interventions, speaking_time=summarize_speaking_time(interventions),
        theme_heatmap=heat, top_themes=top, recs_by_addressee=outcome.by_addressee,
        recs_by_theme=outcome.by_theme, recs_by_status=outcome.by_status_session,
        rates_by_session=outcome.rates_by_session, rates_by_sector=outcome.rates_by_sector,
        attention=outcome.attention,
    )
