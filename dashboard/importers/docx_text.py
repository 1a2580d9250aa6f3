"""A Word document (.docx) as blocks, keeping what only Word knows: list numbering, heading styles, bold."""
from __future__ import annotations

import io
import re
import zipfile
from typing import Any, Iterator, Optional

from docx.opc.constants import RELATIONSHIP_TYPE as RT

from .blocks import HEADING, ITEM, PARA, ROW, Block, classify_line
from .errors import ImportProblem

# A .docx of a few MB unpacks to a few tens of MB of XML; far more than that is a zip bomb.
MAX_UNPACKED_BYTES = 80 * 1024 * 1024
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"^heading\s*(\d)", re.IGNORECASE)


def _corrupt(name: str) -> ImportProblem:
    return ImportProblem(
        f"{name} could not be read as a Word document: it may be damaged, password-protected or not "
        "really a .docx. Open it in Word, save it again as .docx, or paste its text instead."
    )


def _open(data: bytes, name: str) -> Any:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if "word/document.xml" not in {i.filename for i in infos}:
                raise _corrupt(name)
            if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
                raise ImportProblem(f"{name} unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB; paste its text instead.")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        raise _corrupt(name) from None
    try:
        import docx

        return docx.Document(io.BytesIO(data))
    except ImportProblem:
        raise
    except Exception:  # noqa: BLE001 - python-docx and lxml raise many types for damaged files
        raise _corrupt(name) from None


def _numbering_formats(document: Any) -> dict[tuple[str, str], str]:
    """(numId, ilvl) -> numFmt ("decimal", "bullet", ...) from the numbering part."""
    formats: dict[tuple[str, str], str] = {}
    # Look the part up rather than use document.part.numbering_part, which tries to create
    # one (and fails) when a document has no numbered lists at all.
    try:
        root = document.part.part_related_by(RT.NUMBERING).element
    except (KeyError, AttributeError):
        return formats
    abstract: dict[str, dict[str, str]] = {}
    for node in root.iter(f"{_W}abstractNum"):
        levels = {}
        for lvl in node.iter(f"{_W}lvl"):
            fmt = lvl.find(f"{_W}numFmt")
            levels[lvl.get(f"{_W}ilvl", "0")] = fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal"
        abstract[node.get(f"{_W}abstractNumId", "")] = levels
    for num in root.iter(f"{_W}num"):
        ref = num.find(f"{_W}abstractNumId")
        levels = abstract.get(ref.get(f"{_W}val", "") if ref is not None else "", {})
        for ilvl, fmt in levels.items():
            formats[(num.get(f"{_W}numId", ""), ilvl)] = fmt
    return formats


def _num_pr(p_pr: Any) -> Optional[tuple[str, str]]:
    if p_pr is None:
        return None
    num_pr = p_pr.find(f"{_W}numPr")
    if num_pr is None:
        return None
    num_id = num_pr.find(f"{_W}numId")
    ilvl = num_pr.find(f"{_W}ilvl")
    return (num_id.get(f"{_W}val", "") if num_id is not None else "",
            ilvl.get(f"{_W}val", "0") if ilvl is not None else "0")


def _style_num_pr(style: Any) -> Optional[tuple[str, str]]:
    seen = 0
    while style is not None and seen < 10:
        found = _num_pr(style.element.find(f"{_W}pPr"))
        if found:
            return found
        style, seen = style.base_style, seen + 1
    return None


class _StyleInfo:
    """What the reader needs from a paragraph style, worked out once per style."""

    def __init__(self, style: Any) -> None:
        self.name = (style.name or "") if style is not None else ""
        self.bold = bool(style is not None and style.font is not None and style.font.bold)
        self.num_pr = _style_num_pr(style) if style is not None else None


class _Styles:
    # python-docx resolves `paragraph.style` by scanning every style of the document on each
    # call; a long circular made that quadratic (minutes for a few thousand paragraphs).
    def __init__(self) -> None:
        self._by_id: dict[Optional[str], _StyleInfo] = {}

    def of(self, paragraph: Any) -> _StyleInfo:
        p_pr = paragraph._p.pPr
        style_id = p_pr.pStyle.val if p_pr is not None and p_pr.pStyle is not None else None
        info = self._by_id.get(style_id)
        if info is None:
            info = self._by_id[style_id] = _StyleInfo(paragraph.style)
        return info


def _list_kind(paragraph: Any, style: _StyleInfo, formats: dict[tuple[str, str], str]) -> Optional[str]:
    """'numbered', 'bullet' or None for a paragraph, from its own numbering or its style's."""
    style_name = style.name.lower()
    ref = _num_pr(paragraph._p.pPr) or style.num_pr
    if ref is not None:
        if ref[0] == "0":
            return None
        fmt = formats.get(ref)
        if fmt is None:
            return "bullet" if "bullet" in style_name else "numbered"
        if fmt == "none":
            return None
        return "bullet" if fmt == "bullet" else "numbered"
    if style_name.startswith("list number"):
        return "numbered"
    if style_name.startswith("list bullet"):
        return "bullet"
    return None


def _is_bold(paragraph: Any, style: _StyleInfo) -> bool:
    runs = [r for r in paragraph.runs if r.text.strip()]
    if not runs:
        return False
    return all(r.bold if r.bold is not None else style.bold for r in runs)


def _paragraph_blocks(paragraph: Any, styles: _Styles, formats: dict[tuple[str, str], str]) -> list[Block]:
    text = paragraph.text.replace("\t", " ")
    if not text.strip():
        return []
    style = styles.of(paragraph)
    style_name = style.name
    heading = _HEADING_STYLE.match(style_name)
    if heading or style_name.lower() in {"title", "subtitle"}:
        level = int(heading.group(1)) if heading else (1 if style_name.lower() == "title" else 2)
        return [Block(" ".join(text.split()), HEADING, level=level)]
    kind = _list_kind(paragraph, style, formats)
    bold = _is_bold(paragraph, style)
    if kind is not None:
        typed = classify_line(" ".join(text.split()))
        inner = typed.text if typed is not None and typed.kind == ITEM else " ".join(text.split())
        return [Block(inner, ITEM, numbered=kind == "numbered", bold=bold)]
    blocks = []
    # Soft line breaks (Shift+Enter) put a heading and its first line in one paragraph.
    for line in text.split("\n"):
        block = classify_line(line)
        if block is not None:
            block.bold = block.bold or bold
            blocks.append(block)
    return blocks


def _body_blocks(container: Any, document: Any, styles: _Styles, formats: dict[tuple[str, str], str],
                 depth: int = 0) -> Iterator[Block]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in container.iterchildren():
        if child.tag == f"{_W}p":
            yield from _paragraph_blocks(Paragraph(child, document), styles, formats)
        elif child.tag == f"{_W}tbl" and depth < 5:
            for row in Table(child, document).rows:
                cells: list[str] = []
                inner: list[Block] = []
                for cell in _unique_cells(row):
                    # Keep line breaks: the first line of an agenda cell is its title, the rest speakers.
                    lines = (" ".join(line.split()) for line in cell.text.split("\n"))
                    cells.append("\n".join(line for line in lines if line))
                    inner.extend(_body_blocks(cell._tc, document, styles, formats, depth + 1))
                if any(cells):
                    yield Block(" ".join(" ".join(c.split()) for c in cells if c), ROW, cells=tuple(cells),
                                children=inner)
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _body_blocks(content, document, styles, formats, depth + 1)


def _unique_cells(row: Any) -> list[Any]:
    """Row cells with horizontally merged cells counted once (one per <w:tc>)."""
    from docx.table import _Cell

    return [_Cell(tc, row.table) for tc in row._tr.tc_lst]


def docx_blocks(data: bytes, name: str = "The document") -> list[Block]:
    """The blocks of a .docx in reading order; ImportProblem when it is damaged or not a .docx."""
    document = _open(data, name)
    try:
        formats = _numbering_formats(document)
        return list(_body_blocks(document.element.body, document, _Styles(), formats))
    except ImportProblem:
        raise
    except Exception:  # noqa: BLE001 - malformed XML inside a valid zip surfaces here
        raise _corrupt(name) from None


__all__ = ["docx_blocks", "HEADING", "PARA", "ITEM", "ROW"]
