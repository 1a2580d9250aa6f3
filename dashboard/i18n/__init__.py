"""The six UN languages: message catalogs (gettext .po files read with Babel) and the choice of language.

Every catalog translates the English message ids of `locales/messages.pot`. Stored codes never
change; only what people read is translated. A message missing from a catalog shows in English
(and a test fails on it). Pure functions: no Streamlit here.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Optional

from babel.messages.pofile import read_po

LOCALES = Path(__file__).resolve().parent / "locales"
# The six official UN languages, each named in itself (what a reader looks for in a picker).
LANGUAGES: dict[str, str] = {
    "ar": "العربية",
    "zh": "中文",
    "en": "English",
    "fr": "Français",
    "ru": "Русский",
    "es": "Español",
}
DEFAULT = "en"
RTL = frozenset({"ar"})
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


@lru_cache(maxsize=None)
def catalog(language: str) -> dict[str, str]:
    """msgid -> translation for one language (empty for English and for unknown codes)."""
    path = LOCALES / f"{language}.po"
    if language == DEFAULT or not path.exists():
        return {}
    with path.open("rb") as handle:
        parsed = read_po(handle, locale=language)
    return {m.id: m.string for m in parsed if m.id and isinstance(m.id, str) and m.string}


@lru_cache(maxsize=None)
def message_ids() -> tuple[str, ...]:
    """Every message of ours, from the template."""
    with (LOCALES / "messages.pot").open("rb") as handle:
        return tuple(m.id for m in read_po(handle) if m.id and isinstance(m.id, str))


def translate(message: str, language: Optional[str]) -> str:
    """`message` in `language`; the English message when there is no translation."""
    return catalog(language or DEFAULT).get(message, message) if language != DEFAULT else message


def from_locale(locale: Optional[str]) -> Optional[str]:
    """'fr-CH' -> 'fr', 'zh-Hans-CN' -> 'zh'; None when the locale is not one of the six."""
    if not locale:
        return None
    code = locale.replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else None


def is_rtl(language: Optional[str]) -> bool:
    return language in RTL
