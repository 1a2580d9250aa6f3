"""Accounts, password checks, throttling and revocation."""
from datetime import timedelta

import pytest
from sqlalchemy import event

from dashboard.services.admin import users
from dashboard.services.audit import Actor
from dashboard.services.errors import ValidationError
from db.models import LoginThrottle, utcnow
from tests.factories import make_user


def test_create_user_stores_only_a_hash(dbs):
    info = make_user(dbs, "Ana.Costa", ("moderator", "admin"), password="s3cret-pass")
    dbs.commit()
    assert info.username == "ana.costa"
    creds = users.credentials_for_authenticator(dbs)["usernames"]["ana.costa"]
    assert creds["password"].startswith("$2") and "s3cret-pass" not in creds["password"]
    assert creds["roles"] == ["moderator", "admin"]


@pytest.mark.parametrize("kwargs, message", [
    ({"username": "x"}, "2-64 characters"),
    ({"username": "<script>"}, "2-64 characters"),
    ({"password": "short"}, "at least 8"),
    ({"roles": ["king"]}, "Unknown role"),
    ({"roles": []}, "at least one role"),
])
def test_create_user_refuses_bad_input(dbs, kwargs, message):
    args = {"username": "valid", "password": "long-enough", "roles": ["participant"], **kwargs}
    with pytest.raises(ValidationError, match=message):
        users.create_user(dbs, **args)


def test_duplicate_username_is_refused_case_insensitively(dbs):
    make_user(dbs, "mod")
    with pytest.raises(ValidationError, match="already taken"):
        make_user(dbs, "MOD")


def test_check_password(dbs):
    make_user(dbs, "mod", password="right-password")
    assert users.check_password(dbs, "mod", "right-password") is True
    assert users.check_password(dbs, " MOD ", "right-password") is True
    assert users.check_password(dbs, "mod", "wrong-password") is False
    assert users.check_password(dbs, "nobody", "right-password") is False
    assert users.check_password(dbs, "", "") is False


def test_unknown_usernames_cost_a_bcrypt_check_too(dbs, monkeypatch):
    make_user(dbs, "mod", password="right-password")
    calls = []
    real = users.bcrypt.checkpw
    monkeypatch.setattr(users.bcrypt, "checkpw", lambda p, h: calls.append(h) or real(p, h))
    users.check_password(dbs, "mod", "wrong-password")
    users.check_password(dbs, "no-such-user", "wrong-password")
    assert len(calls) == 2


def test_failed_logins_lock_the_username_with_growing_lockouts(dbs):
    make_user(dbs, "mod", password="right-password")
    policy = users.ThrottlePolicy(max_failures=3, lockout_seconds=30, lockout_max_seconds=900)
    now = utcnow()
    for _ in range(3):
        assert users.check_password(dbs, "mod", "bad-guess", policy=policy, now=now) is False
    with pytest.raises(users.LoginThrottled) as exc:
        users.check_password(dbs, "mod", "right-password", policy=policy, now=now + timedelta(seconds=5))
    assert exc.value.seconds == 25
    later = now + timedelta(seconds=31)
    assert users.check_password(dbs, "mod", "bad-again", policy=policy, now=later) is False
    with pytest.raises(users.LoginThrottled) as exc:  # the 4th failure doubles the lockout
        users.check_password(dbs, "mod", "right-password", policy=policy, now=later)
    assert exc.value.seconds == 60
    assert users.check_password(dbs, "mod", "right-password", policy=policy, now=later + timedelta(seconds=61))
    # success resets the count
    assert users.check_password(dbs, "mod", "bad", policy=policy, now=later + timedelta(seconds=62)) is False


def test_unknown_usernames_are_throttled_like_known_ones(dbs):
    policy = users.ThrottlePolicy(max_failures=2)
    now = utcnow()
    users.check_password(dbs, "ghost", "a", policy=policy, now=now)
    users.check_password(dbs, "ghost", "b", policy=policy, now=now)
    with pytest.raises(users.LoginThrottled):
        users.check_password(dbs, "ghost", "c", policy=policy, now=now)


def test_inactive_users_cannot_log_in_and_lose_their_tokens(dbs):
    make_user(dbs, "mod", password="right-password")
    issued = utcnow()
    assert users.token_is_current(dbs, "mod", issued)
    users.update_user(dbs, "mod", is_active=False)
    with pytest.raises(users.AccountDeactivated, match="This account is deactivated"):
        users.check_password(dbs, "mod", "right-password")
    assert not users.token_is_current(dbs, "mod", issued)


def test_a_deactivated_account_is_named_only_after_the_right_password(dbs):
    make_user(dbs, "mod", password="right-password")
    users.update_user(dbs, "mod", is_active=False)
    # A wrong guess learns nothing: the same False as an unknown user, and it counts as a failure.
    assert users.check_password(dbs, "mod", "wrong-password") is False
    assert dbs.get(LoginThrottle, "mod").failed_count == 1
    with pytest.raises(users.AccountDeactivated):
        users.check_password(dbs, " MOD ", "right-password")


def test_the_current_user_costs_one_query(dbs):
    make_user(dbs, "mod", password="right-password")
    dbs.commit()
    statements = []

    def listen(_conn, _cursor, statement, *_rest) -> None:
        statements.append(statement)

    event.listen(dbs.get_bind(), "before_cursor_execute", listen)
    try:
        info = users.get_current_user(dbs, "mod", utcnow())
    finally:
        event.remove(dbs.get_bind(), "before_cursor_execute", listen)
    assert info is not None and info.username == "mod"
    assert len(statements) == 1
    assert users.get_current_user(dbs, "mod", utcnow() - timedelta(days=1)) is not None
    users.revoke_sessions(dbs, "mod")
    assert users.get_current_user(dbs, "mod", utcnow() - timedelta(seconds=5)) is None
    assert users.get_current_user(dbs, "nobody", utcnow()) is None


def _admins(dbs):
    me = make_user(dbs, "me", ("admin", "moderator"))
    other = make_user(dbs, "other", ("admin",))
    return Actor(me.id, me.username), Actor(other.id, other.username)


def test_an_admin_cannot_remove_their_own_admin_role(dbs):
    me, _ = _admins(dbs)
    with pytest.raises(ValidationError, match="cannot remove your own admin role"):
        users.update_user(dbs, "me", roles=["moderator"], actor=me)
    assert users.get_user(dbs, "me").roles == ("admin", "moderator")
    # Other changes to one's own account are fine.
    assert users.update_user(dbs, "me", display_name="Me Myself", roles=["admin"], actor=me).roles == ("admin",)


def test_an_admin_cannot_deactivate_themselves(dbs):
    me, _ = _admins(dbs)
    with pytest.raises(ValidationError, match="cannot deactivate your own account"):
        users.update_user(dbs, "me", is_active=False, actor=me)
    assert users.get_user(dbs, "me").is_active


def test_another_admin_may_demote_or_deactivate_an_admin(dbs):
    me, other = _admins(dbs)
    assert users.update_user(dbs, "me", roles=["moderator"], actor=other).roles == ("moderator",)
    make_user(dbs, "third", ("admin",))
    assert users.update_user(dbs, "other", is_active=False, actor=me).is_active is False


@pytest.mark.parametrize("change", [{"roles": ["participant"]}, {"is_active": False}])
def test_the_last_active_admin_cannot_be_removed(dbs, change):
    make_user(dbs, "boss", ("admin",))
    make_user(dbs, "former", ("admin",))
    users.update_user(dbs, "former", is_active=False)  # an inactive admin does not count
    clerk = make_user(dbs, "clerk", ("moderator",))
    with pytest.raises(ValidationError, match="'boss' is the last active admin"):
        users.update_user(dbs, "boss", **change)
    with pytest.raises(ValidationError, match="last active admin"):
        users.update_user(dbs, "boss", **change, actor=Actor(clerk.id, clerk.username))
    boss = users.get_user(dbs, "boss")
    assert boss.is_active and boss.roles == ("admin",)


def test_logout_password_and_role_changes_revoke_older_logins(dbs):
    make_user(dbs, "mod", password="right-password")
    before = utcnow() - timedelta(seconds=1)
    users.revoke_sessions(dbs, "mod")
    assert not users.token_is_current(dbs, "mod", before)
    assert users.token_is_current(dbs, "mod", utcnow() + timedelta(seconds=1))
    later = utcnow()
    users.set_password(dbs, "mod", "another-password")
    assert not users.token_is_current(dbs, "mod", later - timedelta(microseconds=1))
    assert users.check_password(dbs, "mod", "another-password")
    t = utcnow()
    users.update_user(dbs, "mod", roles=["participant"])
    assert not users.token_is_current(dbs, "mod", t - timedelta(microseconds=1))
    assert not users.token_is_current(dbs, "nobody", utcnow())
