"""The layering rules from the README, checked on the source of every module, sub-packages included.

Imports point one way: pages -> dashboard.ui / auth / charts -> services -> db.
"""
import ast
from pathlib import Path

import pytest

from dashboard.navigation import PAGES

ROOT = Path(__file__).resolve().parent.parent
DASH = ROOT / "dashboard"
PAGE_FILES = sorted((ROOT / "pages").glob("*.py"))


def _files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:  # relative: resolve against the file's own package
                package = list(path.relative_to(ROOT).parent.parts)
                base = package[:len(package) - (node.level - 1)]
                module = ".".join([*base, *([module] if module else [])])
            names.add(module)
            # "from dashboard import auth" imports the module dashboard.auth
            names.update(f"{module}.{a.name}" for a in node.names)
    return names


def _starts(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


# layer -> (its files, import prefixes it must never use)
LAYERS = {
    "pages": (PAGE_FILES, ("sqlalchemy", "db.models", "db.session", "db.live_stamp", "dashboard.app")),
    "ui": (_files(DASH / "ui"), ("pages", "dashboard.app", "db.models", "db.session", "sqlalchemy.sql")),
    "charts": (_files(DASH / "charts"), ("streamlit", "sqlalchemy", "db.models", "db.session", "dashboard.ui",
                                         "dashboard.auth", "dashboard.runtime")),
    "services": (_files(DASH / "services"), ("streamlit", "dashboard.ui", "dashboard.auth", "dashboard.runtime",
                                             "dashboard.charts", "dashboard.reports", "dashboard.app", "pages")),
    "importers": (_files(DASH / "importers"), ("streamlit", "dashboard.ui", "dashboard.auth", "dashboard.runtime",
                                               "db.models", "db.session")),
    "reports": (_files(DASH / "reports"), ("streamlit", "dashboard.ui", "dashboard.auth", "dashboard.runtime",
                                           "sqlalchemy", "db.models", "db.session")),
    "db": (_files(ROOT / "db"), ("dashboard", "streamlit")),
    "auth": ([DASH / "auth.py"], ("dashboard.ui", "pages")),
    "runtime": ([DASH / "runtime.py"], ("dashboard.ui", "dashboard.auth", "pages")),
    # The change board and its route run beside Streamlit, in the server's event loop and a watcher thread.
    "push": (_files(DASH / "push"), ("streamlit", "dashboard.ui", "dashboard.auth", "dashboard.runtime", "pages",
                                     "dashboard.app")),
    "cli": (_files(DASH / "cli"), ("streamlit", "dashboard.ui", "dashboard.auth", "dashboard.runtime")),
}
CASES = [(layer, path) for layer, (files, _) in LAYERS.items() for path in files]


@pytest.mark.parametrize("layer, path", CASES, ids=[f"{layer}:{_rel(p)}" for layer, p in CASES])
def test_imports_point_one_way(layer, path):
    forbidden = LAYERS[layer][1]
    bad = sorted(name for name in _imports(path) if _starts(name, forbidden))
    assert bad == [], f"{_rel(path)} ({layer}) must not import {bad}"


def test_every_layer_is_found():
    # A rename that empties a layer would make the checks above pass vacuously.
    assert all(files for files, _ in LAYERS.values())
    assert {p.parent.name for p in LAYERS["services"][0]} >= {"setup", "live", "outcomes", "leadership", "admin"}


def test_no_pages_folder_beside_the_entry_script():
    # A pages/ folder next to the entry script turns on Streamlit's legacy discovery,
    # which ran page files without the login gate (README, Security).
    assert not (DASH / "pages").exists()


def test_every_page_file_is_registered_and_every_registration_exists():
    registered = {spec.file for spec in PAGES}
    assert registered == {p.name for p in PAGE_FILES}
    assert len({spec.url_path for spec in PAGES}) == len(PAGES)


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.name)
def test_pages_check_their_role_from_the_table_first(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    body = [n for n in tree.body if not isinstance(n, (ast.Import, ast.ImportFrom))
            and not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
    first, second = ast.unparse(body[0]), ast.unparse(body[1])
    # The roles come from the one table, and the check runs before anything else is drawn.
    assert "roles_for(__file__)" in first, f"first statement of {path.name} is {first!r}"
    assert "require_role(" in first or "require_role(" in second, f"{path.name} does not check the role first"
    literal = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "require_role"
               and any(isinstance(a, ast.Constant) for a in n.args)]
    assert not literal, f"{path.name} names roles itself; read them with roles_for(__file__)"


def _catches_service_errors(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ExceptHandler) and node.type is not None:
            names = {n.id for n in ast.walk(node.type) if isinstance(n, ast.Name)}
            names |= {n.attr for n in ast.walk(node.type) if isinstance(n, ast.Attribute)}
            if names & {"DialogueDeskError", "NotFound", "ValidationError", "Conflict", "PermissionDenied"}:
                lines.append(node.lineno)
    return lines


UI_AND_PAGES = [*PAGE_FILES, *_files(DASH / "ui")]


@pytest.mark.parametrize("path", UI_AND_PAGES, ids=_rel)
def test_only_the_action_runner_catches_service_errors(path):
    if path == DASH / "ui" / "actions.py":
        return
    assert _catches_service_errors(path) == [], f"{_rel(path)}: let dashboard/ui/actions.py handle service errors"


@pytest.mark.parametrize("path", _files(DASH / "services"), ids=_rel)
def test_services_never_commit(path):
    assert ".commit()" not in path.read_text(encoding="utf-8")


def test_user_text_is_never_rendered_as_html():
    offenders = [_rel(p) for p in [*PAGE_FILES, *_files(DASH)]
                 if "unsafe_allow_html=True" in p.read_text(encoding="utf-8")]
    assert offenders == [], "render user text with st.text/st.write, not HTML"


def _untranslated_placeholders(path: Path) -> list[int]:
    """Lines of multiselects, and select boxes that may show nothing chosen, drawn without a placeholder of ours."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        keywords = {k.arg: k.value for k in node.keywords}
        if "placeholder" in keywords:
            continue
        index = keywords.get("index")
        empty_first = isinstance(index, ast.Constant) and index.value is None
        if node.func.attr == "multiselect" or (node.func.attr == "selectbox" and empty_first):
            lines.append(node.lineno)
    return lines


@pytest.mark.parametrize("path", UI_AND_PAGES, ids=_rel)
def test_empty_choices_show_our_placeholder_not_streamlits_english(path):
    # Streamlit's own "Choose options" / "Choose an option" is English in every interface language.
    assert _untranslated_placeholders(path) == [], f"{_rel(path)}: pass placeholder=_(...)"
