"""Who took part and what was said across the series: attendance, interventions, speaking time and themes.

Everything is counted in SQL with GROUP BY over the sessions `trends.select_sessions` chose;
`trends.summarize_overview` and `trends.summarize_subject` put the figures together.
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from db.codes import STAKEHOLDER_TYPES, label
from db.models import Attendance, Intervention, InterventionTheme, Person, Theme

from dashboard.services.leadership.trends import TrendFilters, frame_of, with_sessions


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


def _group_labels(frame: pd.DataFrame) -> pd.DataFrame:
    frame["group_label"] = frame["group"].map(lambda g: label(STAKEHOLDER_TYPES, g))
    return frame


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


def count_interventions(session: Session, session_ids: list[int], filters: TrendFilters,
                        theme_ids: list[int]) -> int:
    """Live interventions of the chosen sessions that the filters cover (the headline figure)."""
    if not session_ids:
        return 0
    return int(session.scalar(select(func.count()).select_from(Intervention)
                              .where(*intervention_filter(session_ids, filters, theme_ids))) or 0)


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
