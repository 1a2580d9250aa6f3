"""A Word document (.docx) as blocks, keeping what only Word knows: list numbering, heading styles, bold."""
from __future__ import annotations

import copy
import io
import re
import zipfile
import zlib
from typing import Any, Iterator, Optional

from docx.opc.constants import RELATIONSHIP_TYPE as RT

from .blocks import HEADING, ITEM, PARA, ROW, Block, classify_line
from dashboard.i18n import N_

from .errors import ImportProblem, Notice
from .files import MAX_LINES

# A real circular unpacks to its images plus a few MB of XML. The cap is on the bytes actually
# decompressed, never on the sizes the zip declares: those can lie. It also bounds the memory
# python-docx needs for the parsed XML (several times the XML's size).
MAX_UNPACKED_BYTES = 15 * 1024 * 1024
MAX_MEMBERS = 300
# Parsed XML costs ~120 bytes per element (15 MB of "<w:r/>" would need ~300 MB), and walking
# it costs CPU per element. Counting "<", an upper bound on the elements, keeps the tree near
# 60 MB at most; a long, heavily formatted circular has a few hundred thousand.
MAX_XML_TAGS = 500_000
_CHUNK = 64 * 1024
# Deflate (what Word writes) decompresses a bounded amount per read; bzip2 and LZMA members
# decompress a whole compressed chunk at once, however large that gets.
_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"^heading\s*(\d)", re.IGNORECASE)


def _corrupt(name: str) -> ImportProblem:
    return ImportProblem(N_(
        "{name} could not be read as a Word document: it may be damaged, password-protected or not "
        "really a .docx. Open it in Word, save it again as .docx, or paste its text instead."
    ), name=name)


def _too_big(name: str) -> ImportProblem:
    return ImportProblem(N_(
        "{name} unpacks to more than {limit} MB, far more than a concept note or circular. "
        "Remove large images, or paste the text of the concept note instead."
    ), name=name, limit=MAX_UNPACKED_BYTES // 2**20)


def _unpack(data: bytes, name: str) -> dict[str, bytes]:
    """Every member of the .docx, decompressed in chunks under one budget for the whole file."""
    members: dict[str, bytes] = {}
    total = tags = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ImportProblem(N_("{name} holds {count} files inside; a Word document holds a few dozen. "
                                   "Save it again from Word, or paste its text instead."),
                                name=name, count=f"{len(infos):,}")
        if "word/document.xml" not in {i.filename for i in infos}:
            raise _corrupt(name)
        for info in infos:
            if info.flag_bits & 0x1 or info.compress_type not in _COMPRESSIONS:
                raise _corrupt(name)
            # Read until the compressed data really ends, not until the declared size: zipfile
            # stops at the declared size, and python-docx reads a member in one call that
            # decompresses up to 2 GB before cutting it to that size.
            honest = copy.copy(info)
            honest.file_size = 1 << 62
            chunks: list[bytes] = []
            with archive.open(honest) as stream:
                while chunk := stream.read(_CHUNK):
                    total += len(chunk)
                    if total > MAX_UNPACKED_BYTES:
                        raise _too_big(name)
                    chunks.append(chunk)
            members[info.filename] = b"".join(chunks)
            tags += members[info.filename].count(b"<")
            if tags > MAX_XML_TAGS:
                raise ImportProblem(N_("{name} holds more than {limit} pieces of markup, far more than a "
                                       "concept note or circular. Save a copy with only the concept note, or paste "
                                       "its text instead."), name=name, limit=f"{MAX_XML_TAGS:,}")
    return members


def _open(data: bytes, name: str) -> Any:
    try:
        members = _unpack(data, name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError,
            NotImplementedError):
        raise _corrupt(name) from None
    # python-docx gets a package rebuilt from the checked bytes, so nothing it reads can
    # unpack to more than was counted.
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w", zipfile.ZIP_STORED) as clean:
        for member, blob in members.items():
            clean.writestr(member, blob)
    del members
    package.seek(0)
    try:
        import docx

        return docx.Document(package)
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


def docx_blocks(data: bytes, name: str = Notice(N_("The document"))) -> list[Block]:
    """The blocks of a .docx in reading order; ImportProblem when it is damaged or not a .docx."""
    document = _open(data, name)
    too_long = ImportProblem(N_("{name} has more than {limit} paragraphs, far more than a concept note or "
                                "circular. Copy the concept note into a new document, or paste its text."),
                             name=name, limit=f"{MAX_LINES:,}")
    if len(document.element.body) > MAX_LINES:
        raise too_long
    try:
        formats = _numbering_formats(document)
        blocks: list[Block] = []
        for block in _body_blocks(document.element.body, document, _Styles(), formats):
            blocks.append(block)
            if len(blocks) > MAX_LINES:
                raise too_long
        return blocks
    except ImportProblem:
        raise
    except Exception:  # noqa: BLE001 - malformed XML inside a valid zip surfaces here
        raise _corrupt(name) from None


__all__ = ["docx_blocks", "HEADING", "PARA", "ITEM", "ROW"]
