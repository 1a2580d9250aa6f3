"""Direction, language and font per script in the DOCX, as Word writes them for Arabic and Chinese.

Word picks a run's font, shaping and language from the run's properties, not from its characters:
- Arabic runs carry w:rtl (complex-script shaping and digits), the complex-script font (w:rFonts/@w:cs)
  and language (w:lang/@w:bidi); a paragraph whose first letter is Arabic carries w:bidi, so it reads
  from the right and its full stop and brackets fall at the right end.
- Chinese runs carry the East Asian font (w:rFonts/@w:eastAsia, with the eastAsia hint so shared
  punctuation uses it too) and language (w:lang/@w:eastAsia).
- Latin and Cyrillic runs are left as python-docx writes them.

Mixed text ("التوصية 3 for ITU") is split into runs by script; spaces, digits and punctuation stay
with the run they follow. User text is kept as written: nothing is translated or reordered here.
"""
from __future__ import annotations

import unicodedata
from typing import Any, Optional

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from dashboard.textfmt import direction

from .docx_layout import PPR_AFTER_SUPPRESS_HYPHENS, set_child, tags_after

# Fonts Word on Windows and macOS ships; LibreOffice substitutes its own (Noto) by language.
LATIN_FONT = "Calibri"
ARABIC_FONT = "Arial"
CHINESE_FONT = "SimSun"
ARABIC_LANG = "ar-SA"
CHINESE_LANG = "zh-CN"

# CT_RPr children after w:lang and after w:szCs, in schema order.
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_SZ_CS = ("w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
                "w:em", "w:lang", *_AFTER_LANG)
_AFTER_BIDI = tags_after(("w:suppressAutoHyphens", *PPR_AFTER_SUPPRESS_HYPHENS), "w:bidi")


def _is_cjk(char: str) -> bool:
    cp = ord(char)
    return (0x2E80 <= cp <= 0x9FFF or 0xAC00 <= cp <= 0xD7AF or 0xF900 <= cp <= 0xFAFF
            or 0xFF00 <= cp <= 0xFFEF or 0x20000 <= cp <= 0x3134F)


def _script(char: str) -> Optional[str]:
    """'rtl', 'cjk' or 'ltr' for a letter; None for spaces, digits and punctuation (they follow their run)."""
    bidi = unicodedata.bidirectional(char)
    if bidi in ("R", "AL"):
        return "rtl"
    if bidi == "L":
        return "cjk" if _is_cjk(char) else "ltr"
    return None


def script_runs(text: str) -> list[tuple[str, str]]:
    """The text cut where the script changes: [(piece, 'rtl' | 'cjk' | 'ltr'), ...], pieces in logical order."""
    runs: list[tuple[str, str]] = []
    piece, current = "", None
    for char in text:
        kind = _script(char)
        if kind is not None and current is not None and kind != current:
            runs.append((piece, current))
            piece = ""
        if kind is not None:
            current = kind
        piece += char
    if piece:
        runs.append((piece, current or "ltr"))
    return runs


def _fonts(r_pr: Any, **fonts: str) -> None:
    element = r_pr.get_or_add_rFonts()
    for attribute, value in fonts.items():
        element.set(qn(f"w:{attribute}"), value)


def _lang(r_pr: Any, attribute: str, value: str) -> None:
    element = r_pr.find(qn("w:lang"))
    if element is None:
        element = OxmlElement("w:lang")
        r_pr.insert_element_before(element, *_AFTER_LANG)
    element.set(qn(f"w:{attribute}"), value)


def mark_run(run: Any, kind: str) -> None:
    """Script properties on one run (see the module docstring); 'ltr' runs are left alone."""
    if kind == "rtl":
        r_pr = run._r.get_or_add_rPr()
        _fonts(r_pr, ascii=LATIN_FONT, hAnsi=LATIN_FONT, cs=ARABIC_FONT)
        # Bold and italic of a right-to-left run are the complex-script switches.
        if run.bold:
            r_pr.get_or_add_bCs()
        if run.italic:
            r_pr.get_or_add_iCs()
        r_pr.get_or_add_rtl()
        _lang(r_pr, "bidi", ARABIC_LANG)
    elif kind == "cjk":
        r_pr = run._r.get_or_add_rPr()
        _fonts(r_pr, ascii=LATIN_FONT, hAnsi=LATIN_FONT, eastAsia=CHINESE_FONT, hint="eastAsia")
        _lang(r_pr, "eastAsia", CHINESE_LANG)


def mark_paragraph(paragraph: Any, text: str) -> None:
    """w:bidi on a paragraph whose first letter is right-to-left."""
    if direction(text) == "rtl":
        p_pr = paragraph._p.get_or_add_pPr()
        bidi = OxmlElement("w:bidi")
        set_child(p_pr, "w:bidi", bidi, _AFTER_BIDI)


def add_text(paragraph: Any, text: str, *, bold: Optional[bool] = None, italic: Optional[bool] = None) -> None:
    """Text appended to a paragraph as one run per script, each marked with its direction, language and font."""
    for piece, kind in script_runs(text):
        run = paragraph.add_run(piece)
        run.bold, run.italic = bold, italic
        mark_run(run, kind)


# Each report language as Word names it, for the default language of the document's text (spelling, hyphenation).
WORD_LANGUAGES = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES", "ru": "ru-RU", "ar": ARABIC_LANG, "zh": CHINESE_LANG}
# CT_TblPr children after w:bidiVisual, in schema order.
_AFTER_BIDI_VISUAL = ("w:tblStyleRowBandSize", "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing",
                      "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                      "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def document_language(style: Any, language: str) -> None:
    """The style's (Normal's) languages: the report's language for its script, English for Latin text in an
    Arabic or Chinese report (Latin text marked Chinese would break anywhere inside a word)."""
    r_pr = style.element.get_or_add_rPr()
    if language == "ar":
        _lang(r_pr, "val", WORD_LANGUAGES["en"])
        _lang(r_pr, "bidi", ARABIC_LANG)
    elif language == "zh":
        _lang(r_pr, "val", WORD_LANGUAGES["en"])
        _lang(r_pr, "eastAsia", CHINESE_LANG)
    else:
        _lang(r_pr, "val", WORD_LANGUAGES.get(language, WORD_LANGUAGES["en"]))


def table_right_to_left(table: Any) -> None:
    """The table's first column on the right (w:bidiVisual), as a right-to-left document reads it."""
    set_child(table._tbl.tblPr, "w:bidiVisual", OxmlElement("w:bidiVisual"), _AFTER_BIDI_VISUAL)


def paragraph_right_to_left(paragraph: Any) -> None:
    """w:bidi on a paragraph of ours in a right-to-left report, whatever the text it starts with."""
    set_child(paragraph._p.get_or_add_pPr(), "w:bidi", OxmlElement("w:bidi"), _AFTER_BIDI)


# Directional embeddings (LEFT-TO-RIGHT / RIGHT-TO-LEFT EMBEDDING ... POP DIRECTIONAL FORMATTING):
# older than the isolates, and honoured by every version of Word and LibreOffice.
LRE, RLE, PDF = "\u202a", "\u202b", "\u202c"


def embedded(text: str, around: str) -> str:
    """User text after a label of ours: embedded in its own direction when that differs from the label's
    ('الهدف: Compare ... under 18.' keeps its full stop after '18'); as it is otherwise."""
    own = direction(text)
    if not text or own == around:
        return text
    return f"{RLE if own == 'rtl' else LRE}{text}{PDF}"


def complex_script_size(style: Any, half_points: int) -> None:
    """The style's size for Arabic runs too (Word reads w:szCs for them, w:sz for the rest)."""
    size = OxmlElement("w:szCs")
    size.set(qn("w:val"), str(half_points))
    set_child(style.element.get_or_add_rPr(), "w:szCs", size, _AFTER_SZ_CS)
