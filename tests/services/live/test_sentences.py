"""Sentences and ranking terms in the six UN languages: Chinese and Arabic punctuation, Chinese
length in characters, per-language stop words, and no crash on any text."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.services.language import fold, stop_words_for
from dashboard.services.live.key_points import rank_sentences
from dashboard.services.live.sentences import MAX_CHARS, ranking_terms, split_sentences
from db.codes import LANGUAGES

from tests.services.language.samples import NOTES


def test_chinese_splits_at_its_marks_without_spaces_and_counts_characters():
    text = "我同意。平台应默认关闭陌生成年人向儿童账户发送私信的功能！家长需要什么工具？谢谢；监管机构应发布明确的年龄验证指南"
    assert split_sentences(text) == [
        "平台应默认关闭陌生成年人向儿童账户发送私信的功能！",
        "家长需要什么工具？",  # eight characters: as long as four words
        "监管机构应发布明确的年龄验证指南",
    ]


def test_chinese_closing_quotes_stay_with_their_sentence():
    assert split_sentences("她说：“平台必须保护儿童的隐私。”随后我们讨论了家长控制工具的设计。") == [
        "她说：“平台必须保护儿童的隐私。”", "随后我们讨论了家长控制工具的设计。"]


def test_arabic_question_mark_and_semicolon_end_sentences():
    text = ("من يتحمل مسؤولية حماية الأطفال على الإنترنت؟المنصات أم الحكومات أم الأسر؟ "
            "شكرا؛ يجب أن تكون أدوات الإبلاغ بسيطة وسريعة، خاصة للأطفال.")
    assert split_sentences(text) == [
        "من يتحمل مسؤولية حماية الأطفال على الإنترنت؟",
        "المنصات أم الحكومات أم الأسر؟",
        "يجب أن تكون أدوات الإبلاغ بسيطة وسريعة، خاصة للأطفال.",  # the Arabic comma does not end it
    ]


def test_french_spanish_and_russian_quotes_and_marks():
    assert split_sentences("« Il faut agir vite. » Les enfants attendent des réponses concrètes.") == [
        "« Il faut agir vite. »", "Les enfants attendent des réponses concrètes."]
    assert split_sentences("¿Quién paga la moderación? Las plataformas deben asumir ese coste.") == [
        "¿Quién paga la moderación?", "Las plataformas deben asumir ese coste."]
    assert split_sentences("Да. Платформы должны защищать детей от вредного контента.") == [
        "Платформы должны защищать детей от вредного контента."]


@pytest.mark.parametrize("language", list(NOTES))
def test_every_sample_note_has_candidate_sentences(language):
    assert len(split_sentences(NOTES[language])) == (3 if language == "zh" else 2)  # zh also splits at ；


def test_long_chinese_sentences_are_cut_to_the_limit():
    [cut] = split_sentences("儿童在线保护" * 100)
    assert len(cut) == MAX_CHARS + 1 and cut.endswith("…")


def test_ranking_terms_drop_each_languages_stop_words():
    zh = ranking_terms("我们认为平台的默认设置非常重要", "zh")
    assert "默认" in zh and "平台" in zh and not {"我们", "认为", "的", "们认"} & set(zh)
    ar = ranking_terms("يجب على المنصات حماية الأطفال والأطفال للأطفال", "ar")
    assert ar.count(fold("أطفال")) == 3 and fold("على") not in ar and fold("يجب") not in ar
    fr = ranking_terms("Les plateformes doivent protéger les enfants", "fr")
    assert fr == ("plateformes", "proteger", "enfants")
    ru = ranking_terms("Платформы должны защищать детей и их данные", "ru")
    assert ru == ("платформы", "защищать", "детеи", "данные")
    assert ranking_terms("the and of", None) == ()


def test_chinese_sentences_rank_by_content():
    sentences = ["平台应默认关闭陌生人私信功能。", "平台应默认关闭陌生人私信功能。", "平台默认关闭私信可以保护儿童。",
                 "今天的午餐很好吃。"]
    ranked = rank_sentences(sentences, ["industry", "industry", "member_state", "academia"], 2,
                            languages=["zh"] * 4)
    assert [i for i, _ in ranked] == [0, 2]  # the duplicate of #0 is skipped, lunch never chosen


_PIECES = st.sampled_from([*NOTES.values(), "。", "！", "？", "；", "؟", "؛", "،", ".", "…", " ", "\n", "”", "»",
                           "l'", "ё", "ﻻ", "ـ", "\u064e", "ＡＩ", "\ufeff", "\u200f", "𠀀", "我", "ال", "*", "\x00"])
ANY_TEXT = st.one_of(st.text(max_size=600), st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=12).map("".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT, st.sampled_from([None, *LANGUAGES]))
def test_any_text_splits_and_ranks_without_crashing(text, language):
    sentences = split_sentences(text)
    assert all(s and s == " ".join(s.split()) and len(s) <= MAX_CHARS + 2 for s in sentences)
    terms = [ranking_terms(s, language) for s in sentences]
    assert all(t not in stop_words_for(language) for ts in terms for t in ts)
    ranked = rank_sentences(sentences, ["x"] * len(sentences), 3, languages=[language] * len(sentences))
    assert len(ranked) == min(3, len(sentences))
