"""Trends across the quarterly series: who took part, what was said, which themes recurred.

Sessions are picked in Python (there are at most a few hundred); everything counted over
attendance, interventions and theme tags is aggregated in SQL with GROUP BY
(`trends_participation`), and so are the recommendation figures (`trends_recommendations`);
the support-check figures read the results frozen when checks closed (`trends_support`).
`summarize_overview` gives the headline; `summarize_subject` the figures of one subject (one
tab of the page), so a page can count only what it shows; `build_trend_report` gives them all.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Optional

import pandas as pd
from sqlalchemy import Select, func, select, union
from sqlalchemy.orm import Session

from db.codes import SECTORS, STAKEHOLDER_TYPES, label
from db.models import (
    Attendance,
    AuditEntry,
    DialogueSession,
    Intervention,
    InterventionTheme,
    Recommendation,
    RecommendationEvent,
    RecommendationTheme,
    Theme,
    utcnow,
)
from dashboard.timefmt import format_month, to_local

HELD_STATUSES = ("live", "closed", "published")
# "session" is the short label ("#3 · Dec 2025", in English); "tag" ("#3") and "date" make it in another language.
SESSION_COLUMNS = ["session_id", "session", "order", "title", "sector", "sector_label", "date", "year", "quarter",
                   "tag"]
# The subjects of the page, one per tab, and the TrendReport frames each one fills.
SUBJECTS: dict[str, tuple[str, ...]] = {
    "participation": ("participation",),
    "interventions": ("interventions", "speaking_time"),
    "themes": ("theme_heatmap", "top_themes"),
    "recommendations": ("recs_by_addressee", "recs_by_theme", "recs_by_status"),
    "implementation": ("rates_by_session", "rates_by_sector"),
    "support_checks": ("support_by_session", "support_opposition", "support_respondents"),
    "attention": ("attention",),
}


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
    support_by_session: pd.DataFrame
    support_opposition: pd.DataFrame
    support_respondents: pd.DataFrame
    attention: pd.DataFrame


@dataclass(frozen=True)
class TrendOverview:
    """The headline for one set of filters, and what its subjects are counted over."""

    filters: TrendFilters
    any_sessions: bool  # False: nothing has been held at all, filters aside
    sessions: pd.DataFrame  # the held sessions the filters chose, oldest first
    theme_ids: tuple[int, ...]  # of the theme filter
    headline: Headline
    needs_attention: int  # open recommendations past their review date or unchanged for a quarter
    today: date
    now: datetime


def _when(row) -> datetime:  # a result row with the three dates
    return row.scheduled_start or row.closed_at or row.created_at


def session_tag(number: Optional[int], session_id: int) -> str:
    """A held session's tag: its series number ("#3"), else its id ("S12")."""
    return f"#{number}" if number else f"S{session_id}"


def session_label(tag: str, day: date, language: str = "en") -> str:
    """The short label the trends give a session: its tag and month ("#3 · Dec 2025"), in `language`."""
    return f"{tag} · {format_month(day, language)}"


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
        tag = session_tag(r.series_number, r.id)
        records.append({
            "session_id": r.id, "session": session_label(tag, local.date()), "title": r.title,
            "sector": r.sector_focus, "sector_label": label(SECTORS, r.sector_focus), "date": local.date(),
            "year": local.year, "quarter": (local.month - 1) // 3 + 1, "tag": tag,
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


def frame_of(session: Session, stmt: Select, columns: list[str]) -> pd.DataFrame:
    """The rows of an aggregate query as a DataFrame with the given column names."""
    return pd.DataFrame([tuple(r) for r in session.execute(stmt)], columns=columns)


def with_sessions(frame: pd.DataFrame, sessions: pd.DataFrame) -> pd.DataFrame:
    """Attach the session label and order to a per-session aggregate, oldest session first."""
    merged = frame.merge(sessions[["session_id", "session", "order", "sector_label"]], on="session_id")
    return merged.sort_values(["order"], kind="stable").reset_index(drop=True)


def get_change_stamp(session: Session) -> tuple:
    """A cheap fingerprint of everything the trends read: it changes whenever their figures may."""
    # Every flushed write to a row of a dialogue session (its attendance and people, interventions
    # and their theme tags, recommendations) moves that session's data_version (db/live_stamp.py),
    # and the few bulk statements bump it themselves: summing ~100 versions replaces counting and
    # scanning the 50,000-row intervention tables (~10 ms a page view at series scale).
    probes = [
        func.count(DialogueSession.id), func.sum(DialogueSession.data_version), func.max(DialogueSession.updated_at),
        func.count(Attendance.id), func.max(Attendance.id), func.max(Intervention.id),
        func.count(Recommendation.id), func.max(Recommendation.updated_at),
        func.count(RecommendationTheme.recommendation_id),
        func.max(RecommendationEvent.id), func.max(AuditEntry.id),
    ]
    # One round trip: each probe is its own scalar subquery over a single table.
    return tuple(session.execute(select(*(select(p).scalar_subquery() for p in probes))).one())


def summarize_overview(session: Session, *, filters: TrendFilters = TrendFilters(),
                       held: Optional[pd.DataFrame] = None, today: Optional[date] = None,
                       now: Optional[datetime] = None) -> TrendOverview:
    """The headline figures for `filters` (a handful of counting statements); `held` may come from a cache."""
    from dashboard.services.leadership import trends_participation as people
    from dashboard.services.leadership import trends_recommendations as recs

    now = now or utcnow()
    today = today or to_local(now).date()
    held = list_held_sessions(session) if held is None else held
    sessions = select_sessions(session, held, filters)
    ids = [int(i) for i in sessions["session_id"]]
    theme_ids = _theme_ids(session, filters.themes)
    participants, orgs, countries = people.summarize_reach(session, ids, filters)
    totals = recs.count_recommendations(session, ids, filters, theme_ids, today=today, now=now)
    headline = Headline(
        sessions_held=len(sessions), participants=participants, organizations=orgs, countries=countries,
        interventions=people.count_interventions(session, ids, filters, theme_ids),
        recommendations=totals.total, implemented=totals.implemented, accepted_or_better=totals.accepted_or_better,
    )
    return TrendOverview(filters, not held.empty, sessions, tuple(theme_ids), headline, totals.needs_attention,
                         today, now)


def summarize_subject(session: Session, overview: TrendOverview, subject: str) -> dict[str, pd.DataFrame]:
    """The frames of one subject (see SUBJECTS) over the overview's sessions and filters."""
    from dashboard.services.leadership import trends_participation as people
    from dashboard.services.leadership import trends_recommendations as recs
    from dashboard.services.leadership import trends_support as support

    sessions, filters, theme_ids = overview.sessions, overview.filters, list(overview.theme_ids)
    if subject == "participation":
        return {"participation": people.summarize_participation(session, sessions, filters)}
    if subject == "interventions":
        interventions = people.summarize_interventions(session, sessions, filters, theme_ids)
        return {"interventions": interventions, "speaking_time": people.summarize_speaking_time(interventions)}
    if subject == "themes":
        heat, top = people.summarize_themes(session, sessions, filters, theme_ids)
        return {"theme_heatmap": heat, "top_themes": top}
    if subject == "recommendations":
        return recs.summarize_recommendation_breakdown(session, sessions, filters, theme_ids)
    if subject == "implementation":
        return recs.summarize_implementation(session, sessions, filters, theme_ids, today=overview.today)
    if subject == "support_checks":
        return support.summarize_support(session, sessions, filters, theme_ids)
    if subject == "attention":
        return {"attention": recs.list_attention(session, sessions, filters, theme_ids,
                                                 today=overview.today, now=overview.now)}
    raise ValueError(f"unknown trends subject {subject!r}")


def build_trend_report(session: Session, *, filters: TrendFilters = TrendFilters(),
                       today: Optional[date] = None, now: Optional[datetime] = None) -> TrendReport:
    """Every figure of the trends page for `filters` (a dozen GROUP BY queries)."""
    overview = summarize_overview(session, filters=filters, today=today, now=now)
    frames: dict[str, pd.DataFrame] = {}
    for subject in SUBJECTS:
        frames.update(summarize_subject(session, overview, subject))
    return TrendReport(any_sessions=overview.any_sessions, headline=overview.headline, sessions=overview.sessions,
                       **frames)

