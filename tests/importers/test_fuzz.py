"""Random text, random bytes and corrupted Word files: the importers succeed or raise ImportProblem, nothing else."""
from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.importers.concept_note import parse_concept_note, parse_concept_text
from dashboard.importers.errors import ImportProblem
from dashboard.importers.registrations import parse_registrations

from .docx_builders import circular

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CIRCULAR = circular()

# Text made of the pieces the parser reacts to, so the fuzzing reaches deep states.
_PIECES = st.sampled_from([
    "Part 1:", "**Part 2 — ", "PART IV:", "### ", "- ", "1. ", "(a) ", "Q3: ", "Objective:", "Objective", "?", "؟",
    "(15 minutes)", "14:00-14:15", "14:00", "| ", " |", "|---|", "Agenda", "Session structure", "Guiding questions",
    "\n", "\n\n", "**", "__", "*", "`", "[x](y)", "<b>", " ", "What", "How", "Partie 1 :", "1h30", "60'", "\t", "\r",
    "Part XI:", "PART XX", "Part iiii", "Part IIV:", "Part xiv", "Part ", "ivx", "XXXIX",
])
STRUCTURED = st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=80).map("".join)


def _only_import_problems(call) -> None:
    try:
        result = call()
    except ImportProblem as exc:
        assert str(exc)
        return
    assert result is not None


@FAST
@given(st.text(max_size=3000))
def test_random_text(text: str):
    _only_import_problems(lambda: parse_concept_text(text))


@FAST
@given(STRUCTURED)
def test_structured_random_text(text: str):
    def run():
        note = parse_concept_text(text)
        assert note.parts and all(p.questions for p in note.parts)
        assert all(q.strip() for p in note.parts for q in p.questions)
        assert all(s.minutes is None or 0 < s.minutes <= 600 for s in note.segments)
        return note
    _only_import_problems(run)


_PART_WORDS = st.sampled_from(["Part", "PART", "part", "Partie", "Parte", "Session part", "Dialogue - Part",
                                "### Part", "**Part", "Moderated dialogue: Part"])
_PART_TOKENS = st.one_of(
    st.text(alphabet="ivxIVX", min_size=1, max_size=12),
    st.text(alphabet="ivxlcdmIVXLCDMabcdefg0123456789", min_size=1, max_size=8),
    st.text(max_size=12),
    st.integers(min_value=0, max_value=10**6).map(str),
    st.sampled_from(["XI", "XX", "iiii", "IIV", "vv", "xiv", "XXXIX", "A", "F", "G", "Two", "third", "0", "99"]),
)
_PART_SEPARATORS = st.sampled_from([":", " —", ".", " -", ")", "", " |", "**:"])


@FAST
@given(_PART_WORDS, _PART_TOKENS, _PART_SEPARATORS, st.text(max_size=20), st.booleans())
def test_part_headings_with_any_number(word: str, token: str, separator: str, title: str, twice: bool):
    heading = f"{word} {token}{separator} {title}"
    text = f"{heading}\n1. What works?\n2. What fails?" + (f"\n{heading}\n1. And then?" if twice else "")
    _only_import_problems(lambda: parse_concept_text(text))


@FAST
@given(st.binary(max_size=4000), st.sampled_from(["n.md", "n.txt", "n.docx", "n.pdf", "n", "n.MD"]))
def test_random_bytes_as_concept_note(data: bytes, name: str):
    _only_import_problems(lambda: parse_concept_note(data, name))


@SLOW
@given(st.integers(min_value=0, max_value=len(CIRCULAR) - 1), st.binary(min_size=1, max_size=64))
def test_corrupted_docx_bytes(offset: int, junk: bytes):
    data = CIRCULAR[:offset] + junk + CIRCULAR[offset + len(junk):]
    _only_import_problems(lambda: parse_concept_note(data, "damaged.docx"))


@SLOW
@given(st.binary(max_size=2000), st.sampled_from(["word/document.xml", "word/numbering.xml", "word/styles.xml",
                                                  "[Content_Types].xml", "word/_rels/document.xml.rels"]))
def test_docx_with_one_part_replaced_by_junk(junk: bytes, member: str):
    source = zipfile.ZipFile(io.BytesIO(CIRCULAR))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, junk if info.filename == member else source.read(info.filename))
    _only_import_problems(lambda: parse_concept_note(out.getvalue(), "junk.docx"))


@FAST
@given(st.binary(max_size=4000))
def test_random_bytes_as_registrations(data: bytes):
    _only_import_problems(lambda: parse_registrations(data, "r.csv"))


@FAST
@given(st.lists(st.lists(st.text(max_size=20), max_size=8), max_size=30),
       st.sampled_from([",", ";", "\t"]), st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
def test_random_tables_as_registrations(rows, delimiter: str, encoding: str):
    text = "\n".join(delimiter.join(cells) for cells in [["First Name", "Last Name", "Email"], *rows])
    data = text.encode(encoding, errors="replace")
    _only_import_problems(lambda: parse_registrations(data, "r.csv"))
