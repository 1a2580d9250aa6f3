"""axe-core over every page, for every role: no WCAG 2.1 A/AA violation in our own markup.

One browser for the run, one context per role (logged in once), every page that role can open.
A violation node counts as Streamlit's own (and is only reported, never failed on) when its
element lies inside one of FRAMEWORK_CHROME below; the README ("Accessibility") lists which
rules fire there. Everything else is ours and fails the test.
"""
from __future__ import annotations

import json

import pytest

from dashboard.navigation import ALL, pages_for
from dashboard.i18n import translate
from tests.e2e.conftest import ROOT, _require, forget_language, login, pick_language, screenshot, wait_idle

pytestmark = pytest.mark.e2e

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}

# Streamlit's own chrome: containers whose markup the app does not write. A node inside one of
# these is the framework's (documented in README "Accessibility" and docs/accessibility.md).
FRAMEWORK_CHROME = (
    '[data-testid="stSidebarNav"]',       # the page list st.navigation draws
    '[data-testid="stSidebarHeader"]',    # sidebar logo / collapse button
    '[data-testid="stHeader"]',           # the top bar
    '[data-testid="stToolbar"]',          # its menu
    '[data-testid="stDecoration"]',
    '[data-testid="stStatusWidget"]',     # "Running..."
)

# For each violation node: is its element inside Streamlit's chrome? A target is a list of CSS
# selectors, one per iframe / shadow root on the way; a node behind one of those is counted as ours
# (the only iframes here are our components), so nothing escapes the rule unseen.
_CLASSIFY = """([targets, chrome]) => targets.map((t) => {
  if (!Array.isArray(t) || t.length !== 1 || typeof t[0] !== 'string') return false;
  const el = document.querySelector(t[0]);
  return !!(el && el.closest(chrome));
})"""

REPORT_DIR = ROOT / "artifacts" / "axe"


@pytest.fixture(scope="module")
def axe():
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        _require("axe-playwright-python is not installed (make install-test)")
    return Axe()


def _audit(axe, page) -> tuple[list[dict], list[dict]]:
    """Run axe on the page; (ours, framework's) violation nodes as small dicts."""
    results = axe.run(page, options=AXE_OPTIONS).response
    ours, theirs = [], []
    for violation in results["violations"]:
        nodes = violation["nodes"]
        inside = page.evaluate(_CLASSIFY, [[n["target"] for n in nodes], ", ".join(FRAMEWORK_CHROME)])
        for node, framework in zip(nodes, inside):
            row = {"rule": violation["id"], "impact": violation["impact"], "target": node["target"],
                   "html": node["html"][:200], "why": node.get("failureSummary", "")[:300]}
            (theirs if framework else ours).append(row)
    return ours, theirs


@pytest.mark.parametrize("role", ALL)
def test_no_axe_violations_in_our_markup(live_server, page, axe, role):
    login(page, live_server.url, role)
    ours: dict[str, list[dict]] = {}
    theirs: dict[str, list[dict]] = {}
    specs = [spec for group in pages_for([role]).values() for spec in group]
    for index, spec in enumerate(specs):
        # st.navigation serves its first (default) page at the root: /home would open a
        # "Page not found" dialog over an inert page, where axe finds nothing to check.
        page.goto(f"{live_server.url}/{spec.url_path if index else ''}")
        page.get_by_role("button", name="Log out").wait_for()
        try:
            page.locator("h1").first.wait_for()
            wait_idle(page, settle_ms=800)
        except Exception:
            screenshot(page, f"axe_{role}_{spec.url_path}")
            raise
        assert page.get_by_role("dialog").count() == 0, f"a dialog covers {spec.url_path}: axe would see nothing"
        ours[spec.url_path], theirs[spec.url_path] = _audit(axe, page)
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    (REPORT_DIR / f"{role}.json").write_text(json.dumps({"ours": ours, "framework": theirs}, indent=1))
    failing = {path: rows for path, rows in ours.items() if rows}
    report = "\n".join(f"{path}: {r['rule']} ({r['impact']}) {r['target']} — {r['html']}\n    {r['why']}"
                       for path, rows in failing.items() for r in rows)
    assert not failing, f"axe violations in our markup ({role}):\n{report}"


@pytest.mark.parametrize("role", ["participant", "moderator"])
def test_no_axe_violations_in_our_markup_in_arabic(live_server, page, axe, role):
    """The same audit with the interface in Arabic, right to left (pages a participant and a moderator open)."""
    login(page, live_server.url, role)
    pick_language(page, "ar")
    leave = translate("Log out", "ar")
    failing: dict[str, list[dict]] = {}
    try:
        specs = [spec for group in pages_for([role]).values() for spec in group]
        for index, spec in enumerate(specs):
            page.goto(f"{live_server.url}/{spec.url_path if index else ''}")
            page.get_by_role("button", name=leave).wait_for()
            page.locator("h1").first.wait_for()
            wait_idle(page, settle_ms=800)
            ours, _theirs = _audit(axe, page)
            if ours:
                failing[spec.url_path] = ours
    finally:
        forget_language(live_server.database_url, role)
    report = "\n".join(f"{path}: {r['rule']} ({r['impact']}) {r['target']} — {r['html']}\n    {r['why']}"
                       for path, rows in failing.items() for r in rows)
    assert not failing, f"axe violations in our markup ({role}, Arabic):\n{report}"
