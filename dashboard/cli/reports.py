"""Report command: export-report SESSION_ID --format docx|md|csv|json --out PATH."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.cli import CliError
from dashboard.config import Settings
from db.session import session_scope


def _export_report(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.reports import CSV_TABLES, render_report, report_filename
    from dashboard.services.outcomes.participant_view import report_document

    if args.table != "recommendations" and args.format != "csv":
        raise CliError(f"--table applies to --format csv only (one of: {', '.join(CSV_TABLES)})")
    with session_scope(settings.database_url) as session:
        doc = report_document(session, args.session_id, audience=args.audience)
    data = render_report(doc, args.format, table=args.table, language=args.language)
    if args.out == "-":
        sys.stdout.buffer.write(data)
        return 0
    out = Path(args.out)
    if out.is_dir():
        out = out / report_filename(doc, args.format, table=args.table, language=args.language)
    if not out.parent.is_dir():
        raise CliError(f"folder {out.parent} does not exist")
    out.write_bytes(data)
    publication = doc.get("publication")
    version = (f"published revision {publication['revision']}" if publication else "staff working version")
    print(f"wrote {out} ({len(data):,} bytes, {args.audience} audience, {version})")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the report export command."""
    p = sub.add_parser(
        "export-report", help="export a session's outcomes report (DOCX, Markdown, CSV or JSON)",
        description="Participant audience (default): the latest published revision, anonymised per Chatham "
        "House mode. Staff audience: the current working state with speakers named.",
    )
    p.add_argument("session_id", type=int, metavar="SESSION_ID")
    p.add_argument("--format", required=True, choices=["docx", "md", "csv", "json"])
    p.add_argument("--out", required=True, help="file to write, an existing folder (file named for you), or - for stdout")
    p.add_argument("--audience", choices=["participant", "staff"], default="participant",
                   help="participant (published, anonymised; default) or staff (working state, names)")
    p.add_argument("--table", choices=["recommendations", "interventions"], default="recommendations",
                   help="for --format csv: which table (interventions: staff audience only)")
    p.add_argument("--language", choices=["ar", "zh", "en", "fr", "ru", "es"], default="en",
                   help="language of a DOCX or Markdown report's headings and fixed text (user text stays as "
                   "written; CSV and JSON are always English data); default en")
    p.set_defaults(handler=_export_report)
