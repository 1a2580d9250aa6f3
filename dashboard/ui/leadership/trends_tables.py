"""The table beside each Trends chart, which is also its CSV download: readable headings, no codes.

Shares read as percentages with one decimal ("41.7%", "41,7 %" in French); a session too recent
to have implemented anything reads "too early", one with no closed support check "no support
check" (never "0.0%"); recommendations are named by their place in their session's list ("R3"),
next to the session, never by database id. Headings and those words are in the reader's language
(`language`); the frame's label columns already are (see `trends_cache.localize`).
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd
from babel import Locale
from babel.numbers import format_percent

from dashboard.charts.trends import TOO_EARLY
from dashboard.i18n import DEFAULT, N_, translate

SESSION, SECTOR, GROUP = N_("Session"), N_("Sector focus"), N_("Stakeholder group")
RECOMMENDATIONS, STATUS = N_("Recommendations"), N_("Follow-up status")
# Column -> heading (an English message, translated where the table is built).
TABLE_COLUMNS: dict[str, dict[str, str]] = {
    "participation": {"session": SESSION, "sector_label": SECTOR, "group_label": GROUP,
                      "participants": N_("Participants"), "share": N_("Share of session")},
    "interventions": {"session": SESSION, "sector_label": SECTOR, "group_label": GROUP,
                      "interventions": N_("Interventions"), "speaking_seconds": N_("Speaking seconds"),
                      "timed_interventions": N_("Timed interventions")},
    "speaking_time": {"group_label": GROUP, "minutes": N_("Speaking minutes"),
                      "timed_interventions": N_("Timed interventions"), "interventions": N_("Interventions"),
                      "timed_share": N_("Share timed")},
    "theme_heatmap": {"session": SESSION, "theme": N_("Theme"), "mentions": N_("Mentions")},
    "top_themes": {"theme": N_("Theme"), "sessions": N_("Sessions where raised"), "mentions": N_("Mentions")},
    "recs_by_addressee": {"addressee_label": N_("Addressed to"), "status_label": STATUS,
                          "recommendations": RECOMMENDATIONS},
    "recs_by_theme": {"theme": N_("Theme"), "status_label": STATUS, "recommendations": RECOMMENDATIONS},
    "recs_by_status": {"session": SESSION, "sector_label": SECTOR, "status_label": STATUS,
                       "recommendations": RECOMMENDATIONS},
    "rates_by_session": {"session": SESSION, "date": N_("Held on"), "sector_label": SECTOR,
                         "recommendations": N_("Recommendations (n)"), "implemented": N_("Implemented"),
                         "accepted_or_better": N_("Accepted or better"), "implemented_rate": N_("Share implemented"),
                         "accepted_rate": N_("Share accepted or better")},
    "rates_by_sector": {"sector_label": SECTOR, "recommendations": N_("Recommendations counted (n)"),
                        "implemented": N_("Implemented"), "accepted_or_better": N_("Accepted or better"),
                        "implemented_rate": N_("Share implemented"), "accepted_rate": N_("Share accepted or better"),
                        "too_early_recommendations": N_("Too early, not counted (n)")},
    "support_by_session": {"session": SESSION, "date": N_("Held on"), "sector_label": SECTOR,
                           "checked": N_("Recommendations checked (n)"), "broad": N_("With broad support"),
                           "broad_share": N_("Share with broad support")},
    "support_opposition": {"group_label": GROUP, "shown": N_("Recommendations where shown (n)"),
                           "opposed": N_("Opposed"), "oppose_rate": N_("Share opposed")},
    "support_respondents": {"session": SESSION, "sector_label": SECTOR, "group_label": GROUP,
                            "registered": N_("Registered people who answered"),
                            "self_declared": N_("Self-declared people who answered")},
    "attention": {"session": SESSION, "rec": N_("Rec."), "why": N_("Why it needs attention"),
                  "status_label": N_("Status"), "owner": N_("Owner"), "review_date": N_("Review date"),
                  "status_changed_at": N_("Status since"), "text": N_("Recommendation")},
}
SHARES = ("share", "timed_share", "implemented_rate", "accepted_rate", "broad_share", "oppose_rate")  # of one


@lru_cache(maxsize=None)
def _share_pattern(language: str) -> str:
    """The language's percent pattern with one decimal ("#,##0.0%"; French "#,##0.0 %")."""
    return Locale.parse(language).percent_formats[None].pattern.replace("#,##0", "#,##0.0", 1)


def format_share(value: object, language: str = DEFAULT) -> str:
    """A fraction of one as a percentage with one decimal ("41.7%"); blank when unknown."""
    if pd.isna(value):
        return ""
    if language == DEFAULT:
        return f"{float(value):.1%}"
    return format_percent(float(value), _share_pattern(language), locale=language)


def _instead_of_shares(frame: pd.DataFrame, language: str) -> list[str]:
    """Per row, what its share cells read instead of a percentage ("too early", "no support check"), or ""."""
    if "too_early" in frame:
        early = translate(TOO_EARLY, language)
        return [early if late else "" for late in frame["too_early"].astype(bool)]
    if "no_share" in frame:
        return [str(note) if missing else "" for missing, note in zip(frame["no_share"].astype(bool), frame["note"])]
    return [""] * len(frame)


def chart_table(frame: pd.DataFrame, kind: str, language: str = DEFAULT) -> pd.DataFrame:
    """The rows behind a chart with readable column headings, shares as percentages, in `language`."""
    columns = TABLE_COLUMNS[kind]
    table = frame.reindex(columns=list(columns))
    instead = _instead_of_shares(frame, language)
    for column in SHARES:
        if column in table:
            table[column] = [why or format_share(v, language) for v, why in zip(table[column], instead)]
    headings = {column: translate(heading, language) for column, heading in columns.items()}
    return table.rename(columns=headings).reset_index(drop=True)
