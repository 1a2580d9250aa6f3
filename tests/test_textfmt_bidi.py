"""User text in its own direction: Unicode bidi isolation, the plain-text form of dir="auto"."""
import pytest

from dashboard.textfmt import FSI, LRI, PDI, direction, escape_md, has_rtl, isolate, strip_isolates, user_text

ARABIC = "نوصي بضمانات افتراضية للأطفال (2025–2026)."


def test_user_text_is_escaped_and_isolated():
    assert user_text("**bold** <b>x</b>") == f"{FSI}{escape_md('**bold** <b>x</b>')}{PDI}"
    assert user_text(ARABIC) == f"{FSI}{ARABIC}{PDI}"


@pytest.mark.parametrize("empty", ["", None, "   "])
def test_empty_user_text_adds_nothing(empty):
    assert strip_isolates(user_text(empty)) == (empty or "")
    assert FSI not in user_text(empty)


def test_each_line_is_isolated_and_the_markdown_line_break_stays_outside():
    # Two spaces before the newline are Markdown's line break: a PDI between them and the newline would undo it.
    assert user_text(f"{ARABIC}\nSecond line") == f"{FSI}{ARABIC}{PDI}  \n{FSI}Second line{PDI}"
    assert user_text("one\n\ntwo") == f"{FSI}one{PDI}  \n  \n{FSI}two{PDI}"


def test_isolation_marks_typed_by_a_user_cannot_close_ours_early():
    assert user_text(f"a{PDI}b") == f"{FSI}ab{PDI}"


def test_citations_are_isolated_left_to_right_when_asked():
    assert isolate("#9", ltr=True) == f"{LRI}#9{PDI}"
    assert isolate("(Industry)") == f"{FSI}(Industry){PDI}"
    assert f"{ARABIC} — {isolate('#9', ltr=True)}".count(PDI) == 1


def test_strip_isolates_gives_back_the_escaped_text():
    assert strip_isolates(user_text("a_b")) == escape_md("a_b")


@pytest.mark.parametrize("text, expected", [
    (ARABIC, "rtl"), ("(2025) " + ARABIC, "rtl"), ("ITU " + ARABIC, "ltr"), ("儿童在线保护", "ltr"),
    ("2025–2026", "ltr"), ("", "ltr"), ("שלום", "rtl"),
])
def test_direction_follows_the_first_strong_letter(text, expected):
    assert direction(text) == expected


def test_has_rtl():
    assert has_rtl("ITU " + ARABIC) and not has_rtl("儿童 Protection Защита")


def test_a_key_point_and_its_citation_read_as_one_unit_in_the_point_s_direction():
    from dashboard.textfmt import RLI, as_unit
    english = as_unit("Keep shared devices in mind. — *#1 · Industry*", "Keep shared devices in mind.")
    assert english.startswith(LRI) and english.endswith(PDI)
    arabic = as_unit("نوصي بإعدادات آمنة. — *#2*", "نوصي بإعدادات آمنة.")
    assert arabic.startswith(RLI) and arabic.endswith(PDI)
    assert as_unit("two\nlines", "two") == "two\nlines"  # a line break would end the isolate
    assert strip_isolates(english) == "Keep shared devices in mind. — *#1 · Industry*"
