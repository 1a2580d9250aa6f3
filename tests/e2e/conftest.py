"""Browser tests: a real Streamlit server on a free local port, driven by Debian's Chromium.

Without Chromium or Playwright these tests skip, unless REQUIRE_E2E=1 (CI), where they fail.
Screenshots go to artifacts/screenshots/ (git-ignored).
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
COOKIE = "dialogue_desk_auth"
DEMO = {
    "admin": ("admin", "admin-demo"),
    "moderator": ("moderator", "moderator-demo"),
    "participant": ("participant", "participant-demo"),
    "leadership": ("leadership", "leadership-demo"),
}


def pytest_collection_modifyitems(config, items) -> None:
    """A browser test gets one more try, and the summary lists it as rerun.

    On a busy two-core machine a browser test can lose a race with a Streamlit rerun that a
    person, who is slower, never meets. A real fault fails both tries; a test that needed its
    second try shows up as "R" in the run's summary.
    """
    for item in items:
        if item.get_closest_marker("e2e") and not item.get_closest_marker("flaky"):
            item.add_marker(pytest.mark.flaky(reruns=1, reruns_delay=2))


def _require(reason: str) -> None:
    if os.environ.get("REQUIRE_E2E", "").strip() in {"1", "true", "yes"}:
        pytest.fail(f"REQUIRE_E2E=1 but {reason}")
    pytest.skip(f"{reason} (set REQUIRE_E2E=1 to fail instead)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    data_dir: Path
    database_url: str
    process: subprocess.Popen

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_server(data_dir: Path, *, seed: bool = True, extra_env: dict[str, str] | None = None) -> Server:
    """Migrate (and seed) a fresh data folder, start Streamlit on a free port, wait for health."""
    data_dir.mkdir(parents=True, exist_ok=True)
    database_url = f"sqlite:///{data_dir / 'dialogue_desk.db'}"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"DATABASE_URL": database_url, "DIALOGUE_DESK_DATA_DIR": str(data_dir),
                "DIALOGUE_DESK_ENV": "demo", **(extra_env or {})})
    py = sys.executable
    subprocess.run([py, "-m", "dashboard", "init-db"], cwd=ROOT, env=env, check=True, capture_output=True)
    if seed:
        subprocess.run([py, "-m", "dashboard", "seed-demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    port = _free_port()
    log = open(data_dir / "server.log", "wb")
    process = subprocess.Popen(
        [py, "-m", "streamlit", "run", "dashboard/serve.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited: {(data_dir / 'server.log').read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return Server(url, data_dir, database_url, process)
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("streamlit did not become healthy within 60 s")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One seeded demo server shared by the browser tests of a run."""
    server = start_server(tmp_path_factory.mktemp("e2e_data"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _require("playwright is not installed")
    if not Path(CHROMIUM).exists():
        _require(f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def context(browser) -> Iterator[object]:
    ctx = browser.new_context(viewport={"width": 1400, "height": 950})
    ctx.set_default_timeout(30_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context) -> object:
    return context.new_page()


def login(page, base_url: str, role: str) -> None:
    """Log in through the real form as the demo account of `role`."""
    username, password = DEMO[role]
    page.goto(base_url)
    # Type only once the first run (and the cookie component's rerun) has finished, as a person
    # would: a submit that races the session's start-up can be dropped.
    page.get_by_role("textbox", name="Username").wait_for()
    wait_idle(page, settle_ms=500)
    page.get_by_role("textbox", name="Username").fill(username)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    try:
        page.get_by_role("button", name="Log out").wait_for()
    except Exception as exc:
        screenshot(page, f"login_failed_{role}")
        raise AssertionError(f"login as {role} did not complete; the page shows:\n"
                             f"{page.inner_text('body')[:1500]}") from exc
    # The login cookie is written by a browser-side component after this rerun; a page.goto()
    # before it lands would open a new, logged-out session.
    deadline = time.monotonic() + 15
    while not any(c["name"] == COOKIE for c in page.context.cookies()):
        if time.monotonic() > deadline:
            raise AssertionError("the login cookie was never set")
        page.wait_for_timeout(100)


LANGUAGE_NAMES = {"ar": "العربية", "zh": "中文", "fr": "Français", "en": "English", "ru": "Русский", "es": "Español"}


def pick_language(page, code: str) -> None:
    """Choose the interface language in the sidebar picker, as a person would; wait for the rerun."""
    page.locator('[data-testid="stSidebarUserContent"]').get_by_role("combobox", name="Language").click()
    page.get_by_role("option", name=LANGUAGE_NAMES[code], exact=True).click()
    wait_idle(page, settle_ms=800)


def forget_language(database_url: str, username: str) -> None:
    """Back to English for `username` (the demo server is shared by the tests of a run)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE users SET preferred_language = 'en' WHERE username = :u"),
                               {"u": username})
    finally:
        engine.dispose()


def logout(page) -> None:
    """Log out through the sidebar button once the page has settled; wait for the login form."""
    wait_idle(page)
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("textbox", name="Username").wait_for()


def goto_page(page, base_url: str, url_path: str, expect_text: str) -> None:
    """Open a page by URL in a logged-in browser and wait for a text it shows."""
    page.goto(f"{base_url}/{url_path}")
    page.get_by_text(expect_text, exact=False).first.wait_for()


def wait_idle(page, timeout: float = 30, settle_ms: int = 300) -> None:
    """Wait until Streamlit has finished the current rerun (no running indicator)."""
    page.wait_for_timeout(settle_ms)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=timeout * 1000)


def upload(page, path, *, expect_text: str) -> None:
    """Choose a file in the page's uploader, wait for `expect_text`, then for the rerun to end."""
    page.locator('input[type="file"]').set_input_files(str(path))
    page.get_by_text(expect_text).first.wait_for()
    wait_idle(page, settle_ms=800)


def screenshot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{re.sub(r'[^a-z0-9_-]+', '_', name.lower())}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_no_exception(page) -> None:
    """Fail on a Streamlit exception box or a traceback on screen."""
    assert page.locator('[data-testid="stException"]').count() == 0, page.inner_text("body")[:2000]
    assert "Traceback" not in page.inner_text("body")
