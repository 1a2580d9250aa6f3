"""The report as Markdown: the same blocks as the DOCX, with user text escaped."""
from __future__ import annotations

from typing import Any

from dashboard.textfmt import escape_md

from .blocks import Bullets, Heading, Paragraph, Table, Title, build_blocks

def _cell(text: str) -> str:
    return escape_md(text).replace("  \n", "<br>")


def render_markdown(doc: dict[str, Any]) -> str:
    """The report as a Markdown document."""
    out: list[str] = []
    for block in build_blocks(doc):
        if isinstance(block, Title):
            out += [f"# {escape_md(block.text)}", ""]
        elif isinstance(block, Heading):
            out += [f"{'#' * (block.level + 1)} {escape_md(block.text)}", ""]
        elif isinstance(block, Paragraph):
            text = escape_md(block.text)
            text = f"*{text}*" if block.italic and text else text
            out += [f"**{escape_md(block.label)}:** {text}" if block.label else text, ""]
        elif isinstance(block, Bullets):
            out += [f"- {escape_md(item)}" for item in block.items] + [""]
        elif isinstance(block, Table):
            out.append("| " + " | ".join(escape_md(h) for h in block.headers) + " |")
            out.append("|" + "|".join(" --- " for _ in block.headers) + "|")
            out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
            out.append("")
    return "\n".join(out).rstrip() + "\n"
