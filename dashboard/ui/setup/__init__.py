"""Widgets of Prepare: the session form, question import and editing, participants."""
from __future__ import annotations

from dashboard.importers.errors import Notice, Notices
from dashboard.ui.language import _


def said(message: str) -> str:
    """An importer's or a setup service's note in the reader's language (a plain string is shown as it is)."""
    return message.render(_) if isinstance(message, (Notice, Notices)) else message
