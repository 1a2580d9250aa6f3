"""The DOCX reads well on paper: page numbers, table headers on every page, no word broken in two."""
import copy
import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Emu

from dashboard.reports import render_report
from dashboard.reports.docx_layout import MAX_UNSPLIT_CHARS

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _open(data: bytes):
    return Document(io.BytesIO(data))


def _on(element) -> bool:
    return element is not None and element.get(qn("w:val"), "true") in ("true", "1", "on")


@pytest.mark.parametrize("audience", ["participant", "staff"])
def test_footer_says_page_n_of_m_with_word_fields(audience, participant_doc, staff_doc):
    doc = participant_doc if audience == "participant" else staff_doc
    footer = _open(render_report(doc, "docx")).sections[0].footer
    [numbers] = [p for p in footer.paragraphs if p.text.startswith("Page ")]
    assert numbers.text == "Page 1 of 1"  # cached results; Word and LibreOffice compute the real ones
    instructions = [t.text.strip() for t in numbers._p.iter(f"{W}instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    kinds = [c.get(qn("w:fldCharType")) for c in numbers._p.iter(f"{W}fldChar")]
    assert kinds == ["begin", "separate", "end"] * 2
    assert footer.paragraphs[0].text  # the session label or the staff warning stays above the numbers


@pytest.mark.parametrize("support, tables", [(False, 4), (True, 6)])
def test_every_table_repeats_its_header_row_and_keeps_short_rows_on_one_page(support, tables, request):
    doc = request.getfixturevalue("supported_docs")["staff"] if support else request.getfixturevalue("staff_doc")
    document = _open(render_report(doc, "docx"))
    # participation, recommendations, follow-up, (support for R1 and R2,) interventions annex
    assert len(document.tables) == tables
    for table in document.tables:
        rows = [row._tr for row in table.rows]
        assert _on(rows[0].trPr.find(qn("w:tblHeader")))
        assert all(r.trPr is None or r.trPr.find(qn("w:tblHeader")) is None for r in rows[1:])
        assert all(_on(r.trPr.find(qn("w:cantSplit"))) for r in rows)  # every row of this report is short


def test_a_row_taller_than_a_page_may_still_split(staff_doc):
    doc = copy.deepcopy(staff_doc)
    doc["interventions"][0]["text"] = "A very long note. " * (MAX_UNSPLIT_CHARS // 10)
    annex = _open(render_report(doc, "docx")).tables[-1]
    first, second = annex.rows[1]._tr, annex.rows[2]._tr
    assert first.trPr.find(qn("w:cantSplit")) is None
    assert _on(second.trPr.find(qn("w:cantSplit")))
    # Schema order inside w:trPr: cantSplit comes before tblHeader.
    header = [c.tag for c in annex.rows[0]._tr.trPr]
    assert header.index(qn("w:cantSplit")) < header.index(qn("w:tblHeader"))


def test_automatic_hyphenation_is_off_everywhere(staff_doc):
    document = _open(render_report(staff_doc, "docx"))
    settings = document.settings.element
    [auto] = settings.findall(qn("w:autoHyphenation"))
    assert auto.get(qn("w:val")) == "false"
    children = [c.tag for c in settings]
    # Where the schema puts it: after the default tab stop, before the compatibility settings.
    assert children.index(qn("w:defaultTabStop")) < children.index(qn("w:autoHyphenation")) < \
        children.index(qn("w:compat"))

    section = document.sections[0]
    paragraphs = [*document.paragraphs, *section.header.paragraphs, *section.footer.paragraphs,
                  *(p for t in document.tables for r in t.rows for c in r.cells for p in c.paragraphs)]
    used = {s.name: s for s in [*(p.style for p in paragraphs), *(t.style for t in document.tables)]}
    assert set(used) >= {"Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "Normal", "Table Grid",
                         "Footer"}
    for style in used.values():
        p_pr = style.element.pPr
        assert p_pr is not None and _on(p_pr.find(qn("w:suppressAutoHyphens"))), style.name
        order = [c.tag for c in p_pr]
        later = [order.index(qn(t)) for t in ("w:spacing", "w:ind", "w:jc", "w:outlineLvl") if qn(t) in order]
        assert all(order.index(qn("w:suppressAutoHyphens")) < i for i in later), style.name
    # No paragraph turns it back on for itself.
    assert not [p for p in paragraphs if p._p.pPr is not None
                and p._p.pPr.find(qn("w:suppressAutoHyphens")) is not None
                and not _on(p._p.pPr.find(qn("w:suppressAutoHyphens")))]


# Calibri 10.5 pt averages under half an em a character; a cell loses 0.19 cm of padding each side.
EM_PER_CHAR, FONT_PT, PADDING_CM = 0.5, 10.5, 0.38


def _fits(word: str, width_cm: float) -> bool:
    return len(word) * EM_PER_CHAR * FONT_PT / 72 * 2.54 <= width_cm - PADDING_CM


@pytest.mark.parametrize("audience, support", [("participant", False), ("staff", False), ("participant", True)])
def test_every_word_of_our_labels_fits_its_column(audience, support, request):
    """A word wider than its column is broken mid-word ("representati / ves") whatever hyphenation says."""
    doc = (request.getfixturevalue("supported_docs")[audience] if support
           else request.getfixturevalue(f"{audience}_doc"))
    document = _open(render_report(doc, "docx"))
    checked = set()
    for table in document.tables:
        widths = [Emu(int(g.get(qn("w:w"))) * 635).cm for g in table._tbl.tblGrid.iter(f"{W}gridCol")]
        for row in table.rows:
            for cell, width in zip(row.cells, widths):
                for word in cell.text.split():
                    if word.startswith(("<", "[", "**")):  # the hostile test text, not a label
                        continue
                    assert _fits(word, width), f"{word!r} does not fit a {width:.1f} cm column"
                    checked.add(word)
    assert "representatives" in checked  # the word a reader saw broken
