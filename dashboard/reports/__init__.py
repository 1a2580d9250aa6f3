"""Report exports built from an outcome document (see dashboard.services.outcomes.participant_view.report_document).

`render_report(doc, "docx" | "md" | "csv" | "json")` returns bytes; `report_filename` names the file.
The document decides what may appear: participant documents are the published, anonymised
snapshot; staff documents are the working state with names.
"""
from __future__ import annotations

import re
from typing import Any

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


def render_report(doc: dict[str, Any], fmt: str, *, table: str = "recommendations") -> bytes:
    """The report in one format; for CSV, `table` picks recommendations or (staff) interventions."""
    if fmt == "docx":
        return render_docx(doc)
    if fmt == "md":
        return render_markdown(doc).encode("utf-8")
    if fmt == "json":
        return render_json(doc)
    if fmt == "csv":
        if table not in CSV_TABLES:
            raise ValidationError(f"Unknown table {table!r}: use {' or '.join(CSV_TABLES)}.")
        return recommendations_csv(doc) if table == "recommendations" else interventions_csv(doc)
    raise ValidationError(f"Unknown format {fmt!r}: use one of {', '.join(FORMATS)}.")


def report_filename(doc: dict[str, Any], fmt: str, *, table: str = "recommendations") -> str:
    """'industry-connect-7-outcomes.docx', with '-staff' for staff versions and the table for CSV."""
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
    return "-".join(parts) + f".{fmt}"
