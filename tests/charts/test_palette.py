"""Chart colours: one stakeholder palette, and every chart text at WCAG AA (4.5:1).

Streamlit draws charts on a canvas, which axe-core cannot read, so the browser audit
(tests/e2e/test_accessibility.py) does not see chart text: these checks work on the specs.
"""
import pandas as pd
import pytest

from dashboard.charts import live as charts_live
from dashboard.charts import palette
from dashboard.charts import trends as charts_trends
from db.codes import STAKEHOLDER_TYPES

AA = 4.5


def test_contrast_ratio_matches_wcag_reference_values():
    assert palette.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21)
    assert palette.contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)


def test_one_palette_covers_every_group_and_both_chart_modules_use_it():
    assert set(palette.STAKEHOLDER_COLOURS) == set(STAKEHOLDER_TYPES)
    assert len(set(palette.STAKEHOLDER_COLOURS.values())) == len(STAKEHOLDER_TYPES)
    assert charts_live.GROUP_COLOURS is palette.STAKEHOLDER_COLOURS
    assert charts_trends.GROUP_COLOURS is palette.STAKEHOLDER_COLOURS


@pytest.mark.parametrize("group", list(palette.STAKEHOLDER_COLOURS))
def test_text_on_each_group_colour_reads_at_aa(group):
    fill = palette.STAKEHOLDER_COLOURS[group]
    assert palette.contrast_ratio(palette.ink_on(fill), fill) >= AA


def test_chart_inks_read_on_white_and_on_empty_cells():
    for ink in (palette.CHART_INK, palette.MUTED_INK):
        assert palette.contrast_ratio(ink, "#FFFFFF") >= AA
        assert palette.contrast_ratio(ink, palette.EMPTY_FILL) >= AA


@pytest.mark.parametrize("big", [False, True])
def test_every_number_in_the_heard_grid_reads_on_its_own_cell(big):
    counts = pd.DataFrame({"question_id": [1] * 7, "stakeholder_type": list(STAKEHOLDER_TYPES),
                           "interventions": [1] * 7, "speaking_seconds": [0] * 7, "timed": [0] * 7}
                          ).astype({"question_id": "Int64"})
    spec = charts_live.balance_grid(counts, {1: "Q1", 2: "Q2"}, big=big).to_dict()
    scale = spec["layer"][0]["encoding"]["color"]["scale"]
    fills = dict(zip(scale["domain"], scale["range"]))
    [rows] = spec["datasets"].values()
    assert {r["label"] for r in rows} == {"1", "–"}
    for row in rows:
        assert palette.contrast_ratio(row["ink"], fills[row["fill"]]) >= AA, row


def _items(node):
    """Every (key, value) pair of every dict nested anywhere in a Vega-Lite spec."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _items(value)
    elif isinstance(node, list):
        for value in node:
            yield from _items(value)


def _text_colours(spec: dict) -> list[str]:
    """Every axis, legend and text-mark colour set anywhere in the spec."""
    return [v if isinstance(v, str) else v["color"] for k, v in _items(spec)
            if (k in {"labelColor", "titleColor"} and isinstance(v, str))
            or (k == "mark" and isinstance(v, dict) and v.get("type") == "text" and "color" in v)]


def _axes_and_legends(spec: dict) -> list[dict]:
    return [v for k, v in _items(spec) if k in {"axis", "legend"} and isinstance(v, dict)]


def test_live_chart_text_is_dark_on_white():
    by_group = pd.DataFrame({"stakeholder_type": list(STAKEHOLDER_TYPES), "group": list(STAKEHOLDER_TYPES.values()),
                             "interventions": [1] * 7, "speaking_minutes": [1.5] * 7, "timed": [0] * 7})
    spec = charts_live.voices_chart(by_group).to_dict()
    assert spec["config"]["axis"]["labelColor"] == palette.CHART_INK
    for colour in _text_colours(spec):
        assert palette.contrast_ratio(colour, "#FFFFFF") >= AA, colour


def test_trends_axes_and_legends_are_dark_on_white():
    sessions = pd.DataFrame({"session": ["S1", "S2"], "order": [1, 2], "group": ["industry", "youth"],
                             "group_label": ["Industry", "Youth"], "participants": [3, 2],
                             "interventions": [4, 1], "share": [0.6, 0.4]})
    for chart in (charts_trends.participation_by_group(sessions), charts_trends.participation_share(sessions)):
        spec = chart.to_dict()
        axes = _axes_and_legends(spec)
        assert axes and all(a.get("labelColor") == palette.CHART_INK for a in axes)
        for colour in _text_colours(spec):
            assert palette.contrast_ratio(colour, "#FFFFFF") >= AA, colour
    assert palette.contrast_ratio(charts_trends.TOO_EARLY_GREY, "#E6E6E6") >= AA  # its label on its 15 % band
