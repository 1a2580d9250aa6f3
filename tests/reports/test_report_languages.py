"""The report in any of the six languages: our headings and fixed text translated, user text as written."""
import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from dashboard.i18n import LANGUAGES, translate
from dashboard.reports import render_report, report_filename
from dashboard.reports.blocks import Heading, Table, build_blocks
from dashboard.services.errors import ValidationError
from tests.reports.office import convert_to_pdf


def _docx(doc, language):
    return Document(io.BytesIO(render_report(doc, "docx", language=language)))


def _bidi(element) -> bool:
    p_pr = element._p.pPr
    return p_pr is not None and p_pr.find(qn("w:bidi")) is not None


def _headings(doc, language):
    return [b.text for b in build_blocks(doc, language) if isinstance(b, Heading) and b.level == 1]


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_every_section_heading_is_in_the_chosen_language(staff_doc, language):
    english = _headings(staff_doc, "en")
    translated = _headings(staff_doc, language)
    assert english[0] == "1. Purpose" and len(translated) == len(english) == 7
    assert translated == [translate(h, language) for h in english]
    assert all(t != e for t, e in zip(translated, english)), translated


def test_user_text_stays_as_written_in_a_french_report(participant_doc):
    english = render_report(participant_doc, "md").decode("utf-8")
    french = render_report(participant_doc, "md", language="fr").decode("utf-8")
    assert "## 5\\. Recommandations" in french and "Recommendations" not in french
    assert "**Date :**" in french
    first = participant_doc["recommendations"][0]["text"]
    assert first.split()[0] in french and first.split()[0] in english
    # Stored codes' labels are translated, the codes themselves never appear.
    assert "Société civile" in french or "Industrie" in french


def test_the_arabic_docx_reads_right_to_left(staff_doc):
    document = _docx(staff_doc, "ar")
    heading = next(p for p in document.paragraphs if p.text == "1. الغرض")
    assert _bidi(heading)
    labelled = next(p for p in document.paragraphs if p.text.startswith("التاريخ:"))
    assert _bidi(labelled)  # our label is Arabic: the whole paragraph reads from the right
    assert document.tables, "the report has tables"
    for table in document.tables:
        assert table._tbl.tblPr.find(qn("w:bidiVisual")) is not None
        assert all(_bidi(p) for p in table.rows[0].cells[0].paragraphs)
    footer = document.sections[0].footer.paragraphs
    assert any("الصفحة" in p.text for p in footer) and any(_bidi(p) for p in footer)
    normal = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert (normal.get(qn("w:bidi")), normal.get(qn("w:val"))) == ("ar-SA", "en-GB")


def test_a_french_docx_stays_left_to_right_and_is_marked_french(participant_doc):
    document = _docx(participant_doc, "fr")
    assert any(p.text == "1. Objet" for p in document.paragraphs)
    assert not any(t._tbl.tblPr.find(qn("w:bidiVisual")) is not None for t in document.tables)
    normal = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert normal.get(qn("w:val")) == "fr-FR"
    assert document.core_properties.language == "fr"


def test_chinese_table_headers_and_dates(staff_doc):
    blocks = build_blocks(staff_doc, "zh")
    participation = next(b for b in blocks if isinstance(b, Table) and b.headers[0] == "利益攸关方群体")
    assert participation.headers == ("利益攸关方群体", "参与者", "发言")
    date = next(b for b in blocks if getattr(b, "label", None) == "日期")
    assert "年" in date.text and "月" in date.text


def test_english_is_the_default_and_an_unknown_language_is_refused(participant_doc):
    assert render_report(participant_doc, "md") == render_report(participant_doc, "md", language="en")
    with pytest.raises(ValidationError, match="Unknown language"):
        render_report(participant_doc, "docx", language="de")


def test_the_file_name_says_the_language(participant_doc):
    assert report_filename(participant_doc, "docx", language="ar").endswith("-ar.docx")
    assert not report_filename(participant_doc, "docx").endswith("-en.docx")
    assert "-fr" not in report_filename(participant_doc, "csv", language="fr")


@pytest.mark.parametrize("language", ["ar", "zh"])
def test_libreoffice_opens_the_report_in_arabic_and_chinese(staff_doc, tmp_path, language):
    assert convert_to_pdf(render_report(staff_doc, "docx", language=language), tmp_path).stat().st_size > 5000


def test_english_user_text_after_an_arabic_label_keeps_its_own_direction(staff_doc):
    document = _docx(staff_doc, "ar")
    objective = next(p for p in document.paragraphs if p.text.startswith("الهدف:"))
    # LEFT-TO-RIGHT EMBEDDING ... POP DIRECTIONAL FORMATTING: the full stop stays after the last English word.
    assert "\u202a" in objective.text and objective.text.endswith("\u202c")
    english = _docx(staff_doc, "en")
    assert not any("\u202a" in p.text for p in english.paragraphs)
