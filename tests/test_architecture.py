"""The layering rules from the README, checked on the source."""
import ast
from pathlib import Path

import pytest

from dashboard.navigation import PAGES

ROOT = Path(__file__).resolve().parent.parent
PAGE_FILES = sorted((ROOT / "pages").glob("*.py"))
SERVICE_FILES = sorted((ROOT / "dashboard" / "services").glob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_pages_folder_beside_the_entry_script():
    # A pages/ folder next to the entry script turns on Streamlit's legacy discovery,
    # which ran page files without the login gate (README, Security).
    assert not (ROOT / "dashboard" / "pages").exists()


def test_every_page_file_is_registered_and_every_registration_exists():
    registered = {spec.file for spec in PAGES}
    assert registered == {p.name for p in PAGE_FILES}
    assert len({spec.url_path for spec in PAGES}) == len(PAGES)


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.name)
def test_pages_check_the_role_first_and_never_touch_sqlalchemy(path):
    imports = _imports(path)
    assert not any(name.split(".")[0] == "sqlalchemy" for name in imports), "pages call services"
    assert not any(name.startswith("db.") and name != "db.codes" for name in imports), "pages call services"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    body = [n for n in tree.body if not isinstance(n, (ast.Import, ast.ImportFrom))
            and not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
    first = ast.unparse(body[0])
    assert "require_role(" in first, f"first statement of {path.name} is {first!r}"


@pytest.mark.parametrize("path", SERVICE_FILES, ids=lambda p: p.name)
def test_services_never_import_streamlit_or_commit(path):
    assert not any(name.split(".")[0] == "streamlit" for name in _imports(path))
    assert ".commit()" not in path.read_text(encoding="utf-8")


def test_user_text_is_never_rendered_as_html():
    offenders = [p.name for p in [*PAGE_FILES, *(ROOT / "dashboard").rglob("*.py")]
                 if "unsafe_allow_html=True" in p.read_text(encoding="utf-8")]
    assert offenders == [], "render user text with st.text/st.write, not HTML"
