"""The Child Online Protection theme taxonomy: kept as data in db/data/cop_themes.csv."""
from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Theme

TAXONOMY_FILE = Path(__file__).resolve().parents[2] / "db" / "data" / "cop_themes.csv"


def read_taxonomy(path: Path = TAXONOMY_FILE) -> list[dict]:
    """The taxonomy rows: code, label, description, keywords (list)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            {
                "code": row["code"].strip(),
                "label": row["label"].strip(),
                "description": (row.get("description") or "").strip() or None,
                "keywords": [k.strip().lower() for k in (row.get("keywords") or "").split(";") if k.strip()],
            }
            for row in csv.DictReader(fh)
            if (row.get("code") or "").strip()
        ]


def load_themes(session: Session, path: Path = TAXONOMY_FILE) -> int:
    """Insert new themes and update existing ones by code; returns how many the taxonomy has."""
    existing = {t.code: t for t in session.scalars(select(Theme))}
    rows = read_taxonomy(path)
    for position, row in enumerate(rows, start=1):
        theme = existing.get(row["code"])
        if theme is None:
            session.add(Theme(position=position, **row))
        else:
            theme.label, theme.description = row["label"], row["description"]
            theme.keywords, theme.position = row["keywords"], position
    session.flush()
    return len(rows)
