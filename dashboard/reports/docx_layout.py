"""Page layout python-docx has no API for, written as the OOXML Word itself writes.

- "Page N of M" in the footer (PAGE and NUMPAGES fields; Word and LibreOffice fill them in).
- A table's header row repeats on every page it runs over (w:tblHeader), and short rows
  are not split between two pages (w:cantSplit).
- No automatic hyphenation: the settings turn it off and every style the report uses suppresses
  it, so "representatives" is never printed as "representati-ves".

Elements are inserted at their place in the schema's sequence, so strict readers (Word) accept them.
"""
from __future__ import annotations

import re

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# A row longer than this (characters in its longest cell) may be taller than a page: it is
# allowed to split, or Word would have to cut it off.
MAX_UNSPLIT_CHARS = 600

# The w:pPr children that may follow w:suppressAutoHyphens (ECMA-376, CT_PPrBase).
PPR_AFTER_SUPPRESS_HYPHENS = (
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)
# The w:settings children that may follow w:autoHyphenation (CT_Settings).
_AFTER_AUTO_HYPHENATION = (
    "w:consecutiveHyphenLimit", "w:hyphenationZone", "w:doNotHyphenateCaps", "w:showEnvelope",
    "w:summaryLength", "w:clickAndTypeStyle", "w:defaultTableStyle", "w:evenAndOddHeaders",
    "w:bookFoldRevPrinting", "w:bookFoldPrinting", "w:bookFoldPrintingSheets",
    "w:drawingGridHorizontalSpacing", "w:drawingGridVerticalSpacing", "w:displayHorizontalDrawingGridEvery",
    "w:displayVerticalDrawingGridEvery", "w:doNotUseMarginsForDrawingGridOrigin",
    "w:drawingGridHorizontalOrigin", "w:drawingGridVerticalOrigin", "w:doNotShadeFormData",
    "w:noPunctuationKerning", "w:characterSpacingControl", "w:printTwoOnOne", "w:strictFirstAndLastChars",
    "w:noLineBreaksAfter", "w:noLineBreaksBefore", "w:savePreviewPicture", "w:doNotValidateAgainstSchema",
    "w:saveInvalidXml", "w:ignoreMixedContent", "w:alwaysShowPlaceholderText", "w:doNotDemarcateInvalidXml",
    "w:saveXmlDataOnly", "w:useXSLTWhenSaving", "w:saveThroughXslt", "w:showXMLTags",
    "w:alwaysMergeEmptyNamespace", "w:updateFields", "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr",
    "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
    "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade",
    "w:captions", "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults",
    "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
)
# The w:trPr children in schema order (CT_TrPrBase is a choice, but Word writes them in this order).
_TR_PR_ORDER = ("w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
                "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del",
                "w:trPrChange")


def _on_off(tag: str, value: str = "true") -> Any:
    element = OxmlElement(tag)
    element.set(qn("w:val"), value)
    return element


def set_child(parent: Any, tag: str, element: Any, successors: tuple[str, ...]) -> None:
    """Replace `tag` under `parent` with `element`, placed before the first of `successors` present."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    parent.insert_element_before(element, *successors)


def _field(run_parent: Any, instruction: str, placeholder: str) -> None:
    """A simple field (PAGE, NUMPAGES) as begin / instrText / separate / cached result / end runs."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("result", placeholder),
                       ("end", None)):
        run = run_parent.add_run()
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)
        elif kind == "result":
            run.text = text
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


def add_page_numbers(footer: Any, words: str = "Page {page} of {pages}") -> Any:
    """Append a 'Page N of M' paragraph to a section footer (`words` in the report's language); returns it."""
    paragraph = footer.add_paragraph(style="Footer")
    for piece in re.split(r"(\{page\}|\{pages\})", words):
        if piece == "{page}":
            _field(paragraph, "PAGE", "1")
        elif piece == "{pages}":
            _field(paragraph, "NUMPAGES", "1")
        elif piece:
            paragraph.add_run(piece)
    return paragraph


def keep_rows_together(table: Any) -> None:
    """The first row repeats as the header on every page; rows short enough never split across pages."""
    for index, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        longest = max((len(cell.text) for cell in row.cells), default=0)
        if index == 0 or longest <= MAX_UNSPLIT_CHARS:
            set_child(tr_pr, "w:cantSplit", _on_off("w:cantSplit"), tags_after(_TR_PR_ORDER, "w:cantSplit"))
        if index == 0:
            set_child(tr_pr, "w:tblHeader", _on_off("w:tblHeader"), tags_after(_TR_PR_ORDER, "w:tblHeader"))


def tags_after(order: tuple[str, ...], tag: str) -> tuple[str, ...]:
    """The tags that follow `tag` in a schema sequence: where an element of that tag is inserted before."""
    return order[order.index(tag) + 1:]


def turn_off_hyphenation(document: Any, style_names: tuple[str, ...]) -> None:
    """No automatic hyphenation in the document's settings, and suppressed on each named style."""
    settings = document.settings.element
    set_child(settings, "w:autoHyphenation", _on_off("w:autoHyphenation", "false"), _AFTER_AUTO_HYPHENATION)
    for name in style_names:
        style = document.styles[name]
        # Table styles carry paragraph properties for their cells too.
        p_pr = style.element.get_or_add_pPr()
        set_child(p_pr, "w:suppressAutoHyphens", _on_off("w:suppressAutoHyphens"), PPR_AFTER_SUPPRESS_HYPHENS)
