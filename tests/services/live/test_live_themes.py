"""Theme suggestions come from the taxonomy stored in the database, in the six UN languages."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.services.taxonomy import read_taxonomy
from dashboard.services.themes import ThemeRow, list_themes, match_themes, suggest_themes
from db.models import Theme


def test_suggestions_use_the_database_taxonomy(sqlite_session):
    s = sqlite_session
    assert len(list_themes(s)) >= 10
    note = "Age verification and AGE ESTIMATION must respect children's privacy; regulators should enforce it."
    suggested = suggest_themes(s, text=note)
    assert suggested[0] == "age_assurance" and "privacy_data" in suggested
    assert suggest_themes(s, text="") == []
    # The taxonomy is data: a new keyword changes the suggestions without code changes.
    theme = s.query(Theme).filter_by(code="mental_health").one()
    theme.keywords = [*theme.keywords, "doomscrolling"]
    s.flush()
    assert suggest_themes(s, text="Doomscrolling at night") == ["mental_health"]


def test_matching_is_whole_word_and_punctuation_insensitive():
    themes = [ThemeRow("ai", "AI", None, (" ai ", "generative")), ThemeRow("harm", "Harm", None, ("self-harm",))]
    assert match_themes(themes, "The AI model") == ["ai"]
    assert match_themes(themes, "Their paint was fresh") == []  # "ai" inside a word does not count
    assert match_themes(themes, "self harm and Self-Harm content, generative AI") == ["ai", "harm"]
    assert match_themes(themes, "self harm", limit=0) == []


def test_notes_in_every_un_language_get_themes(sqlite_session):
    s = sqlite_session
    notes = {
        "zh": ("我们认为平台应当加强年龄验证，同时保护儿童的隐私和个人信息。", {"age_assurance", "privacy_data"}),
        "ar": ("يجب أن يكون التحقق من العمر متناسباً، وأن تحمي المنصات خصوصية الأطفال وبياناتهم الشخصية.",
               {"age_assurance", "privacy_data"}),
        "fr": ("La vérification de l'âge doit respecter la vie privée des enfants et la protection des données.",
               {"age_assurance", "privacy_data"}),
        "ru": ("Проверка возраста должна быть соразмерной и не нарушать конфиденциальность детей.",
               {"age_assurance", "privacy_data"}),
        "es": ("La verificación de la edad debe respetar la privacidad de los niños y la protección de datos.",
               {"age_assurance", "privacy_data"}),
    }
    for language, (note, expected) in notes.items():
        assert set(suggest_themes(s, text=note)) == expected, language
        assert set(suggest_themes(s, text=note, language=language)) == expected, language


def test_arabic_words_match_with_their_article_and_particles(sqlite_session):
    s = sqlite_session
    assert "parental_tools" in suggest_themes(s, text="نحتاج إلى أدوات أبسط للوالدين وللأسر في كل مكان.")
    assert "ai_risks" in suggest_themes(s, text="تحدثنا طويلا عن مخاطر الذكاء الاصطناعي بالنسبة إلى الأطفال.")
    # whole words: "الأسرى" (prisoners) is not "الأسر" (families)
    assert suggest_themes(s, text="تحدث الوفد عن أوضاع الأسرى في المنطقة.", language="ar") == []


def test_arabic_chinese_and_russian_notes_also_match_english_terms(sqlite_session):
    s = sqlite_session
    assert suggest_themes(s, text="نحتاج إلى قواعد واضحة بشأن generative AI في المنتجات الموجهة للأطفال.") == [
        "ai_risks"]
    assert "ai_risks" in suggest_themes(s, text="我们需要对generative AI产品进行评估，这非常重要。")
    assert "grooming_exploitation" in suggest_themes(
        s, text="Компании должны быстрее удалять CSAM и сообщать о таких случаях в полицию.")


def test_chinese_keywords_match_inside_running_text(sqlite_session):
    s = sqlite_session
    assert suggest_themes(s, text="我们讨论了直播平台上的有害内容以及沉迷问题。") == [
        "content_moderation", "mental_health"]


def test_alphabetic_languages_match_whole_words_only(sqlite_session):
    s = sqlite_session
    # "ia" (IA, AI in French and Spanish) is not inside "médias"; "ии" (ИИ) not inside "комиссии"
    assert "ai_risks" not in suggest_themes(s, text="Les médias sociaux et les familles doivent dialoguer davantage.")
    assert "ai_risks" in suggest_themes(s, text="Les systèmes d'IA doivent être évalués avant leur mise sur le marché.")
    assert "ai_risks" not in suggest_themes(s, text="Члены комиссии обсудили новые инициативы в этой области.")
    assert "ai_risks" in suggest_themes(s, text="Системы ИИ должны проходить оценку до выхода на рынок.")
    # "ley" is a word, not the start of "leyenda"; "закон" is not "законопроект"
    assert "regulation_policy" not in suggest_themes(s, text="La leyenda del juego es muy popular entre los niños.")
    assert "regulation_policy" in suggest_themes(s, text="La nueva ley obliga a las plataformas a actuar.")
    assert suggest_themes(s, text="Депутаты обсуждают законопроект уже давно.", language="ru") == []
    # a stem with "*" takes every ending: защищать детей от вредного контента
    assert "content_moderation" in suggest_themes(s, text="Платформы обязаны удалять вредный контент быстрее.")


def test_french_j_ai_is_not_ai(sqlite_session):
    assert suggest_themes(sqlite_session, text="J'ai une question sur la modération des contenus.") == [
        "content_moderation"]


def test_keywords_in_other_languages_are_data_too(sqlite_session):
    s = sqlite_session
    theme = s.query(Theme).filter_by(code="mental_health").one()
    assert "santé mentale" in theme.keywords_by_language["fr"]
    theme.keywords_by_language = {**theme.keywords_by_language, "fr": ["scrolling infini"]}
    s.flush()
    assert suggest_themes(s, text="Le scrolling infini empêche les adolescents de dormir.") == ["mental_health"]
    assert "santé mentale" not in list_themes(s)[7].keywords_in("fr")


def test_theme_rows_without_other_languages_still_match():
    themes = [ThemeRow("privacy", "Privacy", None, ("privacy",))]  # as stored before keywords had languages
    assert match_themes(themes, "Privacy matters to every child who uses the service.") == ["privacy"]
    assert match_themes(themes, "La vie privée des enfants compte beaucoup pour nous.") == []


_TAXONOMY = [ThemeRow(r["code"], r["label"], r["description"], tuple(r["keywords"]),
                      tuple((code, tuple(words)) for code, words in r["keywords_by_language"].items()))
             for r in read_taxonomy()]
_PIECES = st.sampled_from(["隐私", "الأطفال", "وللأطفال", "ال", "و", "l'âge", "IA", "ИИ", "защит", "*", "-", "。", "؟",
                           "ё", "\u064e", "ـ", "ＡＩ", "\u200f", " ", "\n", "age verification", "𠀀"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=500), st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=15).map("".join)),
       st.sampled_from([None, "ar", "zh", "en", "fr", "ru", "es", "xx"]))
def test_any_text_gets_known_themes_or_none(text, language):
    codes = match_themes(_TAXONOMY, text, language=language)
    assert len(codes) <= 3 and len(set(codes)) == len(codes)
    assert set(codes) <= {t.code for t in _TAXONOMY}
