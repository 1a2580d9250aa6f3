"""Frozen support-check results per recommendation, for publications and reports (no live counting here)."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import SupportCheck


def frozen_support(session: Session, *, session_id: int,
                   recommendation_ids: Optional[Iterable[int]] = None) -> dict[int, dict[str, Any]]:
    """Each recommendation's support from the most recent closed check that asked about it (frozen results)."""
    out: dict[int, dict[str, Any]] = {}
    wanted = set(recommendation_ids) if recommendation_ids is not None else None
    checks = session.scalars(select(SupportCheck).where(SupportCheck.session_id == session_id,
                                                        SupportCheck.results.is_not(None))
                             .order_by(SupportCheck.closed_at.desc().nulls_last(), SupportCheck.id.desc()))
    for check in checks:
        for key, result in (check.results or {}).items():
            rid = int(key)
            if rid in out or (wanted is not None and rid not in wanted):
                continue
            out[rid] = dict(result, check_id=check.id, min_group_size=check.min_group_size,
                            closed_at=check.closed_at.isoformat() if check.closed_at else None)
    return out
