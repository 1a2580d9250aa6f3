"""The session form (create and edit): title, series, sector, Geneva date and time, format, languages."""
from __future__ import annotations

from datetime import time
from typing import Optional, Sequence

import streamlit as st

from db.codes import SECTORS, SESSION_FORMATS
from dashboard.services.setup.sessions import LANGUAGES, SessionInput, SessionListRow
from dashboard.timefmt import combine_local, to_local

DEFAULT_START = time(14, 0)
_NO_COPY = 0


def session_form(key: str, initial: SessionInput, *, submit_label: str,
                 past: Optional[Sequence[SessionListRow]] = None) -> Optional[tuple[SessionInput, Optional[int]]]:
    """Draw the form; on submit return (the values, the session to copy the structure from or None)."""
    local = to_local(initial.scheduled_start) if initial.scheduled_start else None
    with st.form(key, clear_on_submit=False):
        title = st.text_input("Title", value=initial.title, max_chars=300,
                              placeholder="e.g. Gaming and online safety")
        number_col, sector_col, other_col = st.columns([1, 2, 2])
        series_number = number_col.number_input("Series number", min_value=1, max_value=9999, step=1,
                                                value=initial.series_number)
        sector = sector_col.selectbox("Sector focus", list(SECTORS), index=list(SECTORS).index(initial.sector_focus)
                                      if initial.sector_focus in SECTORS else 0, format_func=SECTORS.get)
        sector_other = other_col.text_input("Other sector (when “Other”)", value=initial.sector_other or "",
                                            max_chars=200)
        day_col, time_col, duration_col = st.columns(3)
        day = day_col.date_input("Date (Geneva)", value=local.date() if local else None, format="DD/MM/YYYY")
        start = time_col.time_input("Start time (CET/CEST)", value=local.time() if local else DEFAULT_START,
                                    step=900)
        duration = duration_col.number_input("Duration (minutes)", min_value=15, max_value=600, step=15,
                                             value=initial.duration_minutes)
        format_col, language_col = st.columns([1, 2])
        session_format = format_col.radio("Format", list(SESSION_FORMATS), format_func=SESSION_FORMATS.get,
                                          index=list(SESSION_FORMATS).index(initial.format)
                                          if initial.format in SESSION_FORMATS else 0, horizontal=True)
        languages = language_col.multiselect("Interpretation languages", list(LANGUAGES), format_func=LANGUAGES.get,
                                             default=[c for c in initial.interpretation_languages if c in LANGUAGES])
        chatham = st.toggle("Chatham House mode", value=initial.chatham_house,
                            help="Anything published attributes views to stakeholder groups only, never to a "
                                 "person or organization.")
        overview = st.text_area("Overview (optional)", value=initial.overview or "", height=90)
        copy_from: Optional[int] = None
        if past is not None:
            options = [_NO_COPY, *(row.id for row in past if row.questions)]
            labels = {row.id: f"{'#' + str(row.series_number) + ' ' if row.series_number else ''}{row.title} "
                              f"({row.questions} questions)" for row in past}
            labels[_NO_COPY] = "Start empty"
            copy_from = st.selectbox("Start from a past session's structure", options, format_func=labels.get,
                                     help="Copies its Parts, Objectives, questions and agenda (not its participants "
                                          "or interventions); you can change everything afterwards.")
        if not st.form_submit_button(submit_label, type="primary"):
            return None
    data = SessionInput(
        title=title, series_number=int(series_number) if series_number else None, sector_focus=sector,
        sector_other=sector_other, scheduled_start=combine_local(day, start) if day else None,
        duration_minutes=int(duration), format=session_format, interpretation_languages=tuple(languages),
        chatham_house=chatham, overview=overview,
    )
    return data, (copy_from or None)
