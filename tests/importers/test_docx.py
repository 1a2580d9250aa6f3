"""DOCX concept notes and circulars: Word numbering, heading styles, bold Part lines, tables."""
from __future__ import annotations

import io
import zipfile

import docx
import pytest

from dashboard.importers.concept_note import parse_concept_note
from dashboard.importers.docx_text import docx_blocks
from dashboard.importers.errors import ImportProblem

from .docx_builders import (
    PART_1, PART_2, QUESTIONS_1, QUESTIONS_2, SEGMENTS, bold_paragraph, circular, headings_and_list_paragraphs,
    parts_in_table, to_bytes,
)


def test_whole_circular_yields_just_the_dialogue_parts_and_questions():
    note = parse_concept_note(circular(), "circular.docx")
    assert [p.title for p in note.parts] == [PART_1, PART_2]
    assert note.parts[0].questions == QUESTIONS_1  # numbers come from Word, not from the text
    assert note.parts[1].questions == QUESTIONS_2
    assert note.parts[0].objective.startswith("Collect design practices")
    # Auto-numbered letter paragraphs and annex items are not questions; the structure list is agenda.
    assert [(s.title, s.minutes) for s in note.segments] == list(SEGMENTS)


def test_word_list_numbering_is_read_from_the_style_not_the_text():
    blocks = docx_blocks(circular())
    question_blocks = [b for b in blocks if b.text == QUESTIONS_1[0]]
    assert question_blocks and question_blocks[0].kind == "item" and question_blocks[0].numbered
    bullets = [b for b in blocks if b.text.startswith("Share effective")]
    assert bullets[0].kind == "item" and not bullets[0].numbered


def test_heading_styles_lettered_list_paragraphs_and_bullets():
    note = parse_concept_note(headings_and_list_paragraphs(), "note.docx")
    assert [p.title for p in note.parts] == [PART_1, PART_2]
    assert note.parts[0].objective == "Collect design practices."  # "Objective" line, then the paragraph
    assert note.parts[0].questions == QUESTIONS_1[:2]  # the bulleted "Speakers" line is not a question
    assert note.parts[1].questions == QUESTIONS_2[:3]


def test_parts_laid_out_in_a_table():
    note = parse_concept_note(parts_in_table(), "table.docx")
    assert [p.title for p in note.parts] == [PART_1, PART_2]
    assert note.parts[0].questions == QUESTIONS_1


def test_agenda_table_with_time_ranges_when_there_is_no_structure_list():
    d = docx.Document()
    d.add_heading("Programme", level=1)
    table = d.add_table(rows=0, cols=2)
    for when, item in (("10:00 – 10:15", "Opening and scene-setting"), ("10:15 – 11:00", "Industry showcases"),
                       ("11:00 – 12:00", "Moderated dialogue\nModerator: ITU")):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = when, item
    bold_paragraph(d, "Part 1: Design")
    d.add_paragraph("What works?", style="List Number")
    note = parse_concept_note(to_bytes(d), "agenda.docx")
    assert [(s.title, s.minutes) for s in note.segments] == [
        ("Opening and scene-setting", 15), ("Industry showcases", 45), ("Moderated dialogue", 60)]


def test_soft_line_breaks_split_heading_objective_and_typed_numbers():
    d = docx.Document()
    paragraph = d.add_paragraph()
    paragraph.add_run("Part 1: Design").bold = True
    paragraph.add_run().add_break()
    paragraph.add_run("Objective: Learn.")
    d.add_paragraph("1. What works?\n2. What fails?")
    note = parse_concept_note(to_bytes(d), "breaks.docx")
    assert note.parts[0].title == "Design"
    assert note.parts[0].objective == "Learn."
    assert note.parts[0].questions == ("What works?", "What fails?")


def test_unicode_in_docx():
    d = docx.Document()
    d.add_heading("Part 1: 儿童在线保护", level=2)
    d.add_paragraph("ما هي المخاطر الرئيسية؟", style="List Number")
    d.add_paragraph("Comment protéger les enfants ?", style="List Number")
    note = parse_concept_note(to_bytes(d), "u.docx")
    assert note.parts[0].title == "儿童在线保护"
    assert note.parts[0].questions == ("ما هي المخاطر الرئيسية؟", "Comment protéger les enfants ?")


def test_docx_without_questions_gives_the_layout_hint():
    d = docx.Document()
    d.add_paragraph("Dear Sir/Madam, we invite you.")
    with pytest.raises(ImportProblem, match="No guiding questions"):
        parse_concept_note(to_bytes(d), "letter.docx")


def _rezip(data: bytes, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = change(info.filename, source.read(info.filename))
            if content is not None:
                target.writestr(info.filename, content)
    return out.getvalue()


@pytest.mark.parametrize("change", [
    lambda name, content: None if name == "word/document.xml" else content,
    lambda name, content: b"<w:document" if name == "word/document.xml" else content,
    lambda name, content: None if name == "[Content_Types].xml" else content,
    lambda name, content: content.replace(b"<w:body>", b"<w:bogus>") if name == "word/document.xml" else content,
])
def test_damaged_docx_is_a_typed_problem(change):
    with pytest.raises(ImportProblem, match="could not be read as a Word document|No guiding questions"):
        parse_concept_note(_rezip(circular(), change), "damaged.docx")


def test_truncated_docx_is_a_typed_problem():
    data = circular()
    with pytest.raises(ImportProblem, match="could not be read"):
        parse_concept_note(data[: len(data) // 2], "half.docx")


def test_docx_that_unpacks_to_a_huge_size_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<a/>")
        archive.writestr("word/padding.xml", b"0" * (90 * 1024 * 1024))
    with pytest.raises(ImportProblem, match="unpacks to more than"):
        parse_concept_note(out.getvalue(), "bomb.docx")


def test_docx_without_a_numbering_part_still_parses():
    """Documents from other word processors may have no numbering part at all."""
    import re

    d = docx.Document()
    for line in ("Part 1: Safer play", "Objective: Collect practices.", "1. What works?", "2. Who pays?"):
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            if item.filename == "word/numbering.xml":
                continue
            data = src.read(item.filename)
            if item.filename in ("word/_rels/document.xml.rels", "[Content_Types].xml"):
                data = re.sub(rb"<(Relationship|Override)[^>]*numbering[^>]*/>", b"", data)
            dst.writestr(item, data)
    assert "word/numbering.xml" in src.namelist()
    note = parse_concept_note(out.getvalue(), "plain.docx")
    assert [q for p in note.parts for q in p.questions] == ["What works?", "Who pays?"]
    assert note.parts[0].objective == "Collect practices."
