"""The interface catalogs: complete in the six UN languages, and the language a person picks is used."""
import re
from pathlib import Path

import pytest
from sqlalchemy import select

import db.codes
from dashboard.i18n import LANGUAGES, scan, PLACEHOLDER, area_ids, areas, catalog, from_locale, message_ids, read_area, translate
from db.models import User
from db.session import session_factory
from tests.conftest import login_as, make_app, page_path
from tests.factories import make_user

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_every_message_is_translated_with_the_same_placeholders(language):
    translations = catalog(language)
    missing = [m for m in message_ids() if not translations.get(m)]
    assert missing == [], f"{language}: no translation for {missing}"
    for message in message_ids():
        assert sorted(PLACEHOLDER.findall(translations[message])) == sorted(PLACEHOLDER.findall(message)), message


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_each_area_translates_its_own_messages_and_the_areas_agree(language):
    assert len(areas()) >= 1
    seen: dict[str, str] = {}
    for folder in areas():
        translations = read_area(folder, language)
        missing = [m for m in area_ids(folder) if not translations.get(m)]
        assert missing == [], f"{folder.name}/{language}.po: no translation for {missing}"
        for message in area_ids(folder):
            # One English message reads the same everywhere in one language.
            assert seen.setdefault(message, translations[message]) == translations[message], (folder.name, message)


def test_every_label_of_a_stored_code_is_in_the_template():
    labels = {text for name, codes in vars(db.codes).items() if name.isupper() and isinstance(codes, dict)
              for text in codes.values()}
    assert "Civil society" in labels
    assert sorted(labels - set(message_ids())) == []


def test_every_translated_string_in_the_code_is_in_the_template():
    assert "Trends" in scan.used(), "no _() call found: the scan is broken"
    assert scan.missing() == {}


def test_the_scan_finds_translated_calls_and_literal_error_messages():
    source = '''
st.title(_("Sessions"))
raise ValidationError("Session {session_id} does not exist.", session_id=3)
raise NotFound(f"not {x}")
st.write("plain")
'''
    assert sorted(scan.messages_in(source)) == ["Session {session_id} does not exist.", "Sessions"]


def test_an_error_message_is_translated_with_its_values_filled_in():
    from dashboard.services.errors import ValidationError
    error = ValidationError("Only {wanted} may do this; you are logged in as {roles}. Nothing was saved.",
                            wanted="A", roles="B")
    assert str(error) == "Only A may do this; you are logged in as B. Nothing was saved."
    assert error.render(lambda m: translate(m, "fr")).startswith("Seul")
    assert "A" in error.render(lambda m: translate(m, "fr"))
    plain = ValidationError("{not a placeholder}")
    assert str(plain) == "{not a placeholder}" and plain.render(lambda m: m) == "{not a placeholder}"


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


def test_every_theme_of_the_taxonomy_has_its_label_in_the_template():
    from dashboard.services.taxonomy import read_taxonomy
    labels = {row["label"] for row in read_taxonomy()}
    assert len(labels) >= 10
    assert sorted(labels - set(message_ids())) == []


def _flanking(text: str, at: int, width: int) -> tuple[bool, bool]:
    """CommonMark: is the delimiter run text[at:at+width] left-flanking, right-flanking?"""
    import unicodedata

    before = text[at - 1] if at > 0 else " "
    after = text[at + width] if at + width < len(text) else " "

    def space(c):
        return c.isspace()

    def punct(c):
        return unicodedata.category(c)[0] in "PS"

    left = not space(after) and (not punct(after) or space(before) or punct(before))
    right = not space(before) and (not punct(before) or space(after) or punct(after))
    return left, right


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_bold_marks_still_make_bold_text_in_every_translation(language):
    """'**当前：**一般' stays literal asterisks in Markdown: a closing ** after punctuation needs a space after it."""
    broken = []
    for message, translated in catalog(language).items():
        if "**" not in message:
            continue
        text = PLACEHOLDER.sub("X", translated)
        runs = [m.start() for m in re.finditer(r"\*\*", text)]
        if len(runs) != message.count("**"):
            broken.append((message, translated))
            continue
        for index, at in enumerate(runs):
            left, right = _flanking(text, at, 2)
            if (index % 2 == 0 and not left) or (index % 2 == 1 and not right):
                broken.append((message, translated))
                break
    assert broken == []


def test_every_message_in_a_template_is_used():
    """A catalog message no code uses any more is dead weight for translators: take it out
    (python -m dashboard.i18n.add --remove AREA MESSAGE)."""
    from dashboard.services.taxonomy import read_taxonomy
    labels = {text for name, codes in vars(db.codes).items() if name.isupper() and isinstance(codes, dict)
              for text in codes.values()}
    labels |= {row["label"] for row in read_taxonomy()}
    assert sorted(set(message_ids()) - set(scan.used()) - labels) == []
