"""DOCX in the style of an ITU meeting report.

Only styles that exist in python-docx's default template are used ("Title", "Heading 1-3",
"List Bullet", "Table Grid"), so Word and LibreOffice open the file without a repair prompt.
Page numbers, repeated table headers and the hyphenation switch are OOXML written by
`docx_layout`, as Word writes them.
"""
from __future__ import annotations

import io
import re
from typing import Any

from docx import Document
from docx.shared import Cm, Pt

from .blocks import Bullets, Heading, Paragraph, Table, Title, build_blocks, is_staff, session_label
from .docx_layout import add_page_numbers, keep_rows_together, turn_off_hyphenation

# Characters XML 1.0 forbids (control codes pasted from chat tools): python-docx refuses them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "Table Grid", "Normal", "Header", "Footer")


def _safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def _table(document: Any, block: Table) -> None:
    table = document.add_table(rows=1, cols=len(block.headers))
    table.style = document.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, block.headers):
        cell.text = ""
        cell.paragraphs[0].add_run(_safe(text)).bold = True
    for row in block.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = _safe(text)
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


def render_docx(doc: dict[str, Any]) -> bytes:
    """The report as DOCX bytes."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4, as ITU documents are
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin = section.bottom_margin = Cm(2.0)
    document.styles["Normal"].font.size = Pt(10.5)
    document.core_properties.title = _safe(f"Report: {session_label(doc)}")[:250]
    document.core_properties.author = "ITU Dialogue Desk"
    document.core_properties.subject = "Child Online Protection — Industry Connect"
    section.header.paragraphs[0].text = "International Telecommunication Union · Child Online Protection"
    section.footer.paragraphs[0].text = (
        "Staff working version: contains names, not for circulation" if is_staff(doc) else _safe(session_label(doc)))
    add_page_numbers(section.footer)
    turn_off_hyphenation(document, STYLES)
    for block in build_blocks(doc):
        if isinstance(block, Title):
            document.add_heading(_safe(block.text), level=0)
        elif isinstance(block, Heading):
            document.add_heading(_safe(block.text), level=block.level)
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph()
            if block.label:
                paragraph.add_run(f"{block.label}: ").bold = True
            paragraph.add_run(_safe(block.text)).italic = block.italic
        elif isinstance(block, Bullets):
            for item in block.items:
                document.add_paragraph(_safe(item), style="List Bullet")
        elif isinstance(block, Table):
            _table(document, block)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
