"""What the Trends figures must not mislead about: too-early sessions, theme ranking, and how recommendations are named."""
from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from dashboard.charts import trends as charts
from dashboard.services.leadership import follow_up
from dashboard.services.leadership.trends import TrendFilters, build_trend_report
from dashboard.services.leadership.trends_recommendations import TOO_EARLY_DAYS
from dashboard.ui.leadership.trends_tables import chart_table
from db.models import InterventionTheme, Recommendation, Theme
from tests.factories import make_intervention, make_session
from tests.services.leadership.test_trends import NOW, TODAY, _rec, build_series


def _held(dbs, days_ago: int, sector: str = "ai") -> int:
    """A closed session held `days_ago` days before TODAY, at 09:00 UTC (the same day in Geneva)."""
    start = datetime(TODAY.year, TODAY.month, TODAY.day, 9, tzinfo=timezone.utc) - timedelta(days=days_ago)
    return make_session(dbs, status="closed", sector_focus=sector, scheduled_start=start).id


def _report(dbs, **filters):
    return build_trend_report(dbs, filters=TrendFilters(**filters), today=TODAY, now=NOW)


# --- 1. a session held too recently is "too early", with its n, never 0 % ---------------


def test_a_session_held_yesterday_is_too_early_with_its_n_not_zero_percent(dbs):
    series = build_series(dbs)
    recent = _held(dbs, 1)
    for _ in range(3):
        _rec(dbs, recent, "proposed", ["industry"], changed_days=1)
    rates = _report(dbs).rates_by_session.set_index("session_id")
    row = rates.loc[recent]
    assert bool(row["too_early"]) is True
    assert row["recommendations"] == 3 and row["held_days_ago"] == 1
    assert math.isnan(row["implemented_rate"]) and math.isnan(row["accepted_rate"])
    # The older sessions keep their shares, 0 % where nothing was implemented.
    assert not rates.loc[[series.s1, series.s2, series.s3], "too_early"].any()
    assert rates.loc[series.s2, "implemented_rate"] == 0
    table = chart_table(rates.reset_index(), "rates_by_session").set_index("Session")
    shown = table.loc[rates.loc[recent, "session"]]
    assert (shown["Recommendations (n)"], shown["Share implemented"], shown["Share accepted or better"]) == (
        3, "too early", "too early")


@pytest.mark.parametrize("days_ago, early", [(0, True), (TOO_EARLY_DAYS - 1, True), (TOO_EARLY_DAYS, False),
                                             (TOO_EARLY_DAYS + 1, False)])
def test_too_early_means_held_fewer_than_too_early_days_ago(dbs, days_ago, early):
    session_id = _held(dbs, days_ago)
    _rec(dbs, session_id, "implemented", ["industry"])
    [row] = _report(dbs).rates_by_session.to_dict("records")
    assert (row["session_id"], bool(row["too_early"])) == (session_id, early)
    assert math.isnan(row["implemented_rate"]) if early else row["implemented_rate"] == 1


def test_sector_shares_count_only_sessions_old_enough_and_say_what_is_too_early(dbs):
    build_series(dbs)  # ai: 3 recommendations, 1 implemented, held in March 2025
    recent_ai = _held(dbs, 10, sector="ai")
    recent_edtech = _held(dbs, 10, sector="edtech")
    for session_id in (recent_ai, recent_ai, recent_edtech):
        _rec(dbs, session_id, "proposed", ["industry"], changed_days=1)
    sectors = _report(dbs).rates_by_sector.set_index("sector")
    assert sectors.loc["ai", "recommendations"] == 3  # not 5: the recent session's two wait
    assert sectors.loc["ai", "implemented_rate"] == pytest.approx(1 / 3)
    assert sectors.loc["ai", "too_early_recommendations"] == 2 and not sectors.loc["ai", "too_early"]
    assert bool(sectors.loc["edtech", "too_early"]) is True
    assert math.isnan(sectors.loc["edtech", "implemented_rate"])
    table = chart_table(sectors.reset_index(), "rates_by_sector").set_index("Sector focus")
    edtech = table.loc[sectors.loc["edtech", "sector_label"]]
    assert (edtech["Share implemented"], edtech["Too early, not counted (n)"]) == ("too early", 1)


def test_with_nothing_recent_no_session_or_sector_is_too_early(dbs):
    build_series(dbs)
    report = _report(dbs)
    assert not report.rates_by_session["too_early"].any()
    assert not report.rates_by_sector["too_early"].any()
    assert set(report.rates_by_sector["too_early_recommendations"]) == {0}


# --- 2. top themes: the drawn measure is the ranking measure ----------------------------


def test_top_themes_rank_by_sessions_and_the_chart_draws_sessions(dbs):
    series = build_series(dbs)
    # Content moderation: raised in one session only, but mentioned far more than the others.
    content = dbs.scalar(select(Theme.id).where(Theme.code == "content_moderation"))
    for _ in range(6):
        item = make_intervention(dbs, series.s1, stakeholder_type="industry")
        dbs.add(InterventionTheme(intervention_id=item.id, theme_id=content))
    dbs.flush()
    top = _report(dbs).top_themes
    assert list(top["theme_code"]) == ["age_assurance", "safety_by_design", "content_moderation"]
    assert list(top["sessions"]) == [2, 2, 1] and list(top["mentions"]) == [3, 2, 7]
    spec = charts.top_themes(top).to_dict()
    drawn = {row["theme"]: row[spec["encoding"]["x"]["field"]] for row in next(iter(spec["datasets"].values()))}
    lengths = [drawn[theme] for theme in spec["encoding"]["y"]["sort"]]
    assert lengths == [2, 2, 1], "the bars must shorten down the list they are sorted in"


# --- 3. recommendations named by their place in their session, as Follow-up names them ----


def test_needs_attention_names_recommendations_by_their_number_in_the_session(dbs):
    series = build_series(dbs)
    # Reorder s1's list (r3 first) and put a deleted one at its head: numbers follow the agreed order of
    # the live list only, so they differ from the database ids.
    for key, position in (("r3", 1), ("r1", 2), ("r2", 3)):
        dbs.get(Recommendation, series.recs[key]).position = position
    _rec(dbs, series.s1, "proposed", ["industry"], changed_days=400, deleted_at=NOW, position=0)
    dbs.flush()
    attention = _report(dbs).attention
    by_id = dict(zip(attention["recommendation_id"], attention["rec"]))
    assert by_id == {series.recs["r3"]: "R1", series.recs["r6"]: "R1", series.recs["r2"]: "R3"}
    assert {f"R{i}" for i in attention["recommendation_id"]} != set(attention["rec"])
    # The same numbers as the Follow-up page shows for them.
    numbers = {r.id: f"R{r.number}" for r in follow_up.list_follow_up(dbs, now=NOW)}
    assert all(numbers[rid] == rec for rid, rec in by_id.items())
    table = chart_table(attention, "attention")
    assert list(table["Rec."]) == ["R1", "R1", "R3"] and list(table["Session"])[:2] == list(attention["session"])[:2]


def test_filters_never_renumber_recommendations(dbs):
    series = build_series(dbs)
    # With a group filter r3 (said by youth) is listed alone, and is still its session's third.
    attention = _report(dbs, groups=("youth",)).attention
    assert list(zip(attention["recommendation_id"], attention["rec"])) == [(series.recs["r3"], "R3")]
