"""A document as a flat list of blocks (heading, paragraph, list item, table row), from plain text or Markdown.

Both the text and the DOCX readers produce these blocks, so the concept-note parser
reads one shape whatever the source looked like.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .inline import clean_inline

HEADING = "heading"
PARA = "para"
ITEM = "item"
ROW = "row"


@dataclass
class Block:
    text: str
    kind: str = PARA
    level: int = 0  # heading level; 0 for other kinds
    numbered: bool = False  # a list item carrying a number or letter (typed or from Word numbering)
    bold: bool = False  # the whole block is bold (often a heading in Word documents)
    cells: tuple[str, ...] = ()  # table rows only
    children: list["Block"] = field(default_factory=list)  # table rows: the blocks inside the cells


# Possessive: a lazy title followed by `\s*#*\s*$` backtracked cubically over a long run of spaces.
_MD_HEADING = re.compile(r"^(#{1,6})\s++(.*+)$")
_BULLET = re.compile(r"^[-*+•·▪◦‣○●■□➢►✓✔]\s+(.*)$")
_NUMBER = re.compile(
    r"^(?:\(?\d{1,2}[.)]|\(\d{1,2}\)|\(?[a-z][.)]|\([a-z]\)|\(?[ivx]{1,5}\)|[ivx]{1,5}\.|"
    r"q\d{1,2}[.:)]?|question\s+\d{1,2}\s*[.:)\-–—])\s+(.*)$",
    re.IGNORECASE,
)
_LOWER_LETTER_ONLY = re.compile(r"^\(?[A-Z][.)]\s")
_TABLE_SEPARATOR = re.compile(r"^\|?[\s:|-]+\|?$")


def _wholly_bold(text: str) -> tuple[bool, str]:
    stripped = text.strip()
    for mark in ("**", "__"):
        if stripped.startswith(mark) and stripped.rstrip(":").endswith(mark) and len(stripped) > 2 * len(mark):
            return True, stripped
    return False, stripped


def classify_line(line: str) -> Block | None:
    """One line of text or Markdown as a block; None for blank lines and table separators."""
    text = line.strip()
    if not text:
        return None
    heading = _MD_HEADING.match(text)
    if heading:
        title = heading.group(2).rstrip().rstrip("#").rstrip()  # closing hashes: "## Agenda ##"
        return Block(clean_inline(title), HEADING, level=len(heading.group(1)))
    if text.startswith("|") and text.count("|") >= 2:
        if _TABLE_SEPARATOR.match(text):
            return None
        cells = tuple(clean_inline(c) for c in text.strip("|").split("|"))
        return Block(" ".join(c for c in cells if c), ROW, cells=cells)
    bullet = _BULLET.match(text)
    if bullet and not text.startswith("**"):
        inner = bullet.group(1)
        numbered = _NUMBER.match(inner)
        bold, _ = _wholly_bold(inner)
        if numbered and not _LOWER_LETTER_ONLY.match(inner):
            return Block(clean_inline(numbered.group(1)), ITEM, numbered=True, bold=bold)
        return Block(clean_inline(inner), ITEM, bold=bold)
    bold, _ = _wholly_bold(text)
    unwrapped = clean_inline(text) if bold else text
    numbered = _NUMBER.match(unwrapped)
    if numbered and not _LOWER_LETTER_ONLY.match(unwrapped):
        return Block(clean_inline(numbered.group(1)), ITEM, numbered=True, bold=bold)
    return Block(clean_inline(text), PARA, bold=bold)


def _ends_thought(text: str) -> bool:
    return text.rstrip().endswith((".", "?", "!", ":", ";"))


def _starts_new_block(block: Block) -> bool:
    if block.kind != PARA or block.bold:
        return True
    head = block.text.lower()
    return head.startswith(("part ", "partie ", "parte ", "objecti", "objeti", "aim:", "goal:", "purpose:")) or re.match(r"^\d{1,2}[:.h]\d{2}\b", head) is not None


def text_to_blocks(text: str) -> list[Block]:
    """Blocks from plain text or Markdown; hard-wrapped lines are joined back into one block."""
    blocks: list[Block] = []
    pieces: dict[int, list[str]] = {}  # block index -> continuation lines (joined once, not per line)
    current: Block | None = None
    for line in text.split("\n"):
        block = classify_line(line)
        if block is None:
            current = None
            continue
        if (
            current is not None and not _starts_new_block(block) and current.kind in (PARA, ITEM)
            and not _ends_thought(pieces[len(blocks) - 1][-1] if len(blocks) - 1 in pieces else current.text)
        ):
            pieces.setdefault(len(blocks) - 1, []).append(block.text)
            continue
        blocks.append(block)
        current = block if block.kind in (PARA, ITEM) else None
    for index, more in pieces.items():
        blocks[index].text = " ".join([blocks[index].text, *more])
    return blocks
