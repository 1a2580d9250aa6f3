"""The reader's language for this browser session, and `_()` to translate our words into it.

Kept outside dashboard/ui so the login gate (dashboard/auth.py) can translate its messages too;
the picker that sets the language lives in dashboard/ui/language.py.
"""
from __future__ import annotations

import streamlit as st

from dashboard.i18n import DEFAULT, LANGUAGES, from_locale, translate

KEY = "dd_language"  # the language chosen in this browser session


def current() -> str:
    """The language to show: this browser session's choice, else the browser's locale, else English."""
    chosen = st.session_state.get(KEY)
    if chosen in LANGUAGES:
        return chosen
    return from_locale(getattr(st.context, "locale", None)) or DEFAULT


def _(message: str) -> str:
    """Our own text in the current language."""
    return translate(message, current())
