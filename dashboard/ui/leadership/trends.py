"""Widgets of the Trends page: filters, headline figures, one block per chart, and the needs-attention list.

What they draw comes from `trends_cache.view_for`: the report, chart specs and tables are built
once per database, filters and change stamp, and shared by every viewer.
"""
from __future__ import annotations

import re

import streamlit as st

from dashboard.navigation import PAGES
from dashboard.services.leadership.trends import FilterOptions, Headline, TrendFilters
from dashboard.ui.leadership.follow_up import open_in_follow_up
from dashboard.ui.leadership.trends_blocks import TABS
from dashboard.ui.leadership.trends_cache import BlockView, Table, TrendView, options_for, view_for

__all__ = ["attention", "filters", "headline", "options_for", "report_tabs", "view_for"]

FILTER_KEYS = ("tr_years", "tr_quarters", "tr_sectors", "tr_groups", "tr_themes")
TAB_KEY = "tr_tab"  # the open tab's label
ATTENTION = "Needs attention"
FOLLOW_UP_PAGE = next(spec.path for spec in PAGES if spec.file == "follow_up.py")


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


def _download(table: Table, slug: str) -> None:
    # The CSV is written when someone clicks, once per cached view.
    st.download_button("Download CSV", table.csv, file_name=f"dialogue-desk-{slug}.csv", mime="text/csv",
                       key=f"csv_{slug}", on_click="ignore", icon=":material/download:")


def _block(view: BlockView) -> None:
    """One chart with its table and CSV download, or a sentence saying why there is nothing to show."""
    block = view.block
    st.subheader(block.title)
    if block.caption:
        st.caption(block.caption)
    if view.spec is None or view.table is None:
        st.info(block.empty)
        return
    st.vega_lite_chart(view.spec, width="stretch")
    with st.expander(f"Table: {block.title.lower()}"):
        st.dataframe(view.table.arrow, hide_index=True, width="stretch")
    _download(view.table, re.sub(r"[^a-z0-9]+", "-", block.title.lower()).strip("-"))


def headline(h: Headline) -> None:
    """The headline figures and the line under them."""
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


def attention(view: TrendView) -> None:
    """Open recommendations past their review date or unchanged for a quarter, and a way to follow one up."""
    st.subheader("Needs attention")
    st.caption("Open recommendations (proposed, accepted or in progress) past their review date, or whose status "
               "has not changed for more than a quarter (91 days). Oldest review date first.")
    listed = view.attention()
    if listed.table is None:
        st.success("Nothing overdue: every open recommendation has moved within the last quarter and none is past "
                   "its review date.")
        return
    st.dataframe(listed.table.arrow, hide_index=True, width="stretch")
    _download(listed.table, "needs-attention")
    pick = st.selectbox("Follow up on", listed.ids, key="tr_attention_pick", format_func=listed.labels.get)
    if st.button("Open in Follow-up", key="tr_open_follow_up", icon=":material/arrow_forward:",
                 on_click=open_in_follow_up, args=(pick,)):
        st.switch_page(FOLLOW_UP_PAGE)


def _keep_open_tab(labels: list[str]) -> None:
    # The needs-attention label carries a count that filters and follow-ups change. Tabs whose
    # labels changed are a new widget, which opens its first tab: naming the open one again keeps
    # it open (any tab, not only Needs attention, whose own label is then the new one).
    shown = st.session_state.get(TAB_KEY)
    if shown in labels:
        st.session_state[TAB_KEY] = shown
    elif shown is not None and shown.startswith(ATTENTION):
        st.session_state[TAB_KEY] = labels[-1]


def report_tabs(view: TrendView) -> None:
    """One tab per subject, each block with its chart, table and download; then the needs-attention list.

    Only the open tab is built and drawn (opening another reruns the page): a first view, or one
    after a filter change, draws two charts instead of eleven.
    """
    labels = [*TABS, f"{ATTENTION} ({view.overview.needs_attention})"]
    _keep_open_tab(labels)
    tab_list = st.tabs(labels, key=TAB_KEY, on_change="rerun")
    for name, tab in zip(TABS, tab_list):
        if tab.open:
            with tab:
                for block in view.blocks(name):
                    _block(block)
    if tab_list[-1].open:
        with tab_list[-1]:
            attention(view)
