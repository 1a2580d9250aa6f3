"""The command line: `python -m dashboard COMMAND ...`.

Each module in this package that defines `register(subparsers)` adds its commands; a
command's handler takes (args, settings) and returns an exit code. Errors a user can
cause are raised as CliError (or a DialogueDeskError) and printed as one line.
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from typing import Optional, Sequence

from dashboard.config import ConfigError, load_settings
from dashboard.services.errors import DialogueDeskError


class CliError(Exception):
    """A problem the person at the terminal can fix; printed without a traceback."""


def build_parser() -> argparse.ArgumentParser:
    """The parser with every command module's subcommands registered."""
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="Dialogue Desk command line")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Parse, run one command, and turn known errors into a one-line message + exit 1."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        return int(args.handler(args, settings) or 0)
    except (CliError, ConfigError, DialogueDeskError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
