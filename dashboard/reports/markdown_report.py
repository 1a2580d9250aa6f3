"""The report as Markdown: the same blocks as the DOCX, with user text escaped.

A block that holds right-to-left text (Arabic) is isolated (FIRST STRONG ISOLATE ... POP DIRECTIONAL
ISOLATE, see docs/languages.md), so each paragraph, list item and cell reads in its own direction in any
viewer; other blocks carry no invisible characters, so the file stays easy to search and diff.
"""
from __future__ import annotations

from typing import Any

from dashboard.textfmt import escape_md, has_rtl, user_text

from dashboard.i18n import DEFAULT, translate

from .blocks import Bullets, Heading, Paragraph, Table, Title, build_blocks


def _text(text: str) -> str:
    return user_text(text) if has_rtl(text) else escape_md(text)


def _cell(text: str) -> str:
    return _text(text).replace("  \n", "<br>")


def render_markdown(doc: dict[str, Any], language: str = DEFAULT) -> str:
    """The report as a Markdown document, our words in `language` (user text as written)."""
    out: list[str] = []
    for block in build_blocks(doc, language):
        if isinstance(block, Title):
            out += [f"# {_text(block.text)}", ""]
        elif isinstance(block, Heading):
            out += [f"{'#' * (block.level + 1)} {_text(block.text)}", ""]
        elif isinstance(block, Paragraph):
            text = _text(block.text)
            text = f"*{text}*" if block.italic and text else text
            label = translate("{label}:", language).format(label=_text(block.label)) if block.label else ""
            out += [f"**{label}** {text}" if block.label else text, ""]
        elif isinstance(block, Bullets):
            out += [f"- {_text(item)}" for item in block.items] + [""]
        elif isinstance(block, Table):
            out.append("| " + " | ".join(_text(h) for h in block.headers) + " |")
            out.append("|" + "|".join(" --- " for _ in block.headers) + "|")
            out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
            out.append("")
    return "\n".join(out).rstrip() + "\n"
