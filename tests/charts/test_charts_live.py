"""The live charts, checked on their Vega-Lite specs."""
import pandas as pd

from dashboard.charts import live as charts_live
from db.codes import STAKEHOLDER_TYPES


def _by_group(**counts) -> pd.DataFrame:
    return pd.DataFrame({
        "stakeholder_type": list(STAKEHOLDER_TYPES), "group": list(STAKEHOLDER_TYPES.values()),
        "interventions": [counts.get(c, 0) for c in STAKEHOLDER_TYPES],
        "speaking_minutes": [counts.get(c, 0) * 1.5 for c in STAKEHOLDER_TYPES], "timed": [0] * 7,
    })


def _data(spec: dict) -> list[dict]:
    [rows] = spec["datasets"].values()
    return rows


def test_voices_chart_lists_every_group_in_a_fixed_order_and_colour():
    spec = charts_live.voices_chart(_by_group(industry=3, youth=1)).to_dict()
    bars = spec["layer"][0]
    assert bars["encoding"]["y"]["sort"] == list(STAKEHOLDER_TYPES.values())
    assert bars["encoding"]["color"]["scale"]["range"][:2] == ["#0072B2", "#E69F00"]
    assert {r["group"]: r["interventions"] for r in _data(spec)}["Industry"] == 3
    assert len(_data(spec)) == 7  # zeros included: a missing voice stays visible


def test_presenter_charts_are_big_dark_and_use_short_labels():
    spec = charts_live.voices_chart(_by_group(member_state=2), big=True).to_dict()
    assert spec["config"]["background"] == "#0b0b0b"
    assert spec["layer"][0]["encoding"]["y"]["axis"]["labelFontSize"] == 22
    assert "Member States" in {r["group"] for r in _data(spec)}
    minutes = charts_live.speaking_time_chart(_by_group(industry=2)).to_dict()
    assert minutes["layer"][0]["encoding"]["x"]["field"] == "speaking_minutes"


def test_balance_grid_marks_groups_not_heard():
    counts = pd.DataFrame({"question_id": [1, 1, None], "stakeholder_type": ["industry", "youth", "academia"],
                           "interventions": [2, 1, 1], "speaking_seconds": [0, 0, 0], "timed": [0, 0, 0]}
                          ).astype({"question_id": "Int64"})
    spec = charts_live.balance_grid(counts, {1: "Part 1, Q1", 2: "Part 1, Q2", None: "General"}).to_dict()
    cells = {(r["question"], r["group"]): (r["label"], r["fill"]) for r in _data(spec)}
    assert len(cells) == 3 * 7
    assert cells[("Part 1, Q1", "Industry")] == ("2", "Industry")
    assert cells[("Part 1, Q2", "Industry")] == ("–", charts_live.NOT_HEARD)
    assert cells[("General", "Academia")] == ("1", "Academia")


def test_themes_chart_keeps_the_most_raised_themes():
    themes = pd.DataFrame({"code": list("abc"), "theme": ["A", "B", "C"], "stakeholder_type": ["industry"] * 3,
                           "group": ["Industry"] * 3, "interventions": [1, 5, 3]})
    spec = charts_live.themes_chart(themes, limit=2).to_dict()
    assert spec["encoding"]["y"]["sort"] == ["B", "C"]
    assert {r["theme"] for r in _data(spec)} == {"B", "C"}
