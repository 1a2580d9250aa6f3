"""Which of the six UN languages a note is written in, or None when the text cannot say.

No detection library, on purpose. Among Arabic, Chinese, English, French, Russian and Spanish,
the script alone decides three: Arabic letters are Arabic, Han characters Chinese, Cyrillic
Russian. English, French and Spanish share the Latin alphabet, and what tells them apart in a
note is their function words ("the", "les", "los"), elisions (l'âge, d'abord) and a few letters
(ñ, ¿, ç): the same stop-word lists that key points use already hold those words. A statistical
identifier (py3langid, lingua, fastText) would add a model of several megabytes (one of them a
download at run time, which this deployment cannot make) to tell apart ~100 languages nobody
here speaks, and it always answers: given "Merci beaucoup" or "age verification" it returns a
confident guess. Here a note too short or too mixed to tell gets None (unknown), never a wrong
guess, and callers treat None as "any language".
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Optional

from dashboard.services.language.text import LATIN_LANGUAGES, fold, stop_words

# Enough of a long note to tell its language; detection stays fast on 100,000-character notes.
_SAMPLE_CHARS = 4000
# One Han character carries about as much as three Latin letters (a word is ~1.7 characters).
_HAN_WEIGHT = 3
# The main script must hold this share of the letters, or the note is too mixed to tell.
_DOMINANT_SHARE = 0.6
# Script alone names the language from three words on ("Да, согласен" stays unknown); Chinese
# words are about two characters long.
_MIN_WORDS = 3
_MIN_HAN_CHARS = 6
_MIN_LETTERS = 8
# English, French and Spanish need more text: their evidence is function words.
_MIN_LATIN_WORDS = 4
_MIN_LATIN_SCORE = 2.0  # function-word evidence for the winner ...
_LATIN_MARGIN = 2.0  # ... at least twice the runner-up's
_HINT_CAP = 2.0  # letters alone (names such as "José" in an English note) never decide

# Letters of other languages written in the same scripts: Persian/Urdu in Arabic script,
# Ukrainian/Belarusian/Serbian/Macedonian in Cyrillic.
_NOT_ARABIC = set("پچژگکیۀےٹڈڑںہھ")
_NOT_RUSSIAN = set("іїєґўјљњћђџѓќѕ")
_FOREIGN_SHARE = 0.03

_WORD = re.compile(r"[^\W\d_]+")
# Latin-script clues beyond function words: (language, pattern, weight per match).
_HINTS = (
    ("es", re.compile(r"[ñ¿¡]"), 1.0),
    ("es", re.compile(r"[áíóú]"), 0.5),
    ("fr", re.compile(r"[çœ]"), 1.0),
    ("fr", re.compile(r"[èêàùâîôûëï]"), 0.5),
    ("fr", re.compile(r"\b(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’](?=\w)"), 1.0),
    ("en", re.compile(r"\w['’](?:s|t|re|ve|ll|d|m)\b"), 1.0),
)
# One-letter words that are words on their own (French elisions are counted by _HINTS).
_ONE_LETTER_WORDS = {"a", "e", "i", "o", "u", "y"}


def _script(char: str) -> str:
    cp = ord(char)
    if cp < 0x0250 or 0x1E00 <= cp <= 0x1EFF:
        return "latin"
    if 0x0400 <= cp <= 0x052F or 0x1C80 <= cp <= 0x1C8F or 0x2DE0 <= cp <= 0x2DFF or 0xA640 <= cp <= 0xA69F:
        return "cyrillic"
    if (0x0600 <= cp <= 0x06FF or 0x0750 <= cp <= 0x077F or 0x08A0 <= cp <= 0x08FF
            or 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF):
        return "arabic"
    if 0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3134F:
        return "han"
    if 0x3040 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF:
        return "kana"
    return "other"


@lru_cache(maxsize=20_000)
def detect_language(text: str) -> Optional[str]:
    """ISO 639-1 code of the note's language among ar, zh, en, fr, ru, es; None when unsure."""
    sample = unicodedata.normalize("NFKC", (text or "")[:_SAMPLE_CHARS]).casefold()
    letters = Counter(_script(c) for c in sample if c.isalpha())
    weights = {script: n * (_HAN_WEIGHT if script == "han" else 1) for script, n in letters.items()}
    total = sum(weights.values())
    if not total:
        return None
    script, top = max(weights.items(), key=lambda item: item[1])
    if top < _DOMINANT_SHARE * total:
        return None
    if script == "han":
        # Japanese mixes Han characters with kana; Chinese never has kana.
        return "zh" if letters["han"] >= _MIN_HAN_CHARS and not letters["kana"] else None
    if script == "arabic":
        return _by_script(sample, "arabic", "ar", _NOT_ARABIC)
    if script == "cyrillic":
        return _by_script(sample, "cyrillic", "ru", _NOT_RUSSIAN)
    if script == "latin":
        return _latin_language(sample)
    return None


def _by_script(sample: str, script: str, language: str, foreign: set[str]) -> Optional[str]:
    letters = [c for c in sample if c.isalpha() and _script(c) == script]
    if sum(c in foreign for c in letters) > _FOREIGN_SHARE * len(letters):
        return None
    words = [w for w in _WORD.findall(sample) if _script(w[0]) == script]
    if len(words) < _MIN_WORDS or len(letters) < _MIN_LETTERS:
        return None
    return language


@lru_cache(maxsize=1)
def _function_words() -> dict[str, tuple[str, ...]]:
    """Each Latin-script stop word and the languages whose list has it."""
    owners: dict[str, list[str]] = {}
    for language in LATIN_LANGUAGES:
        for word in stop_words(language):
            owners.setdefault(word, []).append(language)
    return {word: tuple(languages) for word, languages in owners.items()}


def _latin_language(sample: str) -> Optional[str]:
    words = [w for w in _WORD.findall(fold(sample)) if _script(w[0]) == "latin"]
    if len(words) < _MIN_LATIN_WORDS:
        return None
    scores = dict.fromkeys(LATIN_LANGUAGES, 0.0)
    owners = _function_words()
    for word in words:
        if len(word) == 1 and word not in _ONE_LETTER_WORDS:
            continue
        languages = owners.get(word, ())
        for language in languages:
            # A word that several languages share ("de", "la") counts for each in part.
            scores[language] += 1 / len(languages)
    hints = dict.fromkeys(LATIN_LANGUAGES, 0.0)
    for language, pattern, weight in _HINTS:
        hints[language] += weight * len(pattern.findall(sample))
    for language, hint in hints.items():
        scores[language] += min(hint, _HINT_CAP)
    (best, top), (_, second) = sorted(scores.items(), key=lambda item: -item[1])[:2]
    if top < _MIN_LATIN_SCORE or top < _LATIN_MARGIN * second:
        return None
    return best
