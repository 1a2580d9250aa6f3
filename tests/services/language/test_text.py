"""Folding, Arabic forms and the stop-word data files."""
import pytest

from dashboard.services.language import fold, stop_words
from dashboard.services.language.text import (
    STOPWORDS_DIR, arabic_forms, stop_words_for, tokens, without_article,
)
from db.codes import LANGUAGES


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_language_has_its_stop_word_file(language):
    words = stop_words(language)
    assert (STOPWORDS_DIR / f"{language}.txt").exists()
    assert len(words) >= 100
    assert all(w and w == w.strip() and not w.startswith("#") for w in words)


@pytest.mark.parametrize("language, common", [
    ("en", {"the", "and", "of", "is"}), ("fr", {"le", "les", "et", "est", "des"}),
    ("es", {"el", "los", "y", "es", "del"}), ("ru", {"и", "в", "не", "что", "это"}),
    ("ar", {fold("في"), fold("من"), fold("على"), fold("إلى"), fold("التي")}), ("zh", {"的", "了", "是", "我们"}),
])
def test_stop_words_hold_the_commonest_function_words(language, common):
    assert common <= stop_words(language)


def test_content_words_are_not_english_stop_words():
    # scikit-learn's list had these; "a bill" (a draft law) and "the system" matter here.
    assert not {"bill", "system", "interest", "fire", "de", "con"} & stop_words("en")


def test_unknown_language_drops_every_latin_list_but_a_known_one_only_its_own():
    assert {"the", "les", "los"} <= stop_words_for(None)
    assert "les" not in stop_words_for("en") and "the" not in stop_words_for("fr")
    assert "the" in stop_words_for("ar") and "的" in stop_words_for("en")


def test_folding_meets_spellings_halfway():
    assert fold("Modération") == fold("MODERATION") == "moderation"
    assert fold("Ёлка") == "елка"
    assert fold("أطفال") == fold("إطفال") == fold("اطفال")
    assert fold("مُراقَبة") == fold("مراقبه")  # vowel marks and taa marbuta
    assert fold("ـــحماية") == fold("حماية")  # tatweel
    assert fold("ＡＩ安全") == "ai安全"


def test_arabic_article_and_particles():
    assert without_article(fold("الأطفال")) == fold("أطفال")
    assert without_article(fold("للأطفال")) == fold("أطفال")
    assert without_article(fold("والأطفال")) == fold("أطفال")
    assert without_article(fold("بالذكاء")) == fold("ذكاء")
    assert fold("حماية") in arabic_forms(fold("وبحماية"))
    assert arabic_forms(fold("بلد")) == (fold("بلد"),)  # a three-letter word keeps its first letter


def test_tokens_keep_han_runs_whole_and_drop_one_letter_words():
    assert tokens(fold("L'âge, 13 ans: AI 人工智能 a")) == ["age", "13", "ans", "ai", "人工智能"]
