"""Chart specs of the trends page, checked through `chart.to_dict()` on the fixture series."""
from __future__ import annotations

import io
import re
from csv import reader

import pyarrow as pa
import pytest
from streamlit import dataframe_util

from dashboard.charts import trends as charts
from dashboard.reports.csv_safe import write_frame_csv
from dashboard.ui.leadership import trends_cache
from dashboard.ui.leadership.trends_blocks import BLOCKS
from dashboard.ui.leadership.trends_tables import chart_table
from dashboard.services.leadership.trends import TrendFilters, build_trend_report
from db.codes import FOLLOW_UP_STATUSES, STAKEHOLDER_TYPES
from tests.services.leadership.test_trends import NOW, TODAY, build_series
from tests.services.leadership.test_trends_support import add_support_checks


@pytest.fixture
def report(sqlite_session):
    add_support_checks(sqlite_session, build_series(sqlite_session))
    return build_trend_report(sqlite_session, filters=TrendFilters(), today=TODAY, now=NOW)


def _spec(chart) -> dict:
    return chart.to_dict()


def _tooltip_fields(spec: dict) -> list[str]:
    return [t["field"] for t in spec["encoding"]["tooltip"]]


def _rows(spec: dict) -> list[dict]:
    return next(iter(spec["datasets"].values()))


def _layer(spec: dict, mark: str) -> dict:
    """The layer drawing `mark` (the spec itself when it is not layered)."""
    [found] = [layer for layer in spec.get("layer", [spec]) if layer["mark"]["type"] == mark]
    return found


CASES = [
    ("participation_by_group", "participation", "bar", "participants"),
    ("participation_share", "participation", "area", "participants"),
    ("interventions_by_group", "interventions", "bar", "interventions"),
    ("speaking_time_by_group", "speaking_time", "bar", "minutes"),
    ("themes_heatmap", "theme_heatmap", "rect", "mentions"),
    ("top_themes", "top_themes", "bar", "sessions"),
    ("recommendations_by_addressee", "recs_by_addressee", "bar", "recommendations"),
    ("recommendations_by_theme", "recs_by_theme", "bar", "recommendations"),
    ("recommendations_by_status", "recs_by_status", "bar", "recommendations"),
    ("implementation_rate_by_session", "rates_by_session", "line", "rate"),
    ("implementation_rate_by_sector", "rates_by_sector", "bar", "rate"),
    ("broad_support_by_session", "support_by_session", "bar", "broad_share"),
    ("groups_opposing", "support_opposition", "bar", "oppose_rate"),
    ("support_respondents", "support_respondents", "bar", "people"),
]


@pytest.mark.parametrize("function, frame, mark, measure", CASES, ids=[c[0] for c in CASES])
def test_every_chart_has_its_mark_measure_and_tooltips(report, function, frame, mark, measure):
    spec = _spec(getattr(charts, function)(getattr(report, frame)))
    drawn = _layer(spec, mark)
    fields = [enc.get("field") for enc in drawn["encoding"].values() if isinstance(enc, dict)]
    assert measure in fields
    assert len(drawn["encoding"]["tooltip"]) >= 2
    assert _rows(spec), "the chart carries its data"


def test_sessions_run_oldest_first_on_the_x_axis(report):
    spec = _spec(charts.participation_by_group(report.participation))
    assert spec["encoding"]["x"]["sort"] == list(report.sessions["session"])
    assert spec["encoding"]["y"]["aggregate"] == "sum"


def test_groups_keep_one_colour_everywhere(report):
    colours = [_spec(f(report.participation))["encoding"]["color"]["scale"]
               for f in (charts.participation_by_group, charts.participation_share)]
    colours.append(_spec(charts.interventions_by_group(report.interventions))["encoding"]["color"]["scale"])
    assert all(c == colours[0] for c in colours)
    assert colours[0]["domain"] == list(STAKEHOLDER_TYPES.values())


def test_share_chart_is_normalised_to_one_hundred_percent(report):
    spec = _spec(charts.participation_share(report.participation))
    assert spec["encoding"]["y"]["stack"] == "normalize"
    assert spec["encoding"]["y"]["axis"]["format"] == "%"


def test_status_colours_follow_the_follow_up_order(report):
    spec = _spec(charts.recommendations_by_status(report.recs_by_status))
    assert spec["encoding"]["color"]["scale"]["domain"] == list(FOLLOW_UP_STATUSES.values())
    assert spec["encoding"]["order"]["field"] == "status_rank"
    assert _tooltip_fields(spec) == ["session", "status_label", "recommendations"]


def test_heatmap_rows_are_themes_by_mentions(report):
    spec = _spec(charts.themes_heatmap(report.theme_heatmap))
    assert spec["encoding"]["y"]["sort"][0] == "Age assurance"
    assert spec["encoding"]["color"]["field"] == "mentions"


def test_rate_charts_show_both_measures_on_a_zero_to_one_scale(report):
    spec = _spec(charts.implementation_rate_by_session(report.rates_by_session))
    line = _layer(spec, "line")
    assert line["encoding"]["y"]["scale"]["domain"] == [0, 1]
    assert {row["measure_label"] for row in _rows(spec)} == {"Implemented", "Accepted or better"}
    assert "recommendations" in _tooltip_fields(line)  # n beside every point
    sector = _layer(_spec(charts.implementation_rate_by_sector(report.rates_by_sector)), "bar")
    assert sector["encoding"]["xOffset"]["field"] == "measure_label"
    assert {"rate", "recommendations", "too_early_recommendations"} <= set(_tooltip_fields(sector))


def test_a_too_early_session_is_a_grey_labelled_band_not_a_zero_on_the_line(report):
    frame = report.rates_by_session.copy()
    frame.loc[2, ["too_early", "implemented_rate", "accepted_rate"]] = [True, float("nan"), float("nan")]
    spec = _spec(charts.implementation_rate_by_session(frame))
    line, band, label = _layer(spec, "line"), _layer(spec, "rect"), _layer(spec, "text")
    assert line["transform"] == [{"filter": "!datum.too_early"}]
    assert band["transform"] == label["transform"] == [
        {"filter": "datum.too_early && datum.measure == 'implemented_rate'"}]
    assert band["mark"]["color"] == label["mark"]["color"] == charts.TOO_EARLY_GREY
    assert label["mark"]["text"] == "too early"
    assert {"session", "recommendations", "held_days_ago"} <= set(_tooltip_fields(band))
    # Every session stays on the axis, the too-early one included, oldest first.
    assert line["encoding"]["x"]["sort"] == band["encoding"]["x"]["sort"] == list(report.sessions["session"])
    early = [row for row in _rows(spec) if row["too_early"]]
    assert early and all(row["rate"] != row["rate"] or row["rate"] is None for row in early)


def test_top_themes_shows_at_most_the_limit(report):
    spec = _spec(charts.top_themes(report.top_themes, limit=2))
    assert [row["theme"] for row in _rows(spec)] == ["Age assurance", "Safety by design"]


def test_top_themes_draw_the_measure_they_are_sorted_by(report):
    spec = _spec(charts.top_themes(report.top_themes))
    assert spec["encoding"]["x"]["field"] == "sessions"
    assert spec["encoding"]["x"]["title"].startswith("Sessions")
    assert _tooltip_fields(spec) == ["theme", "sessions", "mentions"]
    drawn = {row["theme"]: row["sessions"] for row in _rows(spec)}
    lengths = [drawn[theme] for theme in spec["encoding"]["y"]["sort"]]
    assert lengths == sorted(lengths, reverse=True)


def test_chart_tables_have_readable_headings_and_percentages(report):
    table = chart_table(report.rates_by_session, "rates_by_session")
    assert list(table.columns) == ["Session", "Held on", "Sector focus", "Recommendations (n)", "Implemented",
                                   "Accepted or better", "Share implemented", "Share accepted or better"]
    assert list(table["Share implemented"]) == ["33.3%", "0.0%", "50.0%"]
    assert list(table["Share accepted or better"]) == ["66.7%", "50.0%", "50.0%"]
    assert list(table["Recommendations (n)"]) == [3, 2, 2]
    assert list(chart_table(report.participation, "participation")["Share of session"])[:3] == [
        "50.0%", "25.0%", "25.0%"]
    attention = chart_table(report.attention, "attention")
    assert list(attention.columns[:3]) == ["Session", "Rec.", "Why it needs attention"]
    assert "recommendation_id" not in attention.columns


def test_a_too_early_row_reads_too_early_not_zero_percent(report):
    frame = report.rates_by_session.copy()
    frame.loc[2, ["too_early", "implemented_rate", "accepted_rate"]] = [True, float("nan"), float("nan")]
    table = chart_table(frame, "rates_by_session")
    assert list(table["Share implemented"]) == ["33.3%", "0.0%", "too early"]
    csv = write_frame_csv(table).decode("utf-8-sig")
    assert csv.splitlines()[3].endswith(",2,1,1,too early,too early")


@pytest.mark.parametrize("block", BLOCKS, ids=[b.title for b in BLOCKS])
def test_csv_downloads_show_percentages_and_no_microseconds(report, block):
    frame = trends_cache.block_frame(getattr(report, block.frame), block)
    csv = trends_cache.Table(chart_table(frame, block.frame)).csv().decode("utf-8-sig")
    assert not re.search(r"\d:\d\d\.\d", csv), "a timestamp with (micro)seconds"
    header, *rows = list(reader(io.StringIO(csv)))
    shares = [i for i, heading in enumerate(header) if heading.startswith("Share")]
    assert all(re.fullmatch(r"\d{1,3}\.\d%|too early|no support check|none counted", row[i])
               for row in rows for i in shares)


def test_a_session_without_a_closed_check_is_a_grey_labelled_band_not_a_zero_bar(report):
    spec = _spec(charts.broad_support_by_session(report.support_by_session))
    bars, band, note = _layer(spec, "bar"), _layer(spec, "rect"), _layer(spec, "text")
    assert bars["transform"] == [{"filter": "!datum.no_share"}]
    assert band["transform"] == note["transform"] == [{"filter": "datum.no_share"}]
    assert note["encoding"]["text"]["field"] == "note" and band["mark"]["color"] == charts.TOO_EARLY_GREY
    assert bars["encoding"]["y"]["scale"]["domain"] == [0, 1] and bars["encoding"]["y"]["axis"]["format"] == "%"
    assert {"checked", "broad", "broad_share"} <= set(_tooltip_fields(bars))  # n beside every share
    assert bars["encoding"]["x"]["sort"] == list(report.sessions["session"])
    notes = {row["session"]: row["note"] for row in _rows(spec) if row["no_share"]}
    assert list(notes.values()) == ["no support check"]


def test_groups_opposing_are_drawn_in_the_services_order_in_their_colours(report):
    spec = _spec(charts.groups_opposing(report.support_opposition))
    assert spec["encoding"]["y"]["sort"] == ["Industry", "Member State / regulator",
                                             "Children and youth representatives"]
    assert spec["encoding"]["x"]["field"] == "oppose_rate" and spec["encoding"]["x"]["scale"]["domain"] == [0, 1]
    assert spec["encoding"]["color"]["scale"]["domain"] == list(STAKEHOLDER_TYPES.values())
    assert {"opposed", "shown", "oppose_rate"} <= set(_tooltip_fields(spec))


def test_respondents_show_self_declared_as_a_paler_bar_beside_the_registered(report):
    spec = _spec(charts.support_respondents(report.support_respondents))
    assert spec["encoding"]["xOffset"]["field"] == "kind"
    assert spec["encoding"]["xOffset"]["scale"]["domain"] == ["Registered", "Self-declared"]
    assert spec["encoding"]["opacity"]["scale"] == {"domain": ["Registered", "Self-declared"], "range": [1, 0.45]}
    assert spec["encoding"]["y"]["aggregate"] == "sum" and spec["encoding"]["y"]["field"] == "people"
    drawn = {(row["session"], row["group"], row["kind"]): row["people"] for row in _rows(spec)}
    assert all(people > 0 for people in drawn.values())
    assert sorted(k for (_, group, k) in drawn if group == "civil_society") == ["Self-declared"]
    assert sum(drawn.values()) == 17  # 3 + 3 + 2 registered in session 1; 3 + 3 and 3 self-declared in session 3


def test_cached_specs_match_the_validated_chart_without_altairs_default_view(report):
    chart = charts.participation_by_group(report.participation)
    spec = charts.to_spec(chart)
    full = chart.to_dict()
    assert "config" not in spec and full["config"]["view"]
    assert {k: v for k, v in full.items() if k != "config"} == spec


# --- what the page sends: the same specs with their data as Arrow, and tables converted once ---


@pytest.mark.parametrize("block", BLOCKS, ids=[b.title for b in BLOCKS])
def test_the_page_sends_each_validated_spec_with_its_data_as_arrow(report, block):
    frame = trends_cache.block_frame(getattr(report, block.frame), block)
    chart = block.draw(frame)
    chart.to_dict()  # validates
    plain, sent = charts.to_spec(chart), trends_cache.arrow_spec(chart)
    [(plain_name, rows)] = plain.pop("datasets").items()
    [(name, data)] = sent.pop("datasets").items()
    assert (plain.pop("data"), sent.pop("data")) == ({"name": plain_name}, {"name": name})
    assert sent == plain
    assert isinstance(data, bytes)
    assert pa.ipc.open_stream(data).read_all().to_pylist() == rows


def test_tables_are_sent_as_streamlit_would_convert_them_and_write_their_csv_once(report):
    frame = chart_table(report.rates_by_session, "rates_by_session")
    table = trends_cache.Table(frame)
    assert dataframe_util.convert_arrow_table_to_arrow_bytes(table.arrow) == \
        dataframe_util.convert_pandas_df_to_arrow_bytes(frame)
    assert table.csv() == write_frame_csv(frame)
    assert table.csv() is table.csv()
