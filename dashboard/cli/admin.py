"""Admin commands: backup, restore."""
from __future__ import annotations

import argparse
from pathlib import Path

from dashboard.cli import CliError
from dashboard.config import Settings
from db.session import session_scope


def _backup(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.services.admin.backup import backup_file_name, create_backup

    with session_scope(settings.database_url) as session:
        blob, info = create_backup(session)
    out = Path(args.out) if args.out else settings.backup_dir / backup_file_name()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(blob)
    print(f"backup written: {out} ({info.rows} rows in {info.tables} tables, {info.size_bytes:,} bytes)")
    return 0


def _restore(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.services.admin.backup import restore_backup

    path = Path(args.file)
    if not path.is_file():
        raise CliError(f"no such file: {path}")
    if not args.yes:
        raise CliError("restore replaces ALL data in the database; add --yes to confirm")
    with session_scope(settings.database_url) as session:
        info = restore_backup(session, path.read_bytes())
    print(f"restored {info.rows} rows into {info.tables} tables")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add backup and restore."""
    p = sub.add_parser("backup", help="write a full logical backup (gzip'd JSON)")
    p.add_argument("--out", help="file to write (default: <data folder>/backups/dialogue-desk-<time>.json.gz)")
    p.set_defaults(handler=_backup)
    p = sub.add_parser("restore", help="replace all data with a backup (same schema revision)")
    p.add_argument("file")
    p.add_argument("--yes", action="store_true", help="confirm that all current data is replaced")
    p.set_defaults(handler=_restore)
