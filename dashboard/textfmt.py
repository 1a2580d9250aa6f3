"""Showing user text safely: notes, names and titles are plain text, never Markdown or HTML."""
from __future__ import annotations

import re

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


# "Part 2", "Part II", "PART two" at the start of a title: the title already names its Part.
_PART_PREFIX = re.compile(r"(?i)^part\s+(?:[0-9]+|[ivxlcdm]+|one|two|three|four|five|six)\b")


def part_heading(number: int, title: str) -> str:
    """'Part 2: Title', or the title alone when it already starts with 'Part 2' / 'Part II'."""
    clean = (title or "").strip()
    if not clean:
        return f"Part {number}"
    return clean if _PART_PREFIX.match(clean) else f"Part {number}: {clean}"
