"""Core commands: init-db, check, seed-demo, add-user, set-password, deactivate-user, demo-logins."""
from __future__ import annotations

import argparse
import getpass
import sys

from dashboard.cli import CliError
from dashboard.config import Settings
from dashboard.startup_checks import ensure_production_ready
from db.codes import ROLES
from db.migrate import upgrade
from db.session import session_scope


def _init_db(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.services.taxonomy import load_themes

    upgrade(settings.database_url)
    with session_scope(settings.database_url) as session:
        themes = load_themes(session)
    print(f"database ready ({_redacted(settings.database_url)}); {themes} themes in the taxonomy")
    # The schema is upgraded either way; a deployment script still stops here, before the app starts.
    ensure_production_ready(settings)
    return 0


def _check(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.startup_checks import production_problems

    with session_scope(settings.database_url) as session:
        problems = production_problems(session)
    if settings.is_production:
        if problems:
            raise CliError("not ready for production: " + "; ".join(problems))
        print("ready for production: the cookie key is strong and no account uses a demo password")
        return 0
    for problem in problems:
        print(f"note: {problem} (refused once DIALOGUE_DESK_ENV=production)")
    print(f"checked ({settings.environment} mode; the production checks apply only in production)")
    return 0


def _seed_demo(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.services.admin.demo import seed_demo

    if settings.is_production:
        raise CliError("refusing to load demo data in production: the demo accounts' passwords are public")
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

    password = _read_password(args)
    with session_scope(settings.database_url) as session:
        user = create_user(session, username=args.username, password=password, roles=args.role,
                           display_name=args.name, email=args.email)
    print(f"created user '{user.username}' with roles {', '.join(user.roles)}")
    return 0


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise CliError("no terminal to prompt for a password; use --password-stdin")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Repeat password: ") != password:
        raise CliError("the passwords do not match")
    return password


def _set_password(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.services.admin.users import set_password

    password = _read_password(args)
    with session_scope(settings.database_url) as session:
        set_password(session, args.username, password)
    print(f"password changed for '{args.username}'; its open logins have ended")
    return 0


def _deactivate_user(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.services.admin.users import update_user

    with session_scope(settings.database_url) as session:
        names = [update_user(session, name, is_active=False).username for name in args.usernames]
    print("deactivated " + ", ".join(f"'{name}'" for name in names))
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

    p = sub.add_parser("check", help="check the settings and that no account uses a demo password "
                                     "(what production refuses to start with)")
    p.set_defaults(handler=_check)

    p = sub.add_parser("seed-demo",
                       help="load the demo dataset (does nothing if already loaded; refused in production)")
    p.set_defaults(handler=_seed_demo)

    p = sub.add_parser("add-user", help="create a user account")
    p.add_argument("username")
    p.add_argument("--role", action="append", required=True, choices=list(ROLES),
                   help="a role; repeat for several")
    p.add_argument("--name", help="display name (default: the username)")
    p.add_argument("--email")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.set_defaults(handler=_add_user)

    p = sub.add_parser("set-password", help="give an account a new password (ends its open logins)")
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.set_defaults(handler=_set_password)

    p = sub.add_parser("deactivate-user", help="deactivate accounts (they can no longer log in)")
    p.add_argument("usernames", nargs="+", metavar="USERNAME")
    p.set_defaults(handler=_deactivate_user)

    p = sub.add_parser("demo-logins", help="print the demo accounts (not in production)")
    p.set_defaults(handler=_demo_logins)
