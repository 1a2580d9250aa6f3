"""The Child Online Protection theme taxonomy, and theme suggestions for a note.

Suggestions come from the keywords stored with each theme in the database (loaded from
db/data/cop_themes.csv and cop_theme_keywords.csv), so the taxonomy is edited as data, never
in code. A note is matched against the keywords of its language (given, or detected; every
language when it cannot be told), and an Arabic, Chinese or Russian note also against the
English ones: its Latin words are mostly English terms ("AI", "CSAM", "GDPR").

Notes and keywords are folded alike, so "Self-harm", "self harm" and "SELF-HARM" match alike,
as do "modération" and "moderation". In the alphabetic languages a keyword matches whole words
only, so a short keyword such as "ai" never matches inside "paint"; a keyword word ending in "*"
also matches longer forms of that word, and an Arabic word is also tried without its article
and attached particles ("وللأطفال" matches "أطفال"). Chinese is written without spaces, so a
Chinese keyword matches anywhere in the note.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.codes import LANGUAGES
from db.models import Theme

from dashboard.services.language import detect_language, fold
from dashboard.services.language.text import arabic_forms, is_arabic, is_han, tokens, without_article

# Languages whose Latin-script words are mostly English terms.
_WITH_ENGLISH = ("ar", "zh", "ru")
_KEYWORD_WORD = re.compile(r"(\w+)(\*?)")
_SPACES = re.compile(r"\s+")

Pattern = tuple[tuple[str, bool], ...]  # the keyword's words, each with "matches longer forms"


@dataclass(frozen=True)
class ThemeRow:
    code: str
    label: str
    description: Optional[str]
    keywords: tuple[str, ...]  # English
    keywords_by_language: tuple[tuple[str, tuple[str, ...]], ...] = ()  # the other languages

    def keywords_in(self, language: str) -> tuple[str, ...]:
        """This theme's keywords in one language."""
        if language == "en":
            return self.keywords
        return dict(self.keywords_by_language).get(language, ())


@dataclass(frozen=True)
class _Index:
    """One language's keywords, ready to match: (theme position, keyword number, pattern)."""

    substrings: tuple[tuple[int, int, str], ...]  # Chinese
    by_first_word: dict[str, tuple[tuple[int, int, Pattern], ...]]
    by_first_stem: tuple[tuple[str, int, int, Pattern], ...]


def _pattern(keyword: str, language: str) -> Pattern:
    words = []
    for word, star in _KEYWORD_WORD.findall(fold(keyword)):
        if len(word) < 2:  # one-letter words are not tokens of the note either ("l'âge" -> "age")
            continue
        words.append((without_article(word) if language == "ar" else word, bool(star)))
    return tuple(words)


@lru_cache(maxsize=64)
def _keyword_index(themes: tuple[ThemeRow, ...], language: str) -> _Index:
    """One language's keywords of the taxonomy (cached: the taxonomy rarely changes)."""
    substrings, exact, stems = [], {}, []
    for position, theme in enumerate(themes):
        for number, keyword in enumerate(theme.keywords_in(language)):
            if language == "zh":
                folded = _SPACES.sub("", fold(keyword))
                if folded:
                    substrings.append((position, number, folded))
                continue
            pattern = _pattern(keyword, language)
            if not pattern:
                continue
            first, prefix = pattern[0]
            if prefix:
                stems.append((first, position, number, pattern))
            else:
                exact.setdefault(first, []).append((position, number, pattern))
    return _Index(tuple(substrings), {w: tuple(v) for w, v in exact.items()}, tuple(stems))


def _word_matches(word: str, prefix: bool, forms: tuple[str, ...]) -> bool:
    return any(form == word or (prefix and form.startswith(word)) for form in forms)


def _hits(index: _Index, folded: str, words: list[tuple[str, ...]]) -> set[tuple[int, int]]:
    """(theme position, keyword number) of every keyword of `index` found in the note."""
    found = set()
    if index.substrings:
        compact = _SPACES.sub("", folded)
        found.update((position, number) for position, number, sub in index.substrings if sub in compact)
    for i, forms in enumerate(words):
        candidates = [c for form in forms for c in index.by_first_word.get(form, ())]
        candidates += [(position, number, pattern) for stem, position, number, pattern in index.by_first_stem
                       if any(form.startswith(stem) for form in forms)]
        for position, number, pattern in candidates:
            if i + len(pattern) <= len(words) and all(
                    _word_matches(word, prefix, words[i + j]) for j, (word, prefix) in enumerate(pattern)):
                found.add((position, number))
    return found


def _note_languages(text: str, language: Optional[str] = None) -> tuple[str, ...]:
    """Whose keywords a note is matched with: its language's (plus English, see above), or all."""
    if language not in LANGUAGES:
        language = detect_language(text)
    if language is None:
        return tuple(LANGUAGES)
    return (language, "en") if language in _WITH_ENGLISH else (language,)


def _by_language(stored: Optional[dict]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    stored = stored or {}
    return tuple((code, tuple(stored[code])) for code in LANGUAGES if stored.get(code))


def list_themes(session: Session) -> list[ThemeRow]:
    """The taxonomy in its display order."""
    return [ThemeRow(t.code, t.label, t.description, tuple(t.keywords or ()), _by_language(t.keywords_by_language))
            for t in session.scalars(select(Theme).order_by(Theme.position, Theme.id))]


def match_themes(themes: Sequence[ThemeRow], text: str, *, limit: int = 3,
                 language: Optional[str] = None) -> list[str]:
    """Theme codes whose keywords occur in `text`, most keyword hits first (taxonomy order on ties).

    `language` is the note's language when known; without it, it is detected.
    """
    folded = fold(text or "")
    if limit <= 0 or not folded.strip():
        return []
    words = [arabic_forms(w) if is_arabic(w) else (w,) for w in tokens(folded) if not is_han(w)]
    taxonomy = tuple(themes)
    hits: set[tuple[str, int, int]] = set()
    for code in _note_languages(text, language):
        hits.update((code, position, number) for position, number in _hits(_keyword_index(taxonomy, code),
                                                                           folded, words))
    counts: dict[int, int] = {}
    for _, position, _ in hits:
        counts[position] = counts.get(position, 0) + 1
    ranked = sorted(counts, key=lambda position: (-counts[position], position))
    return [taxonomy[position].code for position in ranked[:limit]]


def suggest_themes(session: Session, *, text: str, limit: int = 3, language: Optional[str] = None) -> list[str]:
    """Up to `limit` theme codes suggested for a note, from the taxonomy's keywords."""
    return match_themes(list_themes(session), text, limit=limit, language=language)
