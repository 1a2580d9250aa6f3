"""Session setup commands: import-questions (concept note) and import-participants (registration CSV)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Optional

from dashboard.cli import CliError
from dashboard.config import Settings
from dashboard.importers.files import MAX_BYTES
from db.session import session_scope


def _read(path: str) -> bytes:
    file = Path(path)
    if not file.is_file():
        raise CliError(f"no such file: {path}")
    if file.stat().st_size > MAX_BYTES:
        raise CliError(f"{path} is larger than {MAX_BYTES // 2**20} MB")
    return file.read_bytes()


def _need_target(args: argparse.Namespace) -> None:
    if not args.dry_run and args.session is None:
        raise CliError("give --session ID to save into a session, or --dry-run to only show what was found")


def _print_json(data: dict[str, Any]) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _import_questions(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.importers.bounded import parse_concept_note_bounded
    from dashboard.services.audit import SYSTEM
    from dashboard.services.setup.structure import draft_for_import
    from dashboard.services.setup.structure_save import save_structure

    _need_target(args)
    note = parse_concept_note_bounded(_read(args.file), Path(args.file).name)
    data = note.to_dict()
    saved: Optional[dict[str, Any]] = None
    if not args.dry_run:
        with session_scope(settings.database_url) as session:
            draft = draft_for_import(
                session, session_id=args.session,
                parts=[(p.title, p.objective, p.questions) for p in note.parts],
                segments=[(s.title, s.minutes) for s in note.segments],
            )
            result = save_structure(session, session_id=args.session, parts=draft.parts,
                                    segments=draft.segments, actor=SYSTEM)
        saved = {"session": args.session, "parts": result.parts, "questions_added": result.questions_added,
                 "questions_changed": result.questions_changed, "questions_removed": result.questions_removed,
                 "segments": result.segments, "notes": list(draft.notes)}
    if args.json:
        # The JSON keeps exactly the documented shape; warnings go to stderr.
        for warning in note.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        _print_json({**data, **({"saved": saved} if saved else {})})
        return 0
    for number, part in enumerate(note.parts, 1):
        print(f"Part {number}: {part.title}")
        if part.objective:
            print(f"  Objective: {part.objective}")
        for q_number, question in enumerate(part.questions, 1):
            print(f"  {q_number}. {question}")
    for segment in note.segments:
        print(f"Agenda: {segment.title}" + (f" ({segment.minutes} min)" if segment.minutes else ""))
    for warning in note.warnings:
        print(f"warning: {warning}")
    if saved:
        for line in saved["notes"]:
            print(f"note: {line}")
        print(f"saved into session {args.session}: {saved['parts']} parts, {saved['questions_added']} questions added, "
              f"{saved['questions_changed']} changed, {saved['questions_removed']} removed"
              + (f", {saved['segments']} agenda items" if saved["segments"] is not None else ""))
    else:
        print(f"dry run: {note.question_count} questions in {len(note.parts)} parts; nothing was saved")
    return 0


def _mapping(table_headers: tuple[str, ...], pairs: list[str]) -> dict[str, Optional[int]]:
    from dashboard.importers.registrations import FIELDS, suggest_mapping

    mapping = suggest_mapping(table_headers)
    for pair in pairs:
        field, sep, header = pair.partition("=")
        if not sep or field not in FIELDS:
            raise CliError(f"--map expects FIELD=HEADER with FIELD one of {', '.join(FIELDS)}; got {pair!r}")
        matches = [i for i, h in enumerate(table_headers) if h.strip().lower() == header.strip().lower()]
        if not matches:
            raise CliError(f"no column named {header!r}; columns are: {', '.join(table_headers)}")
        mapping[field] = matches[0]
    return mapping


def _import_participants(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.importers.bounded import read_registration_table_bounded
    from dashboard.importers.registrations import build_participants
    from dashboard.services.audit import SYSTEM
    from dashboard.services.setup.participants import NewParticipant, register_participants

    _need_target(args)
    table = read_registration_table_bounded(_read(args.file), Path(args.file).name)
    result = build_participants(table, _mapping(table.headers, args.map or []))
    saved: Optional[dict[str, Any]] = None
    if not args.dry_run:
        with session_scope(settings.database_url) as session:
            outcome = register_participants(
                session, session_id=args.session, actor=SYSTEM,
                participants=[NewParticipant(p.name, p.stakeholder_type, p.organization, p.country, p.email,
                                             p.job_title, p.needs_review) for p in result.participants],
            )
        saved = {"session": args.session, "added": outcome.added, "already_registered": outcome.already_registered,
                 "people_reused": outcome.people_reused}
    if args.json:
        _print_json({**result.to_dict(), **({"saved": saved} if saved else {})})
        return 0
    for p in result.participants:
        flag = "  (needs review)" if p.needs_review else ""
        details = ", ".join(x for x in (p.organization, p.country, p.email) if x)
        print(f"{p.name} [{p.stakeholder_type}]" + (f" — {details}" if details else "") + flag)
    for warning in result.warnings:
        print(f"warning: {warning}")
    review = sum(1 for p in result.participants if p.needs_review)
    print(f"{len(result.participants)} participants, {result.duplicates_merged} duplicates merged, {review} need review")
    if saved:
        print(f"saved into session {args.session}: {saved['added']} added, "
              f"{saved['already_registered']} were already registered")
    else:
        print("dry run: nothing was saved")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the session setup commands."""
    p = sub.add_parser("import-questions",
                       help="read Parts, Objectives, guiding questions and agenda from a concept note (.md/.txt/.docx)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--session", type=int, metavar="ID", help="save into this session (questions with "
                   "interventions are kept)")
    p.add_argument("--dry-run", action="store_true", help="only show what was found; write nothing")
    p.add_argument("--json", action="store_true", help="print JSON: {parts: [...], segments: [...]}")
    p.set_defaults(handler=_import_questions)

    p = sub.add_parser("import-participants", help="read a registration CSV (simple or Zoom report) into a session")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--session", type=int, metavar="ID", help="register the participants on this session")
    p.add_argument("--dry-run", action="store_true", help="only show what was found; write nothing")
    p.add_argument("--json", action="store_true",
                   help="print JSON: {participants: [...], duplicates_merged: N, warnings: [...]}")
    p.add_argument("--map", action="append", metavar="FIELD=HEADER",
                   help="use column HEADER for FIELD (name, first_name, last_name, email, organization, country, "
                        "job_title, stakeholder_type); repeatable")
    p.set_defaults(handler=_import_participants)
