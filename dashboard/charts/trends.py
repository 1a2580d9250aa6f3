"""Charts of the trends page: DataFrames from dashboard.services.leadership.trends in, alt.Chart out (no st.* calls).

Every chart carries tooltips; sessions are ordered oldest first by their `order` column, and
stakeholder groups and follow-up statuses keep one colour each across all charts.

Titles, axis and legend titles, tooltips and the words a chart writes itself (measures, "too
early") go through `t`, an English message -> the reader's language (identity by default). The
frame's label columns (group_label, status_label, ...) must already be in that language: the
colour domains here are the translated labels.
"""
from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd

from dashboard.charts.palette import CHART_INK, MUTED_INK, STAKEHOLDER_COLOURS
from dashboard.i18n import N_
from db.codes import FOLLOW_UP_STATUSES, STAKEHOLDER_TYPES

Translate = Callable[[str], str]


def same(message: str) -> str:
    """The English message itself (the default `t`)."""
    return message

# The same colour for a group here as on the live charts (dashboard/charts/palette.py).
GROUP_COLOURS = STAKEHOLDER_COLOURS
STATUS_COLOURS = {
    "proposed": "#B0B7C3", "accepted": "#7FB3E0", "in_progress": "#2F7BC2", "implemented": "#2E8B57",
    "not_pursued": "#C0504D",
}
HEIGHT = 380  # the whole chart, axis labels included (Streamlit fits the spec to its container)
ROW = alt.Step(26)  # one band per theme / group / addressee, so no label is ever dropped
LEGEND_LIMIT = 240


def _axis(**kwargs) -> alt.Axis:
    """An axis in dark text: Streamlit's chart theme greys axis labels to 3.7:1 on white."""
    return alt.Axis(labelColor=CHART_INK, titleColor=CHART_INK, **kwargs)


def _legend(**kwargs) -> alt.Legend:
    """A legend in dark text (see `_axis`)."""
    return alt.Legend(labelColor=CHART_INK, titleColor=CHART_INK, **kwargs)


COUNT_AXIS = _axis(tickMinStep=1, format="d")  # people and recommendations come in whole numbers


def _group_colour(t: Translate) -> alt.Color:
    labels = [t(STAKEHOLDER_TYPES[c]) for c in GROUP_COLOURS]
    return alt.Color("group_label:N", title=t("Stakeholder group"), sort=labels,
                     legend=_legend(labelLimit=LEGEND_LIMIT),
                     scale=alt.Scale(domain=labels, range=list(GROUP_COLOURS.values())))


def _status_colour(t: Translate) -> alt.Color:
    labels = [t(FOLLOW_UP_STATUSES[c]) for c in STATUS_COLOURS]
    return alt.Color("status_label:N", title=t("Follow-up status"), sort=labels, legend=_legend(),
                     scale=alt.Scale(domain=labels, range=list(STATUS_COLOURS.values())))


def _status_order() -> alt.Order:
    return alt.Order("status_rank:Q")


def _with_status_rank(frame: pd.DataFrame) -> pd.DataFrame:
    ranks = {c: i for i, c in enumerate(STATUS_COLOURS)}
    return frame.assign(status_rank=frame["status"].map(ranks))


def _with_group_rank(frame: pd.DataFrame) -> pd.DataFrame:
    ranks = {c: i for i, c in enumerate(GROUP_COLOURS)}
    return frame.assign(group_rank=frame["group"].map(ranks))


def _session_axis(frame: pd.DataFrame, t: Translate) -> alt.X:
    order = list(dict.fromkeys(frame.sort_values("order")["session"])) if not frame.empty else []
    return alt.X("session:N", title=t("Session"), sort=order, axis=_axis(labelAngle=-40, labelLimit=140))


def _stacked_per_session(frame: pd.DataFrame, measure: str, title: str, t: Translate, *, by_status: bool,
                         extra: tuple[alt.Tooltip, ...] = ()) -> alt.Chart:
    """Bars per session (oldest first), stacked by stakeholder group or by follow-up status."""
    data = _with_status_rank(frame) if by_status else _with_group_rank(frame)
    part = (alt.Tooltip("status_label:N", title=t("Status")) if by_status
            else alt.Tooltip("group_label:N", title=t("Group")))
    return alt.Chart(data, height=HEIGHT).mark_bar().encode(
        x=_session_axis(frame, t),
        y=alt.Y(f"sum({measure}):Q", title=t(title), axis=COUNT_AXIS),
        color=_status_colour(t) if by_status else _group_colour(t),
        order=_status_order() if by_status else alt.Order("group_rank:Q"),
        tooltip=[alt.Tooltip("session:N", title=t("Session")), part, alt.Tooltip(f"{measure}:Q", title=t(title)),
                 *extra],
    )


def participation_by_group(frame: pd.DataFrame, *, t: Translate = same) -> alt.Chart:
    """Stacked bars: participants per session, split by stakeholder group."""
    return _stacked_per_session(frame, "participants", "Participants", t, by_status=False,
                                extra=(alt.Tooltip("share:Q", title=t("Share of session"), format=".0%"),))


def participation_share(frame: pd.DataFrame, *, t: Translate = same) -> alt.Chart:
    """Each group's share of a session's participants over time (100 % stacked area)."""
    return alt.Chart(_with_group_rank(frame), height=HEIGHT).mark_area(interpolate="monotone").encode(
        x=_session_axis(frame, t),
        y=alt.Y("participants:Q", stack="normalize", title=t("Share of participants"), axis=_axis(format="%")),
        color=_group_colour(t),
        order=alt.Order("group_rank:Q"),
        tooltip=[alt.Tooltip("session:N", title=t("Session")), alt.Tooltip("group_label:N", title=t("Group")),
                 alt.Tooltip("share:Q", title=t("Share"), format=".0%"),
                 alt.Tooltip("participants:Q", title=t("Participants"))],
    )


def interventions_by_group(frame: pd.DataFrame, *, t: Translate = same) -> alt.Chart:
    """Stacked bars: interventions per session, split by stakeholder group."""
    return _stacked_per_session(frame, "interventions", "Interventions", t, by_status=False)


def speaking_time_by_group(frame: pd.DataFrame, *, t: Translate = same) -> alt.Chart:
    """Horizontal bars: captured speaking minutes per group, with how many interventions were timed."""
    return alt.Chart(frame, height=ROW).mark_bar().encode(
        y=alt.Y("group_label:N", title=None, sort="-x", axis=_axis(labelLimit=LEGEND_LIMIT)),
        x=alt.X("minutes:Q", title=t("Speaking time (minutes)"), axis=_axis()),
        color=_group_colour(t).legend(None),
        tooltip=[alt.Tooltip("group_label:N", title=t("Group")), alt.Tooltip("minutes:Q", title=t("Minutes")),
                 alt.Tooltip("timed_interventions:Q", title=t("Timed interventions")),
                 alt.Tooltip("interventions:Q", title=t("All interventions")),
                 alt.Tooltip("timed_share:Q", title=t("Timed"), format=".0%")],
    )


def themes_heatmap(frame: pd.DataFrame, *, t: Translate = same) -> alt.Chart:
    """Heatmap: how often each theme was raised in each session."""
    themes = frame.groupby("theme")["mentions"].sum().sort_values(ascending=False).index.tolist()
    return alt.Chart(frame, height=ROW).mark_rect().encode(
        x=_session_axis(frame, t),
        y=alt.Y("theme:N", title=None, sort=themes, axis=_axis(labelLimit=260)),
        color=alt.Color("mentions:Q", title=t("Mentions"), scale=alt.Scale(scheme="blues"), legend=_legend()),
        tooltip=[alt.Tooltip("session:N", title=t("Session")), alt.Tooltip("theme:N", title=t("Theme")),
                 alt.Tooltip("mentions:Q", title=t("Mentions"))],
    )


def top_themes(frame: pd.DataFrame, limit: int = 10, *, t: Translate = same) -> alt.Chart:
    """Horizontal bars: the themes raised in the most sessions, bar length = sessions (ties: more mentions first)."""
    # The service ranks by sessions, then mentions: the bars draw that same measure, so their
    # lengths never contradict their order; mentions are in the tooltip and the table.
    top = frame.head(limit)
    return alt.Chart(top, height=ROW).mark_bar(color="#2F7BC2").encode(
        y=alt.Y("theme:N", title=None, sort=top["theme"].tolist(), axis=_axis(labelLimit=260)),
        x=alt.X("sessions:Q", title=t("Sessions where the theme was raised"), axis=COUNT_AXIS),
        tooltip=[alt.Tooltip("theme:N", title=t("Theme")),
                 alt.Tooltip("sessions:Q", title=t("Sessions where raised")),
                 alt.Tooltip("mentions:Q", title=t("Mentions"))],
    )


def recommendations_by_addressee(frame: pd.DataFrame, *, t: Translate = same) -> alt.Chart:
    """Stacked horizontal bars: recommendations per addressee, coloured by follow-up status."""
    order = list(dict.fromkeys(frame.sort_values("addressee_order")["addressee_label"])) if not frame.empty else []
    return alt.Chart(_with_status_rank(frame), height=ROW).mark_bar().encode(
        y=alt.Y("addressee_label:N", title=None, sort=order, axis=_axis(labelLimit=LEGEND_LIMIT)),
        x=alt.X("sum(recommendations):Q", title=t("Recommendations (one may name several addressees)"),
                axis=COUNT_AXIS),
        color=_status_colour(t),
        order=_status_order(),
        tooltip=[alt.Tooltip("addressee_label:N", title=t("Addressed to")),
                 alt.Tooltip("status_label:N", title=t("Status")),
                 alt.Tooltip("recommendations:Q", title=t("Recommendations"))],
    )


def recommendations_by_theme(frame: pd.DataFrame, *, t: Translate = same) -> alt.Chart:
    """Stacked horizontal bars: recommendations per theme, coloured by follow-up status."""
    themes = frame.groupby("theme")["recommendations"].sum().sort_values(ascending=False).index.tolist()
    return alt.Chart(_with_status_rank(frame), height=ROW).mark_bar().encode(
        y=alt.Y("theme:N", title=None, sort=themes, axis=_axis(labelLimit=260)),
        x=alt.X("sum(recommendations):Q", title=t("Recommendations"), axis=COUNT_AXIS),
        color=_status_colour(t),
        order=_status_order(),
        tooltip=[alt.Tooltip("theme:N", title=t("Theme")), alt.Tooltip("status_label:N", title=t("Status")),
                 alt.Tooltip("recommendations:Q", title=t("Recommendations"))],
    )


def recommendations_by_status(frame: pd.DataFrame, *, t: Translate = same) -> alt.Chart:
    """Stacked bars: each session's recommendations by their current follow-up status."""
    return _stacked_per_session(frame, "recommendations", "Recommendations", t, by_status=True)


# The measures' legend labels (English messages; the chart's data carries them translated).
RATE_LABELS = {"implemented_rate": N_("Implemented"), "accepted_rate": N_("Accepted or better")}
TOO_EARLY = N_("too early")
# A session too recent to judge: its label in this grey, its band the same at 15 % opacity
# (the label reads 5.6:1 on the band; the former #8C8C8C label was 3.4:1).
TOO_EARLY_GREY = MUTED_INK


def _rates_long(frame: pd.DataFrame, keys: list[str], t: Translate) -> pd.DataFrame:
    # Two stacked copies (one per measure) cost a fraction of DataFrame.melt.
    shared = frame[[*keys, "too_early", "recommendations", "implemented", "accepted_or_better"]]
    return pd.concat([shared.assign(measure=measure, measure_label=t(name), rate=frame[measure])
                      for measure, name in RATE_LABELS.items()], ignore_index=True)


def _rate_tooltip(first: alt.Tooltip, t: Translate) -> list[alt.Tooltip]:
    return [first, alt.Tooltip("recommendations:Q", title=t("Recommendations (n)")),
            alt.Tooltip("measure_label:N", title=t("Measure")),
            alt.Tooltip("rate:Q", title=t("Share"), format=".1%"),
            alt.Tooltip("implemented:Q", title=t("Implemented")),
            alt.Tooltip("accepted_or_better:Q", title=t("Accepted or better"))]


def _rate_colour(t: Translate) -> alt.Color:
    return alt.Color("measure_label:N", title=t("Share of recommendations"), legend=_legend(),
                     scale=alt.Scale(domain=[t(name) for name in RATE_LABELS.values()], range=["#2E8B57", "#7FB3E0"]))


def _share_axis(title: str) -> alt.Y:
    return alt.Y("rate:Q", title=title, axis=_axis(format="%"), scale=alt.Scale(domain=[0, 1]))


EARLY_ONLY = f"datum.too_early && datum.measure == '{next(iter(RATE_LABELS))}'"  # one row per session / sector
KNOWN_ONLY = "!datum.too_early"


def implementation_rate_by_session(frame: pd.DataFrame, *, t: Translate = same) -> alt.LayerChart:
    """Lines of implemented / all and accepted-or-better / all per session; recent sessions a grey "too early" band."""
    x = _session_axis(frame, t)
    # A session too recent to have implemented anything is no point on the line (a 0 % would read
    # as a failure): its column is shaded grey and labelled, with its n in the tooltip. The layers
    # carry no data of their own: the layer's one frame is sent once (and not hashed per layer).
    early_tooltip = [alt.Tooltip("session:N", title=t("Session")),
                     alt.Tooltip("recommendations:Q", title=t("Recommendations (n)")),
                     alt.Tooltip("held_days_ago:Q", title=t("Held (days ago)")),
                     alt.Tooltip("implemented:Q", title=t("Implemented so far"))]
    band = alt.Chart().mark_rect(color=TOO_EARLY_GREY, opacity=0.15).encode(x=x, tooltip=early_tooltip)
    label = alt.Chart().mark_text(text=t(TOO_EARLY), angle=270, color=TOO_EARLY_GREY, fontStyle="italic").encode(
        x=x, y=alt.datum(0.5), tooltip=early_tooltip)
    line = alt.Chart().mark_line(point=True).encode(
        x=x, y=_share_axis(t("Share of the session's recommendations")), color=_rate_colour(t),
        tooltip=_rate_tooltip(alt.Tooltip("session:N", title=t("Session")), t))
    return alt.layer(band.transform_filter(EARLY_ONLY), label.transform_filter(EARLY_ONLY),
                     line.transform_filter(KNOWN_ONLY),
                     data=_rates_long(frame, ["session", "order", "held_days_ago"], t), height=HEIGHT)


def implementation_rate_by_sector(frame: pd.DataFrame, *, t: Translate = same) -> alt.LayerChart:
    """Grouped bars: implemented / all and accepted-or-better / all per sector, over sessions old enough to tell."""
    x = alt.X("sector_label:N", title=t("Sector focus"), axis=_axis(labelAngle=0, labelLimit=160))
    bars = alt.Chart().mark_bar().encode(
        x=x, xOffset=alt.XOffset("measure_label:N", sort=[t(name) for name in RATE_LABELS.values()]),
        y=_share_axis(t("Share of the sector's recommendations")),
        color=_rate_colour(t),
        tooltip=[*_rate_tooltip(alt.Tooltip("sector_label:N", title=t("Sector")), t),
                 alt.Tooltip("too_early_recommendations:Q", title=t("Not counted yet (too early)"))],
    )
    # A sector whose every session is too recent has no bar: say so where the bar would stand.
    early = alt.Chart().mark_text(text=t(TOO_EARLY), color=TOO_EARLY_GREY, fontStyle="italic", dy=-10).encode(
        x=x, y=alt.datum(0), tooltip=[alt.Tooltip("sector_label:N", title=t("Sector")),
                                      alt.Tooltip("too_early_recommendations:Q", title=t("Too early (n)"))])
    return alt.layer(bars.transform_filter(KNOWN_ONLY), early.transform_filter(EARLY_ONLY),
                     data=_rates_long(frame, ["sector", "sector_label", "too_early_recommendations"], t),
                     height=HEIGHT)


SUPPORT_GREEN = "#2E8B57"
# How a respondent was counted (English messages; the chart's data carries them translated).
RESPONDENT_KINDS = {"registered": N_("Registered"), "self_declared": N_("Self-declared")}


def broad_support_by_session(frame: pd.DataFrame, *, t: Translate = same) -> alt.LayerChart:
    """Bars: the share of a session's checked recommendations with broad support; no closed check a grey note."""
    x = _session_axis(frame, t)
    # As with "too early": a session without a share is a labelled grey band, never a 0 % bar.
    note_tooltip = [alt.Tooltip("session:N", title=t("Session")), alt.Tooltip("note:N", title=t("No share")),
                    alt.Tooltip("checked:Q", title=t("Recommendations checked (n)"))]
    band = alt.Chart().mark_rect(color=TOO_EARLY_GREY, opacity=0.15).encode(x=x, tooltip=note_tooltip)
    note = alt.Chart().mark_text(angle=270, color=TOO_EARLY_GREY, fontStyle="italic").encode(
        x=x, y=alt.datum(0.5), text="note:N", tooltip=note_tooltip)
    bars = alt.Chart().mark_bar(color=SUPPORT_GREEN).encode(
        x=x, y=alt.Y("broad_share:Q", title=t("Share of checked recommendations with broad support"),
                     axis=_axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        tooltip=[alt.Tooltip("session:N", title=t("Session")),
                 alt.Tooltip("checked:Q", title=t("Recommendations checked (n)")),
                 alt.Tooltip("broad:Q", title=t("With broad support")),
                 alt.Tooltip("broad_share:Q", title=t("Share"), format=".1%")])
    return alt.layer(band.transform_filter("datum.no_share"), note.transform_filter("datum.no_share"),
                     bars.transform_filter("!datum.no_share"), data=frame, height=HEIGHT)


def groups_opposing(frame: pd.DataFrame, *, t: Translate = same) -> alt.Chart:
    """Horizontal bars: each group's share of opposed recommendations among those where it was shown, most first."""
    return alt.Chart(frame, height=ROW).mark_bar().encode(
        y=alt.Y("group_label:N", title=None, sort=frame["group_label"].tolist(),
                axis=_axis(labelLimit=LEGEND_LIMIT)),
        x=alt.X("oppose_rate:Q", title=t("Share opposed of the recommendations where the group was shown"),
                axis=_axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        color=_group_colour(t).legend(None),
        tooltip=[alt.Tooltip("group_label:N", title=t("Group")), alt.Tooltip("opposed:Q", title=t("Opposed")),
                 alt.Tooltip("shown:Q", title=t("Recommendations where shown (n)")),
                 alt.Tooltip("oppose_rate:Q", title=t("Share opposed"), format=".1%")],
    )


def support_respondents(frame: pd.DataFrame, *, t: Translate = same) -> alt.Chart:
    """Bars per session stacked by group: registered people who answered, and beside them the self-declared."""
    kinds = [t(name) for name in RESPONDENT_KINDS.values()]
    long = pd.concat([frame[["session", "order", "group", "group_label"]].assign(kind=t(name), people=frame[column])
                      for column, name in RESPONDENT_KINDS.items()], ignore_index=True)
    return alt.Chart(_with_group_rank(long[long["people"] > 0]), height=HEIGHT).mark_bar().encode(
        x=_session_axis(frame, t),
        xOffset=alt.XOffset("kind:N", sort=kinds, scale=alt.Scale(domain=kinds)),
        y=alt.Y("sum(people):Q", title=t("People who answered"), axis=COUNT_AXIS),
        color=_group_colour(t),
        opacity=alt.Opacity("kind:N", title=t("Counted as"), sort=kinds,
                            scale=alt.Scale(domain=kinds, range=[1, .45]), legend=_legend()),
        order=alt.Order("group_rank:Q"),
        tooltip=[alt.Tooltip("session:N", title=t("Session")), alt.Tooltip("group_label:N", title=t("Group")),
                 alt.Tooltip("kind:N", title=t("Counted as")), alt.Tooltip("people:Q", title=t("People"))],
    )


def to_spec(chart: alt.Chart) -> dict:
    """The chart as a Vega-Lite dict with its data inline, ready to cache and hand to st.vega_lite_chart."""
    # Schema validation costs more than drawing; the chart tests validate these very specs.
    spec = chart.to_dict(validate=False)
    # Altair's default view size would fight the container width Streamlit gives the chart.
    spec.get("config", {}).pop("view", None)
    if not spec.get("config"):
        spec.pop("config", None)
    return spec
