"""AppTest of Administration → Users and Backups on the real entry script."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from db.models import User
from db.session import session_factory
from tests.conftest import login_as, make_app, page_path
from tests.factories import make_user
from tests.pages.test_setup_pages import k


@pytest.fixture
def env(app_env):
    with session_factory(app_env)() as s:
        make_user(s, "boss", ("admin",))
        make_user(s, "mod", ("moderator",))
        s.commit()
    return app_env


def users_page():
    at = login_as(make_app(), "boss", ["admin"]).run()
    at.switch_page(page_path("admin_users.py")).run()
    assert not at.exception, at.exception
    return at


def submit(at, label: str):
    next(b for b in at.button if b.label == label).click()
    return at.run()


def fill_new_user(at, generation: int, username: str, password: str = "long-enough-pw") -> None:
    at.text_input(key=k("admin.add_user", "username", generation=generation)).input(username)
    at.text_input(key=k("admin.add_user", "display_name", generation=generation)).input("Ana Costa")
    at.text_input(key=k("admin.add_user", "password", generation=generation)).input(password)


def count_users(url: str, username: str) -> int:
    with session_factory(url)() as s:
        return s.scalar(select(func.count(User.id)).where(User.username == username))


def test_adding_a_user_says_so_and_clears_the_form(env):
    at = users_page()
    fill_new_user(at, 0, "ana.costa")
    submit(at, "Add user")
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == ["Added ana.costa. They can log in now with the initial password."]
    assert at.text_input(key=k("admin.add_user", "username", generation=1)).value == ""
    assert count_users(env, "ana.costa") == 1
    at.run()
    assert not at.success  # said once


def test_a_refused_add_keeps_the_form_and_leaves_no_stale_error(env):
    at = users_page()
    fill_new_user(at, 0, "mod")
    submit(at, "Add user")
    assert [e.value for e in at.error] == ["The username 'mod' is already taken."]
    assert at.text_input(key=k("admin.add_user", "username")).value == "mod"
    assert at.text_input(key=k("admin.add_user", "display_name")).value == "Ana Costa"
    assert count_users(env, "mod") == 1
    at.text_input(key=k("admin.add_user", "username")).input("ana.costa")
    submit(at, "Add user")
    assert not at.error
    assert [s.value for s in at.success] == ["Added ana.costa. They can log in now with the initial password."]
    at.run()
    assert not at.error and not at.success


def test_saving_a_user_says_so_and_deactivation_is_stored(env):
    at = users_page()
    at.selectbox(key="admin_account").set_value("mod").run()
    with session_factory(env)() as s:
        mod_id = s.scalar(select(User.id).where(User.username == "mod"))
    at.checkbox(key=k("admin.edit_user", "active", mod_id)).uncheck()
    submit(at, "Save changes")
    assert [s.value for s in at.success] == ["Saved mod."]
    with session_factory(env)() as s:
        assert s.scalar(select(User.is_active).where(User.username == "mod")) is False


def test_an_admin_cannot_demote_themselves_on_the_page(env):
    at = users_page()
    at.selectbox(key="admin_account").set_value("boss").run()
    with session_factory(env)() as s:
        boss_id = s.scalar(select(User.id).where(User.username == "boss"))
    at.multiselect(key=k("admin.edit_user", "roles", boss_id)).set_value(["moderator"])
    submit(at, "Save changes")
    assert [e.value for e in at.error] == ["You cannot remove your own admin role: ask another admin to do it."]
    assert at.multiselect(key=k("admin.edit_user", "roles", boss_id)).value == ["moderator"]  # kept to fix
    with session_factory(env)() as s:
        assert s.scalar(select(User.roles).where(User.username == "boss")) == ["admin"]


def test_a_backup_is_written_and_reported(env, tmp_path):
    at = login_as(make_app(), "boss", ["admin"]).run()
    at.switch_page(page_path("admin_backups.py")).run()
    submit(at, "Create a backup now")
    assert not at.exception
    [message] = [s.value for s in at.success]
    assert message.startswith("Saved ") and "rows from" in message
    assert list((tmp_path / "data" / "backups").glob("*.json.gz"))
