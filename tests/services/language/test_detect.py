"""Which of the six UN languages a note is in, and None whenever the text cannot tell."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.services.errors import ValidationError
from dashboard.services.language import check_language, detect_language
from db.codes import LANGUAGES

from .samples import NOTES

MORE = [
    ("en", "Age assurance must be proportionate to the risk, and it should never collect more data than needed."),
    ("en", "I agree with the previous speaker."),
    ("fr", "Je suis d'accord avec l'intervenant précédent."),
    ("fr", "Il faut que les enfants soient associés à la conception des services qu'ils utilisent."),
    ("es", "Estoy de acuerdo con la persona que habló antes."),
    ("es", "¿Quién debe pagar por la moderación de contenidos en las plataformas de juegos?"),
    ("ru", "Согласен с предыдущим выступающим."),
    ("ar", "أتفق مع المتحدث السابق."),
    ("zh", "我同意前一位发言人的意见。"),
    ("zh", "保护儿童上网安全"),  # eight characters: Han script alone decides
]


@pytest.mark.parametrize("language", list(NOTES))
def test_each_language_is_recognised(language):
    assert detect_language(NOTES[language]) == language


@pytest.mark.parametrize("language, text", MORE)
def test_short_but_clear_sentences(language, text):
    assert detect_language(text) == language


@pytest.mark.parametrize("text, language", [
    # Arabic with English terms: the Arabic carries the note.
    ("نحتاج إلى معايير واضحة لـ safety by design في تطبيقات الألعاب الموجهة للأطفال، وإلى حماية من generative AI.",
     "ar"),
    # English naming someone in Arabic script: still English.
    ("Layla Haddad (ليلى حداد) said that platforms must publish their transparency reports every six months.", "en"),
    ("我们需要对generative AI产品进行儿童风险评估。", "zh"),
    ("На прошлой неделе мы обсуждали с регуляторами принцип safety by design для детских сервисов.", "ru"),
])
def test_mixed_scripts_follow_the_main_one(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize("text", [
    "", "   ", "123 456", "🙂👍", "—", "OK", "Yes.", "Thank you", "Merci.", "Merci beaucoup", "Gracias", "De acuerdo",
    "Tout à fait", "age verification", "Safety by design", "UNICEF", "谢谢", "我同意", "网络欺凌", "شكرا", "شكرا جزيلا",
    "Спасибо", "Да, согласен",
    # as much Arabic as Latin script: too mixed to tell
    "AI ethics framework الذكاء الاصطناعي",
])
def test_very_short_or_ambiguous_text_is_unknown(text):
    assert detect_language(text) is None


@pytest.mark.parametrize("text", [
    "子どものオンライン安全はとても重要です。",  # Japanese: Han characters with kana
    "Платформи мають захищати дітей від шкідливого контенту.",  # Ukrainian
    "پلتفرم‌ها باید از کودکان در برابر محتوای مضر محافظت کنند.",  # Persian
    "Die Plattformen müssen Kinder besser schützen und die Altersprüfung verbessern.",  # German
    "어린이 온라인 보호는 매우 중요합니다.",  # Korean
])
def test_other_languages_in_the_same_scripts_are_not_guessed(text):
    assert detect_language(text) is None


def test_a_long_note_is_detected_from_its_start_quickly():
    assert detect_language(NOTES["fr"] * 2000) == "fr"


def test_language_codes_are_checked():
    assert check_language(" FR ") == "fr"
    assert check_language(None) is None and check_language("") is None
    assert set(LANGUAGES) == {"ar", "zh", "en", "fr", "ru", "es"}
    for bad in ["de", "fra", "zh-CN", "english"]:
        with pytest.raises(ValidationError, match="Unknown language"):
            check_language(bad)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), st.lists(st.sampled_from(
    [*NOTES.values(), "。", "؟", " ", "\n", "l'", "ё", "ﻻ", "ـ", "\u064e", "ＡＩ", "\ufeff", "\u200f", "𠀀"]),
    max_size=6).map("".join)))
def test_any_text_gives_a_known_code_or_none(text):
    assert detect_language(text) in {None, *LANGUAGES}
