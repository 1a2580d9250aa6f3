"""DOCX in the style of an ITU meeting report.

Only styles that exist in python-docx's default template are used ("Title", "Heading 1-3",
"List Bullet", "Table Grid"), so Word and LibreOffice open the file without a repair prompt.
Page numbers, repeated table headers and the hyphenation switch are OOXML written by
`docx_layout`, as Word writes them. Each paragraph of user text takes the direction of its first
letter, and each run the language and font of its script (`docx_scripts`): Arabic reads right to left.
"""
from __future__ import annotations

import io
import re
from typing import Any, Optional

from docx import Document
from docx.shared import Cm, Pt

from dashboard.i18n import DEFAULT, is_rtl
from dashboard.textfmt import direction

from .blocks import Bullets, Heading, Paragraph, Table, Title, Words, build_blocks, is_staff, session_label
from .docx_layout import add_page_numbers, keep_rows_together, turn_off_hyphenation
from .docx_scripts import (add_text, complex_script_size, document_language, embedded, mark_paragraph,
                           paragraph_right_to_left, table_right_to_left)

# Characters XML 1.0 forbids (control codes pasted from chat tools): python-docx refuses them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "Table Grid", "Normal", "Header", "Footer")


def _safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def _write(paragraph: Any, text: str, *, bold: Optional[bool] = None, italic: Optional[bool] = None) -> Any:
    """A paragraph's text, in its own direction and with the language and font of each script."""
    text = _safe(text)
    mark_paragraph(paragraph, text)
    add_text(paragraph, text, bold=bold, italic=italic)
    return paragraph


def _table(document: Any, block: Table, rtl: bool) -> None:
    table = document.add_table(rows=1, cols=len(block.headers))
    table.style = document.styles["Table Grid"]
    if rtl:
        table_right_to_left(table)
    for cell, text in zip(table.rows[0].cells, block.headers):
        cell.text = ""
        _write(cell.paragraphs[0], text, bold=True)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            _write(cell.paragraphs[0], text)
    if block.widths_cm:
        # Word reads the cell widths, LibreOffice the column grid: set both.
        table.autofit = False
        for column, width in zip(table.columns, block.widths_cm):
            column.width = Cm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, block.widths_cm):
                cell.width = Cm(width)
    keep_rows_together(table)
    document.add_paragraph()


def render_docx(doc: dict[str, Any], language: str = DEFAULT) -> bytes:
    """The report as DOCX bytes, our words in `language` (user text as written)."""
    _ = Words(language)
    rtl = is_rtl(language)
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4, as ITU documents are
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin = section.bottom_margin = Cm(2.0)
    document.styles["Normal"].font.size = Pt(10.5)
    complex_script_size(document.styles["Normal"], 21)  # 10.5 pt for Arabic runs too
    document_language(document.styles["Normal"], language)
    document.core_properties.title = _safe(_("Report: {session}").format(session=session_label(doc)))[:250]
    document.core_properties.author = "ITU Dialogue Desk"
    document.core_properties.subject = _("Child Online Protection — Industry Connect")
    document.core_properties.language = language
    _write(section.header.paragraphs[0], _("International Telecommunication Union · Child Online Protection"))
    _write(section.footer.paragraphs[0],
           _("Staff working version: contains names, not for circulation") if is_staff(doc) else session_label(doc))
    footer = add_page_numbers(section.footer, _("Page {page} of {pages}"))
    if rtl:
        for paragraph in (section.header.paragraphs[0], footer):
            paragraph_right_to_left(paragraph)
    turn_off_hyphenation(document, STYLES)
    for block in build_blocks(doc, language):
        if isinstance(block, Title):
            _write(document.add_heading("", level=0), block.text)
        elif isinstance(block, Heading):
            _write(document.add_heading("", level=block.level), block.text)
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph()
            if block.label:
                # The label is ours: the paragraph reads in the report's direction, its user text in its own runs.
                mark_paragraph(paragraph, block.label)
                add_text(paragraph, _("{label}:").format(label=block.label) + " ", bold=True)
                add_text(paragraph, embedded(_safe(block.text), direction(block.label)), italic=block.italic or None)
            else:
                _write(paragraph, block.text, italic=block.italic or None)
        elif isinstance(block, Bullets):
            for item in block.items:
                _write(document.add_paragraph(style="List Bullet"), item)
        elif isinstance(block, Table):
            _table(document, block, rtl)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
