"""Logical backups: every table as JSON, restorable into SQLite or PostgreSQL.

A backup is a gzip'd JSON document {"format", "revision", "created_at", "tables": {name: [rows]}}.
Being logical (not a file copy) it moves data between SQLite and PostgreSQL too.
"""
from __future__ import annotations

import base64
import gzip
import io
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Date, DateTime, LargeBinary, func, select, text
from sqlalchemy.orm import Session

from db.models import Base, utcnow

from dashboard.services.errors import ValidationError

FORMAT = "dialogue-desk-backup/1"


@dataclass(frozen=True)
class BackupInfo:
    tables: int
    rows: int
    revision: str
    size_bytes: int


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def _revision(session: Session) -> str:
    heads = MigrationContext.configure(session.connection()).get_current_heads()
    return ",".join(sorted(heads))


def create_backup(session: Session) -> tuple[bytes, BackupInfo]:
    """Dump every table to gzip'd JSON; returns the bytes and a summary."""
    tables: dict[str, list[dict[str, Any]]] = {}
    rows = 0
    for table in Base.metadata.sorted_tables:
        data = [
            {k: _encode(v) for k, v in row._mapping.items()}
            for row in session.execute(select(table).order_by(*table.primary_key.columns))
        ]
        tables[table.name] = data
        rows += len(data)
    revision = _revision(session)
    doc = {"format": FORMAT, "revision": revision, "created_at": utcnow().isoformat(), "tables": tables}
    blob = gzip.compress(json.dumps(doc, ensure_ascii=False).encode("utf-8"))
    return blob, BackupInfo(len(tables), rows, revision, len(blob))


def _decode(column: Any, value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, DateTime) or isinstance(getattr(kind, "impl", None), DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, LargeBinary):
        return base64.b64decode(value)
    return value


# A backup of a busy series is tens of MB of JSON; a file that unpacks past this is not ours.
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024


def _gunzip(blob: bytes, limit: int) -> bytes:
    """Decompress in chunks and stop past `limit`: the gzip header's size claim is not trusted."""
    out = bytearray()
    with gzip.GzipFile(fileobj=io.BytesIO(blob)) as stream:
        while chunk := stream.read(1024 * 1024):
            out += chunk
            if len(out) > limit:
                raise ValidationError("This backup unpacks to more than {megabytes} MB; "
                                      "it is not a Dialogue Desk backup file.",
                                      megabytes=f"{limit // (1024 * 1024):,}")
    return bytes(out)


def read_backup(blob: bytes, *, max_unpacked: int = MAX_UNPACKED_BYTES) -> dict[str, Any]:
    """Parse and check a backup file; ValidationError when it is not one."""
    try:
        doc = json.loads(_gunzip(blob, max_unpacked).decode("utf-8"))
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError("This is not a Dialogue Desk backup file ({error}).", error=type(exc).__name__) from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("tables"), dict):
        raise ValidationError("This is not a Dialogue Desk backup file (unknown format).")
    return doc


def delete_all_rows(session: Session) -> None:
    """Empty every table (children first); the schema stays."""
    for table in reversed(Base.metadata.sorted_tables):
        session.execute(table.delete())


def restore_backup(session: Session, blob: bytes) -> BackupInfo:
    """Replace every table's rows with the backup's. The schema must be at the backup's revision."""
    doc = read_backup(blob)
    current = _revision(session)
    if doc.get("revision") != current:
        raise ValidationError(
            "The backup was made at schema revision {revision}, the database is at "
            "{current}. Restore into a database at the same revision.",
            revision=doc.get("revision"), current=current,
        )
    tables = Base.metadata.sorted_tables
    delete_all_rows(session)
    rows = 0
    later: list[tuple[Any, list[str], list[dict[str, Any]]]] = []
    for table in tables:
        data = doc["tables"].get(table.name, [])
        if not data:
            continue
        columns = {c.name: c for c in table.columns}
        decoded = [{k: _decode(columns[k], v) for k, v in row.items() if k in columns} for row in data]
        # Circular and self-references cannot be satisfied row by row: insert them empty,
        # then fill them in once every row exists.
        deferred = [c.name for c in table.columns
                    if any(fk.use_alter or fk.column.table is table for fk in c.foreign_keys)]
        if deferred:
            later.append((table, deferred, decoded))
            session.execute(table.insert(), [{**r, **{c: None for c in deferred}} for r in decoded])
        else:
            session.execute(table.insert(), decoded)
        rows += len(data)
    for table, deferred, decoded in later:
        pk = list(table.primary_key.columns)[0]
        for row in decoded:
            values = {c: row.get(c) for c in deferred if row.get(c) is not None}
            if values:
                session.execute(table.update().where(pk == row[pk.name]).values(**values))
    if session.get_bind().dialect.name == "postgresql":
        # Inserted explicit ids: move each serial sequence past the highest restored id.
        for table in tables:
            pk = list(table.primary_key.columns)
            if len(pk) == 1 and pk[0].autoincrement is not False and pk[0].type.python_type is int:
                top = session.scalar(select(func.max(pk[0])))
                if top is not None:
                    session.execute(
                        text("SELECT setval(pg_get_serial_sequence(:t, :c), :v)"),
                        {"t": table.name, "c": pk[0].name, "v": top},
                    )
    session.flush()
    return BackupInfo(len(tables), rows, current, len(blob))


@dataclass(frozen=True)
class BackupFile:
    name: str
    size_bytes: int
    modified: datetime


def list_backup_files(folder: Path) -> list[BackupFile]:
    """Backups saved in a folder, newest first."""
    from datetime import timezone

    if not folder.is_dir():
        return []
    files = [
        BackupFile(p.name, p.stat().st_size, datetime.fromtimestamp(p.stat().st_mtime, timezone.utc))
        for p in folder.glob("*.json.gz")
    ]
    return sorted(files, key=lambda f: f.modified, reverse=True)


def backup_file_name() -> str:
    """dialogue-desk-YYYYmmdd-HHMMSS.json.gz (UTC)."""
    return f"dialogue-desk-{utcnow():%Y%m%d-%H%M%S}.json.gz"
