"""The interface language: chosen in the sidebar, remembered on the account, else the browser's.

`_()` translates our own text through the catalogs in dashboard/i18n; user text never goes
through it. With Arabic chosen, our content area reads right-to-left; Streamlit's own chrome
(sidebar navigation, widgets' inner parts) stays as Streamlit draws it.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

import streamlit as st
from babel.numbers import format_decimal, format_percent

from db.codes import label as code_label

from dashboard import timefmt
from dashboard.i18n import DEFAULT, LANGUAGES, is_rtl
from dashboard.interface_language import KEY, _, current
from dashboard.services.admin import users as users_service
from dashboard.ui import actions

PICKER = "dd_language_pick"
AREA = "language"
# Static CSS, no user text: the main content area right-to-left (Arabic). Charts and data grids are
# drawn on a canvas that lays its own text out: inheriting right-to-left there pulls each axis label
# on top of its bar, so they keep left-to-right (their Arabic labels still read right to left).
RTL_CSS = ('<style>[data-testid="stMainBlockContainer"] {direction: rtl; text-align: right;}'
           '[data-testid="stMainBlockContainer"] :is([data-testid="stCode"], [data-testid="stVegaLiteChart"],'
           ' [data-testid="stArrowVegaLiteChart"], [data-testid="stDataFrame"], .vega-embed)'
           ' {direction: ltr; text-align: left;}</style>')


def label(codes: dict[str, str], code: Optional[str]) -> str:
    """A stored code's label (db.codes) in the current language."""
    return _(code_label(codes, code)) if code else ""


def when(value: Optional[datetime], *, with_time: bool = True) -> str:
    """A stored datetime as a date (and Geneva time) in the current language."""
    return timefmt.format_when(value, with_time=with_time, language=current())


def day(value: Optional[date]) -> str:
    """A calendar date in the current language."""
    return timefmt.format_day(value, current())


def clock(value: Optional[datetime]) -> str:
    """The Geneva time of day, with its zone ('14:05 CET')."""
    return timefmt.format_clock(value, language=current())


def number(value: float) -> str:
    """A number with the current language's grouping and decimal mark."""
    return format_decimal(value, locale=current())


def percent(value: float) -> str:
    """A share (0.42) as the current language writes a percentage ('42 %' in French)."""
    return format_percent(value, locale=current())


def adopt(preferred: Optional[str]) -> None:
    """After a login: the account's remembered language, unless this browser session already chose one."""
    if preferred in LANGUAGES and preferred != DEFAULT and KEY not in st.session_state:
        st.session_state[KEY] = preferred


def picker(user=None) -> None:
    """The language picker in the sidebar; a logged-in account remembers the choice."""
    language = current()
    st.session_state[PICKER] = language

    def chosen() -> None:
        picked = st.session_state.get(PICKER)
        st.session_state[KEY] = picked
        if user is not None and not getattr(user, "is_guest", False):
            actions.run(AREA, lambda session, me: users_service.set_preferred_language(session, me.id, picked),
                        roles=tuple(user.roles))

    st.sidebar.selectbox(f"{_('Language')} · Language", list(LANGUAGES), key=PICKER, format_func=LANGUAGES.get,
                         on_change=chosen)


def direction_css() -> None:
    """Right-to-left content for Arabic (call once per run, after the navigation)."""
    if is_rtl(current()):
        st.html(RTL_CSS)
