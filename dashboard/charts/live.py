"""Charts of the live summary and presenter view: DataFrame in, alt.Chart out, no st.* calls.

Every stakeholder group keeps one colour everywhere (dashboard/charts/palette.py, Okabe-Ito);
`big=True` sizes text for a shared screen. `translate` (English message -> the reader's
language) words the titles and the groups' names; the caller caches per language.
"""
from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd

from dashboard.charts.palette import CHART_INK, EMPTY_FILL, MUTED_INK, STAKEHOLDER_COLOURS, ink_on
from dashboard.i18n import N_, english as _same
from db.codes import STAKEHOLDER_TYPES

Translate = Callable[[str], str]
GROUP_COLOURS = STAKEHOLDER_COLOURS
# A shared screen has less room per label at presenter font sizes.
SHORT_LABELS = {
    "member_state": N_("Member States"), "industry": N_("Industry"), "academia": N_("Academia"),
    "civil_society": N_("Civil society"), "intergovernmental": N_("UN / IGOs"), "youth": N_("Youth"),
    "other": N_("Other"),
}
_RANGE = list(GROUP_COLOURS.values())
NOT_HEARD = "_not_heard"  # the fill of an empty grid cell (a data value, never shown)



def _names(big: bool, translate: Translate = _same) -> dict[str, str]:
    names = SHORT_LABELS if big else {c: STAKEHOLDER_TYPES[c] for c in GROUP_COLOURS}
    return {c: translate(name) for c, name in names.items()}


def _with_names(frame: pd.DataFrame, big: bool, translate: Translate = _same) -> tuple[pd.DataFrame, list[str]]:
    """The frame with a "group" column in this chart's wording, and the groups in fixed order."""
    names = _names(big, translate)
    out = frame.copy()
    out["group"] = [names.get(c, c) for c in out["stakeholder_type"]]
    return out, list(names.values())


def _sizes(big: bool) -> dict[str, int]:
    return {"label": 22 if big else 12, "text": 24 if big else 12, "title": 24 if big else 13,
            "row": 54 if big else 26}


def _styled(chart: alt.Chart, big: bool) -> alt.Chart:
    """Presenter charts: white on near-black, like the page around them; otherwise dark text on white."""
    if not big:
        # Streamlit's chart theme greys axis text to 3.7:1; the chart's own config wins over it.
        return (chart.configure_axis(labelColor=CHART_INK, titleColor=CHART_INK)
                .configure_legend(labelColor=CHART_INK, titleColor=CHART_INK))
    return (chart.configure(background="#0b0b0b")
            .configure_axis(labelColor="#ffffff", titleColor="#ffffff", gridColor="#3a3a3a", domainColor="#777")
            .configure_legend(labelColor="#ffffff", titleColor="#ffffff", labelFontSize=18, titleFontSize=18,
                              symbolSize=300, labelLimit=420)
            .configure_view(stroke=None))


def _colour(domain: list[str], legend: bool = False, translate: Translate = _same) -> alt.Color:
    return alt.Color("group:N", title=translate(N_("Stakeholder group")),
                     scale=alt.Scale(domain=domain, range=_RANGE),
                     legend=alt.Legend(orient="bottom", columns=4) if legend else None)


def _bars(frame: pd.DataFrame, field: str, title: str, big: bool, fmt: str, translate: Translate) -> alt.Chart:
    size = _sizes(big)
    frame, domain = _with_names(frame, big, translate)
    base = alt.Chart(frame).encode(
        y=alt.Y("group:N", sort=domain, title=None, axis=alt.Axis(labelFontSize=size["label"], labelLimit=420)),
        # Nothing counted yet: a 0..1 axis, not a 0..0 one that Vega labels "0.000000".
        x=alt.X(f"{field}:Q", title=title, axis=alt.Axis(labelFontSize=size["label"], titleFontSize=size["label"],
                                                         tickMinStep=1, format=fmt),
                scale=alt.Scale(domain=[0, 1]) if not frame[field].any() else alt.Undefined),
        tooltip=[alt.Tooltip("group:N", title=translate(N_("Group"))),
                 alt.Tooltip(f"{field}:Q", title=title, format=fmt)],
    )
    bars = base.mark_bar().encode(color=_colour(domain, translate=translate))
    labels = base.mark_text(align="left", dx=6, fontSize=size["text"], fontWeight="bold",
                            color="#ffffff" if big else CHART_INK).encode(text=alt.Text(f"{field}:Q", format=fmt))
    return _styled((bars + labels).properties(height=alt.Step(size["row"])), big)


def voices_chart(by_group: pd.DataFrame, *, big: bool = False, translate: Translate = _same) -> alt.Chart:
    """Interventions per stakeholder group (every group shown, zeros included)."""
    return _bars(by_group, "interventions", translate(N_("Interventions")), big, "d", translate)


def speaking_time_chart(by_group: pd.DataFrame, *, big: bool = False, translate: Translate = _same) -> alt.Chart:
    """Captured speaking minutes per stakeholder group."""
    return _bars(by_group, "speaking_minutes", translate(N_("Speaking time (minutes)")), big, ".1f", translate)


def themes_chart(themes: pd.DataFrame, *, big: bool = False, limit: int = 10,
                 translate: Translate = _same) -> alt.Chart:
    """The most raised themes, each bar split by the groups that raised them."""
    size = _sizes(big)
    themes = themes.assign(theme=[translate(t) for t in themes["theme"]])  # the taxonomy's labels (our data)
    totals = themes.groupby("theme")["interventions"].sum().sort_values(ascending=False, kind="stable")
    top = list(totals.index[:limit])
    frame, domain = _with_names(themes[themes["theme"].isin(top)], big, translate)
    chart = alt.Chart(frame).mark_bar().encode(
        y=alt.Y("theme:N", sort=top, title=None, axis=alt.Axis(labelFontSize=size["label"], labelLimit=420)),
        x=alt.X("sum(interventions):Q", title=translate(N_("Interventions raising the theme")),
                axis=alt.Axis(labelFontSize=size["label"], titleFontSize=size["label"], tickMinStep=1)),
        color=_colour(domain, legend=True, translate=translate),
        order=alt.Order("group:N"),
        tooltip=[alt.Tooltip("theme:N", title=translate(N_("Theme"))),
                 alt.Tooltip("group:N", title=translate(N_("Group"))),
                 alt.Tooltip("interventions:Q", title=translate(N_("Interventions")))],
    ).properties(height=alt.Step(size["row"]))
    return _styled(chart, big)


def balance_grid(counts: pd.DataFrame, question_labels: dict, *, big: bool = False,
                 translate: Translate = _same) -> alt.Chart:
    """Groups x questions: how often each group spoke on each question; "–" cells were not heard.

    `question_labels` are already in the reader's language.
    """
    size = _sizes(big)
    rows = counts.groupby(["question_id", "stakeholder_type"], dropna=False)["interventions"].sum().reset_index()
    general = translate(N_("General"))
    rows["question"] = [question_labels.get(None if pd.isna(q) else int(q), general) for q in rows["question_id"]]
    rows, domain = _with_names(rows, big, translate)
    order = list(question_labels.values())
    grid = pd.MultiIndex.from_product([order, domain], names=["question", "group"]).to_frame(index=False)
    frame = grid.merge(rows[["question", "group", "interventions"]], how="left", on=["question", "group"])
    frame["interventions"] = frame["interventions"].fillna(0).astype(int)
    heard = frame["interventions"] > 0
    # Plain columns instead of alt.condition: conditions re-validate the schema on every build.
    frame["fill"] = frame["group"].where(heard, NOT_HEARD)
    frame["label"] = frame["interventions"].astype(str).where(heard, "–")
    # Each number in the colour that reads on its own cell (≥ 4.5:1, see palette.ink_on).
    inks = {name: ink_on(GROUP_COLOURS[code]) for code, name in _names(big, translate).items()} | {NOT_HEARD: MUTED_INK}
    frame["ink"] = frame["fill"].map(inks)
    base = alt.Chart(frame).encode(
        x=alt.X("question:N", sort=order, title=None,
                axis=alt.Axis(orient="top", labelAngle=0, labelFontSize=size["label"])),
        y=alt.Y("group:N", sort=domain, title=None, axis=alt.Axis(labelFontSize=size["label"], labelLimit=420)),
        tooltip=[alt.Tooltip("question:N", title=translate(N_("Question"))),
                 alt.Tooltip("group:N", title=translate(N_("Group"))),
                 alt.Tooltip("interventions:Q", title=translate(N_("Interventions")))],
    )
    cells = base.mark_rect(stroke="#444", strokeWidth=0.5).encode(
        color=alt.Color("fill:N", scale=alt.Scale(domain=[*domain, NOT_HEARD], range=[*_RANGE, EMPTY_FILL]),
                        legend=None))
    text = base.mark_text(fontSize=size["text"], fontWeight="bold").encode(
        text=alt.Text("label:N"), color=alt.Color("ink:N", scale=None))
    return _styled((cells + text).properties(height=alt.Step(size["row"])), big)
