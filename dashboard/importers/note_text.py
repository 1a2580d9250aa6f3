"""What lines of a concept note look like: Part headings, Objective lines, questions, headings."""
from __future__ import annotations

import re
from typing import Optional

from dashboard.i18n import N_

from .blocks import HEADING, PARA, ROW, Block
from .durations import find_timing
from .errors import ImportProblem

WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "first": 1, "second": 2, "third": 3}
# Tens, then a unit; "iiii" and "viiii" as on clock faces. Anything else in i/v/x is no number.
ROMAN = re.compile(r"x*(?:ix|iv|v?i{0,4})", re.IGNORECASE)
_ROMAN_DIGITS = {"i": 1, "v": 5, "x": 10}
# The space runs around the separator are possessive: side by side they backtracked quadratically.
PART_HEADING = re.compile(
    r"^(?:(?:moderated\s+)?(?:dialogue|discussion|session)\s*+[-–—:,]?\s*+)?part(?:ie|e)?\s+"
    r"(\d{1,2}|[ivx]+|one|two|three|four|five|six|first|second|third|[a-f])\b\s*"
    r"(?:[:.\-–—|)]\s*(.*)|$)",
    re.IGNORECASE,
)
OBJECTIVE_LINE = re.compile(
    r"^(?:specific\s+|session\s+)?(?:objectives?|objectifs?|objetivos?|aims?|goals?|purpose)\s*(?:[:\-–—]\s*(.*)|$)",
    re.IGNORECASE,
)
# Starts only where a space run starts (the leftmost match always does): from inside a run,
# every start rescanned the rest of it.
INLINE_OBJECTIVE = re.compile(r"(?<!\s)\s*+[-–—.(]?\s*+(?:objectives?|objectifs?|objetivos?)\s*+[:\-–—]\s*+",
                              re.IGNORECASE)
AGENDA_HEADING = re.compile(
    r"\b(agenda|programme|program|session structure|structure of the session|running order|schedule|"
    r"format and structure|session format|session flow|timeline)\b",
    re.IGNORECASE,
)
QUESTION_WORDS = re.compile(
    r"^(what|how|which|who|whom|whose|why|when|where|should|shall|can|could|would|will|is|are|do|does|did|"
    r"has|have|to what extent|in what|in which|describe|share|identify|discuss|explain|list|give|outline|"
    r"propose|suggest|consider|reflect|name)\b",
    re.IGNORECASE,
)
QUESTION_PREFIX = re.compile(r"^(?:q\d{1,2}|question\s+\d{1,2})\s*[.:)\-–—]\s*", re.IGNORECASE)


def roman_number(token: str) -> Optional[int]:
    """The value of a Roman numeral written with I, V and X ("XIV" -> 14, "IIII" -> 4); None for "IIV" or "VV"."""
    token = token.lower()
    if not token or ROMAN.fullmatch(token) is None:
        return None
    values = [_ROMAN_DIGITS[c] for c in token]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def part_number(token: str) -> int:
    """The number in "Part 2", "PART II", "Part Two" or "Part B"; ImportProblem for "Part IIV"."""
    token = token.lower()
    if token.isdigit():
        return int(token)
    if token in WORD_NUMBERS:
        return WORD_NUMBERS[token]
    if len(token) == 1 and "a" <= token <= "f":
        return ord(token) - ord("a") + 1
    number = roman_number(token)
    if number is None:
        raise ImportProblem(N_(
            "“Part {token}” does not carry a Part number that can be read. Number the Parts "
            "1, 2, 3 or I, II, III (or A, B, C) and import again."
        ), token=token.upper())
    return number


def asks(text: str) -> bool:
    """True when the text carries a question mark (Latin, full-width, Arabic or Greek)."""
    return any(mark in text for mark in ("?", "？", "؟", "\u037e"))


def ends_asking(text: str) -> bool:
    """True when the text ends with a question mark (closing quotes and brackets ignored)."""
    return text.rstrip(" )»”\"'").endswith(("?", "？", "؟", "\u037e"))


def is_question_like(text: str) -> bool:
    """True for a question mark or an opening word such as "How", "Which", "Describe"."""
    return asks(text) or QUESTION_WORDS.match(text) is not None


def is_title_like(text: str) -> bool:
    """True for a short line without closing punctuation: a section title rather than a sentence."""
    return len(text.split()) <= 8 and not text.rstrip().endswith((".", ";", ",")) and not asks(text)


def is_headingish(block: Block) -> bool:
    """True for a heading, a short wholly bold line, or a short line in capitals."""
    if block.kind == HEADING:
        return True
    if block.kind == ROW or asks(block.text):
        return False
    if block.bold and len(block.text.split()) <= 14:
        return True
    letters = [c for c in block.text if c.isalpha()]
    return block.kind == PARA and len(letters) >= 4 and all(c.isupper() for c in letters) and len(block.text.split()) <= 10


ACRONYMS = {"ai", "ar", "vr", "xr", "un", "itu", "eu", "ict", "icts", "sme", "smes", "ngo", "ngos", "cso", "csos",
             "cop", "csam", "unicef", "unesco", "bdt", "oecd", "api", "apis", "llm", "llms"}


def calm_caps(title: str) -> str:
    """'SAFER PLAY BY DESIGN' -> 'Safer play by design' (acronyms kept); other titles unchanged."""
    letters = [c for c in title if c.isalpha()]
    if len(letters) < 4 or not all(c.isupper() for c in letters):
        return title
    words = [w if w.strip("()-–—:,.").lower() in ACRONYMS else w.lower() for w in title.split()]
    sentence = " ".join(words)
    return sentence[:1].upper() + sentence[1:]


def clean_question(text: str) -> str:
    """A question without its "Q1:" prefix or a trailing time allocation, whitespace collapsed."""
    text = QUESTION_PREFIX.sub("", text.strip())
    if asks(text):
        timing = find_timing(text)
        if timing is not None and timing.minutes is not None and asks(timing.remainder):
            text = timing.remainder
    return " ".join(text.split())

