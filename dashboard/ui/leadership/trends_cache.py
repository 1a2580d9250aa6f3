"""The Trends page's figures, charts and tables, computed once per filter set and data change, shared by every viewer.

A page view reads the change stamp (one round trip of cheap probes). The held sessions and
filter choices are read once per stamp; the headline once per stamp, filter set and day; a
tab's figures the first time that tab is opened for them, and its Vega-Lite specs and tables the
first time it is opened in each language. Each is computed once for all browsers of this server
process (``st.cache_resource``: concurrent misses wait for one computation, and a hit hands out
the same objects without copying them). Nothing here is mutated after it is built.

Language: the figures (frames) hold codes and English labels and are shared by every language;
everything with words in it (chart titles and labels, tables, the needs-attention picker) is
built per language and cached under it, so a reader never gets a chart made for another language.
"""
from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache, partial
from typing import Any, Optional

import altair as alt
import pandas as pd
import pyarrow as pa
import streamlit as st
from altair.utils.schemapi import debug_mode
from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol
from streamlit import dataframe_util

from dashboard.charts import trends as charts
from dashboard.i18n import DEFAULT, N_, translate
from dashboard.reports.csv_safe import write_frame_csv
from dashboard.runtime import db
from dashboard.services.leadership.trends import (
    FilterOptions,
    TrendFilters,
    TrendOverview,
    list_filter_options,
    list_held_sessions,
    session_label,
    summarize_overview,
    summarize_subject,
)
from dashboard.ui.leadership.trends_blocks import BLOCKS, SUBJECT_OF_TAB, Block
from dashboard.ui.leadership.trends_tables import chart_table

# Label columns of the services' frames: English labels of stored codes, of the services' own notes
# and of the theme taxonomy (catalog "themes"), each a catalog message; the codes beside them stay.
LABEL_COLUMNS = ("group_label", "status_label", "sector_label", "addressee_label", "note", "theme")
REC = N_("R{number}")  # how the trends name a recommendation: its place in its session's list
# Why a recommendation needs attention (the service's English "why", in parts).
OVERDUE_ONE = N_("review date passed 1 day ago")
OVERDUE = N_("review date passed {days} days ago")
STALE = N_("status unchanged for {days} days")
BOTH = N_("{first}; {second}")  # two reasons, joined as the language joins clauses


class Table:
    """A chart's readable table as Streamlit sends it (Arrow), and its CSV, written on the first download."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        # The conversion st.dataframe would repeat on every draw of a DataFrame, done once.
        self.arrow: pa.Table = dataframe_util.convert_pandas_df_to_arrow_table(frame)
        self._csv: Optional[bytes] = None

    def csv(self) -> bytes:
        """The table as a spreadsheet-safe CSV (built once; two racing first clicks build the same bytes)."""
        if self._csv is None:
            self._csv = write_frame_csv(self.frame)
        return self._csv


@dataclass(frozen=True, eq=False)
class BlockView:
    block: Block
    spec: Optional[dict[str, Any]]  # None: nothing to draw, the block says why
    table: Optional[Table]


@dataclass(frozen=True, eq=False)
class AttentionView:
    table: Optional[Table]  # None: nothing needs attention
    ids: tuple[int, ...]
    labels: dict[int, str]


class TrendView:
    """Everything the page draws for one filter set and change stamp.

    The overview (headline, chosen sessions) is counted up front; a tab's figures, charts and
    tables the first time someone opens it, once for every viewer: a second viewer of the same
    tab waits for the first build rather than repeat it. A tab is counted in its own
    transaction; a capture committed in between shows in that tab now and in the headline
    on the next run, which reads a new change stamp and so a new view.
    """

    def __init__(self, overview: TrendOverview) -> None:
        self.overview = overview
        self._parts: dict[str, Any] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def _part(self, name: str, build: Callable[[], Any]) -> Any:
        with self._guard:
            lock = self._locks.setdefault(name, threading.Lock())
        with lock:
            if name not in self._parts:
                self._parts[name] = build()
        return self._parts[name]

    def _frames(self, subject: str) -> dict[str, pd.DataFrame]:
        """One subject's figures (codes and English labels), counted once for every language."""
        def count() -> dict[str, pd.DataFrame]:
            with db() as session:
                return summarize_subject(session, self.overview, subject)

        return self._part(f"frames:{subject}", count)

    def blocks(self, tab: str, language: str = DEFAULT) -> tuple[BlockView, ...]:
        """The blocks of one tab (an English tab name), with their specs and tables in `language`."""
        def build() -> tuple[BlockView, ...]:
            frames = self._frames(SUBJECT_OF_TAB[tab])
            return tuple(_block_view(localize(frames[b.frame], self.overview.sessions, language), b, language)
                         for b in BLOCKS if b.tab == tab)

        return self._part(f"blocks:{tab}:{language}", build)

    def attention(self, language: str = DEFAULT) -> AttentionView:
        """The needs-attention table and the choices of its "Follow up on" picker, in `language`."""
        def build() -> AttentionView:
            frame = self._frames("attention")["attention"]
            return _attention_view(localize(frame, self.overview.sessions, language), language)

        return self._part(f"attention:{language}", build)


def _why(overdue: Any, stale: Any, unchanged: Any, t: Callable[[str], str]) -> str:
    """Why a recommendation needs attention, as the service's "why" says it in English, in t's language."""
    reasons = []
    if overdue is not None and not pd.isna(overdue):
        days = int(overdue)
        reasons.append(t(OVERDUE_ONE) if days == 1 else t(OVERDUE).format(days=days))
    if bool(stale):  # more than a quarter: never a single day
        reasons.append(t(STALE).format(days=int(unchanged)))
    text = t(BOTH).format(first=reasons[0], second=reasons[1]) if len(reasons) == 2 else "".join(reasons)
    return text[:1].upper() + text[1:]


def localize(frame: pd.DataFrame, sessions: pd.DataFrame, language: str) -> pd.DataFrame:
    """A services' frame as a reader of `language` reads it: labels translated, sessions named in that language.

    English frames are returned as they are. The codes, ids, numbers and the session order stay.
    """
    if language == DEFAULT or frame.empty:
        return frame

    def t(message: str) -> str:
        return translate(message, language)

    out = frame.copy()
    for column in LABEL_COLUMNS:
        if column in out:
            out[column] = [t(v) if isinstance(v, str) and v else v for v in out[column]]
    if "session" in out and "session_id" in out:
        names = {int(i): session_label(tag, day, language)
                 for i, tag, day in zip(sessions["session_id"], sessions["tag"], sessions["date"])}
        out["session"] = [names.get(int(i), name) for i, name in zip(out["session_id"], out["session"])]
    if "rec" in out and "number" in out:
        out["rec"] = [t(REC).format(number=int(n)) for n in out["number"]]
    if "why" in out and "stale" in out:
        out["why"] = [_why(overdue, stale, unchanged, t)
                      for overdue, stale, unchanged in zip(out["days_overdue"], out["stale"], out["days_unchanged"])]
    return out


def block_frame(frame: pd.DataFrame, block: Block) -> pd.DataFrame:
    """The rows a block charts (speaking time: only groups with a timed intervention)."""
    if block.frame == "speaking_time" and not frame.empty:
        return frame[frame["timed_interventions"] > 0]
    return frame


@lru_cache(maxsize=None)
def number_locale(language: str) -> Optional[dict[str, Any]]:
    """How `language` writes numbers and percentages, as Vega-Lite's `config.locale.number` (None: as in English)."""
    if language == DEFAULT:
        return None
    locale = Locale.parse(language)
    decimal, group = get_decimal_symbol(locale), get_group_symbol(locale)
    percent = locale.percent_formats[None].pattern.rsplit("0", 1)[-1] or "%"  # "%" or "\xa0%"
    if (decimal, group, percent) == (".", ",", "%"):
        return None
    return {"decimal": decimal, "thousands": group, "grouping": [3], "currency": ["", ""], "percent": percent}


def arrow_spec(chart: alt.Chart, language: str = DEFAULT) -> dict[str, Any]:
    """The chart's Vega-Lite spec (as `charts.to_spec` makes it) with its data as Arrow bytes.

    In a language that writes numbers otherwise ("41,7 %"), the spec says so (`config.locale`):
    the axes and tooltips format shares and counts that way.
    """
    # Altair would turn the frame into a list of dicts and Streamlit that list back into a frame
    # and into Arrow on every draw (vega_charts._marshall_chart_data). Naming the data and
    # converting the frame once skips all three; Streamlit sends bytes as they are.
    frame = chart.data
    if not isinstance(frame, pd.DataFrame):
        raise TypeError("trend charts carry their data as a DataFrame")
    data = dataframe_util.convert_anything_to_arrow_bytes(frame.reset_index(drop=True))
    name = f"data-{hashlib.sha256(data).hexdigest()[:32]}"
    named = chart.copy(deep=False)
    named.data = alt.NamedData(name=name)
    spec = charts.to_spec(named)
    spec["datasets"] = {name: data}
    numbers = number_locale(language)
    if numbers is not None:
        spec.setdefault("config", {})["locale"] = {"number": numbers}
    return spec


def _block_view(frame: pd.DataFrame, block: Block, language: str = DEFAULT) -> BlockView:
    """One block's spec and table; `frame` is already localized (`localize`) for `language`."""
    frame = block_frame(frame, block)
    if frame.empty:
        return BlockView(block, None, None)
    # Altair validates every axis, scale and legend as it is built (~1 ms a chart, a fifth of the
    # work); the chart tests validate the finished specs in full, as `charts.to_spec` notes.
    with debug_mode(False):
        chart = block.draw(frame, t=partial(translate, language=language))
    return BlockView(block, arrow_spec(chart, language), Table(chart_table(frame, block.frame, language)))


def _attention_view(frame: pd.DataFrame, language: str = DEFAULT) -> AttentionView:
    ids = tuple(int(i) for i in frame["recommendation_id"])
    # The picker's value stays the id (Follow-up opens it); what the reader sees is the session and "R3".
    labels = {i: f"{session} · {rec} · {text[:90]}"
              for i, session, rec, text in zip(ids, frame["session"].tolist(), frame["rec"].tolist(),
                                                frame["text"].tolist())}
    return AttentionView(None if frame.empty else Table(chart_table(frame, "attention", language)), ids, labels)


@dataclass(frozen=True, eq=False)
class HeldSessions:
    held: pd.DataFrame  # every held session, oldest first
    options: FilterOptions


@st.cache_resource(ttl=3600, max_entries=8, show_spinner=False)
def series_for(database_url: str, stamp: tuple) -> HeldSessions:
    """The held sessions and what the filters offer: shared by every filter set of a change stamp."""
    with db() as session:
        held = list_held_sessions(session)
        return HeldSessions(held, list_filter_options(session, held))


def options_for(database_url: str, stamp: tuple) -> FilterOptions:
    """What the filters offer (years, sectors, groups, themes that occur)."""
    return series_for(database_url, stamp).options


# Keyed by the database, the filters, a cheap change stamp and the day (the needs-attention list
# counts days): any capture, edit or follow-up update changes the stamp, so a warm view is never stale.
# No spinner of its own: its message would be fixed in English here; the page shows one in the reader's language.
@st.cache_resource(ttl=3600, max_entries=64, show_spinner=False)
def view_for(database_url: str, filters: TrendFilters, stamp: tuple, today: date) -> TrendView:
    """The headline for these filters; each tab's figures follow when it is opened (cached until the stamp moves)."""
    held = series_for(database_url, stamp).held
    with db() as session:
        return TrendView(summarize_overview(session, filters=filters, held=held, today=today))


def clear() -> None:
    """Forget every cached view and the held sessions (what a move of the change stamp does)."""
    view_for.clear()
    series_for.clear()
