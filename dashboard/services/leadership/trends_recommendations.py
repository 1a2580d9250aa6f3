"""Recommendation figures for the trends page: by addressee, theme and status, rates, and overdue ones.

Only live recommendations count: not deleted and not merged into another. With a
stakeholder-group filter, a recommendation counts when one of its source interventions
was said by that group; with a theme filter, when it is tagged with one of the themes.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlalchemy import ColumnElement, String, case, cast, func, not_, or_, select
from sqlalchemy.orm import Session

from db.codes import ADDRESSEES, FOLLOW_UP_STATUSES, SECTORS, label
from db.models import (
    DialogueSession,
    Intervention,
    Recommendation,
    RecommendationSource,
    RecommendationTheme,
    Theme,
)
from dashboard.timefmt import to_local

from dashboard.services.leadership.follow_up import STALE_AFTER, attention_clause
from dashboard.services.leadership.trends import TrendFilters, frame_of, with_sessions

ACCEPTED_OR_BETTER = ("accepted", "in_progress", "implemented")
NO_ADDRESSEE = "none"
ATTENTION_COLUMNS = ["recommendation_id", "session_id", "session", "text", "status", "status_label", "owner",
                     "review_date", "status_changed_at", "days_unchanged", "why"]


@dataclass(frozen=True)
class RecommendationTotals:
    total: int
    implemented: int
    accepted_or_better: int
    needs_attention: int  # open and past their review date or unchanged for a quarter


def live_recommendation_filter(session_ids: list[int], filters: TrendFilters,
                               theme_ids: list[int]) -> list[ColumnElement]:
    """WHERE clauses for the recommendations the filters cover."""
    clauses: list[ColumnElement] = [
        Recommendation.session_id.in_(session_ids),
        Recommendation.deleted_at.is_(None),
        Recommendation.merged_into_id.is_(None),
    ]
    if filters.themes:
        clauses.append(Recommendation.id.in_(
            select(RecommendationTheme.recommendation_id).where(RecommendationTheme.theme_id.in_(theme_ids))
        ))
    if filters.groups:
        clauses.append(Recommendation.id.in_(
            select(RecommendationSource.recommendation_id)
            .join(Intervention, Intervention.id == RecommendationSource.intervention_id)
            .where(Intervention.stakeholder_type.in_(filters.groups), Intervention.deleted_at.is_(None))
        ))
    return clauses


def _status_labels(frame: pd.DataFrame) -> pd.DataFrame:
    frame["status_label"] = frame["status"].map(lambda s: label(FOLLOW_UP_STATUSES, s))
    return frame


def addressee_columns() -> list[ColumnElement]:
    """One conditional count per addressee code, over the JSON list as text (same on SQLite and PostgreSQL)."""
    as_text = cast(Recommendation.addressed_to, String)
    columns = [func.sum(case((as_text.like(f'%"{code}"%'), 1), else_=0)).label(code) for code in ADDRESSEES]
    # A list holding no quoted string names nobody.
    nobody = or_(Recommendation.addressed_to.is_(None), not_(as_text.like('%"%')))
    columns.append(func.sum(case((nobody, 1), else_=0)).label(NO_ADDRESSEE))
    return columns


def summarize_by_addressee(session: Session, where: list[ColumnElement]) -> pd.DataFrame:
    """Recommendations per addressee and follow-up status (one recommendation may name several)."""
    codes = [*ADDRESSEES, NO_ADDRESSEE]
    wide = frame_of(session, select(Recommendation.follow_up_status, *addressee_columns()).where(*where)
                    .group_by(Recommendation.follow_up_status), ["status", *codes])
    long = wide.melt(id_vars="status", var_name="addressee", value_name="recommendations")
    long = long[long["recommendations"] > 0].copy()
    long["recommendations"] = long["recommendations"].astype(int)
    names = {**ADDRESSEES, NO_ADDRESSEE: "Not specified"}
    long["addressee_label"] = long["addressee"].map(names)
    long["addressee_order"] = long["addressee"].map({c: i for i, c in enumerate(codes)})
    return _status_labels(long).sort_values(["addressee_order", "status"]).reset_index(drop=True)


def summarize_by_theme(session: Session, where: list[ColumnElement], filters: TrendFilters,
                       theme_ids: list[int]) -> pd.DataFrame:
    """Recommendations per theme tag and follow-up status."""
    clauses = list(where)
    if filters.themes:
        clauses.append(RecommendationTheme.theme_id.in_(theme_ids))
    stmt = (
        select(Theme.code, Theme.label, Recommendation.follow_up_status, func.count())
        .join(RecommendationTheme, RecommendationTheme.recommendation_id == Recommendation.id)
        .join(Theme, Theme.id == RecommendationTheme.theme_id)
        .where(*clauses)
        .group_by(Theme.code, Theme.label, Recommendation.follow_up_status)
    )
    frame = _status_labels(frame_of(session, stmt, ["theme_code", "theme", "status", "recommendations"]))
    return frame.sort_values(["theme", "status"]).reset_index(drop=True)


def _rates(counts: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Implemented / all and accepted-or-better / all from (keys..., status, recommendations) counts."""
    columns = [*keys, "recommendations", "implemented", "accepted_or_better", "implemented_rate", "accepted_rate"]
    if counts.empty:
        return pd.DataFrame(columns=columns)
    flags = counts.assign(
        implemented=counts["recommendations"].where(counts["status"] == "implemented", 0),
        accepted_or_better=counts["recommendations"].where(counts["status"].isin(ACCEPTED_OR_BETTER), 0),
    )
    rates = flags.groupby(keys, as_index=False)[["recommendations", "implemented", "accepted_or_better"]].sum()
    rates["implemented_rate"] = rates["implemented"] / rates["recommendations"]
    rates["accepted_rate"] = rates["accepted_or_better"] / rates["recommendations"]
    return rates[columns]


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def list_needs_attention(session: Session, sessions: pd.DataFrame, where: list[ColumnElement], *,
                         today: date, now: datetime) -> pd.DataFrame:
    """Open recommendations past their review date or with no status change for more than a quarter."""
    stale_before = now - STALE_AFTER
    stmt = (
        select(Recommendation.id, Recommendation.session_id, Recommendation.text, Recommendation.follow_up_status,
               Recommendation.owner, Recommendation.review_date, Recommendation.status_changed_at)
        .where(*where, attention_clause(today, now))
        .order_by(Recommendation.review_date.asc().nulls_last(), Recommendation.status_changed_at, Recommendation.id)
    )
    labels = dict(zip(sessions["session_id"], sessions["session"]))
    records = []
    # Formatting the listed rows (not aggregating them): one pass over what the query returned.
    for rid, session_id, text, status, owner, review, changed in session.execute(stmt):
        reasons = []
        if review is not None and review < today:
            reasons.append(f"review date passed {_days((today - review).days)} ago")
        if changed < stale_before:
            reasons.append(f"status unchanged for {_days((now - changed).days)}")
        records.append({
            "recommendation_id": rid, "session_id": session_id, "session": labels.get(session_id, ""), "text": text,
            "status": status, "status_label": label(FOLLOW_UP_STATUSES, status), "owner": owner,
            "review_date": review, "status_changed_at": to_local(changed).date(),
            "days_unchanged": (now - changed).days, "why": "; ".join(reasons).capitalize(),
        })
    return pd.DataFrame(records, columns=ATTENTION_COLUMNS)


def count_recommendations(session: Session, session_ids: list[int], filters: TrendFilters, theme_ids: list[int],
                          *, today: date, now: datetime) -> RecommendationTotals:
    """The headline's recommendation figures and how many need attention, in one statement."""
    if not session_ids:
        return RecommendationTotals(0, 0, 0, 0)
    where = live_recommendation_filter(session_ids, filters, theme_ids)
    status = Recommendation.follow_up_status

    def counted(condition: ColumnElement) -> ColumnElement:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    row = session.execute(select(func.count(), counted(status == "implemented"),
                                 counted(status.in_(ACCEPTED_OR_BETTER)), counted(attention_clause(today, now)))
                          .where(*where)).one()
    return RecommendationTotals(*(int(v) for v in row))


def _by_status(session: Session, sessions: pd.DataFrame, where: list[ColumnElement]) -> pd.DataFrame:
    by_status = frame_of(session, select(Recommendation.session_id, Recommendation.follow_up_status, func.count())
                         .where(*where).group_by(Recommendation.session_id, Recommendation.follow_up_status),
                         ["session_id", "status", "recommendations"])
    return with_sessions(_status_labels(by_status), sessions)


def summarize_recommendation_breakdown(session: Session, sessions: pd.DataFrame, filters: TrendFilters,
                                       theme_ids: list[int]) -> dict[str, pd.DataFrame]:
    """Recommendations by addressee, by theme and by session, each split by follow-up status."""
    where = live_recommendation_filter([int(i) for i in sessions["session_id"]], filters, theme_ids)
    return {"recs_by_addressee": summarize_by_addressee(session, where),
            "recs_by_theme": summarize_by_theme(session, where, filters, theme_ids),
            "recs_by_status": _by_status(session, sessions, where)}


def summarize_implementation(session: Session, sessions: pd.DataFrame, filters: TrendFilters,
                             theme_ids: list[int]) -> dict[str, pd.DataFrame]:
    """Implemented and accepted-or-better shares per session and per sector focus."""
    where = live_recommendation_filter([int(i) for i in sessions["session_id"]], filters, theme_ids)
    by_sector = frame_of(session, select(DialogueSession.sector_focus, Recommendation.follow_up_status, func.count())
                         .join(DialogueSession, DialogueSession.id == Recommendation.session_id)
                         .where(*where).group_by(DialogueSession.sector_focus, Recommendation.follow_up_status),
                         ["sector", "status", "recommendations"])
    per_session = _rates(_by_status(session, sessions, where), ["session_id", "session", "order", "sector_label"])
    per_sector = _rates(by_sector, ["sector"])
    per_sector.insert(1, "sector_label", per_sector["sector"].map(lambda c: label(SECTORS, c)))
    return {"rates_by_session": per_session.sort_values("order").reset_index(drop=True),
            "rates_by_sector": per_sector.sort_values("sector_label").reset_index(drop=True)}


def list_attention(session: Session, sessions: pd.DataFrame, filters: TrendFilters, theme_ids: list[int], *,
                   today: date, now: datetime) -> pd.DataFrame:
    """The needs-attention list for the chosen sessions and filters (see `list_needs_attention`)."""
    where = live_recommendation_filter([int(i) for i in sessions["session_id"]], filters, theme_ids)
    return list_needs_attention(session, sessions, where, today=today, now=now)
