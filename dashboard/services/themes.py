"""The Child Online Protection theme taxonomy, and theme suggestions for a note.

Suggestions come from the keywords stored with each theme in the database (loaded from
db/data/cop_themes.csv), so the taxonomy is edited as data, never in code. Notes and keywords
go through the same scikit-learn tokenizer, so "Self-harm", "self harm" and "SELF-HARM" match
alike and a short keyword such as "ai" only matches the whole word.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

from sklearn.feature_extraction.text import CountVectorizer
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Theme


@dataclass(frozen=True)
class ThemeRow:
    code: str
    label: str
    description: Optional[str]
    keywords: tuple[str, ...]


@lru_cache(maxsize=1)
def _tokenize():
    vectorizer = CountVectorizer(lowercase=True)
    return vectorizer.build_preprocessor(), vectorizer.build_tokenizer()


def _tokens(text: str) -> list[str]:
    preprocess, tokenize = _tokenize()
    return tokenize(preprocess(text))


@lru_cache(maxsize=64)
def _keyword_index(themes: tuple[ThemeRow, ...]) -> tuple[tuple[str, frozenset[str]], ...]:
    """Per theme, its keywords as normalised n-grams (cached: the taxonomy rarely changes)."""
    index = []
    for theme in themes:
        grams = {" ".join(_tokens(k)) for k in theme.keywords}
        index.append((theme.code, frozenset(g for g in grams if g)))
    return tuple(index)


def list_themes(session: Session) -> list[ThemeRow]:
    """The taxonomy in its display order."""
    return [ThemeRow(t.code, t.label, t.description, tuple(t.keywords or ()))
            for t in session.scalars(select(Theme).order_by(Theme.position, Theme.id))]


def match_themes(themes: Sequence[ThemeRow], text: str, *, limit: int = 3) -> list[str]:
    """Theme codes whose keywords occur in `text`, most keyword hits first (taxonomy order on ties)."""
    tokens = _tokens(text or "")
    if not tokens:
        return []
    index = _keyword_index(tuple(themes))
    longest = max((g.count(" ") + 1 for _, keywords in index for g in keywords), default=1)
    grams = set(tokens)
    for n in range(2, longest + 1):
        grams.update(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    scored = []
    for position, (code, keywords) in enumerate(index):
        hits = len(keywords & grams)
        if hits:
            scored.append((-hits, position, code))
    return [code for _, _, code in sorted(scored)[:limit]]


def suggest_themes(session: Session, *, text: str, limit: int = 3) -> list[str]:
    """Up to `limit` theme codes suggested for a note, from the taxonomy's keywords."""
    return match_themes(list_themes(session), text, limit=limit)
