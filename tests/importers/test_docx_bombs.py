"""Zip bombs dressed as .docx: refused from the bytes really unpacked, never from what the zip headers claim.

The parses run in the bounded worker with a memory cap, so a regression shows up as a refusal
for memory (or time) instead of taking the test machine's memory with it.
"""
from __future__ import annotations

import io
import zipfile

import pytest

from dashboard.importers.bounded import run_bounded
from dashboard.importers.concept_note import parse_concept_note
from dashboard.importers.docx_text import MAX_MEMBERS, MAX_UNPACKED_BYTES, MAX_XML_TAGS
from dashboard.importers.errors import ImportProblem

from .docx_builders import circular
from .zip_bombs import docx_with_body, huge_document_xml, lying_sizes

MEMORY_CAP = 300 * 1024 * 1024


def _bounded_parse(data: bytes, name: str):
    return run_bounded(parse_concept_note, data, name, timeout_s=60, memory_bytes=MEMORY_CAP)


def test_a_small_docx_that_unpacks_to_70_mb_of_xml_is_refused():
    bomb = huge_document_xml(70)
    assert len(bomb) < 400_000
    with pytest.raises(ImportProblem, match=f"unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB"):
        _bounded_parse(bomb, "bomb.docx")


def test_a_docx_whose_zip_headers_understate_the_size_is_refused():
    bomb = lying_sizes(huge_document_xml(70), "word/document.xml", declared=1000)
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert archive.getinfo("word/document.xml").file_size == 1000  # what the headers claim
        assert sum(i.file_size for i in archive.infolist()) < MAX_UNPACKED_BYTES
    with pytest.raises(ImportProblem, match=f"unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB"):
        _bounded_parse(bomb, "liar.docx")


def test_a_docx_with_a_million_tiny_elements_is_refused_before_they_are_parsed():
    data = docx_with_body(b"<w:p>" + b"<w:r/>" * 20 + b"</w:p>", 50_000)
    assert len(data) < 100_000
    with pytest.raises(ImportProblem, match=f"more than {MAX_XML_TAGS:,} pieces of markup"):
        _bounded_parse(data, "dense.docx")


def test_a_docx_with_thousands_of_members_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        with zipfile.ZipFile(io.BytesIO(circular())) as source:
            for info in source.infolist():
                archive.writestr(info, source.read(info.filename))
        for i in range(MAX_MEMBERS + 1):
            archive.writestr(f"customXml/extra{i}.xml", b"<a/>")
    with pytest.raises(ImportProblem, match="files inside"):
        parse_concept_note(out.getvalue(), "crowded.docx")


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_members_compressed_other_than_word_does_are_refused(method):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(circular())) as source, zipfile.ZipFile(out, "w", method) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info.filename))
    with pytest.raises(ImportProblem, match="could not be read as a Word document"):
        parse_concept_note(out.getvalue(), "odd.docx")


def test_a_large_honest_docx_is_read_within_the_memory_cap():
    question = b"<w:p><w:r><w:t>" + b"How should safety work for everyone? " * 200 + b"</w:t></w:r></w:p>"
    data = docx_with_body(question, 1000)  # about 7.5 MB of XML, under the cap
    note = _bounded_parse(data, "long.docx")
    assert note.question_count >= 1
