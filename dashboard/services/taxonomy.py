"""The Child Online Protection theme taxonomy: kept as data in db/data.

cop_themes.csv holds each theme (code, label, description) and its English keywords;
cop_theme_keywords.csv holds its keywords in the other UN languages, one row per theme and
language (code, language, keywords). Keywords are separated by ";". In Arabic, French, Russian
and Spanish a keyword matches whole words only; a word ending in "*" also matches its longer
forms ("защит*" matches защита, защиты, защиту), so write the stem long enough to mean one
thing. Chinese keywords match anywhere in the note (Chinese has no spaces).
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.codes import LANGUAGES
from db.models import Theme

DATA_DIR = Path(__file__).resolve().parents[2] / "db" / "data"
TAXONOMY_FILE = DATA_DIR / "cop_themes.csv"
KEYWORDS_FILE = DATA_DIR / "cop_theme_keywords.csv"


def _keywords(cell: Optional[str]) -> list[str]:
    return [k.strip().lower() for k in (cell or "").split(";") if k.strip()]


def read_keywords(path: Path = KEYWORDS_FILE) -> dict[str, dict[str, list[str]]]:
    """{theme code: {language: keywords}} for the languages other than English."""
    found: dict[str, dict[str, list[str]]] = {}
    if not path.exists():
        return found
    with path.open(encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            code, language = (row.get("code") or "").strip(), (row.get("language") or "").strip().lower()
            if not code:
                continue
            if language not in LANGUAGES or language == "en":
                raise ValueError(f"{path.name} line {line}: language {language!r} is not one of "
                                 f"{', '.join(c for c in LANGUAGES if c != 'en')} (English is in cop_themes.csv)")
            found.setdefault(code, {}).setdefault(language, []).extend(_keywords(row.get("keywords")))
    return found


def read_taxonomy(path: Path = TAXONOMY_FILE, keywords_path: Path = KEYWORDS_FILE) -> list[dict]:
    """The taxonomy rows: code, label, description, keywords (English) and keywords_by_language."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [
            {
                "code": row["code"].strip(),
                "label": row["label"].strip(),
                "description": (row.get("description") or "").strip() or None,
                "keywords": _keywords(row.get("keywords")),
            }
            for row in csv.DictReader(fh)
            if (row.get("code") or "").strip()
        ]
    translations = read_keywords(keywords_path)
    unknown = sorted(set(translations) - {row["code"] for row in rows})
    if unknown:
        raise ValueError(f"{keywords_path.name} names themes that {path.name} does not have: {', '.join(unknown)}")
    for row in rows:
        by_language = translations.get(row["code"], {})
        row["keywords_by_language"] = {code: by_language[code] for code in LANGUAGES if code in by_language}
    return rows


def load_themes(session: Session, path: Path = TAXONOMY_FILE, keywords_path: Path = KEYWORDS_FILE) -> int:
    """Insert new themes and update existing ones by code; returns how many the taxonomy has."""
    existing = {t.code: t for t in session.scalars(select(Theme))}
    rows = read_taxonomy(path, keywords_path)
    for position, row in enumerate(rows, start=1):
        theme = existing.get(row["code"])
        if theme is None:
            session.add(Theme(position=position, **row))
        else:
            theme.label, theme.description = row["label"], row["description"]
            theme.keywords, theme.position = row["keywords"], position
            theme.keywords_by_language = row["keywords_by_language"]
    session.flush()
    return len(rows)
