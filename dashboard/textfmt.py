"""Showing user text safely: notes, names and titles are plain text, never Markdown or HTML, each in its own direction.

Participants write in Arabic as well as in left-to-right languages, and user text may not be drawn
as HTML (no dir="auto"). The plain-text equivalent is Unicode bidi isolation: FIRST STRONG ISOLATE
... POP DIRECTIONAL ISOLATE gives a piece of text the direction of its first letter and keeps it
from reordering the label or citation beside it. See docs/languages.md.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Optional

from dashboard.i18n import N_

# Punctuation that could turn a note into a link, emphasis, code, a table cell or HTML...
_INLINE = re.compile(r"([\\`*_\[\]<>|~#&$])")
# ...and what makes a line a list item, quote or heading when it starts the line.
_BULLET_START = re.compile(r"^(\s*)([-+=])")
_NUMBER_START = re.compile(r"^(\s*\d+)([.)])")


def escape_md(text: str) -> str:
    """Plain text made inert in Markdown (no links, emphasis, HTML, lists); line breaks kept."""
    lines = [_NUMBER_START.sub(r"\1\\\2", _BULLET_START.sub(r"\1\\\2", _INLINE.sub(r"\\\1", line)))
             for line in str(text).splitlines()]
    return "  \n".join(lines)


LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
# Every bidi control a displayed string may carry; strip these to compare or store displayed text.
BIDI_ISOLATES = LRI + RLI + FSI + PDI
_NO_ISOLATES = str.maketrans("", "", BIDI_ISOLATES)


def strip_isolates(text: str) -> str:
    """Text without the isolation marks `user_text` and `isolate` add."""
    return str(text).translate(_NO_ISOLATES)


def isolate(text: Optional[str], *, ltr: bool = False) -> str:
    """Already-safe text (a citation such as '#9' or '(Industry)') set apart from the sentence beside it.

    Each line is isolated on its own: a line break ends a bidi paragraph, and an isolate with it.
    `ltr=True` forces left-to-right (LRI), for citations that are ours; otherwise the first letter decides (FSI).
    Isolation marks already in the text are dropped, so a stray PDI typed by someone cannot close ours early.
    """
    opener = LRI if ltr else FSI
    lines = []
    for line in strip_isolates("" if text is None else text).split("\n"):
        body = line.rstrip(" ")  # trailing spaces stay outside: two of them are Markdown's line break
        lines.append(f"{opener}{body}{PDI}{line[len(body):]}" if body.strip() else line)
    return "\n".join(lines)




def as_unit(markdown: str, like: str) -> str:
    """One line of already-safe Markdown (a key point and its citation) kept together in the direction of
    `like` (the user text it starts with): an English point with its citation reads left to right on an
    Arabic page, an Arabic one right to left on an English page. The isolates inside it stay."""
    if "\n" in markdown or not markdown.strip():
        return markdown
    return f"{RLI if direction(like) == 'rtl' else LRI}{markdown}{PDI}"


def user_text(text: object) -> str:
    """User text for Markdown: escaped as `escape_md` does, each line in its own direction (dir="auto" as text)."""
    return isolate(escape_md("" if text is None else str(text)))


def has_rtl(text: str) -> bool:
    """True when the text holds a right-to-left letter (Arabic, Hebrew...)."""
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in str(text))


def direction(text: str) -> str:
    """'rtl' or 'ltr': the direction of the text's first strong letter (Unicode bidi rule P2), 'ltr' with none."""
    for char in str(text):
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "ltr"


# "Part 2", "Part II", "PART two" at the start of a title: the title already names its Part.
_PART_PREFIX = re.compile(r"(?i)^part\s+(?:[0-9]+|[ivxlcdm]+|one|two|three|four|five|six)\b")


def part_heading(number: int, title: str, translate: Callable[[str], str] = str) -> str:
    """'Part 2: Title', or the title alone when it already starts with 'Part 2' / 'Part II'.

    `translate` gives the words in the reader's language ('Partie 2 : Title', '第 2 部分：Title').
    """
    clean = (title or "").strip()
    if not clean:
        return translate(N_("Part {number}")).format(number=number)
    if _PART_PREFIX.match(clean):
        return clean
    return translate(N_("Part {number}: {title}")).format(number=number, title=clean)
