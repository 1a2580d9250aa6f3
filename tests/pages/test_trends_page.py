"""The Trends page under AppTest: too-early sessions, top themes, R-numbered recommendations, and support checks."""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.services.leadership.trends_recommendations import TOO_EARLY_DAYS
from db.session import session_factory
from tests.factories import make_session
from tests.pages.test_leadership_pages import _open, _open_tab, accounts  # noqa: F401 - a fixture
from tests.services.leadership.test_trends import _rec, build_series
from tests.services.leadership.test_trends_support import add_support_checks


@pytest.fixture
def series(accounts):
    """The fixture series plus a session held yesterday whose three recommendations are still proposed."""
    with session_factory(accounts)() as s:
        built = build_series(s)
        recent = make_session(s, status="closed", sector_focus="edtech", series_number=42,
                              scheduled_start=datetime.now(timezone.utc) - timedelta(days=1))
        for _ in range(3):
            _rec(s, recent.id, "proposed", ["industry"], changed_days=0)
        s.commit()
    return built


def _specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def _table(at: AppTest, first_column: str):
    [found] = [d.value for d in at.dataframe if d.value.columns[0] == first_column]
    return found


def test_a_session_held_yesterday_reads_too_early_with_its_n(series):
    at = _open_tab(_open("trends.py", "leadership", ("leadership",)), "Implementation")
    assert not at.exception, at.exception
    assert any(f"less than {TOO_EARLY_DAYS} days ago" in c.value for c in at.caption)
    rates = _table(at, "Session").set_index("Session")
    recent = next(label for label in rates.index if label.startswith("#42"))
    assert rates.loc[recent, "Recommendations (n)"] == 3
    assert (rates.loc[recent, "Share implemented"], rates.loc[recent, "Share accepted or better"]) == (
        "too early", "too early")
    assert "too early" not in set(rates.drop(index=recent)["Share implemented"])
    by_session = _specs(at)[0]
    assert [layer["mark"]["type"] for layer in by_session["layer"]] == ["rect", "text", "line"]
    sectors = _table(at, "Sector focus").set_index("Sector focus")
    assert sectors.loc["EdTech", "Share implemented"] == "too early"
    assert sectors.loc["EdTech", "Too early, not counted (n)"] == 3


def test_top_recurring_themes_draw_sessions_and_say_so(series):
    at = _open_tab(_open("trends.py", "leadership", ("leadership",)), "Themes")
    top = next(spec for spec in _specs(at) if spec["mark"]["type"] == "bar")
    assert top["encoding"]["x"]["field"] == "sessions"
    assert top["encoding"]["x"]["title"] == "Sessions where the theme was raised"
    assert [t["field"] for t in top["encoding"]["tooltip"]] == ["theme", "sessions", "mentions"]


def test_needs_attention_names_recommendations_r_numbered_beside_their_session(series):
    at = _open_tab(_open("trends.py", "leadership", ("leadership",)), "Needs attention")
    table = at.dataframe[0].value
    assert list(table.columns[:3]) == ["Session", "Rec.", "Why it needs attention"]
    assert all(re.fullmatch(r"R\d+", rec) for rec in table["Rec."])
    assert "Rec. id" not in table.columns
    # Session #42's three recommendations are its R1, R2 and R3, whatever their database ids (11-13).
    assert sorted(table.loc[table["Session"].str.startswith("#42 "), "Rec."]) == ["R1", "R2", "R3"]
    assert table["Rec."].iloc[0] == "R3"  # r3, the earliest review date passed, is the third of session #1
    picker = at.selectbox(key="tr_attention_pick")
    assert picker.value == series.recs["r3"]  # still the id underneath, for Follow-up
    shown = [re.search(r" · (R\d+) · ", option).group(1) for option in picker.options]
    assert shown == list(table["Rec."])


@pytest.fixture
def checked(accounts):
    """The fixture series with closed support checks on sessions 1 and 3 (see test_trends_support)."""
    with session_factory(accounts)() as s:
        built = add_support_checks(s, build_series(s))
        s.commit()
    return built


def test_the_support_checks_tab_shows_broad_support_opposition_and_respondents(checked):
    at = _open_tab(_open("trends.py", "leadership", ("leadership",)), "Support checks")
    assert not at.exception, at.exception
    assert [h.value for h in at.subheader] == [
        "Broad support per session", "Which groups oppose most often", "Participation in support checks by group"]
    assert len(_specs(at)) == 3 and len(at.get("download_button")) == 3 and len(at.caption) >= 4
    assert any("never 0 %" in c.value for c in at.caption)
    broad, opposition, respondents = (d.value for d in at.dataframe)
    assert list(broad["Share with broad support"]) == ["33.3%", "no support check", "100.0%"]
    assert list(broad["Recommendations checked (n)"]) == [3, 0, 1]
    assert list(opposition["Stakeholder group"]) == [
        "Industry", "Member State / regulator", "Children and youth representatives"]
    assert list(opposition["Share opposed"]) == ["50.0%", "33.3%", "0.0%"]
    declared = respondents.set_index("Stakeholder group").loc["Civil society"]
    assert (declared["Registered people who answered"], declared["Self-declared people who answered"]) == (0, 3)


def test_the_support_checks_tab_follows_the_group_filter_and_says_what_is_missing(checked):
    at = _open_tab(_open("trends.py", "leadership", ("leadership",)), "Support checks")
    # The filter changes the needs-attention count, so the tabs' labels: the open tab stays open all the same.
    at.multiselect(key="tr_groups").set_value(["civil_society"]).run()
    assert not at.exception, at.exception
    broad = at.dataframe[0].value
    assert list(broad["Share with broad support"]) == ["none counted", "no support check", "none counted"]
    assert any("No stakeholder group was shown" in i.value for i in at.info)  # civil society only self-declared
    assert [t.label for t in at.tabs if t.label.startswith("Support")] == ["Support checks"]


def test_without_a_closed_check_the_support_checks_tab_says_so(series):
    at = _open_tab(_open("trends.py", "leadership", ("leadership",)), "Support checks")
    assert not at.exception, at.exception
    assert not _specs(at) and not at.dataframe
    assert any("No support check was closed" in i.value for i in at.info)
