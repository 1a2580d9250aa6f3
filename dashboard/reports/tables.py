"""CSV (recommendations; interventions for staff) and JSON (everything, for archiving)."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from dashboard.services.errors import PermissionDenied

from .blocks import group_list, is_staff, status_line
from .csv_safe import write_csv

CSV_TABLES = ("recommendations", "interventions")


def recommendations_csv(doc: dict[str, Any]) -> bytes:
    """One row per recommendation: text, addressees, groups that raised it, priority, themes, status, support."""
    # raised_by: the groups whose linked interventions it draws on (not support: that is the last two columns).
    header = ["number", "id", "recommendation", "addressed_to", "raised_by", "priority", "themes",
              "follow_up_status", "consensus_score", "support_flags"]
    staff = is_staff(doc)
    if staff:
        header += ["owner", "review_date", "evidence", "source_interventions"]
    rows = []
    for r in doc.get("recommendations", []):
        row = [r["number"], r["id"], r["text"], "; ".join(r["addressed_to_labels"]), group_list(r["supporting_groups"]),
               r["priority_label"], "; ".join(r.get("themes", [])), status_line(r.get("follow_up")), *_support(r)]
        if staff:
            follow = r.get("follow_up") or {}
            row += [follow.get("owner") or "", follow.get("review_date") or "", follow.get("evidence") or "",
                    " ".join(f"#{i}" for i in r.get("source_numbers", r.get("source_ids", [])))]
        rows.append(row)
    return write_csv(rows, header)


def _support(rec: dict[str, Any]) -> list[Any]:
    """Consensus score (two decimals, blank when not scored) and flags; both blank when never asked."""
    support = rec.get("support") or {}
    score = support.get("consensus")
    return [round(score, 2) if score is not None else None, "; ".join(support.get("flags", []))]


def interventions_csv(doc: dict[str, Any]) -> bytes:
    """One row per intervention, speakers named: staff material only."""
    if not is_staff(doc):
        raise PermissionDenied("The list of interventions is staff material; participants get the recommendations.")
    header = ["number", "question", "stakeholder_group", "speaker", "note", "themes", "speaking_seconds", "captured_at"]
    rows = [[i["number"], i["question"], i["group_label"], i["speaker"], i["text"], "; ".join(i["themes"]),
             i["speaking_seconds"] if i["speaking_seconds"] is not None else "",
             datetime.fromisoformat(i["created_at"])]
            for i in doc.get("interventions", [])]
    return write_csv(rows, header)


def render_json(doc: dict[str, Any]) -> bytes:
    """The whole document, for archiving."""
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False).encode("utf-8")
