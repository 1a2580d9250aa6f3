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
