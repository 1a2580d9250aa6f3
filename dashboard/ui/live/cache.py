"""The live view of a session, computed once per change and shared by every viewer.

A refresh reads the session's ``data_version`` (one indexed select); the summary, key points
and clock state are computed only when that stamp moved, once for all browsers of this server
process (``st.cache_resource``: concurrent misses wait for one computation). The cached
objects are frozen dataclasses and DataFrames that no caller mutates.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional, Union

import pandas as pd
import streamlit as st
from streamlit import dataframe_util

from dashboard.charts import live as charts_live
from dashboard.i18n import N_, translate as translate_to
from dashboard.services.live.key_points import KeyPointRow, list_key_points
from dashboard.services.live.clock import ClockState, get_clock
from dashboard.services.live.summary import LiveSummary, get_data_version, summarize_live
from dashboard.push.board import BOARD
from dashboard.runtime import db, get_settings
from dashboard.ui import language


WHOLE_SESSION = "whole"


@dataclass(frozen=True, eq=False)
class LiveView:
    version: int  # the change stamp this view was computed for (its cache key)
    summary: LiveSummary
    key_points: tuple[KeyPointRow, ...]
    clock: ClockState


@st.cache_resource(max_entries=64, show_spinner=False)
def _compute(database_url: str, session_id: int, data_version: int) -> LiveView:
    # database_url and data_version are the cache key: a new stamp means new data.
    with db() as session:
        return LiveView(
            version=data_version,
            summary=summarize_live(session, session_id=session_id),
            key_points=tuple(list_key_points(session, session_id=session_id)),
            clock=get_clock(session, session_id=session_id),
        )


def live_view(session_id: int, *, read_only: bool = False) -> LiveView:
    """The session's live view, recomputed only when its data changed.

    `read_only` pages (presenter, participants: nothing on them writes) take the change stamp from
    the change watcher when it read it within the last second, instead of asking the database; a
    change newer than that reaches them through their change follower a moment later. Pages with
    controls always read it from the database, so a moderator's own click shows at once.
    """
    url = get_settings().database_url
    version = BOARD.recent_stamp(url, session_id) if read_only else None
    if version is None:
        with db() as session:
            version = get_data_version(session, session_id=session_id)
    return _compute(url, session_id, version)


def _frame(view: LiveView, question: Union[int, None, str]):
    if question == WHOLE_SESSION:
        return view.summary.by_group(whole_session=True)
    return view.summary.by_group(question)


@st.cache_resource(max_entries=512, show_spinner=False)
def _spec(database_url: str, session_id: int, version: int, name: str, question: Union[int, None, str], big: bool,
          lang: str, _view: LiveView) -> dict[str, Any]:
    # Building and validating a chart costs tens of milliseconds (the question x group grid
    # about 200 ms): done once per change stamp and language, not once per viewer per refresh.
    def tr(message: str) -> str:
        return translate_to(message, lang)

    if name == "voices":
        chart = charts_live.voices_chart(_frame(_view, question), big=big, translate=tr)
    elif name == "speaking":
        chart = charts_live.speaking_time_chart(_frame(_view, question), big=big, translate=tr)
    elif name == "themes":
        chart = charts_live.themes_chart(_view.summary.themes, big=big, limit=6 if big else 10, translate=tr)
    elif name == "grid":
        labels: dict[Optional[int], str] = {q.id: q.label_in(tr) for q in _view.summary.questions}
        if _view.summary.counts["question_id"].isna().any():
            labels[None] = tr(N_("General"))
        chart = charts_live.balance_grid(_view.summary.counts, labels, big=big, translate=tr)
    else:
        raise ValueError(f"unknown live chart {name!r}")
    # The chart builders are validated by their tests; here the spec only has to be produced.
    spec = chart.to_dict(validate=False)
    # Streamlit turns each inline dataset into Arrow on every draw unless it already is Arrow
    # (vega_charts._marshall_chart_data): convert once per change here, not once per viewer.
    spec["datasets"] = {name: dataframe_util.convert_anything_to_arrow_bytes(pd.DataFrame(values))
                        for name, values in spec.get("datasets", {}).items()}
    return spec


def show_chart(view: LiveView, name: str, question: Union[int, None, str] = WHOLE_SESSION, *,
               big: bool = False) -> None:
    """Draw one of the live charts from its shared, once-per-change spec."""
    spec = _spec(get_settings().database_url, view.summary.session_id, view.version, name, question, big,
                 language.current(), view)
    st.vega_lite_chart(spec=spec, width="stretch", theme=None if big else "streamlit")
