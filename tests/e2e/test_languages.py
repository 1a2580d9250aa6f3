"""A moderator switches the interface to Arabic, then Chinese, then French, as a person would.

After each switch: the browser title and the page heading are in that language, our content area
reads right to left in Arabic only, the console's own words are translated (no English label of
ours left), and the account remembers the choice in the database. Screenshots of the console,
the presenter view and the takeaways in Arabic and Chinese go to artifacts/screenshots/.
"""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from dashboard.i18n import translate
from tests.e2e.conftest import assert_no_exception, forget_language, login, pick_language, screenshot, wait_idle

pytestmark = pytest.mark.e2e

# Words of ours on the capture console that must not stay English once another language is chosen.
CONSOLE_WORDS = ("Save intervention", "Recent interventions", "Show deleted interventions", "Capture")


def _remembered(database_url: str, username: str) -> str:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT preferred_language FROM users WHERE username = :u"),
                                      {"u": username}).scalar_one()
    finally:
        engine.dispose()


def _open(page, base_url: str, url_path: str, title: str, code: str, heading: str | None = "") -> None:
    """Open a page; its browser title is `title` translated, its heading `heading` (default: the title;
    None for a page headed by the session's own title)."""
    page.goto(f"{base_url}/{url_path}")
    page.wait_for_function("(want) => document.title === want",
                           arg=translate("{page} · Dialogue Desk", code).format(page=translate(title, code)))
    if heading is not None:
        page.get_by_role("heading", name=translate(heading or title, code), level=1).wait_for()
    wait_idle(page, settle_ms=1500)
    assert_no_exception(page)


def _direction(page) -> str:
    return page.evaluate("() => getComputedStyle(document.querySelector('[data-testid=\"stMainBlockContainer\"]'))"
                         ".direction")


def _no_english_left(page, code: str) -> None:
    main = page.locator('[data-testid="stMain"]').inner_text()
    for word in CONSOLE_WORDS:
        assert translate(word, code) != word, f"{word!r} has no {code} translation"
        assert translate(word, code) in main, f"{translate(word, code)!r} missing from the {code} console"
    assert "Save intervention" not in main and "Recent interventions" not in main


def test_arabic_then_chinese_then_french(page, live_server):
    url, db_url = live_server.url, live_server.database_url
    login(page, url, "moderator")
    try:
        _open(page, url, "live-console", "Capture console", "en")
        for code, direction in (("ar", "rtl"), ("zh", "ltr")):
            pick_language(page, code)
            assert _remembered(db_url, "moderator") == code
            _open(page, url, "live-console", "Capture console", code)
            assert _direction(page) == direction
            _no_english_left(page, code)
            screenshot(page, f"language_{code}_console")
            _open(page, url, "presenter", "Presenter view", code, heading=None)
            assert _direction(page) == direction
            screenshot(page, f"language_{code}_presenter")
            _open(page, url, "takeaways", "Takeaways", code, heading="Session outcomes")
            screenshot(page, f"language_{code}_takeaways")

        pick_language(page, "fr")
        assert _remembered(db_url, "moderator") == "fr"
        _open(page, url, "live-console", "Capture console", "fr")
        assert _direction(page) == "ltr"
        _no_english_left(page, "fr")
        assert page.get_by_role("heading", name="Console de saisie", level=1).is_visible()
    finally:
        forget_language(db_url, "moderator")  # the demo server is shared: the next test logs in in English
