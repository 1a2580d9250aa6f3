"""Plain text from one line of Markdown (emphasis markers dropped, links reduced to their words), in linear time.

The obvious patterns for this, a lazy `(.+?)` up to the closing marker and `[^\\]]*` up to the
closing bracket, rescan the rest of the text from every opening marker that is never closed, so
their time grows with the square of the line's length: seconds for 40 KB of " *a", minutes for
200 KB of "[". These scanners give the same result as those patterns, but look up each closing
marker with a forward-only search that never passes over the same text twice.
"""
from __future__ import annotations

import re
from typing import Callable, Optional

_TAG = re.compile(r"</?[a-zA-Z][^>]{0,80}>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
_MARKER = re.compile(r"\*|__")


class _NextMatch:
    """The first index >= p where `needle` starts (and `valid(index)` holds), for queries with p never decreasing.

    Each search starts past the previous answer, so all the searches together read the text once.
    """

    def __init__(self, text: str, needle: str, valid: Optional[Callable[[int], bool]] = None) -> None:
        self.text, self.needle, self.valid = text, needle, valid
        self.found = -2  # -2: not searched yet; -1: none left

    def at(self, p: int) -> int:
        if self.found != -1 and self.found < p:
            index = self.text.find(self.needle, p)
            while index != -1 and self.valid is not None and not self.valid(index):
                index = self.text.find(self.needle, index + 1)
            self.found = index
        return self.found


def _word_or_star(ch: str) -> bool:
    # `\w` in a str pattern is exactly str.isalnum() or "_".
    return ch == "*" or ch == "_" or ch.isalnum()


def strip_links(text: str) -> str:
    """'[words](target)' -> 'words', as re.sub(r"\\[([^\\]]*)\\]\\([^)]*\\)", r"\\1", text) does."""
    out: list[str] = []
    copied = 0
    bracket = _NextMatch(text, "]")
    paren = _NextMatch(text, ")")
    i = text.find("[")
    while i != -1:
        close = bracket.at(i + 1)
        if close == -1:
            break  # no "]" after this "[", so none after any later one either
        if text.startswith("(", close + 1):
            end = paren.at(close + 2)
            if end == -1:
                break
            out.append(text[copied:i])
            out.append(text[i + 1:close])
            copied = end + 1
            i = text.find("[", copied)
        else:
            i = text.find("[", i + 1)
    out.append(text[copied:])
    return "".join(out)


def strip_emphasis(text: str) -> str:
    """One pass of `(\\*\\*|__)(.+?)\\1|(?<![\\w*])\\*(?!\\s)(.+?)(?<!\\s)\\*(?![\\w*])` replaced by its inner text."""
    if "*" not in text and "__" not in text:
        return text
    n = len(text)

    def single_closer(j: int) -> bool:
        return not text[j - 1].isspace() and (j + 1 == n or not _word_or_star(text[j + 1]))

    newline = _NextMatch(text, "\n")
    closers = {"**": _NextMatch(text, "**"), "__": _NextMatch(text, "__")}
    star = _NextMatch(text, "*", single_closer)
    out: list[str] = []
    copied = 0
    found = _MARKER.search(text)
    while found is not None:
        i = found.start()
        # `.` stops at a line break: the inner text must end before the next one.
        line_end = newline.at(i + 1)
        limit = n if line_end == -1 else line_end
        end = -1
        delimiter = text[i:i + 2]
        if delimiter in closers and i + 2 < limit:
            close = closers[delimiter].at(i + 3)
            if close != -1 and close < limit:
                out.append(text[copied:i])
                out.append(text[i + 2:close])
                end = close + 2
        if end == -1 and text[i] == "*" and (i == 0 or not _word_or_star(text[i - 1])) \
                and i + 1 < n and not text[i + 1].isspace():
            close = star.at(i + 2)
            if close != -1 and close < limit:
                out.append(text[copied:i])
                out.append(text[i + 1:close])
                end = close + 1
        if end == -1:
            found = _MARKER.search(text, i + 1)
        else:
            copied = end
            found = _MARKER.search(text, end)
    out.append(text[copied:])
    return "".join(out)


def clean_inline(text: str) -> str:
    """Plain text from one line of Markdown: no emphasis markers, links reduced to their words."""
    text = strip_links(text)
    text = _TAG.sub(" ", text)
    for _ in range(3):  # nested emphasis such as ***x***
        text = strip_emphasis(text)
    text = text.replace("`", "")
    text = _ESCAPE.sub(r"\1", text)
    return " ".join(text.split())  # str.split() and `\s` agree on what whitespace is
