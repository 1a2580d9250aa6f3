"""Finding agenda timings in text: "(15 minutes)", "45 Mins", "1 hour", "60'", "14:15-15:00"."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

# Runs of spaces are matched possessively (`\s*+`) or only where something must follow them:
# two optional space runs side by side backtracked quadratically over a long run of spaces.
_CLOCK = r"(\d{1,2})[:.h](\d{2})(?:\s*+([ap]\.?m\.?))?"
_RANGE = re.compile(_CLOCK + r"\s*+(?:[-–—−]|to|until)\s*+" + _CLOCK
                    + r"(?:\s*+(?:CET|CEST|GMT|UTC|Geneva time|\(CET\)|\(CEST\)))?", re.IGNORECASE)
_START = re.compile(r"^\s*+" + _CLOCK + r"(?:\s*+(?:CET|CEST))?\s*+$", re.IGNORECASE)
_LEADING_CLOCK = re.compile(r"^\s*+" + _CLOCK + r"(?:\s*+(?:CET|CEST))?(?:\s*+[-–—:|]\s++|\s++)", re.IGNORECASE)
_HOURS_MINUTES = re.compile(r"\(?\b(\d{1,2})\s*+h(?:ours?|rs?)?\s*+(\d{1,2})\s*+(?:m(?:in(?:ute)?s?)?\.?)?\)?",
                            re.IGNORECASE)
_MINUTES = re.compile(r"\(?\b(\d{1,3})(?:\s*+-?\s*+(?:minutes?|mins?\.?|mn|['’′])|m\b)(?:\s*+max(?:imum)?\.?)?\)?",
                      re.IGNORECASE)
_HOURS = re.compile(r"\(?\b(\d{1,2}(?:[.,]5)?)\s*+(?:hours?|hrs?|h\b)\)?", re.IGNORECASE)
_LEADING_LEFTOVER = re.compile(r"[\s:;,|\-–—()\[\]]+")
_TRAILING_LEFTOVER = ":;,|-–—(["
_MANY_SPACES = re.compile(r"\s{2,}")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Timing:
    minutes: Optional[int]
    start: Optional[int]  # minutes after midnight, when a clock time was given
    remainder: str  # the text with the timing taken out


def _clock(hour: str, minute: str, ampm: Optional[str]) -> Optional[int]:
    h, m = int(hour), int(minute)
    if ampm:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if ampm.lower().startswith("p") else 0)
    if h > 24 or m > 59:
        return None
    return h * 60 + m


def _drop_empty_brackets(text: str) -> str:
    """Text without "( )", "(())" and the like, found with a stack in one pass."""
    if "(" not in text or ")" not in text:
        return text
    kept: list[str] = []
    opens: list[int] = []  # indexes in `kept` of "(" with only spaces since
    for ch in text:
        if ch == ")" and opens:
            del kept[opens.pop():]
            continue
        kept.append(ch)
        if ch == "(":
            opens.append(len(kept) - 1)
        elif not ch.isspace():
            opens.clear()
    return "".join(kept)


def _tidy(text: str) -> str:
    """The text left around a timing, without the brackets, dashes and separators that framed it."""
    # Same result as repeatedly deleting leading separators, trailing separators and empty
    # brackets until nothing changes, but in one pass: repeating is quadratic for nested brackets.
    text = _drop_empty_brackets(text)
    lead = _LEADING_LEFTOVER.match(text)
    start = lead.end() if lead else 0
    end = len(text)
    while end > start and (text[end - 1].isspace() or text[end - 1] in _TRAILING_LEFTOVER):
        end -= 1
    return _MANY_SPACES.sub(" ", text[start:end])


def _plausible(minutes: int) -> bool:
    return 0 < minutes <= 600


def find_timing(text: str) -> Optional[Timing]:
    """The duration or clock range in `text`, with the rest of the text; None when there is none."""
    if _DIGIT.search(text) is None:  # every timing has a digit; this scan is far cheaper than the patterns
        return None
    found = _RANGE.search(text)
    if found:
        start = _clock(found.group(1), found.group(2), found.group(3))
        end = _clock(found.group(4), found.group(5), found.group(6))
        if start is not None and end is not None:
            minutes = (end - start) % (24 * 60)
            if _plausible(minutes):
                rest = text[: found.start()] + " " + text[found.end():]
                return Timing(minutes, start, _tidy(rest))
    found = _HOURS_MINUTES.search(text)
    if found and _plausible(int(found.group(1)) * 60 + int(found.group(2))) and int(found.group(2)) < 60:
        return Timing(int(found.group(1)) * 60 + int(found.group(2)), None,
                      _tidy(text[: found.start()] + " " + text[found.end():]))
    found = _MINUTES.search(text)
    if found and _plausible(int(found.group(1))):
        return Timing(int(found.group(1)), None, _tidy(text[: found.start()] + " " + text[found.end():]))
    found = _HOURS.search(text)
    if found:
        minutes = round(float(found.group(1).replace(",", ".")) * 60)
        if _plausible(minutes):
            return Timing(minutes, None, _tidy(text[: found.start()] + " " + text[found.end():]))
    found = _LEADING_CLOCK.match(text)
    if found:
        start = _clock(found.group(1), found.group(2), found.group(3))
        if start is not None:
            return Timing(None, start, _tidy(text[found.end():]))
    return None


def start_time_only(text: str) -> Optional[int]:
    """Minutes after midnight when `text` is just a clock time such as "14:15" (a table cell)."""
    found = _START.match(text)
    return _clock(found.group(1), found.group(2), found.group(3)) if found else None


def starts_with_clock(text: str) -> bool:
    """True when the text begins with a clock time or range, as agenda lines do."""
    return _LEADING_CLOCK.match(text) is not None or (_RANGE.match(text.strip()) is not None)
