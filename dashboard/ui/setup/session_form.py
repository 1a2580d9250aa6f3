"""The session form (create and edit): title, series, sector, Geneva date and time, format, languages.

Its widgets are keyed by the action area and the record they edit, so the submit callback reads
exactly what was typed into this form, and a renewed key set shows the defaults again.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import time
from typing import Optional, Sequence

import streamlit as st

from db.codes import SECTORS, SESSION_FORMATS
from dashboard.services.setup.sessions import LANGUAGES, SessionInput, SessionListRow
from dashboard.timefmt import combine_local, to_local
from dashboard.ui import actions
from dashboard.ui.language import _, label

DEFAULT_START = time(14, 0)
_NO_COPY = 0


def session_form(area: str, record: object, initial: SessionInput, *, submit_label: str,
                 on_submit: Callable[[], None], past: Optional[Sequence[SessionListRow]] = None) -> None:
    """Draw the form; submitting runs `on_submit`, which reads the values with `form_values`."""
    local = to_local(initial.scheduled_start) if initial.scheduled_start else None

    def k(name: str) -> str:
        return actions.key(area, name, record)

    with st.form(k("form"), clear_on_submit=False):
        st.text_input(_("Title"), value=initial.title, max_chars=300, key=k("title"),
                      placeholder=_("e.g. Gaming and online safety"))
        number_col, sector_col, other_col = st.columns([1, 2, 2])
        number_col.number_input(_("Series number"), min_value=1, max_value=9999, step=1, key=k("series_number"),
                                value=initial.series_number)
        sector_col.selectbox(_("Sector focus"), list(SECTORS), index=list(SECTORS).index(initial.sector_focus)
                             if initial.sector_focus in SECTORS else 0, format_func=lambda code: label(SECTORS, code),
                             key=k("sector"))
        other_col.text_input(_("Other sector (when “Other”)"), value=initial.sector_other or "", max_chars=200,
                             key=k("sector_other"))
        day_col, time_col, duration_col = st.columns(3)
        day_col.date_input(_("Date (Geneva)"), value=local.date() if local else None, format="DD/MM/YYYY",
                           key=k("day"))
        time_col.time_input(_("Start time (CET/CEST)"), value=local.time() if local else DEFAULT_START, step=900,
                            key=k("start"))
        duration_col.number_input(_("Duration (minutes)"), min_value=15, max_value=600, step=15,
                                  value=initial.duration_minutes, key=k("duration"))
        format_col, language_col = st.columns([1, 2])
        format_col.radio(_("Format"), list(SESSION_FORMATS), format_func=lambda code: label(SESSION_FORMATS, code),
                         index=list(SESSION_FORMATS).index(initial.format) if initial.format in SESSION_FORMATS else 0,
                         horizontal=True, key=k("format"))
        language_col.multiselect(_("Interpretation languages"), list(LANGUAGES),
                                 format_func=lambda code: label(LANGUAGES, code),
                                 default=[c for c in initial.interpretation_languages if c in LANGUAGES],
                                 key=k("languages"), placeholder=_("Choose…"))
        st.toggle(_("Chatham House mode"), value=initial.chatham_house, key=k("chatham"),
                  help=_("Anything published attributes views to stakeholder groups only, never to a "
                         "person or organization."))
        st.text_area(_("Overview (optional)"), value=initial.overview or "", height=90, key=k("overview"))
        st.text_input(_("ITU document reference (optional)"), value=initial.document_reference or "", max_chars=100,
                      key=k("document_reference"), placeholder=_("e.g. CWG-COP/24/INF/3"),
                      help=_("Printed on the report's title block once ITU has assigned the document a symbol."))
        if past is not None:
            options = [_NO_COPY, *(row.id for row in past if row.questions)]
            labels = {row.id: _("{session} ({count} questions)").format(
                session=f"{'#' + str(row.series_number) + ' ' if row.series_number else ''}{row.title}",
                count=row.questions) for row in past}
            labels[_NO_COPY] = _("Start empty")
            st.selectbox(_("Start from a past session's structure"), options, format_func=labels.get,
                         key=k("copy_from"),
                         help=_("Copies its Parts, Objectives, questions and agenda (not its participants "
                                "or interventions); you can change everything afterwards."))
        st.form_submit_button(submit_label, type="primary", on_click=on_submit)


def form_values(area: str, record: object) -> tuple[SessionInput, Optional[int]]:
    """What the form of (`area`, `record`) holds: the values, and the session to copy the structure from or None."""
    def v(name: str, default=None):
        return actions.value(area, name, record, default=default)

    day, start, number = v("day"), v("start") or DEFAULT_START, v("series_number")
    data = SessionInput(
        title=v("title", ""), series_number=int(number) if number else None, sector_focus=v("sector", "other"),
        sector_other=v("sector_other", ""), scheduled_start=combine_local(day, start) if day else None,
        duration_minutes=int(v("duration", 120)), format=v("format", "online"),
        interpretation_languages=tuple(v("languages", ())), chatham_house=bool(v("chatham", True)),
        overview=v("overview", ""), document_reference=v("document_reference", ""),
    )
    return data, (v("copy_from") or None)
