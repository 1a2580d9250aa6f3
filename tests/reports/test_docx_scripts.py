"""Right-to-left Arabic and East Asian Chinese in the reports: direction, language and font per script."""
import copy
import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from dashboard.reports import render_report
from dashboard.reports.docx_scripts import ARABIC_LANG, CHINESE_LANG, add_text, script_runs
from dashboard.textfmt import FSI, PDI
from tests.reports.office import convert_to_pdf

ARABIC = "نوصي بإعدادات افتراضية آمنة للأطفال (2025–2026)."
CHINESE = "平台应默认保护儿童隐私。"
MIXED = "ITU: نوصي بإعدادات آمنة"


@pytest.fixture
def multilingual_doc(participant_doc):
    doc = copy.deepcopy(participant_doc)
    doc["recommendations"][1]["text"] = ARABIC
    doc["session_takeaways"] = [{"text": ARABIC}, {"text": CHINESE}, {"text": MIXED}]
    return doc


def _docx(doc):
    return Document(io.BytesIO(render_report(doc, "docx")))


def _paragraph(document, text):
    """The first paragraph, outside tables then in them, that reads `text`."""
    cells = [p for t in document.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    return next(p for p in [*document.paragraphs, *cells] if p.text == text)


def _bidi(paragraph) -> bool:
    p_pr = paragraph._p.pPr
    return p_pr is not None and p_pr.find(qn("w:bidi")) is not None


def _run_props(run) -> dict:
    r_pr = run._r.rPr
    if r_pr is None:
        return {}
    fonts, lang = r_pr.find(qn("w:rFonts")), r_pr.find(qn("w:lang"))
    return {"rtl": r_pr.find(qn("w:rtl")) is not None,
            "cs": fonts.get(qn("w:cs")) if fonts is not None else None,
            "eastAsia": fonts.get(qn("w:eastAsia")) if fonts is not None else None,
            "lang_bidi": lang.get(qn("w:bidi")) if lang is not None else None,
            "lang_eastAsia": lang.get(qn("w:eastAsia")) if lang is not None else None}


def test_an_arabic_takeaway_reads_right_to_left_with_arabic_runs(multilingual_doc):
    paragraph = _paragraph(_docx(multilingual_doc), ARABIC)
    assert paragraph.style.name == "List Bullet" and _bidi(paragraph)
    props = [_run_props(r) for r in paragraph.runs]
    assert props and all(p["rtl"] and p["cs"] and p["lang_bidi"] == ARABIC_LANG for p in props)
    assert "".join(r.text for r in paragraph.runs) == ARABIC  # kept as written, in logical order


def test_an_arabic_recommendation_cell_reads_right_to_left(multilingual_doc):
    document = _docx(multilingual_doc)
    recommendations = next(t for t in document.tables if t.rows[0].cells[1].text == "Recommendation")
    cell = recommendations.rows[2].cells[1]
    assert cell.text == ARABIC
    assert _bidi(cell.paragraphs[0]) and all(_run_props(r)["rtl"] for r in cell.paragraphs[0].runs)


def test_a_chinese_takeaway_has_its_east_asian_font_and_language(multilingual_doc):
    paragraph = _paragraph(_docx(multilingual_doc), CHINESE)
    assert not _bidi(paragraph)
    [props] = [_run_props(r) for r in paragraph.runs]
    assert props["eastAsia"] and props["lang_eastAsia"] == CHINESE_LANG and not props["rtl"]


def test_english_text_has_no_right_to_left_or_east_asian_marking(multilingual_doc):
    document = _docx(multilingual_doc)
    for text in ("Friends-only chat by default.", "Friends-only chat by default for under-16s. (Industry)"):
        paragraph = _paragraph(document, text)
        assert not _bidi(paragraph)
        assert all(not any(_run_props(r).values()) for r in paragraph.runs), text


def test_mixed_text_starts_left_to_right_and_marks_only_its_arabic_run(multilingual_doc):
    paragraph = _paragraph(_docx(multilingual_doc), MIXED)
    assert not _bidi(paragraph)
    assert [(r.text, _run_props(r).get("rtl", False)) for r in paragraph.runs] == [
        ("ITU: ", False), ("نوصي بإعدادات آمنة", True)]


def test_bold_and_italic_arabic_switch_on_their_complex_script_forms():
    paragraph = Document().add_paragraph()
    add_text(paragraph, ARABIC, bold=True, italic=True)
    [run] = paragraph.runs
    assert run._r.rPr.find(qn("w:bCs")) is not None and run._r.rPr.find(qn("w:iCs")) is not None


@pytest.mark.parametrize("text, runs", [
    ("", []), ("Hello.", [("Hello.", "ltr")]), ("2025", [("2025", "ltr")]),
    ("مرحبا. Hello 中文", [("مرحبا. ", "rtl"), ("Hello ", "ltr"), ("中文", "cjk")]),
    ("(2025) مرحبا", [("(2025) مرحبا", "rtl")]),
])
def test_script_runs_cut_where_the_script_changes(text, runs):
    assert script_runs(text) == runs


def test_markdown_isolates_only_the_blocks_with_right_to_left_text(multilingual_doc):
    lines = render_report(multilingual_doc, "md").decode("utf-8").splitlines()
    assert f"- {FSI}{ARABIC}{PDI}" in lines
    assert f"- {CHINESE}" in lines  # no invisible characters where they change nothing
    assert any(line.startswith("| 2 | " + FSI) for line in lines)
    assert "- Friends-only chat by default for under-16s. (Industry)" in lines


def test_csv_keeps_user_text_without_isolation_marks(multilingual_doc):
    data = render_report(multilingual_doc, "csv").decode("utf-8-sig")
    assert ARABIC in data and FSI not in data and PDI not in data


def test_libreoffice_opens_the_multilingual_docx(multilingual_doc, tmp_path):
    assert convert_to_pdf(render_report(multilingual_doc, "docx"), tmp_path).stat().st_size > 5000
