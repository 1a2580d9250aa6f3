"""Text helpers shared by language detection, key points and theme matching.

Notes are compared after `fold`: lower case, no diacritics (so "modération" and "moderation",
"ё" and "е", vowelled and plain Arabic meet), one spelling of the Arabic letters that vary in
typing (أ إ آ → ا, ى → ي, ة → ه, no tatweel). Chinese has no spaces between words, so a run of
Han characters stays one token here; callers cut it into characters or substrings themselves.
Arabic attaches the article and one-letter particles to the word ("وللأطفال" = "and for the
children"): `arabic_forms` gives the word with and without them.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Optional

from db.codes import LANGUAGES

STOPWORDS_DIR = Path(__file__).resolve().parent / "stopwords"
LATIN_LANGUAGES = ("en", "fr", "es")

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_RUN = re.compile(f"[{_HAN}]+")
# A Han run, or a word of any other script of two characters or more (scikit-learn's default
# tokenizer also drops one-letter tokens, so English keeps its old behaviour).
_TOKEN = re.compile(rf"[{_HAN}]+|(?:(?![{_HAN}])\w){{2,}}")
_ARABIC_LETTERS = str.maketrans({"\u0640": None, "\u0649": "\u064a", "\u0629": "\u0647"})

# Arabic: the article, and the one-letter particles that may come before it.
_ARTICLE = "\u0627\u0644"  # ال
_CONJUNCTIONS = ("", "\u0648", "\u0641")  # و ف
_PREPOSITIONS = ("", "\u0628", "\u0643", "\u0644")  # ب ك ل
_LAM = "\u0644"


def fold(text: str) -> str:
    """`text` as matching compares it: case, diacritics and Arabic letter variants folded."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    if text.isascii():
        return text
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).translate(_ARABIC_LETTERS)


def tokens(folded: str) -> list[str]:
    """Words (two characters or more) and Han runs of an already folded text, in order."""
    return _TOKEN.findall(folded)


def is_han(token: str) -> bool:
    """True for a token that is a run of Han characters."""
    return bool(token) and HAN_RUN.fullmatch(token) is not None


def without_article(word: str) -> str:
    """An Arabic word without its article (and any particles before it); other words unchanged."""
    for conjunction in _CONJUNCTIONS:
        for preposition in _PREPOSITIONS:
            prefix = conjunction + preposition
            if preposition == _LAM and word.startswith(prefix + _LAM):  # لل = ل + ال
                rest = word[len(prefix) + 1:]
            elif word.startswith(prefix + _ARTICLE):
                rest = word[len(prefix) + 2:]
            else:
                continue
            if len(rest) >= 2:
                return rest
    return word


@lru_cache(maxsize=50_000)
def arabic_forms(word: str) -> tuple[str, ...]:
    """The word, and the word without its attached particles and article (for matching)."""
    forms = [word]
    bare = without_article(word)
    if bare != word:
        forms.append(bare)
    for conjunction in _CONJUNCTIONS:
        for preposition in _PREPOSITIONS:
            prefix = conjunction + preposition
            # A particle is only split off a word of three letters or more (Arabic roots have
            # three): "بلد" stays "بلد", never "لد".
            if prefix and word.startswith(prefix) and len(word) - len(prefix) >= 3:
                forms.append(word[len(prefix):])
    return tuple(dict.fromkeys(forms))


def is_arabic(word: str) -> bool:
    """True when the word starts with an Arabic letter."""
    return bool(word) and "\u0600" <= word[0] <= "\u06ff"


@lru_cache(maxsize=None)
def stop_words(language: str) -> frozenset[str]:
    """The folded stop words of one language (from stopwords/<code>.txt)."""
    if language not in LANGUAGES:
        raise KeyError(f"no stop words for {language!r}")
    words: set[str] = set()
    for line in (STOPWORDS_DIR / f"{language}.txt").read_text(encoding="utf-8").splitlines():
        word = line.strip()
        if not word or word.startswith("#"):
            continue
        folded = fold(word)
        words.add(folded)
        if language == "ar":
            words.add(without_article(folded))
    return frozenset(words)


@lru_cache(maxsize=None)
def stop_words_for(language: Optional[str]) -> frozenset[str]:
    """Stop words to drop from a note in `language` (None: unknown).

    Arabic, Chinese and Russian words cannot be mistaken for words of another of the six
    languages, so their lists always apply. Of the Latin-script lists, a note's own applies;
    Latin words in an Arabic, Chinese or Russian note are mostly English terms ("AI", "safety
    by design"), so English applies there; an unknown language gets all three.
    """
    other_scripts = stop_words("ar") | stop_words("zh") | stop_words("ru")
    if language in LATIN_LANGUAGES:
        latin = stop_words(language)
    elif language is None:
        latin = frozenset().union(*(stop_words(code) for code in LATIN_LANGUAGES))
    else:
        latin = stop_words("en")
    return other_scripts | latin
