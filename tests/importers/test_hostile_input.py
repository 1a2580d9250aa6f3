"""Hostile text: inputs built to make the reader backtrack must be read (or refused) in bounded time.

Each input below took between 14 s and several minutes before the reader was made linear. The
parse runs in a bounded worker with a generous limit, so a regression fails with "took too long"
instead of stalling the test run, and no timing is asserted that a busy machine could upset.
"""
from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.importers import bounded
from dashboard.importers.bounded import parse_concept_note_bounded, run_bounded
from dashboard.importers.concept_note import parse_concept_note, parse_concept_text
from dashboard.importers.durations import find_timing
from dashboard.importers.errors import ImportProblem
from dashboard.importers.files import MAX_LINES, MAX_TEXT_CHARS
from dashboard.importers.inline import clean_inline, strip_emphasis, strip_links

from .zip_bombs import hostile_paragraphs_docx

LIMIT_S = 10.0

HOSTILE_TEXTS = {
    "space-star-a 40 KB": " *a" * 13_334,
    "space-star-a 60 KB": " *a" * 20_000,
    "open brackets 200 KB": "[" * 200_000,
    "double stars 100 KB": "**" * 50_000,
    "underscore-a 100 KB": "_a" * 50_000,
    "unclosed links 100 KB": "[a](" * 25_000,
    "star-a 100 KB": "*a" * 50_000,
    "heading with 20 KB of spaces": "# a" + " " * 20_000 + "b",
    "long line, mixed markers": "1. What " + " *a [b (_c **d" * 8_000 + "?",
    "clock then 100 KB of spaces": "Part 1: x\n1. Why?\n14:00" + " " * 100_000 + "x",
    "session then 100 KB of spaces": "session" + " " * 100_000 + "part 1",
    "nested brackets around a timing": "(" * 50_000 + "15 minutes" + ")" * 50_000,
    "objective with spaces": "Part 1: title" + " " * 250 + "x\n1. What?",
}


def _not_too_long(call) -> None:
    try:
        call()
    except ImportProblem as exc:
        assert "took too long" not in str(exc), str(exc)


@pytest.mark.parametrize("text", HOSTILE_TEXTS.values(), ids=HOSTILE_TEXTS.keys())
def test_hostile_text_is_read_in_bounded_time(text: str):
    _not_too_long(lambda: run_bounded(parse_concept_text, text, timeout_s=LIMIT_S))


def test_hostile_docx_is_read_in_bounded_time():
    data = hostile_paragraphs_docx()
    assert len(data) < 60_000  # as small as the 34 KB file of the report
    _not_too_long(lambda: parse_concept_note_bounded(data, "hostile.docx", timeout_s=LIMIT_S))


def test_absurdly_long_text_is_refused_with_a_reason():
    with pytest.raises(ImportProblem, match=f"the limit is {MAX_TEXT_CHARS:,}"):
        parse_concept_text("1. What? " * (MAX_TEXT_CHARS // 9 + 1))
    with pytest.raises(ImportProblem, match=f"the limit is {MAX_LINES:,}"):
        parse_concept_note(("1. What?\n" * (MAX_LINES + 1)).encode(), "many.txt")


# --- the scanners give exactly what the old patterns gave ---------------------------------

OLD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
OLD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
SHORT_MARKDOWN = st.text(alphabet="*_ a\n[]()x\t#é1\u00a0`\\", max_size=30)


@settings(max_examples=3000, deadline=None)
@given(SHORT_MARKDOWN)
def test_scanners_match_the_old_patterns_on_short_text(text: str):
    assert strip_links(text) == OLD_LINK.sub(r"\1", text)
    assert strip_emphasis(text) == OLD_EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or "", text)


@pytest.mark.parametrize("raw, plain", [
    ("**Part 1**: *Safer* play", "Part 1: Safer play"),
    ("***both***", "both"),
    ("see [the note](http://x.example) and [this]", "see the note and [this]"),
    ("__under__ a*b*c 2 * 3 * 4", "under a*b*c 2 * 3 * 4"),
])
def test_clean_inline_examples(raw: str, plain: str):
    assert clean_inline(raw) == plain


def test_timing_inside_many_brackets_is_still_found():
    timing = find_timing("(" * 5_000 + "Opening 15 minutes" + ")" * 5_000)
    assert timing is not None and timing.minutes == 15 and timing.remainder.startswith("Opening")


# --- the bounded worker -------------------------------------------------------------------


def test_a_worker_over_its_time_is_stopped_with_an_import_problem():
    start = time.monotonic()
    with pytest.raises(ImportProblem, match=r"took too long to read \(over 1 s\)"):
        run_bounded(time.sleep, 60, timeout_s=1)
    assert time.monotonic() - start < 30


def test_a_worker_over_its_memory_is_refused():
    with pytest.raises(ImportProblem, match="too much memory"):
        run_bounded(bytearray, 2 * 1024 ** 3, memory_bytes=256 * 1024 ** 2)


def test_the_worker_returns_results_and_the_importers_own_errors():
    note = bounded.parse_concept_text_bounded("Part 1: Play\n1. What works?\n2. What fails?")
    assert note.question_count == 2
    with pytest.raises(ImportProblem, match="No guiding questions"):
        bounded.parse_concept_text_bounded("nothing to see")
    table = bounded.read_registration_table_bounded(b"Name,Email\nAda,ada@example.org\n", "r.csv")
    assert table.headers == ("Name", "Email") and table.rows == (("Ada", "ada@example.org"),)
    with pytest.raises(ValueError):
        run_bounded(int, "not a number")
