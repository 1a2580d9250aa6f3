"""Widgets of the Trends page: filters, headline figures, one block per chart, and the needs-attention list.

What they draw comes from `trends_cache.view_for`: the report, chart specs and tables are built
once per database, filters and change stamp, and shared by every viewer; what has words in it
once per language besides.
"""
from __future__ import annotations

import re
from datetime import date

import streamlit as st

from dashboard.i18n import N_
from dashboard.navigation import PAGES
from dashboard.services.leadership.trends import FilterOptions, Headline, TrendFilters
from dashboard.ui.language import _, current, number, percent
from dashboard.ui.leadership import trends_cache
from dashboard.ui.leadership.follow_up import open_in_follow_up
from dashboard.ui.leadership.trends_blocks import OPPOSES_SHARE, TABS, TOO_EARLY_DAYS
from dashboard.ui.leadership.trends_cache import BlockView, Table, TrendView, options_for

__all__ = ["attention", "filters", "headline", "options_for", "report_tabs", "view_for"]

FILTER_KEYS = ("tr_years", "tr_quarters", "tr_sectors", "tr_groups", "tr_themes")
TAB_KEY = "tr_tab"  # the open tab's label (in the reader's language)
TAB_PLACE = "dd_tr_tab_place"  # the open tab's place: its label changes with the count and with the language
ATTENTION = N_("Needs attention")
ATTENTION_TAB = N_("Needs attention ({count})")
FOLLOW_UP_PAGE = next(spec.path for spec in PAGES if spec.file == "follow_up.py")


def view_for(database_url: str, filters: TrendFilters, stamp: tuple, today: date) -> TrendView:
    """The cached view (see `trends_cache.view_for`), with a spinner in the reader's language while it is counted."""
    with st.spinner(_("Counting the series…")):
        return trends_cache.view_for(database_url, filters, stamp, today)


def _clear_filters() -> None:
    # Only widget state changes here (no data): set the filters' own keys, which the browser then shows.
    for key in FILTER_KEYS:
        st.session_state[key] = []


def filters(options: FilterOptions) -> TrendFilters:
    """The filter row; empty means "all"."""
    sectors, themes, groups = dict(options.sectors), dict(options.themes), dict(options.groups)
    cols = st.container(border=True).columns([2, 2, 3, 4, 4, 2], vertical_alignment="bottom")
    every = _("All")
    # The options' words, made now: each format_func is a dict's `get`, so it shows the same words whenever
    # Streamlit asks. Sectors and groups are stored codes with English labels, themes the taxonomy's English
    # labels (catalog "themes"): all catalog messages.
    quarter_names = {q: _("Q{quarter}").format(quarter=q) for q in (1, 2, 3, 4)}
    sector_names = {code: _(name) for code, name in sectors.items()}
    group_names = {code: _(name) for code, name in groups.items()}
    theme_names = {code: _(name) for code, name in themes.items()}
    years = cols[0].multiselect(_("Year"), options.years, key="tr_years", placeholder=every)
    quarters = cols[1].multiselect(_("Quarter"), list(quarter_names), format_func=quarter_names.get,
                                   key="tr_quarters", placeholder=every,
                                   help=_("Quarters of the session date in Geneva time."))
    chosen_sectors = cols[2].multiselect(_("Sector focus"), list(sectors), format_func=sector_names.get,
                                         key="tr_sectors", placeholder=_("All sectors"))
    chosen_groups = cols[3].multiselect(
        _("Stakeholder group"), list(groups), format_func=group_names.get, key="tr_groups",
        placeholder=_("All groups"),
        help=_("Participants and interventions of these groups, and recommendations drawn from something they said."))
    chosen_themes = cols[4].multiselect(
        _("Theme"), list(themes), format_func=theme_names.get, key="tr_themes", placeholder=_("All themes"),
        help=_("Sessions where the theme was raised, and interventions and recommendations tagged with it."))
    cols[5].button(_("Clear filters"), key="tr_clear", on_click=_clear_filters, width="stretch",
                   disabled=not any(st.session_state.get(k) for k in FILTER_KEYS))
    return TrendFilters(tuple(years), tuple(quarters), tuple(chosen_sectors), tuple(chosen_groups),
                        tuple(chosen_themes))


def _download(table: Table, slug: str) -> None:
    # The CSV is written when someone clicks, once per cached view and language.
    st.download_button(_("Download CSV"), table.csv, file_name=f"dialogue-desk-{slug}.csv", mime="text/csv",
                       key=f"csv_{slug}", on_click="ignore", icon=":material/download:")


def _block(view: BlockView) -> None:
    """One chart with its table and CSV download, or a sentence saying why there is nothing to show."""
    block = view.block
    title = _(block.title)
    st.subheader(title)
    if block.caption:
        st.caption(_(block.caption).format(days=TOO_EARLY_DAYS, share=percent(OPPOSES_SHARE)))
    if view.spec is None or view.table is None:
        st.info(_(block.empty))
        return
    st.vega_lite_chart(view.spec, width="stretch")
    with st.expander(_("Table: {title}").format(title=title.lower())):
        st.dataframe(view.table.arrow, hide_index=True, width="stretch")
    # The file and widget keep the English name in every language (a stable key, a plain file name).
    _download(view.table, re.sub(r"[^a-z0-9]+", "-", block.title.lower()).strip("-"))


def headline(h: Headline) -> None:
    """The headline figures and the line under them."""
    cols = st.columns(6)
    cols[0].metric(_("Sessions held"), number(h.sessions_held))
    cols[1].metric(_("Participants reached"), number(h.participants), help=_("Distinct people who attended."))
    cols[2].metric(_("Organizations"), number(h.organizations))
    cols[3].metric(_("Countries"), number(h.countries))
    cols[4].metric(_("Recommendations"), number(h.recommendations),
                   help=_("Recommendations made (deleted and merged-away ones not counted)."))
    share = (_("{share} of all").format(share=percent(h.implemented / h.recommendations))
             if h.recommendations else None)
    cols[5].metric(_("Implemented"), number(h.implemented), delta=share, delta_color="off", delta_arrow="off",
                   help=_("Recommendations whose follow-up status is Implemented today."))
    notes = [_("{count} interventions captured").format(count=number(h.interventions))]
    if h.recommendations:
        notes.append(_("{share} of recommendations accepted or better").format(
            share=percent(h.accepted_or_better / h.recommendations)))
    st.caption(" · ".join(notes))


def attention(view: TrendView) -> None:
    """Open recommendations past their review date or unchanged for a quarter, and a way to follow one up."""
    st.subheader(_(ATTENTION))
    st.caption(_("Open recommendations (proposed, accepted or in progress) past their review date, or whose status "
                 "has not changed for more than a quarter (91 days). Oldest review date first."))
    listed = view.attention(current())
    if listed.table is None:
        st.success(_("Nothing overdue: every open recommendation has moved within the last quarter and none is "
                     "past its review date."))
        return
    st.dataframe(listed.table.arrow, hide_index=True, width="stretch")
    _download(listed.table, "needs-attention")
    pick = st.selectbox(_("Follow up on"), listed.ids, key="tr_attention_pick", format_func=listed.labels.get)
    if st.button(_("Open in Follow-up"), key="tr_open_follow_up", icon=":material/arrow_forward:",
                 on_click=open_in_follow_up, args=(pick,)):
        st.switch_page(FOLLOW_UP_PAGE)


def _keep_open_tab(labels: list[str]) -> None:
    # The needs-attention label carries a count that filters and follow-ups change, and every label
    # changes with the language. Tabs whose labels changed are a new widget, which opens its first
    # tab: naming the open one again, by its place, keeps it open.
    shown = st.session_state.get(TAB_KEY)
    if shown in labels:
        st.session_state[TAB_KEY] = shown
    elif shown is not None:
        place = st.session_state.get(TAB_PLACE)
        if isinstance(place, int) and 0 <= place < len(labels):
            st.session_state[TAB_KEY] = labels[place]


def report_tabs(view: TrendView) -> None:
    """One tab per subject, each block with its chart, table and download; then the needs-attention list.

    Only the open tab is built and drawn (opening another reruns the page): a first view, or one
    after a filter change, draws two charts instead of eleven.
    """
    language = current()
    labels = [*(_(tab) for tab in TABS), _(ATTENTION_TAB).format(count=view.overview.needs_attention)]
    _keep_open_tab(labels)
    tab_list = st.tabs(labels, key=TAB_KEY, on_change="rerun")
    for place, tab in enumerate(tab_list):
        if tab.open:
            st.session_state[TAB_PLACE] = place
    for name, tab in zip(TABS, tab_list):
        if tab.open:
            with tab:
                for block in view.blocks(name, language):
                    _block(block)
    if tab_list[-1].open:
        with tab_list[-1]:
            attention(view)
