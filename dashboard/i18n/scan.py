"""Which of our messages the code uses, and which of them no catalog lists yet.

`python -m dashboard.i18n.scan` prints each message used in the code but missing from every
area's template, with the file that uses it. Two kinds of use are found:

- `_("...")` (or `t("...")` / `translate("...")`, the names a chart or service gives its translate
  parameter): text the interface translates; `N_("...")`: a constant marked for the catalogs;
- `ValidationError("...")`, `NotFound("...")`, `Conflict("...")`, `PermissionDenied("...")`:
  a service's error message with a literal text (values go in braces, given as keywords), which
  the action runner translates.

Only plain double-quoted literals count, adjacent literals joined ("a " "b").
"""
from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

from dashboard.i18n import message_ids

ROOT = Path(__file__).resolve().parents[2]
ERRORS = {"ValidationError", "NotFound", "Conflict", "PermissionDenied", "DialogueDeskError"}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def messages_in(source: str) -> list[str]:
    """The translatable messages one Python source uses, in order."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        first = node.args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value):
            continue
        name = _name(node.func)
        if name in ("_", "N_", "t", "translate") or name in ERRORS:
            found.append(first.value)
    return found


def code_files() -> list[Path]:
    return sorted([*(ROOT / "dashboard").rglob("*.py"), *(ROOT / "pages").glob("*.py")])


def used() -> dict[str, list[str]]:
    """message -> the files (relative paths) that use it."""
    where: dict[str, list[str]] = defaultdict(list)
    for path in code_files():
        for message in messages_in(path.read_text(encoding="utf-8")):
            where[message].append(str(path.relative_to(ROOT)))
    return dict(where)


def missing() -> dict[str, list[str]]:
    known = set(message_ids())
    return {message: files for message, files in used().items() if message not in known}


def main() -> int:
    gaps = missing()
    for message, files in sorted(gaps.items(), key=lambda item: item[1][0]):
        print(f"{sorted(set(files))[0]}: {message!r}")
    print(f"{len(gaps)} messages not in any template")
    return 1 if gaps else 0


if __name__ == "__main__":
    sys.exit(main())
