"""Settings: defaults, production refusal, generated demo key, documented knobs."""
import secrets
from pathlib import Path

import pytest

from dashboard.config import (
    MIN_COOKIE_KEY_BYTES, SETTINGS_HELP, ConfigError, configured_environment, key_entropy_bits, load_settings,
)

STRONG_KEY = secrets.token_urlsafe(48)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for name in SETTINGS_HELP:
        monkeypatch.delenv(name, raising=False)


def test_defaults_to_sqlite_in_the_data_folder(tmp_path):
    s = load_settings({"DIALOGUE_DESK_DATA_DIR": str(tmp_path)})
    assert s.environment == "demo"
    assert s.database_url == f"sqlite:///{tmp_path / 'dialogue_desk.db'}"


def test_demo_key_is_generated_once_and_kept(tmp_path):
    first = load_settings({"DIALOGUE_DESK_DATA_DIR": str(tmp_path)}).cookie_key
    second = load_settings({"DIALOGUE_DESK_DATA_DIR": str(tmp_path)}).cookie_key
    assert first == second and len(first.encode()) >= MIN_COOKIE_KEY_BYTES
    assert (tmp_path / "cookie_key").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("key", [None, "short-key", "x" * (MIN_COOKIE_KEY_BYTES - 1)])
def test_production_refuses_a_missing_or_short_key(tmp_path, key):
    overrides = {"DIALOGUE_DESK_ENV": "production", "DIALOGUE_DESK_DATA_DIR": str(tmp_path)}
    if key:
        overrides["DIALOGUE_DESK_COOKIE_KEY"] = key
    with pytest.raises(ConfigError, match="at least 32 bytes"):
        load_settings(overrides)
    assert not (tmp_path / "cookie_key").exists()  # no key is invented in production


def test_production_accepts_a_strong_key_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DIALOGUE_DESK_ENV", "production")
    monkeypatch.setenv("DIALOGUE_DESK_COOKIE_KEY", STRONG_KEY)
    s = load_settings({"DIALOGUE_DESK_DATA_DIR": str(tmp_path)})
    assert s.is_production and s.cookie_key == STRONG_KEY


@pytest.mark.parametrize("key", [
    "a" * 32, "k" * 40, "p" * 48, "ab" * 32, "password" * 4, "0123456789" * 4,
    "abcdefghijklmnopqrstuvwxyz0123456789", "9f86d081884c7d659a2feaa0c55ad015",  # 32 hex digits: 128 bits at most
])
def test_production_refuses_a_long_but_predictable_key(tmp_path, key):
    assert len(key.encode()) >= MIN_COOKIE_KEY_BYTES
    with pytest.raises(ConfigError, match=r"too predictable.*secrets\.token_urlsafe\(48\)"):
        load_settings({"DIALOGUE_DESK_ENV": "production", "DIALOGUE_DESK_DATA_DIR": str(tmp_path),
                       "DIALOGUE_DESK_COOKIE_KEY": key})


@pytest.mark.parametrize("key", [secrets.token_urlsafe(48), secrets.token_urlsafe(32), secrets.token_hex(32),
                                 "correct horse battery staple, then seven more words to be sure"])
def test_production_accepts_random_keys(tmp_path, key):
    s = load_settings({"DIALOGUE_DESK_ENV": "production", "DIALOGUE_DESK_DATA_DIR": str(tmp_path),
                       "DIALOGUE_DESK_COOKIE_KEY": key})
    assert s.cookie_key == key and key_entropy_bits(key) >= 128


def test_the_environment_can_be_read_without_touching_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("DIALOGUE_DESK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DIALOGUE_DESK_ENV", "Production")
    assert configured_environment() == "production"
    assert configured_environment({"DIALOGUE_DESK_ENV": "development"}) == "development"
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ConfigError, match="not one of"):
        configured_environment({"DIALOGUE_DESK_ENV": "staging"})


def test_unknown_environment_is_refused():
    with pytest.raises(ConfigError, match="not one of"):
        load_settings({"DIALOGUE_DESK_ENV": "staging"})


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in SETTINGS_HELP if name not in readme]
    assert not missing, f"README does not document: {missing}"
