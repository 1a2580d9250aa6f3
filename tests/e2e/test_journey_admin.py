"""Journey: an admin adds a user, tries the same username again, deactivates the user; that user
then tries to log in, with the right password and with a wrong one.

After every step the database is read back: one new account; no second one; the account
inactive. Only ADDS data to the shared demo server: an account of its own.
"""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from db.models import User
from db.session import session_scope
from tests.e2e.conftest import assert_no_exception, goto_page, login, screenshot, wait_idle

pytestmark = pytest.mark.e2e



def _accounts(url: str, username: str) -> list[tuple[str, bool, list[str]]]:
    with session_scope(url) as s:
        return [(u.display_name, u.is_active, list(u.roles))
                for u in s.scalars(select(User).where(User.username == username))]


def _type_into(page, field, text: str) -> None:
    field.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def _add_user_form(page):
    return page.locator('[data-testid="stForm"]').filter(has=page.get_by_role("button", name="Add user"))


def _fill_and_add(page, username: str, name: str, password: str) -> None:
    form = _add_user_form(page)
    _type_into(page, form.get_by_role("textbox", name="Username"), username)
    _type_into(page, form.get_by_role("textbox", name="Display name"), name)
    _type_into(page, form.get_by_role("textbox", name="Initial password"), password)
    wait_idle(page)
    form.get_by_role("button", name="Add user").click()


def _try_login(page, base_url: str, username: str, password: str) -> None:
    page.goto(base_url)
    page.get_by_role("textbox", name="Username").wait_for()
    wait_idle(page, settle_ms=500)
    _type_into(page, page.get_by_role("textbox", name="Username"), username)
    _type_into(page, page.get_by_role("textbox", name="Password"), password)
    page.keyboard.press("Enter")


def test_add_refuse_a_duplicate_deactivate_and_the_login_says_why(live_server, browser, page):
    url, db_url = live_server.url, live_server.database_url
    page.set_default_timeout(60_000)
    username, password = f"e2e-{uuid.uuid4().hex[:8]}", "journey-password-1"
    total_before = _total(db_url)

    # 1. Add the user: one row, a success message, an empty form.
    login(page, url, "admin")
    goto_page(page, url, "admin-users", "Add a user")
    _fill_and_add(page, username, "Journey Person", password)
    page.get_by_text(f"Added {username}.").wait_for()
    assert_no_exception(page)
    assert _accounts(db_url, username) == [("Journey Person", True, ["participant"])]
    assert _total(db_url) == total_before + 1
    form = _add_user_form(page)
    assert form.get_by_role("textbox", name="Username").input_value() == ""
    assert form.get_by_role("textbox", name="Display name").input_value() == ""
    screenshot(page, "journey_admin_added")

    # 2. The same username again: a clear error, the typed values stay, no new row.
    _fill_and_add(page, username, "Someone Else", password)
    page.get_by_text(f"The username '{username}' is already taken.").wait_for()
    assert page.get_by_text(f"Added {username}.").count() == 0
    form = _add_user_form(page)
    assert form.get_by_role("textbox", name="Username").input_value() == username
    assert form.get_by_role("textbox", name="Display name").input_value() == "Someone Else"
    assert _accounts(db_url, username) == [("Journey Person", True, ["participant"])]
    assert _total(db_url) == total_before + 1
    screenshot(page, "journey_admin_duplicate")

    # 3. Deactivate the user on "Change a user".
    page.get_by_role("tab", name="Change a user").click()
    account = page.locator(".st-key-admin_account input")
    account.click()
    page.keyboard.type(username)
    page.get_by_role("option", name=username).click()
    wait_idle(page)
    # The form of the account shown before fades out while the chosen account's form is drawn.
    edit = page.locator('[data-testid="stForm"]').filter(has=page.locator("input[value='Journey Person']"))
    edit.get_by_role("textbox", name="Display name").wait_for()
    wait_idle(page)
    assert edit.get_by_role("textbox", name="Display name").input_value() == "Journey Person"
    edit.get_by_text("Active (can log in)").click()
    wait_idle(page)
    edit.get_by_role("button", name="Save changes").click()
    page.get_by_text(f"Saved {username}.").wait_for()
    assert_no_exception(page)
    assert _accounts(db_url, username) == [("Journey Person", False, ["participant"])]
    screenshot(page, "journey_admin_deactivated")

    # 4. In another browser, the user logs in: told the account is deactivated only with the right password.
    other = browser.new_context(viewport={"width": 1400, "height": 950})
    try:
        them = other.new_page()
        them.set_default_timeout(60_000)
        _try_login(them, url, username, password)
        them.get_by_text("This account is deactivated.").wait_for()
        assert them.get_by_role("button", name="Log out").count() == 0
        screenshot(them, "journey_admin_deactivated_login")
        _try_login(them, url, username, "not-the-password")
        them.get_by_text("Username or password is incorrect.").wait_for()
        assert them.get_by_text("This account is deactivated.").count() == 0
        assert them.get_by_role("button", name="Log out").count() == 0
    finally:
        other.close()
    assert _accounts(db_url, username) == [("Journey Person", False, ["participant"])]


def _total(url: str) -> int:
    with session_scope(url) as s:
        return s.scalar(select(func.count(User.id)))
