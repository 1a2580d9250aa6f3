"""Section 6 of the report: frozen support-check results per stakeholder group, in DOCX, Markdown and CSV.

The session (conftest.published_with_support): R1 and R2 were put to a closed check with the answers
of outcome_data.SUPPORT_R1 and SUPPORT_R2 (threshold 3); R3 was not.
"""
import copy
import csv
import io

import pytest
from docx import Document

from dashboard.reports import render_report
from dashboard.reports.support import support_rows
from tests.reports.outcome_data import NAMES

HEADERS = ["Stakeholder group", "Answers", "Support", "Support or can live with it", "Oppose"]
R1_ROWS = [
    ["Member State / regulator", "4", "50%", "75%", "25%"],
    ["Industry", "5", "75%", "100%", "0%"],  # one Pass: counted in Answers, not in the percentages
    ["Academia", "fewer than 3", "—", "—", "—"],
    ["Children and youth representatives", "3", "33%", "100%", "0%"],
    ["Industry (self-declared)", "fewer than 3", "—", "—", "—"],
    ["Civil society (self-declared)", "3", "67%", "67%", "33%"],
]
R2_ROWS = [["Industry", "4", "0%", "25%", "75%"], ["Academia", "fewer than 3", "—", "—", "—"]]
R1_SCORE = "Consensus score: 0.44 · broad support · too few responses from Academia (fewer than 3)"
R2_SCORE = ("Consensus score: not scored (fewer than two groups shown) · "
            "too few responses from Academia (fewer than 3)")


def _docx(doc):
    return Document(io.BytesIO(render_report(doc, "docx")))


def _cells(table) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in table.rows]


def _section(document) -> list[tuple[str, str]]:
    """(style, text) of the paragraphs from the Support heading to the next Heading 1 (or the end)."""
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    start = paragraphs.index(("Heading 1", "6. Support for the recommendations"))
    rest = paragraphs[start + 1:]
    end = next((i for i, (style, _) in enumerate(rest) if style == "Heading 1"), len(rest))
    return rest[:end]


@pytest.mark.parametrize("audience", ["participant", "staff"])
def test_docx_support_section_has_a_table_per_recommendation_asked(audience, supported_docs):
    document = _docx(supported_docs[audience])
    headings = [t for style, t in ((p.style.name, p.text) for p in document.paragraphs) if style == "Heading 1"]
    assert headings.index("6. Support for the recommendations") == headings.index("5. Recommendations") + 1
    section = _section(document)
    texts = [t for _, t in section]
    assert ("Heading 2", "R1. Friends-only chat by default.") in section
    assert ("Heading 2", "R2. <script>alert(1)</script> **bold** [link](http://evil.example) | pipebell") in section
    assert R1_SCORE in texts and R2_SCORE in texts
    assert "Not put to a support check: R3." in texts
    intro = " ".join(texts[:3])
    for phrase in ("never by name", "only from 3 answers", "((yes + 1) / (answers + 2), Pass left out)",
                   "self-declared and are not included in the score", "“Raised by” in section 5"):
        assert phrase in intro

    support_tables = [t for t in document.tables if _cells(t)[0] == HEADERS]
    assert [_cells(t)[1:] for t in support_tables] == [R1_ROWS, R2_ROWS]
    recommendations = next(t for t in document.tables if _cells(t)[0][1] == "Recommendation")
    assert _cells(recommendations)[0] == ["No.", "Recommendation", "Addressed to", "Raised by", "Priority"]


def test_docx_support_tables_use_the_report_table_layout(supported_docs):
    """Same helper as every other table: Table Grid, header row repeated on each page, rows kept whole, widths set."""
    document = _docx(supported_docs["participant"])
    support_tables = [t for t in document.tables if _cells(t)[0] == HEADERS]
    assert len(support_tables) == 2
    for table in support_tables:
        assert table.style.name == "Table Grid"
        first = table.rows[0]._tr.trPr
        assert first.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") is not None
        assert all(r._tr.trPr is not None for r in table.rows)  # cantSplit on every row
        assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs if run.text)
        assert round(sum(c.width.cm for c in table.columns), 1) == 16.8


def test_markdown_support_section_escapes_user_text_and_labels_self_declared(supported_docs):
    md = render_report(supported_docs["participant"], "md").decode("utf-8")
    lines = md.splitlines()
    level1 = [line for line in lines if line.startswith("## ")]
    assert level1[-2:] == ["## 5\\. Recommendations", "## 6\\. Support for the recommendations"]
    assert "| No. | Recommendation | Addressed to | Raised by | Priority |" in lines
    section = lines[lines.index("## 6\\. Support for the recommendations"):]
    assert "### R1. Friends-only chat by default." in section
    # User text in a heading is escaped: no HTML, no emphasis, no link.
    assert ("### R2. \\<script\\>alert(1)\\</script\\> \\*\\*bold\\*\\* \\[link\\](http://evil.example) "
            "\\| pipe\x07bell") in section
    assert "**Consensus score:** 0\\.44 · broad support · too few responses from Academia (fewer than 3)" in section
    assert ("**Consensus score:** not scored (fewer than two groups shown) · too few responses from Academia "
            "(fewer than 3)") in section
    assert "| " + " | ".join(HEADERS) + " |" in section
    for row in R1_ROWS + R2_ROWS:
        assert "| " + " | ".join(row) + " |" in section
    assert "Not put to a support check: R3." in section
    for name in NAMES:
        assert name not in md


def test_a_hidden_group_never_shows_a_figure_even_if_the_stored_result_has_one(supported_docs):
    """Only `shown` decides: a result written by other code with numbers on a hidden group still prints none."""
    doc = copy.deepcopy(supported_docs["participant"])
    academia = next(g for g in doc["recommendations"][0]["support"]["groups"] if g["group"] == "academia")
    academia.update(responses=2, support=2, live_with=0, oppose=0, passes=0, support_share=1.0, acceptance=1.0,
                    oppose_share=0.0)
    table = next(t for t in _docx(doc).tables if _cells(t)[0] == HEADERS)
    assert _cells(table)[3] == ["Academia", "fewer than 3", "—", "—", "—"]
    md = render_report(doc, "md").decode("utf-8")
    assert "| Academia | fewer than 3 | — | — | — |" in md and "| Academia | 2 |" not in md


def test_rows_follow_the_check_threshold_and_show_dashes_when_everybody_passed():
    support = {"min_group_size": 5, "groups": [
        {"group": "youth", "shown": False, "responses": None, "support_share": None, "acceptance": None,
         "oppose_share": None},
        {"group": "industry", "label": "Industry", "shown": True, "responses": 5, "support_share": None,
         "acceptance": None, "oppose_share": None},
    ], "self_declared": []}
    assert support_rows(support) == (("Children and youth representatives", "fewer than 5", "—", "—", "—"),
                                     ("Industry", "5", "—", "—", "—"))


def test_without_any_support_check_the_section_says_so_in_one_sentence(participant_doc):
    section = _section(_docx(participant_doc))
    assert section == [("Normal", "No recommendation was put to a support check.")]
    md = render_report(participant_doc, "md").decode("utf-8")
    assert md.rstrip().endswith("## 6\\. Support for the recommendations\n\n"
                                "*No recommendation was put to a support check.*")


def test_recommendations_csv_has_raised_by_consensus_score_and_flags(supported_docs):
    rows = list(csv.DictReader(io.StringIO(render_report(supported_docs["participant"], "csv").decode("utf-8-sig"))))
    assert [r["raised_by"] for r in rows] == ["Industry, Children and youth representatives", "Academia", "Industry"]
    assert "supporting_groups" not in rows[0]
    assert [r["consensus_score"] for r in rows] == ["0.44", "", ""]  # R2 not scored, R3 never asked
    assert [r["support_flags"] for r in rows] == [
        "broad support; too few responses from Academia (fewer than 3)",
        "too few responses from Academia (fewer than 3)", ""]
