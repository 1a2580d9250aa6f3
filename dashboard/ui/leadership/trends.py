"""Widgets of the Trends page: filters, headline figures, one block per chart, and the needs-attention list.

The report and the chart specs are cached per database, filters and change stamp: any capture,
edit or follow-up update moves the stamp, so a warm page is never stale.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.charts import trends as charts
from dashboard.navigation import PAGES
from dashboard.reports.csv_safe import write_frame_csv
from dashboard.runtime import db
from dashboard.services.leadership.trends import (
    FilterOptions,
    TrendFilters,
    TrendReport,
    build_trend_report,
    list_filter_options,
)
from dashboard.ui.leadership.follow_up import open_in_follow_up

FILTER_KEYS = ("tr_years", "tr_quarters", "tr_sectors", "tr_groups", "tr_themes")
FOLLOW_UP_PAGE = next(spec.path for spec in PAGES if spec.file == "follow_up.py")
NO_RECS = "No recommendations for these filters."
NO_THEMES = "No theme tags on the interventions for these filters."


@dataclass(frozen=True)
class Block:
    tab: str
    title: str
    frame: str  # TrendReport attribute
    draw: Callable[[pd.DataFrame], alt.Chart]
    empty: str
    caption: str = ""


BLOCKS = (
    Block("Participation", "Participants per session, by stakeholder group", "participation",
          charts.participation_by_group, "No attendance recorded for these sessions and groups."),
    Block("Participation", "Share of each group over time", "participation", charts.participation_share,
          "No attendance recorded for these sessions and groups.",
          "Each session's participants split by group (of the groups selected in the filters)."),
    Block("Interventions", "Interventions per session, by stakeholder group", "interventions",
          charts.interventions_by_group, "No interventions captured for these filters."),
    Block("Interventions", "Speaking time per group", "speaking_time", charts.speaking_time_by_group,
          "No speaking time was captured for these interventions.",
          "Only interventions whose speaking time was captured count; the tooltip shows how many were timed."),
    Block("Themes", "Themes over sessions", "theme_heatmap", charts.themes_heatmap, NO_THEMES),
    Block("Themes", "Top recurring themes", "top_themes", charts.top_themes, NO_THEMES,
          "The ten themes raised in the most sessions (then most mentions); darker bars were raised in more "
          "sessions. The table lists every theme."),
    Block("Recommendations", "Recommendations by addressee", "recs_by_addressee",
          charts.recommendations_by_addressee, NO_RECS),
    Block("Recommendations", "Recommendations by theme", "recs_by_theme", charts.recommendations_by_theme,
          "No theme tags on the recommendations for these filters."),
    Block("Recommendations", "Follow-up status per session", "recs_by_status", charts.recommendations_by_status,
          NO_RECS),
    Block("Implementation", "Implementation rate per session", "rates_by_session",
          charts.implementation_rate_by_session, NO_RECS,
          "Implemented ÷ all recommendations, and accepted, in progress or implemented ÷ all."),
    Block("Implementation", "Implementation rate per sector", "rates_by_sector",
          charts.implementation_rate_by_sector, NO_RECS),
)


def _frame(report: TrendReport, block: Block) -> pd.DataFrame:
    frame = getattr(report, block.frame)
    if block.frame == "speaking_time" and not frame.empty:
        return frame[frame["timed_interventions"] > 0]
    return frame


# Keyed by the database, the filters and a cheap change stamp: any capture, edit or
# follow-up update changes the stamp, so a warm load is never stale.
@st.cache_data(ttl=3600, max_entries=64, show_spinner="Counting the series…")
def report_for(database_url: str, filters: TrendFilters, stamp: tuple, today: date) -> TrendReport:
    """The trend report for these filters (cached until the change stamp moves)."""
    with db() as session:
        return build_trend_report(session, filters=filters, today=today)


# Building and validating eleven Vega-Lite specs costs more than a warm page should: keep them too.
@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def specs_for(database_url: str, filters: TrendFilters, stamp: tuple, today: date) -> list[dict | None]:
    """One Vega-Lite spec per block, None where the block has nothing to draw."""
    report = report_for(database_url, filters, stamp, today)
    return [None if _frame(report, b).empty else charts.to_spec(b.draw(_frame(report, b))) for b in BLOCKS]


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def options_for(database_url: str, stamp: tuple) -> FilterOptions:
    """What the filters offer (years, sectors, groups, themes that occur)."""
    with db() as session:
        return list_filter_options(session)


def _clear_filters() -> None:
    # Only widget state changes here (no data): set the filters' own keys, which the browser then shows.
    for key in FILTER_KEYS:
        st.session_state[key] = []


def filters(options: FilterOptions) -> TrendFilters:
    """The filter row; empty means "all"."""
    sectors, themes, groups = dict(options.sectors), dict(options.themes), dict(options.groups)
    cols = st.container(border=True).columns([2, 2, 3, 4, 4, 2], vertical_alignment="bottom")
    years = cols[0].multiselect("Year", options.years, key="tr_years", placeholder="All")
    quarters = cols[1].multiselect("Quarter", (1, 2, 3, 4), format_func=lambda q: f"Q{q}", key="tr_quarters",
                                   placeholder="All", help="Quarters of the session date in Geneva time.")
    chosen_sectors = cols[2].multiselect("Sector focus", list(sectors), format_func=sectors.get, key="tr_sectors",
                                         placeholder="All sectors")
    chosen_groups = cols[3].multiselect(
        "Stakeholder group", list(groups), format_func=groups.get, key="tr_groups", placeholder="All groups",
        help="Participants and interventions of these groups, and recommendations drawn from something they said.")
    chosen_themes = cols[4].multiselect(
        "Theme", list(themes), format_func=themes.get, key="tr_themes", placeholder="All themes",
        help="Sessions where the theme was raised, and interventions and recommendations tagged with it.")
    cols[5].button("Clear filters", key="tr_clear", on_click=_clear_filters, width="stretch",
                   disabled=not any(st.session_state.get(k) for k in FILTER_KEYS))
    return TrendFilters(tuple(years), tuple(quarters), tuple(chosen_sectors), tuple(chosen_groups), tuple(chosen_themes))


def _download(table: pd.DataFrame, slug: str) -> None:
    st.download_button("Download CSV", lambda: write_frame_csv(table),
                       file_name=f"dialogue-desk-{slug}.csv", mime="text/csv", key=f"csv_{slug}",
                       on_click="ignore", icon=":material/download:")


def _block(block: Block, frame: pd.DataFrame, spec: dict | None) -> None:
    """One chart with its table and CSV download, or a sentence saying why there is nothing to show."""
    st.subheader(block.title)
    if block.caption:
        st.caption(block.caption)
    if spec is None:
        st.info(block.empty)
        return
    st.vega_lite_chart(spec, width="stretch")
    table = charts.chart_table(frame, block.frame)
    with st.expander(f"Table: {block.title.lower()}"):
        st.dataframe(table, hide_index=True, width="stretch")
    _download(table, re.sub(r"[^a-z0-9]+", "-", block.title.lower()).strip("-"))


def headline(report: TrendReport) -> None:
    """The headline figures and the line under them."""
    h = report.headline
    cols = st.columns(6)
    cols[0].metric("Sessions held", h.sessions_held)
    cols[1].metric("Participants reached", h.participants, help="Distinct people who attended.")
    cols[2].metric("Organizations", h.organizations)
    cols[3].metric("Countries", h.countries)
    cols[4].metric("Recommendations", h.recommendations,
                   help="Recommendations made (deleted and merged-away ones not counted).")
    share = f"{h.implemented / h.recommendations:.0%} of all" if h.recommendations else None
    cols[5].metric("Implemented", h.implemented, delta=share, delta_color="off", delta_arrow="off",
                   help="Recommendations whose follow-up status is Implemented today.")
    notes = [f"{h.interventions:,} interventions captured"]
    if h.recommendations:
        notes.append(f"{h.accepted_or_better / h.recommendations:.0%} of recommendations accepted or better")
    st.caption(" · ".join(notes))


def attention(report: TrendReport) -> None:
    """Open recommendations past their review date or unchanged for a quarter, and a way to follow one up."""
    frame = report.attention
    st.subheader("Needs attention")
    st.caption("Open recommendations (proposed, accepted or in progress) past their review date, or whose status "
               "has not changed for more than a quarter (91 days). Oldest review date first.")
    if frame.empty:
        st.success("Nothing overdue: every open recommendation has moved within the last quarter and none is past "
                   "its review date.")
        return
    table = charts.chart_table(frame, "attention")
    st.dataframe(table, hide_index=True, width="stretch")
    _download(table, "needs-attention")
    ids = [int(i) for i in frame["recommendation_id"]]
    labels = {i: f"{i} · {session} · {text[:90]}" for i, session, text in zip(ids, frame["session"], frame["text"])}
    pick = st.selectbox("Follow up on", ids, key="tr_attention_pick", format_func=labels.get)
    if st.button("Open in Follow-up", key="tr_open_follow_up", icon=":material/arrow_forward:",
                 on_click=open_in_follow_up, args=(pick,)):
        st.switch_page(FOLLOW_UP_PAGE)


def report_tabs(report: TrendReport, specs: list[dict | None]) -> None:
    """One tab per subject, each block with its chart, table and download; then the needs-attention list."""
    names = list(dict.fromkeys(b.tab for b in BLOCKS))
    tab_list = st.tabs([*names, f"Needs attention ({len(report.attention)})"])
    tabs = dict(zip(names, tab_list))
    for block, spec in zip(BLOCKS, specs):
        with tabs[block.tab]:
            _block(block, _frame(report, block), spec)
    with tab_list[-1]:
        attention(report)
