"""The theme taxonomy data: keywords in every UN language, sound enough to match, loaded into
the database."""
import re

import pytest
from sqlalchemy import select

from dashboard.services.language import fold
from dashboard.services.taxonomy import KEYWORDS_FILE, load_themes, read_taxonomy
from db.codes import LANGUAGES
from db.models import Theme

OTHER_LANGUAGES = [code for code in LANGUAGES if code != "en"]
TAXONOMY = read_taxonomy()


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_theme_has_keywords_in_every_other_un_language(language):
    for theme in TAXONOMY:
        assert len(theme["keywords_by_language"].get(language, [])) >= 5, (theme["code"], language)


def test_stems_are_long_enough_to_mean_one_thing():
    for theme in TAXONOMY:
        for language, keywords in theme["keywords_by_language"].items():
            for keyword in keywords:
                stems = re.findall(r"\w+\*", fold(keyword))
                # Arabic roots have three letters; in a phrase, the other words narrow it down.
                alone = len(re.findall(r"\w+", fold(keyword))) == 1
                shortest = 3 if language == "ar" or not alone else 4
                assert all(len(stem) - 1 >= shortest for stem in stems), (theme["code"], keyword)
                assert keyword.count("*") == len(stems), keyword  # "*" only ends a word


def test_chinese_keywords_are_words_not_overlapping_in_a_theme():
    for theme in TAXONOMY:
        keywords = theme["keywords_by_language"]["zh"]
        assert all(len(k) >= 2 and "*" not in k and " " not in k for k in keywords), theme["code"]
        # "家长" inside "家长控制" would count one mention twice
        assert not [(a, b) for a in keywords for b in keywords if a != b and a in b], theme["code"]


def test_load_themes_stores_every_language_and_updates_them(sqlite_session):
    s = sqlite_session
    themes = {t.code: t for t in s.scalars(select(Theme))}
    assert set(themes["privacy_data"].keywords_by_language) == set(OTHER_LANGUAGES)
    assert "隐私" in themes["privacy_data"].keywords_by_language["zh"]
    assert "age verification" in themes["age_assurance"].keywords  # English keeps its own column
    themes["privacy_data"].keywords_by_language = {}
    s.flush()
    assert load_themes(s) == len(TAXONOMY)
    assert "vie privée" in s.scalar(select(Theme).where(Theme.code == "privacy_data")).keywords_by_language["fr"]


@pytest.mark.parametrize("row, message", [
    ("privacy_data,de,Datenschutz", "language 'de' is not one of"),
    ("privacy_data,en,privacy", "English is in cop_themes.csv"),
    ("no_such_theme,fr,vie privée", "names themes that cop_themes.csv does not have: no_such_theme"),
])
def test_a_wrong_keyword_row_is_reported(tmp_path, row, message):
    path = tmp_path / KEYWORDS_FILE.name
    path.write_text(f"code,language,keywords\n{row}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_taxonomy(keywords_path=path)


def test_without_the_keywords_file_themes_have_english_only(tmp_path):
    rows = read_taxonomy(keywords_path=tmp_path / "missing.csv")
    assert rows and all(row["keywords_by_language"] == {} and row["keywords"] for row in rows)
