"""Report exports built from an outcome document (see dashboard.services.outcomes.participant_view.report_document).

`render_report(doc, "docx" | "md" | "csv" | "json")` returns bytes; `report_filename` names the file.
The document decides what may appear: participant documents are the published, anonymised
snapshot; staff documents are the working state with names.
"""
from __future__ import annotations

import re
from typing import Any

from dashboard.i18n import DEFAULT, LANGUAGES
from dashboard.services.errors import ValidationError

from .docx_report import render_docx
from .markdown_report import render_markdown
from .tables import CSV_TABLES, interventions_csv, recommendations_csv, render_json

FORMATS: dict[str, tuple[str, str]] = {
    "docx": ("DOCX (Word)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "md": ("Markdown", "text/markdown"),
    "csv": ("CSV", "text/csv"),
    "json": ("JSON", "application/json"),
}


def render_report(doc: dict[str, Any], fmt: str, *, table: str = "recommendations", language: str = DEFAULT) -> bytes:
    """The report in one format; for CSV, `table` picks recommendations or (staff) interventions.

    DOCX and Markdown are written in `language` (one of the six; user text as written). CSV and
    JSON are data for reuse: their column names and values stay as stored, in English.
    """
    if language not in LANGUAGES:
        raise ValidationError("Unknown language “{code}”: use one of {names}.", code=language,
                              names=", ".join(LANGUAGES))
    if fmt == "docx":
        return render_docx(doc, language)
    if fmt == "md":
        return render_markdown(doc, language).encode("utf-8")
    if fmt == "json":
        return render_json(doc)
    if fmt == "csv":
        if table not in CSV_TABLES:
            raise ValidationError("Unknown table {table}: use {tables}.", table=repr(table), tables=" or ".join(CSV_TABLES))
        return recommendations_csv(doc) if table == "recommendations" else interventions_csv(doc)
    raise ValidationError("Unknown format {fmt}: use one of {formats}.", fmt=repr(fmt), formats=", ".join(FORMATS))


def report_filename(doc: dict[str, Any], fmt: str, *, table: str = "recommendations", language: str = DEFAULT) -> str:
    """'industry-connect-7-outcomes.docx', with '-staff' for staff versions, the table for CSV and the
    language of a DOCX or Markdown report other than English ('-fr')."""
    s = doc["session"]
    series = re.sub(r"[^a-z0-9]+", "-", (s.get("series_name") or "session").lower()).strip("-") or "session"
    number = s.get("series_number") or s["id"]
    parts = [series, str(number), "outcomes"]
    if fmt == "csv":
        parts.append(table)
    if doc.get("audience") == "staff":
        parts.append("staff")
    else:
        publication = doc.get("publication") or {}
        if publication.get("revision", 1) > 1:
            parts.append(f"rev{publication['revision']}")
    if fmt in ("docx", "md") and language != DEFAULT:
        parts.append(language)
    return "-".join(parts) + f".{fmt}"
