"""Settings: read once from overrides, the environment, then `.streamlit/secrets.toml`.

`load_settings()` is the only place that reads configuration. Everything else receives
a frozen `Settings`.
"""
from __future__ import annotations

import math
import os
import secrets
import tomllib
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Mapping

ROOT = Path(__file__).resolve().parent.parent

ENVIRONMENTS = ("demo", "development", "production")
MIN_COOKIE_KEY_BYTES = 32
# Estimated from the key's own characters; 'a' * 32 is long enough but carries no secret.
MIN_COOKIE_KEY_BITS = 128
KEY_HINT = 'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(48))"'

# Every setting, its environment variable and what it is for. The README documents each
# (a test checks that), so this table is the single list of knobs.
SETTINGS_HELP: dict[str, str] = {
    "DATABASE_URL": "SQLAlchemy URL. Unset: a SQLite file under the data folder. "
    "PostgreSQL: postgresql+psycopg://user@host:5432/dbname",
    "DIALOGUE_DESK_ENV": "demo (default), development or production. Production refuses to "
    "start without a strong cookie key or while an account has a demo password, never loads "
    "the demo data and never prints demo logins.",
    "DIALOGUE_DESK_COOKIE_KEY": "Secret that signs login cookies; at least 32 bytes and, in production, "
    "random (about 128 bits of entropy or more). Required in production; in demo/development one is "
    "generated into the data folder.",
    "DIALOGUE_DESK_DATA_DIR": "Folder for the SQLite file, the generated cookie key and backups "
    "(default: ./data, git-ignored).",
    "DIALOGUE_DESK_COOKIE_DAYS": "How many days a login cookie stays valid (default 7).",
}


class ConfigError(RuntimeError):
    """The configuration cannot be used; the message says what to change."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    environment: str
    cookie_key: str
    data_dir: Path
    cookie_name: str = "dialogue_desk_auth"
    cookie_expiry_days: float = 7.0
    display_timezone: str = "Europe/Zurich"
    # Failed logins per username before a lockout, and the first lockout's length;
    # every further failure doubles it up to the maximum.
    login_max_failures: int = 5
    login_lockout_seconds: int = 30
    login_lockout_max_seconds: int = 900
    # Support checks show a stakeholder group's figures only when at least this many of it answered
    # (never fewer than 3, so that no single answer can be read off).
    support_min_group_size: int = 3
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"


def _read_secrets_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path.name} is not valid TOML: {exc}") from exc


def _demo_cookie_key(data_dir: Path) -> str:
    """A random key generated once per data folder, never committed."""
    key_file = data_dir / "cookie_key"
    if key_file.is_file():
        key = key_file.read_text(encoding="utf-8").strip()
        if len(key.encode()) >= MIN_COOKIE_KEY_BYTES:
            return key
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key


def key_entropy_bits(key: str) -> float:
    """Estimated entropy of a key: its length times the Shannon entropy of its characters."""
    if not key:
        return 0.0
    counts = Counter(key)
    per_char = -sum(n / len(key) * math.log2(n / len(key)) for n in counts.values())
    return per_char * len(key)


def _check_production_key(cookie_key: Any) -> None:
    if not cookie_key or len(str(cookie_key).encode()) < MIN_COOKIE_KEY_BYTES:
        raise ConfigError(
            "Production mode needs DIALOGUE_DESK_COOKIE_KEY (environment or "
            f".streamlit/secrets.toml) of at least {MIN_COOKIE_KEY_BYTES} bytes. {KEY_HINT}"
        )
    key = str(cookie_key)
    bits = key_entropy_bits(key)
    # Runs such as "abcdef…" or "012345…" have many distinct characters and no secret.
    steps = sum(1 for a, b in zip(key, key[1:]) if abs(ord(a) - ord(b)) <= 1)
    if bits < MIN_COOKIE_KEY_BITS or steps > len(key) // 2:
        reason = (f"an estimated {bits:.0f} bits of entropy from {len(set(key))} different characters; "
                  f"at least {MIN_COOKIE_KEY_BITS} are needed" if bits < MIN_COOKIE_KEY_BITS
                  else "it runs through consecutive characters")
        raise ConfigError(f"DIALOGUE_DESK_COOKIE_KEY is too predictable for production ({reason}). "
                          f"Use a random key, not a word or a pattern. {KEY_HINT}")


def _picker(overrides: Mapping[str, Any] | None) -> Callable[[str], Any]:
    values = dict(overrides or {})
    file_values = _read_secrets_file(ROOT / ".streamlit" / "secrets.toml")

    def pick(name: str) -> Any:
        for source in (values, os.environ, file_values):
            value = source.get(name)
            if value not in (None, ""):
                return value
        return None

    return pick


def _environment(pick: Callable[[str], Any]) -> str:
    environment = str(pick("DIALOGUE_DESK_ENV") or "demo").strip().lower()
    if environment not in ENVIRONMENTS:
        raise ConfigError(
            f"DIALOGUE_DESK_ENV={environment!r} is not one of: {', '.join(ENVIRONMENTS)}."
        )
    return environment


def configured_environment(overrides: Mapping[str, Any] | None = None) -> str:
    """The deployment's environment, read as load_settings reads it but without its side effects."""
    return _environment(_picker(overrides))


def load_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    """Build Settings from overrides > environment > .streamlit/secrets.toml > defaults."""
    overrides = dict(overrides or {})
    pick = _picker(overrides)
    environment = _environment(pick)
    data_dir = Path(pick("DIALOGUE_DESK_DATA_DIR") or ROOT / "data").resolve()
    database_url = str(pick("DATABASE_URL") or f"sqlite:///{data_dir / 'dialogue_desk.db'}")

    cookie_key = pick("DIALOGUE_DESK_COOKIE_KEY")
    if environment == "production":
        _check_production_key(cookie_key)
    elif not cookie_key or len(str(cookie_key).encode()) < MIN_COOKIE_KEY_BYTES:
        cookie_key = _demo_cookie_key(data_dir)

    days = pick("DIALOGUE_DESK_COOKIE_DAYS")
    try:
        cookie_days = float(days) if days is not None else 7.0
    except ValueError as exc:
        raise ConfigError(f"DIALOGUE_DESK_COOKIE_DAYS={days!r} is not a number.") from exc

    raw_group = pick("DIALOGUE_DESK_SUPPORT_MIN_GROUP")
    try:
        min_group = int(raw_group) if raw_group not in (None, "") else 3
    except ValueError as exc:
        raise ConfigError(f"DIALOGUE_DESK_SUPPORT_MIN_GROUP={raw_group!r} is not a whole number.") from exc
    if min_group < 3:
        raise ConfigError(f"DIALOGUE_DESK_SUPPORT_MIN_GROUP={raw_group!r}: a support check needs at least 3 answers "
                          "per group before it shows the group's figures, so that no single answer can be read off.")

    settings = Settings(
        database_url=database_url,
        environment=environment,
        cookie_key=str(cookie_key),
        data_dir=data_dir,
        cookie_expiry_days=cookie_days,
        support_min_group_size=min_group,
    )
    known = {f for f in Settings.__dataclass_fields__}
    direct = {k: v for k, v in overrides.items() if k in known}
    return replace(settings, **direct) if direct else settings
