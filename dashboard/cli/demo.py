"""Demo command: reset-demo (start the demo dataset afresh)."""
from __future__ import annotations

import argparse

from dashboard.cli import CliError
from dashboard.config import Settings
from db.migrate import upgrade
from db.session import session_scope


def _reset_demo(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.services.admin.backup import delete_all_rows
    from dashboard.services.admin.demo import seed_demo

    if settings.is_production:
        raise CliError("refusing to reset: this is a production deployment (DIALOGUE_DESK_ENV=production)")
    if not args.yes:
        raise CliError("reset-demo deletes ALL data and loads the demo dataset again; add --yes to confirm")
    upgrade(settings.database_url)
    with session_scope(settings.database_url) as session:
        delete_all_rows(session)
        report = seed_demo(session)
    print(f"demo data reset: {report.sessions} sessions, {report.people} people, "
          f"{report.interventions} interventions, {report.recommendations} recommendations")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add reset-demo."""
    p = sub.add_parser("reset-demo", help="delete all data and load the demo dataset again (not in production)")
    p.add_argument("--yes", action="store_true", help="confirm that all current data is deleted")
    p.set_defaults(handler=_reset_demo)
