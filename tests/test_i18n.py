"""The interface catalogs: complete in the six UN languages, and the language a person picks is used."""
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from dashboard.i18n import LANGUAGES, PLACEHOLDER, catalog, from_locale, message_ids, translate
from db.models import User
from db.session import session_factory
from tests.conftest import login_as, make_app, page_path
from tests.factories import make_user

ROOT = Path(__file__).resolve().parents[1]
CALL = re.compile(r"""\b_\(\s*"((?:[^"\\]|\\.)+)"\s*\)""")


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_every_message_is_translated_with_the_same_placeholders(language):
    translations = catalog(language)
    missing = [m for m in message_ids() if not translations.get(m)]
    assert missing == [], f"{language}: no translation for {missing}"
    for message in message_ids():
        assert sorted(PLACEHOLDER.findall(translations[message])) == sorted(PLACEHOLDER.findall(message)), message


def test_every_translated_string_in_the_code_is_in_the_template():
    used = set()
    for path in [*(ROOT / "dashboard").rglob("*.py"), *(ROOT / "pages").glob("*.py")]:
        used |= set(CALL.findall(path.read_text(encoding="utf-8")))
    assert used, "no _() call found: the scan is broken"
    assert sorted(used - set(message_ids())) == []


def test_translation_falls_back_to_english_and_locales_map_to_the_six():
    assert translate("Trends", "fr") == "Tendances"
    assert translate("Trends", "en") == "Trends"
    assert translate("Not a message of ours", "ar") == "Not a message of ours"
    assert [from_locale(x) for x in ("fr-CH", "zh-Hans-CN", "ar", "de-DE", None, "es_419")] == [
        "fr", "zh", "ar", None, None, "es"]


def test_picking_arabic_then_french_translates_the_navigation_and_is_remembered(app_env):
    with session_factory(app_env)() as s:
        make_user(s, "admin1", ("admin",))
        s.commit()
    at = login_as(make_app(), "admin1", ["admin"]).run()
    at.switch_page(page_path("admin_users.py")).run()
    assert [t.value for t in at.title] == ["Users"]
    at.selectbox(key="dd_language_pick").select("ar").run()
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["المستخدمون"]
    assert any("direction: rtl" in str(h.proto.body) for h in at.get("html"))
    with session_factory(app_env)() as s:
        assert s.scalar(select(User.preferred_language).where(User.username == "admin1")) == "ar"
    at.selectbox(key="dd_language_pick").select("fr").run()
    assert [t.value for t in at.title] == ["Utilisateurs"]
    assert not any("direction: rtl" in str(h.proto.body) for h in at.get("html"))

    # A new browser session of the same account starts in the remembered language.
    again = login_as(make_app(), "admin1", ["admin"]).run()
    again.switch_page(page_path("admin_users.py")).run()
    assert [t.value for t in again.title] == ["Utilisateurs"]
