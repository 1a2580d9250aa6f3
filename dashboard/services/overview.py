"""Figures for the Home page: what is waiting for each role."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import DialogueSession, Intervention, Recommendation


@dataclass(frozen=True)
class Overview:
    sessions_by_status: dict[str, int]
    interventions: int
    recommendations: int
    implemented: int


def get_overview(session: Session) -> Overview:
    """Counts of sessions by status, interventions and recommendations (live rows only)."""
    by_status = dict(
        session.execute(select(DialogueSession.status, func.count()).group_by(DialogueSession.status)).all()
    )
    interventions = session.scalar(
        select(func.count()).select_from(Intervention).where(Intervention.deleted_at.is_(None))
    ) or 0
    rec_counts = dict(
        session.execute(
            select(Recommendation.follow_up_status, func.count())
            .where(Recommendation.deleted_at.is_(None), Recommendation.merged_into_id.is_(None))
            .group_by(Recommendation.follow_up_status)
        ).all()
    )
    return Overview(by_status, interventions, sum(rec_counts.values()), rec_counts.get("implemented", 0))
