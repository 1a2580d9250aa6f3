"""The table beside each Trends chart, which is also its CSV download: readable headings, no codes.

Shares read as percentages with one decimal ("41.7%"); a session too recent to have implemented
anything reads "too early", one with no closed support check "no support check" (never "0.0%");
recommendations are named by their place in their session's list ("R3"), next to the session,
never by database id.
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
    "support_by_session": {"session": "Session", "date": "Held on", "sector_label": "Sector focus",
                           "checked": "Recommendations checked (n)", "broad": "With broad support",
                           "broad_share": "Share with broad support"},
    "support_opposition": {"group_label": "Stakeholder group", "shown": "Recommendations where shown (n)",
                           "opposed": "Opposed", "oppose_rate": "Share opposed"},
    "support_respondents": {"session": "Session", "sector_label": "Sector focus", "group_label": "Stakeholder group",
                            "registered": "Registered people who answered",
                            "self_declared": "Self-declared people who answered"},
    "attention": {"session": "Session", "rec": "Rec.", "why": "Why it needs attention",
                  "status_label": "Status", "owner": "Owner", "review_date": "Review date",
                  "status_changed_at": "Status since", "text": "Recommendation"},
}
SHARES = ("share", "timed_share", "implemented_rate", "accepted_rate", "broad_share", "oppose_rate")  # of one


def format_share(value: object) -> str:
    """A fraction of one as a percentage with one decimal ("41.7%"); blank when unknown."""
    return "" if pd.isna(value) else f"{float(value):.1%}"


def _instead_of_shares(frame: pd.DataFrame) -> list[str]:
    """Per row, what its share cells read instead of a percentage ("too early", "no support check"), or ""."""
    if "too_early" in frame:
        return [TOO_EARLY if late else "" for late in frame["too_early"].astype(bool)]
    if "no_share" in frame:
        return [str(note) if missing else "" for missing, note in zip(frame["no_share"].astype(bool), frame["note"])]
    return [""] * len(frame)


def chart_table(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The rows behind a chart with readable column headings, shares as percentages."""
    columns = TABLE_COLUMNS[kind]
    table = frame.reindex(columns=list(columns))
    instead = _instead_of_shares(frame)
    for column in SHARES:
        if column in table:
            table[column] = [why or format_share(v) for v, why in zip(table[column], instead)]
    return table.rename(columns=columns).reset_index(drop=True)
