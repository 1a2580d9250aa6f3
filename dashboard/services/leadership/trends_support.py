"""Support-check figures for the trends page: broad support per session, which groups oppose, who answered.

Only results frozen when a check closed are read: a check reopened since counts again once it
closes (`support.frozen.frozen_support` still reads its last results meanwhile), and answers to an
open check never count (they do not move the change stamp). Each recommendation takes the results
of the most recent closed check that asked about it, as `frozen_support` picks them. A group's
figures exist only where they were shown (at least the check's `min_group_size` of its members
answered), so a hidden group's are never read; groups are the registered ones (self-declared
answers never enter the flags or the score).
Recommendations count as everywhere on the page: live ones (neither deleted nor merged), of the
chosen sessions, tagged with a chosen theme. The broad-support share also keeps, with a group
filter, only recommendations drawn from something those groups said; the opposition and the
respondents are counted for the chosen groups themselves.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Any

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from db.codes import STAKEHOLDER_TYPES, label
from db.models import Recommendation, SupportCheck, SupportCheckItem, SupportResponse
from dashboard.i18n import N_
from dashboard.services.support.consensus import OPPOSES_SHARE

from dashboard.services.leadership.trends import TrendFilters, frame_of, with_sessions
from dashboard.services.leadership.trends_recommendations import live_recommendation_filter

BROAD_SUPPORT = "broad support"  # the flag consensus.flags gives when every shown group accepts
# The notes are English catalog messages: the interface translates them where it shows them.
NO_CHECK = N_("no support check")  # a session where no check was closed: no share, never 0 %
NONE_COUNTED = N_("none counted")  # checks closed, but none of their recommendations counts for these filters
BROAD_COLUMNS = ["session_id", "session", "order", "sector_label", "date", "checked", "broad", "broad_share",
                 "no_share", "note"]
OPPOSITION_COLUMNS = ["group", "group_label", "shown", "opposed", "oppose_rate"]
RESPONDENT_COLUMNS = ["session_id", "session", "order", "sector_label", "group", "group_label", "registered",
                      "self_declared"]


def _frozen_results(session: Session, session_ids: list[int]) -> tuple[dict[int, dict[str, Any]], set[int]]:
    """Each recommendation's frozen result from the latest closed check asking about it; the sessions with one."""
    checks = session.execute(
        select(SupportCheck.session_id, SupportCheck.results)
        .where(SupportCheck.session_id.in_(session_ids), SupportCheck.state == "closed",
               SupportCheck.results.is_not(None))
        .order_by(SupportCheck.closed_at.desc().nulls_last(), SupportCheck.id.desc()))
    results: dict[int, dict[str, Any]] = {}
    with_check: set[int] = set()
    for session_id, frozen in checks:
        with_check.add(int(session_id))
        for key, result in (frozen or {}).items():
            results.setdefault(int(key), result)
    return results, with_check


def _counted(session: Session, session_ids: list[int], filters: TrendFilters,
             theme_ids: list[int]) -> list[tuple[int, int]]:
    """(recommendation id, session id) of the live recommendations the filters cover that a closed check asked about."""
    asked = (select(SupportCheckItem.recommendation_id)
             .join(SupportCheck, SupportCheck.id == SupportCheckItem.check_id)
             .where(SupportCheck.session_id.in_(session_ids), SupportCheck.state == "closed"))
    stmt = (select(Recommendation.id, Recommendation.session_id)
            .where(*live_recommendation_filter(session_ids, filters, theme_ids), Recommendation.id.in_(asked)))
    return [(int(rid), int(sid)) for rid, sid in session.execute(stmt)]


def _broad_by_session(sessions: pd.DataFrame, results: dict[int, dict[str, Any]], with_check: set[int],
                      counted: list[tuple[int, int]]) -> pd.DataFrame:
    """Recommendations checked and with broad support per chosen session, and a note where no share is drawn."""
    checked: dict[int, int] = defaultdict(int)
    broad: dict[int, int] = defaultdict(int)
    for rid, session_id in counted:
        if rid in results:
            checked[session_id] += 1
            broad[session_id] += BROAD_SUPPORT in (results[rid].get("flags") or ())
    frame = sessions[["session_id", "session", "order", "sector_label", "date"]].copy()
    ids = [int(i) for i in frame["session_id"]]
    frame["checked"] = [checked[i] for i in ids]
    frame["broad"] = [broad[i] for i in ids]
    frame["note"] = [NO_CHECK if i not in with_check else NONE_COUNTED if not checked[i] else "" for i in ids]
    frame["no_share"] = frame["note"] != ""
    frame["broad_share"] = (frame["broad"] / frame["checked"].where(frame["checked"] > 0)).astype(float)
    return frame[BROAD_COLUMNS].sort_values("order").reset_index(drop=True)


def _opposition(results: dict[int, dict[str, Any]], counted: list[tuple[int, int]],
                filters: TrendFilters) -> pd.DataFrame:
    """Per registered group: recommendations where its figures were shown, and those it opposed."""
    shown: dict[str, int] = defaultdict(int)
    opposed: dict[str, int] = defaultdict(int)
    for rid, _ in counted:
        for group in (results[rid].get("groups") or ()) if rid in results else ():
            code = group.get("group")
            # A hidden group's figures were never frozen; `shown` is the only thing read about it.
            if not group.get("shown") or (filters.groups and code not in filters.groups):
                continue
            shown[code] += 1
            opposed[code] += (group.get("oppose_share") or 0) >= OPPOSES_SHARE
    order = {code: i for i, code in enumerate(STAKEHOLDER_TYPES)}
    rows = [{"group": g, "group_label": label(STAKEHOLDER_TYPES, g), "shown": n, "opposed": opposed[g],
             "oppose_rate": opposed[g] / n, "rank": order.get(g, len(order))} for g, n in shown.items()]
    frame = pd.DataFrame(rows, columns=[*OPPOSITION_COLUMNS, "rank"])
    frame = frame.sort_values(["oppose_rate", "opposed", "rank"], ascending=[False, False, True])
    return frame[OPPOSITION_COLUMNS].reset_index(drop=True)


def _respondents(session: Session, sessions: pd.DataFrame, filters: TrendFilters) -> pd.DataFrame:
    """Distinct people who answered a closed check, per session and group, registered and self-declared apart."""
    ids = [int(i) for i in sessions["session_id"]]
    clauses = [SupportCheck.session_id.in_(ids), SupportCheck.state == "closed"]
    if filters.groups:
        clauses.append(SupportResponse.stakeholder_type.in_(filters.groups))
    declared, user = SupportResponse.self_declared, SupportResponse.user_id
    stmt = (select(SupportCheck.session_id, SupportResponse.stakeholder_type,
                   func.count(func.distinct(case((declared, None), else_=user))),
                   func.count(func.distinct(case((declared, user)))))
            .join(SupportCheck, SupportCheck.id == SupportResponse.check_id)
            .where(*clauses)
            .group_by(SupportCheck.session_id, SupportResponse.stakeholder_type))
    frame = frame_of(session, stmt, ["session_id", "group", "registered", "self_declared"])
    order = {code: i for i, code in enumerate(STAKEHOLDER_TYPES)}
    frame["group_label"] = [label(STAKEHOLDER_TYPES, g) for g in frame["group"]]
    frame["rank"] = [order.get(g, len(order)) for g in frame["group"]]
    frame = with_sessions(frame, sessions).sort_values(["order", "rank"], kind="stable")
    return frame.reindex(columns=RESPONDENT_COLUMNS).reset_index(drop=True)


def summarize_support(session: Session, sessions: pd.DataFrame, filters: TrendFilters,
                      theme_ids: list[int]) -> dict[str, pd.DataFrame]:
    """Broad-support share per session, how often each group opposed, and who answered, from closed checks."""
    ids = [int(i) for i in sessions["session_id"]]
    results, with_check = _frozen_results(session, ids) if ids else ({}, set())
    if not with_check:  # no check closed in these sessions: nothing to compare, and nobody answered one
        return {"support_by_session": pd.DataFrame(columns=BROAD_COLUMNS),
                "support_opposition": pd.DataFrame(columns=OPPOSITION_COLUMNS),
                "support_respondents": pd.DataFrame(columns=RESPONDENT_COLUMNS)}
    counted = _counted(session, ids, filters, theme_ids)
    # Which groups oppose: the recommendations of the chosen sessions and themes, whoever's words they drew on.
    by_theme = counted if not filters.groups else _counted(session, ids, replace(filters, groups=()), theme_ids)
    return {"support_by_session": _broad_by_session(sessions, results, with_check, counted),
            "support_opposition": _opposition(results, by_theme, filters),
            "support_respondents": _respondents(session, sessions, filters)}
