"""Recommendation figures for the trends page: by addressee, theme and status, rates, and overdue ones.

Only live recommendations count: not deleted and not merged into another. With a
stakeholder-group filter, a recommendation counts when one of its source interventions
was said by that group; with a theme filter, when it is tagged with one of the themes.
Implementation shares are read only for sessions held at least TOO_EARLY_DAYS ago (a
session held last week has not had the time to implement anything: "too early", not 0 %).
A recommendation is named by its place in its session's list (R1, R2, ...), as Follow-up and
Takeaways number it, never by its database id.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlalchemy import ColumnElement, String, Subquery, case, cast, func, not_, or_, select
from sqlalchemy.orm import Session

from db.codes import ADDRESSEES, FOLLOW_UP_STATUSES, SECTORS, label
from db.models import (
    Intervention,
    Recommendation,
    RecommendationSource,
    RecommendationTheme,
    Theme,
)
from dashboard.i18n import N_
from dashboard.timefmt import to_local

from dashboard.services.leadership.follow_up import STALE_AFTER, attention_clause
from dashboard.services.leadership.trends import TrendFilters, frame_of, with_sessions

ACCEPTED_OR_BETTER = ("accepted", "in_progress", "implemented")
NO_ADDRESSEE = "none"
NOT_SPECIFIED = N_("Not specified")  # the label of NO_ADDRESSEE (translated where shown)
# Recommendations are agreed at the session; owners need about a quarter to take them up, so a
# session held fewer days ago than this shows "too early" on the implementation charts, not 0 %.
TOO_EARLY_DAYS = 90
ATTENTION_COLUMNS = ["recommendation_id", "session_id", "session", "number", "rec", "text", "status", "status_label",
                     "owner", "review_date", "status_changed_at", "days_unchanged", "why", "days_overdue", "stale"]
# "why" is in English; "days_overdue" (None when the review date has not passed) and "stale" (no status change
# for more than a quarter) are what it says, for the interface to say it in the reader's language.
RATE_COLUMNS = ["recommendations", "implemented", "accepted_or_better", "implemented_rate", "accepted_rate"]
SESSION_RATE_COLUMNS = ["session_id", "session", "order", "sector_label", "date", "held_days_ago", "too_early",
                        *RATE_COLUMNS]
SECTOR_RATE_COLUMNS = ["sector", "sector_label", "too_early", *RATE_COLUMNS, "too_early_recommendations"]


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


def rec_label(number: int) -> str:
    """How the trends page names a recommendation: its place in its session's list ("R3")."""
    return f"R{number}"


def numbered_recommendations(session_ids: list[int]) -> Subquery:
    """(rid, number): each live recommendation's place in its session's list, as Follow-up numbers it."""
    # The same numbering as follow_up._rows and outcomes.recommendations (position, then id, over
    # the session's live recommendations), taken over the whole session so filters never renumber.
    return (
        select(Recommendation.id.label("rid"), func.row_number().over(
            partition_by=Recommendation.session_id, order_by=(Recommendation.position, Recommendation.id)
        ).label("number"))
        .where(Recommendation.session_id.in_(session_ids), Recommendation.deleted_at.is_(None),
               Recommendation.merged_into_id.is_(None))
        .subquery()
    )


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
    names = {**ADDRESSEES, NO_ADDRESSEE: NOT_SPECIFIED}
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


def count_if(condition: ColumnElement) -> ColumnElement:
    """How many rows of the group meet `condition` (0, not NULL, when none does)."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def list_needs_attention(session: Session, sessions: pd.DataFrame, where: list[ColumnElement], *,
                         today: date, now: datetime) -> pd.DataFrame:
    """Open recommendations past their review date or with no status change for more than a quarter."""
    stale_before = now - STALE_AFTER
    numbered = numbered_recommendations([int(i) for i in sessions["session_id"]])
    stmt = (
        select(Recommendation.id, Recommendation.session_id, numbered.c.number, Recommendation.text,
               Recommendation.follow_up_status, Recommendation.owner, Recommendation.review_date,
               Recommendation.status_changed_at)
        .join(numbered, numbered.c.rid == Recommendation.id)
        .where(*where, attention_clause(today, now))
        .order_by(Recommendation.review_date.asc().nulls_last(), Recommendation.status_changed_at, Recommendation.id)
    )
    labels = dict(zip(sessions["session_id"], sessions["session"]))
    records = []
    # Formatting the listed rows (not aggregating them): one pass over what the query returned.
    for rid, session_id, number, text, status, owner, review, changed in session.execute(stmt):
        reasons = []
        overdue = (today - review).days if review is not None and review < today else None
        stale = changed < stale_before
        if overdue is not None:
            reasons.append(f"review date passed {_days(overdue)} ago")
        if stale:
            reasons.append(f"status unchanged for {_days((now - changed).days)}")
        records.append({
            "recommendation_id": rid, "session_id": session_id, "session": labels.get(session_id, ""),
            "number": int(number), "rec": rec_label(int(number)), "text": text,
            "status": status, "status_label": label(FOLLOW_UP_STATUSES, status), "owner": owner,
            "review_date": review, "status_changed_at": to_local(changed).date(),
            "days_unchanged": (now - changed).days, "why": "; ".join(reasons).capitalize(),
            "days_overdue": overdue, "stale": stale,
        })
    return pd.DataFrame(records, columns=ATTENTION_COLUMNS)


def count_recommendations(session: Session, session_ids: list[int], filters: TrendFilters, theme_ids: list[int],
                          *, today: date, now: datetime) -> RecommendationTotals:
    """The headline's recommendation figures and how many need attention, in one statement."""
    if not session_ids:
        return RecommendationTotals(0, 0, 0, 0)
    where = live_recommendation_filter(session_ids, filters, theme_ids)
    status = Recommendation.follow_up_status
    row = session.execute(select(func.count(), count_if(status == "implemented"),
                                 count_if(status.in_(ACCEPTED_OR_BETTER)), count_if(attention_clause(today, now)))
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


def _counts_per_session(session: Session, sessions: pd.DataFrame, where: list[ColumnElement],
                        today: date) -> pd.DataFrame:
    """All, implemented and accepted-or-better recommendations per session, and whether it is too early to tell."""
    status = Recommendation.follow_up_status
    stmt = (select(Recommendation.session_id, func.count(), count_if(status == "implemented"),
                   count_if(status.in_(ACCEPTED_OR_BETTER)))
            .where(*where).group_by(Recommendation.session_id))
    counts = frame_of(session, stmt, ["session_id", "recommendations", "implemented", "accepted_or_better"])
    per = counts.merge(sessions[["session_id", "session", "order", "sector", "sector_label", "date"]], on="session_id")
    per["held_days_ago"] = [(today - held).days for held in per["date"]]
    per["too_early"] = per["held_days_ago"] < TOO_EARLY_DAYS  # a future date too
    return per


def _shares(frame: pd.DataFrame, known: pd.Series) -> pd.DataFrame:
    """The two shares of all recommendations, NaN (shown "too early", never 0 %) where not `known`."""
    for share, part in (("implemented_rate", "implemented"), ("accepted_rate", "accepted_or_better")):
        frame[share] = (frame[part] / frame["recommendations"]).astype(float).where(known)
    return frame


def _rates_per_sector(per_session: pd.DataFrame) -> pd.DataFrame:
    """Shares per sector over its sessions held long enough ago; the others' recommendations counted apart."""
    early = per_session["too_early"]
    parts = ["recommendations", "implemented", "accepted_or_better"]
    counted = per_session[parts].where(~early, 0, axis=0)
    counted["too_early_recommendations"] = per_session["recommendations"].where(early, 0)
    counted["sector"] = per_session["sector"]
    sectors = counted.groupby("sector", as_index=False).sum()
    sectors["too_early"] = sectors["recommendations"] == 0  # every one of its sessions is too recent
    sectors["sector_label"] = sectors["sector"].map(lambda c: label(SECTORS, c))
    rates = _shares(sectors, ~sectors["too_early"])
    return rates[SECTOR_RATE_COLUMNS].sort_values("sector_label").reset_index(drop=True)


def summarize_implementation(session: Session, sessions: pd.DataFrame, filters: TrendFilters,
                             theme_ids: list[int], *, today: date) -> dict[str, pd.DataFrame]:
    """Implemented and accepted-or-better shares per session and per sector, "too early" for recent sessions."""
    where = live_recommendation_filter([int(i) for i in sessions["session_id"]], filters, theme_ids)
    per_session = _counts_per_session(session, sessions, where, today)
    if per_session.empty:
        return {"rates_by_session": pd.DataFrame(columns=SESSION_RATE_COLUMNS),
                "rates_by_sector": pd.DataFrame(columns=SECTOR_RATE_COLUMNS)}
    by_session = _shares(per_session.copy(), ~per_session["too_early"])
    return {"rates_by_session": by_session[SESSION_RATE_COLUMNS].sort_values("order").reset_index(drop=True),
            "rates_by_sector": _rates_per_sector(per_session)}


def list_attention(session: Session, sessions: pd.DataFrame, filters: TrendFilters, theme_ids: list[int], *,
                   today: date, now: datetime) -> pd.DataFrame:
    """The needs-attention list for the chosen sessions and filters (see `list_needs_attention`)."""
    where = live_recommendation_filter([int(i) for i in sessions["session_id"]], filters, theme_ids)
    return list_needs_attention(session, sessions, where, today=today, now=now)
