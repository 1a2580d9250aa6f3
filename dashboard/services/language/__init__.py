"""The six UN languages of the dialogue: detection, checking a code, folding, stop words.

Shared by live capture (each intervention stores its language), key points and theme
suggestions. Stop words are data: one file per language in stopwords/.
"""
from __future__ import annotations

from typing import Optional

from db.codes import LANGUAGES

from dashboard.services.errors import ValidationError
from dashboard.services.language.detect import detect_language
from dashboard.services.language.text import fold, stop_words, stop_words_for

__all__ = ["LANGUAGES", "check_language", "detect_language", "fold", "stop_words", "stop_words_for"]


def check_language(code: Optional[str]) -> Optional[str]:
    """A language code as stored ("FR " -> "fr"), None for none given, or ValidationError."""
    if code is None:
        return None
    cleaned = code.strip().lower()
    if not cleaned:
        return None
    if cleaned not in LANGUAGES:
        names = ", ".join(f"{c} ({name})" for c, name in LANGUAGES.items())
        raise ValidationError("Unknown language “{code}”: use one of {names}.", code=code.strip(), names=names)
    return cleaned
