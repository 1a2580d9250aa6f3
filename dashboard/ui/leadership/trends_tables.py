"""The table beside each Trends chart, which is also its CSV download: readable headings, no codes.

Shares read as percentages with one decimal ("41.7%"); a session too recent to have implemented
anything reads "too early" (never "0.0%"); recommendations are named by their place in their
session's list ("R3"), next to the session, never by database id.
"""
from __future__ import annotations

import pandas as pd

from dashboard.charts.trends import TOO_EARLY

TABLE_COLUMNS: dict[str, dict[str, str]] = {
    "participation": {"session": "Session", "sector_label": "Sector focus", "group_label": "Stakeholder group",
                      "participants": "Participants", "share": "Share of session"},
    "interventions": {"session": "Session", "sector_label": "Sector focus", "group_label": "Stakeholder group",
                      "interventions": "Interventions", "speaking_seconds": "Speaking seconds",
                      "timed_interventions": "Timed interventions"},
    "speaking_time": {"group_label": "Stakeholder group", "minutes": "Speaking minutes",
                      "timed_interventions": "Timed interventions", "interventions": "Interventions",
                      "timed_share": "Share timed"},
    "theme_heatmap": {"session": "Session", "theme": "Theme", "mentions": "Mentions"},
    "top_themes": {"theme": "Theme", "sessions": "Sessions where raised", "mentions": "Mentions"},
    "recs_by_addressee": {"addressee_label": "Addressed to", "status_label": "Follow-up status",
                          "recommendations": "Recommendations"},
    "recs_by_theme": {"theme": "Theme", "status_label": "Follow-up status", "recommendations": "Recommendations"},
    "recs_by_status": {"session": "Session", "sector_label": "Sector focus", "status_label": "Follow-up status",
                       "recommendations": "Recommendations"},
    "rates_by_session": {"session": "Session", "date": "Held on", "sector_label": "Sector focus",
                         "recommendations": "Recommendations (n)", "implemented": "Implemented",
                         "accepted_or_better": "Accepted or better", "implemented_rate": "Share implemented",
                         "accepted_rate": "Share accepted or better"},
    "rates_by_sector": {"sector_label": "Sector focus", "recommendations": "Recommendations counted (n)",
                        "implemented": "Implemented", "accepted_or_better": "Accepted or better",
                        "implemented_rate": "Share implemented", "accepted_rate": "Share accepted or better",
                        "too_early_recommendations": "Too early, not counted (n)"},
    "attention": {"session": "Session", "rec": "Rec.", "why": "Why it needs attention",
                  "status_label": "Status", "owner": "Owner", "review_date": "Review date",
                  "status_changed_at": "Status since", "text": "Recommendation"},
}
SHARES = ("share", "timed_share", "implemented_rate", "accepted_rate")  # fractions of one


def format_share(value: object) -> str:
    """A fraction of one as a percentage with one decimal ("41.7%"); blank when unknown."""
    return "" if pd.isna(value) else f"{float(value):.1%}"


def chart_table(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The rows behind a chart with readable column headings, shares as percentages."""
    columns = TABLE_COLUMNS[kind]
    table = frame.reindex(columns=list(columns))
    early = frame["too_early"].astype(bool).tolist() if "too_early" in frame else [False] * len(frame)
    for column in SHARES:
        if column in table:
            table[column] = [TOO_EARLY if late else format_share(v) for v, late in zip(table[column], early)]
    return table.rename(columns=columns).reset_index(drop=True)
