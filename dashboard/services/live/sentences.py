"""Sentences of a note and the terms that rank them, in any of the six UN languages.

A sentence ends at . ! ? … followed by a space (Latin and Cyrillic scripts, Arabic too), at
the Chinese marks 。！？； and the Arabic ؟ ؛ whether or not a space follows, and at a line
break. It is a key-point candidate from four words on; Chinese is written without spaces, so
there two characters count as one word (eight characters at least).

Ranking terms: words without the stop words of the note's language (Arabic also without its
article and attached particles); a Chinese run is cut at its stop words and each remaining
piece gives its character pairs, the usual stand-in for word segmentation.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from dashboard.services.language.text import (
    HAN_RUN, arabic_forms, fold, is_arabic, is_han, stop_words, stop_words_for, tokens, without_article,
)

MIN_WORDS = 4
HAN_CHARS_PER_WORD = 2
MAX_CHARS = 400
# Chinese and Arabic marks end a sentence with or without a space; closing quotes stay with it.
_MARK_END = re.compile(r"([。！？；．｡؟؛][”’」』）》\"')]*)\s*")
# French and Russian quotes: « Il faut agir. » stays one sentence.
_GUILLEMET_END = re.compile(r"([.!?…]\s*»)\s+")
# The rule of the English-only version, kept as it was (stored key-point decisions are keyed by
# the sentences it gives): an end mark, closing quotes, a space; or a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+(?![\s»])|\s*\n+\s*")


def _word_count(sentence: str) -> float:
    if not HAN_RUN.search(sentence):
        return len(sentence.split())
    han = sum(len(run) for run in HAN_RUN.findall(sentence))
    rest = [w for w in HAN_RUN.sub(" ", sentence).split() if any(c.isalnum() for c in w)]
    return len(rest) + han / HAN_CHARS_PER_WORD


def _shorten(sentence: str) -> str:
    cut = sentence[:MAX_CHARS]
    if not HAN_RUN.search(cut):
        return cut.rsplit(" ", 1)[0] + " …"
    # Chinese has no spaces: cut at the limit, or at a space close to it.
    head, space, _ = cut.rpartition(" ")
    return head + " …" if space and len(head) >= MAX_CHARS * 0.75 else cut + "…"


def split_sentences(text: str) -> list[str]:
    """Candidate sentences of a note: long enough to say something, short enough to show."""
    found = []
    marked = _GUILLEMET_END.sub("\\1\n", _MARK_END.sub("\\1\n", text or ""))
    for raw in _SENTENCE_END.split(marked):
        sentence = " ".join(raw.split())
        if not sentence or _word_count(sentence) < MIN_WORDS:
            continue
        if len(sentence) > MAX_CHARS:
            sentence = _shorten(sentence)
        found.append(sentence)
    return found


@lru_cache(maxsize=1)
def _chinese_stop_words() -> tuple[frozenset[str], int]:
    words = stop_words("zh")
    return words, max(len(w) for w in words)


def _han_terms(run: str) -> list[str]:
    """Character pairs of a Han run, cut at its stop words (longest match first)."""
    words, longest = _chinese_stop_words()
    pieces, current, i = [], [], 0
    while i < len(run):
        for size in range(min(longest, len(run) - i), 0, -1):
            if run[i:i + size] in words:
                pieces.append("".join(current))
                current, i = [], i + size
                break
        else:
            current.append(run[i])
            i += 1
    pieces.append("".join(current))
    terms = []
    for piece in pieces:
        if len(piece) == 1:
            terms.append(piece)
        terms.extend(piece[j:j + 2] for j in range(len(piece) - 1))
    return terms


@lru_cache(maxsize=20_000)
def ranking_terms(sentence: str, language: Optional[str]) -> tuple[str, ...]:
    """The terms of a sentence that TF-IDF compares, for a note in `language` (None: unknown)."""
    stop = stop_words_for(language)
    terms: list[str] = []
    for token in tokens(fold(sentence)):
        if is_han(token):
            terms.extend(_han_terms(token))
        elif is_arabic(token):
            if not any(form in stop for form in arabic_forms(token)):
                terms.append(without_article(token))
        elif token not in stop:
            terms.append(token)
    return tuple(terms)
