"""The six UN languages: message catalogs (gettext .po files read with Babel) and the choice of language.

The messages are split by area of the interface (`locales/<area>/messages.pot`, with `ar.po`,
`zh.po`, `fr.po`, `ru.po`, `es.po` beside it) so each area's catalog stays readable; a language's
catalog is all its areas merged. Every catalog translates the English message ids. Stored codes
never change; only what people read is translated. A message missing from a catalog shows in
English (and a test fails on it). Pure functions: no Streamlit here.
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


def areas() -> list[Path]:
    """The catalog folders, one per area of the interface."""
    return sorted(path.parent for path in LOCALES.glob("*/messages.pot"))


def read_area(folder: Path, language: str) -> dict[str, str]:
    """msgid -> translation in one area's catalog for `language` ({} when it has none)."""
    path = folder / f"{language}.po"
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        parsed = read_po(handle, locale=language)
    return {m.id: m.string for m in parsed if m.id and isinstance(m.id, str) and m.string}


def area_ids(folder: Path) -> tuple[str, ...]:
    """The English messages of one area, from its template."""
    with (folder / "messages.pot").open("rb") as handle:
        return tuple(m.id for m in read_po(handle) if m.id and isinstance(m.id, str))


@lru_cache(maxsize=None)
def catalog(language: str) -> dict[str, str]:
    """msgid -> translation for one language, all areas merged (empty for English and unknown codes)."""
    if language == DEFAULT or language not in LANGUAGES:
        return {}
    merged: dict[str, str] = {}
    for folder in areas():
        merged.update(read_area(folder, language))
    return merged


@lru_cache(maxsize=None)
def message_ids() -> tuple[str, ...]:
    """Every message of ours, from the templates of all areas (each once)."""
    return tuple(dict.fromkeys(m for folder in areas() for m in area_ids(folder)))


def N_(message: str) -> str:
    """Marks a message for the catalogs without translating it (for constants made at import time;
    translate them where they are shown: `_(CONSTANT)`)."""
    return message


def english(message: str) -> str:
    """No translation: the English message as it is (the default `translate` of services and charts)."""
    return message


# How a language lists names: "A, B", "A and B", "A or B" (a pair each, folded for longer lists).
LIST_PAIR = N_("{first}, {second}")
AND_PAIR = N_("{first} and {second}")
OR_PAIR = N_("{first} or {second}")


def folded(names: list[str], pair: str, translate=english, *, last_pair: Optional[str] = None) -> str:
    """Names joined by folding `pair` ('A, B, C'), the last two by `last_pair` when given ('A, B or C')."""
    if not names:
        return ""
    head = names[0]
    for index, name in enumerate(names[1:], start=1):
        pattern = last_pair if last_pair and index == len(names) - 1 else pair
        head = translate(pattern).format(first=head, second=name)
    return head


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
