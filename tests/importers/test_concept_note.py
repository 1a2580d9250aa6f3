"""The concept-note importer on the layouts real concept notes and circulars use."""
from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.importers.concept_note import DEFAULT_PART_TITLE, parse_concept_note, parse_concept_text
from dashboard.importers.errors import ImportProblem
from dashboard.services.errors import DialogueDeskError

FIXTURES = Path(__file__).parent / "fixtures"
GAMING_SEGMENTS = [("Opening and scene-setting", 15), ("Industry showcases", 45), ("Moderated dialogue", 60)]


def parse_fixture(name: str):
    return parse_concept_note((FIXTURES / name).read_bytes(), name)


def titles(note) -> list[str]:
    return [p.title for p in note.parts]


def segments(note) -> list[tuple[str, int | None]]:
    return [(s.title, s.minutes) for s in note.segments]


def test_markdown_headings_parts_objectives_questions_and_structure():
    note = parse_fixture("gaming_headings.md")
    assert titles(note) == ["Safer play by design", "Shared responsibility across the games ecosystem"]
    assert note.parts[0].objective.startswith("Collect design practices")
    assert [len(p.questions) for p in note.parts] == [3, 4]
    assert note.parts[1].questions[3] == "How can young players be heard when safety rules are written?"
    # The numbered "Session structure" list is agenda, not questions.
    assert segments(note) == GAMING_SEGMENTS
    assert not any("Opening" in q for p in note.parts for q in p.questions)
    assert note.warnings == ()


def test_to_dict_has_exactly_the_cli_shape():
    data = parse_fixture("gaming_headings.md").to_dict()
    assert set(data) == {"parts", "segments"}
    assert set(data["parts"][0]) == {"title", "objective", "questions"}
    assert data["segments"][0] == {"title": "Opening and scene-setting", "minutes": 15}


def test_roman_numerals_parenthesis_numbers_letters_and_wrapped_lines():
    note = parse_fixture("roman_parts_plain.txt")
    assert titles(note) == ["Platform design", "Regulation"]  # shouting capitals calmed
    assert note.parts[0].questions[1] == "How do you measure the effect of these settings?"  # joined wrapped line
    # "Objective:" on its own line takes the next line.
    assert note.parts[1].objective == "Map the regulatory landscape and shared gaps."
    assert note.parts[1].questions == ("Which obligations are hardest to implement?",
                                       "Where is cross-border cooperation missing?")


def test_bulleted_bold_part_headings_and_indented_objectives():
    note = parse_fixture("bullet_bold_parts.md")
    assert titles(note) == ["Age assurance in practice", "Youth voice"]
    assert [p.objective for p in note.parts] == ["Share what works.", "Bring youth into design."]
    assert segments(note) == [("Opening & Scene-Setting", 15), ("Industry Showcases", 45), ("Moderated Dialogue", 60)]


def test_bold_part_lines_bold_objective_label_and_dash_minutes():
    note = parse_fixture("bold_parts_paren_numbers.md")
    assert titles(note) == ["Understanding the risks", "What good practice looks like"]
    assert note.parts[0].objective == "Build a shared picture of how children use AI companions."
    assert [len(p.questions) for p in note.parts] == [2, 3]
    assert segments(note) == [("Opening remarks", 10), ("Scene-setting keynote", 5), ("Industry showcases", 45),
                              ("Moderated dialogue", 60)]


def test_markdown_agenda_table_and_q_prefixed_questions():
    note = parse_fixture("agenda_table_markdown.md")
    assert segments(note) == [("Welcome remarks", 10), ("Scene-setting keynote", 15), ("Industry showcases", 45),
                              ("Moderated dialogue", 50)]
    assert note.parts[1].objective == "who does what"
    assert note.parts[1].questions == ("Who should report?", "How often?")


def test_em_dash_parts_lettered_questions_and_clock_ranges():
    note = parse_fixture("em_dash_parts_letters.txt")
    assert titles(note) == ["Live streaming and children", "Working together"]
    assert note.parts[0].objective == "Understand the specific risks of live video."
    assert note.parts[0].questions[0] == "How do platforms detect that a child is live streaming?"
    assert segments(note) == [("Opening and scene-setting", 15), ("Industry showcases", 45), ("Moderated dialogue", 60)]


def test_numbered_questions_without_part_go_to_one_default_part():
    note = parse_fixture("no_parts.md")
    assert titles(note) == [DEFAULT_PART_TITLE]
    assert len(note.parts[0].questions) == 3
    # A date/time line in the background text is not an agenda segment.
    assert note.segments == ()


def test_plain_text_circular_yields_only_dialogue_parts_and_questions():
    note = parse_fixture("circular_plain.txt")
    assert titles(note) == ["Safer play by design", "Shared responsibility"]
    all_questions = [q for p in note.parts for q in p.questions]
    assert len(all_questions) == 4
    assert not any("invite" in q or "register" in q.lower() for q in all_questions)
    assert segments(note)[0] == ("Opening & Scene-Setting", 15)
    assert any("Another agenda list" in w for w in note.warnings)


@pytest.mark.parametrize("heading", [
    "Part 1: Safer play", "**Part 1: Safer play**", "- **Part 1: Safer play**", "### Part 1 — Safer play",
    "PART I: SAFER PLAY", "Part One - Safer play", "## Part 1. Safer play", "__Part 1: Safer play__",
    "Part 1 – Safer play", "* Part 1: Safer play", "Dialogue Part 1: Safer play",
])
def test_every_part_heading_style(heading: str):
    note = parse_concept_text(f"{heading}\nObjective: Find what works.\n1. What works?\n2) What does not?\n")
    assert titles(note) == ["Safer play"]
    assert note.parts[0].objective == "Find what works."
    assert note.parts[0].questions == ("What works?", "What does not?")


@pytest.mark.parametrize("marker", ["1.", "1)", "(1)", "(a)", "a)", "a.", "i.", "(i)", "Q1:", "Q1.", "Question 1:"])
def test_every_question_marker(marker: str):
    note = parse_concept_text(f"Part 1: Topic\n{marker} What should change first?\n")
    assert note.parts[0].questions == ("What should change first?",)


def test_part_heading_on_its_own_takes_title_from_next_line():
    note = parse_concept_text("## PART 2\n### Shared responsibility\n1. Who acts?\n")
    assert titles(note) == ["Shared responsibility"]


def test_parts_named_in_the_agenda_merge_with_their_detailed_section():
    text = """## Session structure
1. Opening (15 minutes)
2. Moderated dialogue (60 minutes)
   - Part 1: Design (30 minutes)
   - Part 2: Policy (30 minutes)
3. Closing (5 minutes)

## Part 1: Safety by design
1. What works?
## Part 2: Policy and regulation
1. What is missing?
"""
    note = parse_concept_text(text)
    assert titles(note) == ["Safety by design", "Policy and regulation"]
    assert segments(note) == [("Opening", 15), ("Moderated dialogue", 60), ("Closing", 5)]


def test_inline_objective_in_heading_and_questions_with_time_allocations():
    note = parse_concept_text("**Part 1: Design — Objective: learn from practice**\n"
                              "1. What works? (10 minutes)\n2. What fails?\n")
    assert note.parts[0].title == "Design"
    assert note.parts[0].objective == "learn from practice"
    assert note.parts[0].questions == ("What works?", "What fails?")


def test_bullet_questions_inside_a_part_but_not_plain_bullets():
    note = parse_concept_text("Part 1: Design\n- Speakers: two studios\n- How do defaults help?\n")
    assert note.parts[0].questions == ("How do defaults help?",)


def test_questions_outside_parts_are_reported_not_mixed_in():
    note = parse_concept_text("Before we start:\n1. Who is online?\n\n## Background\n\nPart 1: A\n1. Why?\n")
    assert note.parts[0].questions == ("Why?",)
    assert any("outside any Part" in w for w in note.warnings)


def test_part_without_questions_is_left_out_with_a_warning():
    note = parse_concept_text("Part 1: A\n1. Why?\n\nPart 2: B\nTo be confirmed.\n")
    assert titles(note) == ["A"]
    assert any("Part 2" in w for w in note.warnings)


def test_start_times_only_agenda_derives_minutes():
    note = parse_concept_text("| Time | Item |\n|---|---|\n| 14:00 | Welcome |\n| 14:10 | Showcases |\n"
                              "| 15:00 | Dialogue |\n\nPart 1: A\n1. Why?\n")
    assert segments(note) == [("Welcome", 10), ("Showcases", 50), ("Dialogue", None)]


def test_unicode_questions_survive():
    note = parse_concept_text("Part 1: الحماية\n1. ما هي المخاطر الرئيسية؟\n2. 儿童如何安全上网？\n3. Où en est-on ?\n")
    assert note.parts[0].title == "الحماية"
    assert note.parts[0].questions[1].startswith("儿童")
    assert note.parts[0].questions[2] == "Où en est-on ?"


def test_windows_1252_text_file_is_decoded():
    data = "Part 1: Sécurité\n1. Qu’est-ce qui marche ?\n".encode("cp1252")
    note = parse_concept_note(data, "note.txt")
    assert note.parts[0].title == "Sécurité"
    assert note.parts[0].questions == ("Qu’est-ce qui marche ?",)


def test_crlf_and_bom_are_handled():
    data = "\ufeffPart 1: A\r\n1. Why?\r\n".encode("utf-8")
    assert parse_concept_note(data, "x.md").parts[0].questions == ("Why?",)


@pytest.mark.parametrize("data, name, fragment", [
    (b"", "empty.md", "is empty"),
    (b"   \n\n ", "blank.txt", "is empty"),
    (b"%PDF-1.4 whatever", "note.pdf", "paste"),
    (b"binary", "note.doc", "Save it as .docx"),
    (b"Part 1: x", "note.xlsx", "not supported"),
    (b"Just some background text.\nNothing numbered here.", "note.md", "No guiding questions"),
    (b"\x00\x01\x02\x03" * 100, "note.txt", "not a text file"),
    (b"PK\x03\x04 not really", "note.docx", "could not be read"),
    (b"PK\x03\x04 zip in disguise", "note.txt", "rename it to .docx"),
    (b"x" * (5 * 1024 * 1024 + 1), "big.txt", "limit is 5 MB"),
])
def test_problems_are_typed_and_readable(data: bytes, name: str, fragment: str):
    with pytest.raises(ImportProblem) as caught:
        parse_concept_note(data, name)
    assert fragment in str(caught.value)
    assert isinstance(caught.value, DialogueDeskError)


def test_no_questions_message_explains_the_expected_layout():
    with pytest.raises(ImportProblem, match="Part 1: Safer play by design"):
        parse_concept_text("## Background\nA paragraph.\n")


def test_pasted_text_empty():
    with pytest.raises(ImportProblem, match="paste the concept note"):
        parse_concept_text("  ")


def test_french_and_spanish_headings():
    note = parse_concept_text("Partie 1 : Conception sûre\nObjectif : Apprendre.\n1. Qu’est-ce qui marche ?\n\n"
                              "Parte 2: Responsabilidad\nObjetivo: Acordar.\n1. ¿Quién hace qué?\n")
    assert titles(note) == ["Conception sûre", "Responsabilidad"]
    assert [p.objective for p in note.parts] == ["Apprendre.", "Acordar."]


@pytest.mark.parametrize("heading, title", [
    ("Part XI: Closing the gaps", "Closing the gaps"),
    ("PART XX — Review", "Review"),
    ("Part iiii: Four", "Four"),
    ("### Part XIV. Fourteen", "Fourteen"),
    ("Part XXXIX: Last", "Last"),
])
def test_roman_part_numbers_of_any_length(heading: str, title: str):
    note = parse_concept_text(f"{heading}\n1. What works?\n2. What fails?")
    assert [(p.title, p.questions) for p in note.parts] == [(title, ("What works?", "What fails?"))]


def test_parts_two_and_eleven_stay_apart():
    note = parse_concept_text("Part II: Two\n1. Why two?\nPart XI: Eleven\n1. Why eleven?\nPart 11: Again\n2. Same?")
    assert [(p.title, len(p.questions)) for p in note.parts] == [("Two", 1), ("Eleven", 2)]


@pytest.mark.parametrize("token", ["IIV", "VV", "IXI", "XVX", "iiiii"])
def test_unreadable_roman_part_numbers_are_a_typed_problem(token: str):
    with pytest.raises(ImportProblem, match=f"Part {token.upper()}.*1, 2, 3 or I, II, III"):
        parse_concept_text(f"Part {token}: Title\n1. What works?")
