"""Core commands: init-db, seed-demo, add-user, demo-logins."""
from __future__ import annotations

import argparse
import getpass
import sys

from dashboard.cli import CliError
from dashboard.config import Settings
from db.codes import ROLES
from db.migrate import upgrade
from db.session import session_scope


def _init_db(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.services.taxonomy import load_themes

    upgrade(settings.database_url)
    with session_scope(settings.database_url) as session:
        themes = load_themes(session)
    print(f"database ready ({_redacted(settings.database_url)}); {themes} themes in the taxonomy")
    return 0


def _seed_demo(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.services.admin.demo import seed_demo

    if settings.is_production and not args.force:
        raise CliError("refusing to load demo data in production (pass --force if you really mean it)")
    upgrade(settings.database_url)
    with session_scope(settings.database_url) as session:
        report = seed_demo(session)
    if report.created:
        print(f"demo data loaded: {report.sessions} sessions, {report.people} people, "
              f"{report.interventions} interventions, {report.recommendations} recommendations")
    else:
        print("demo data already present; nothing changed")
    return 0


def _add_user(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.services.admin.users import create_user

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        if not sys.stdin.isatty():
            raise CliError("no terminal to prompt for a password; use --password-stdin")
        password = getpass.getpass("Password: ")
        if getpass.getpass("Repeat password: ") != password:
            raise CliError("the passwords do not match")
    with session_scope(settings.database_url) as session:
        user = create_user(session, username=args.username, password=password, roles=args.role,
                           display_name=args.name, email=args.email)
    print(f"created user '{user.username}' with roles {', '.join(user.roles)}")
    return 0


def _demo_logins(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.services.admin.demo import DEMO_ACCOUNTS

    if settings.is_production:
        raise CliError("demo logins are not shown in production")
    for account in DEMO_ACCOUNTS:
        print(f"  {account.role:<12} {account.username:<12} password: {account.password}")
    return 0


def _redacted(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the core commands."""
    p = sub.add_parser("init-db", help="create or upgrade the database schema (alembic upgrade head)")
    p.set_defaults(handler=_init_db)

    p = sub.add_parser("seed-demo", help="load the demo dataset (does nothing if already loaded)")
    p.add_argument("--force", action="store_true", help="allow in production mode")
    p.set_defaults(handler=_seed_demo)

    p = sub.add_parser("add-user", help="create a user account")
    p.add_argument("username")
    p.add_argument("--role", action="append", required=True, choices=list(ROLES),
                   help="a role; repeat for several")
    p.add_argument("--name", help="display name (default: the username)")
    p.add_argument("--email")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.set_defaults(handler=_add_user)

    p = sub.add_parser("demo-logins", help="print the demo accounts (not in production)")
    p.set_defaults(handler=_demo_logins)
