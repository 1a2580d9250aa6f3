"""The DOCX report: reopened with python-docx, its sections, tables and rows checked."""
import io

import pytest
from docx import Document

from dashboard.reports import render_report
from dashboard.reports.docx_report import STYLES
from tests.reports.office import convert_to_pdf
from tests.reports.outcome_data import NAMES

SECTIONS = ["1. Purpose", "2. Participation by stakeholder group", "3. Summary of the dialogue", "4. Key takeaways",
            "5. Recommendations", "6. Support for the recommendations"]


def _open(data: bytes):
    assert data[:2] == b"PK"  # a zip package
    return Document(io.BytesIO(data))


def _all_text(document) -> str:
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells
                     + [p.text for s in document.sections for p in (*s.header.paragraphs, *s.footer.paragraphs)])


def test_participant_docx_has_the_itu_report_sections_and_tables(participant_doc):
    document = _open(render_report(participant_doc, "docx"))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0][0] == "Title" and headings[0][1].startswith("Report of the Industry Connect session: Test session")
    assert [t for style, t in headings if style == "Heading 1"] == SECTIONS
    level2 = [t for style, t in headings if style == "Heading 2"]
    assert level2[:2] == ["Part 1", "Part 2"] and "Follow-up status" in level2
    assert [t for style, t in headings if style == "Heading 3"][0] == "Question 1.1: Question 1.1?"
    text = _all_text(document)
    for label in ("Series:", "Session:", "Date:", "Format:", "Sector focus:"):
        assert label in text
    assert "30 Oct 2025, 10:00 CET (120 minutes)" in text  # stored 09:00 UTC, shown in Geneva time
    assert "Updated on" in text and "Recommendation 3 added after the call" in text
    assert "Revision 2, published" in text

    participation, recommendations, follow_up = document.tables
    assert [c.text for c in participation.rows[0].cells] == ["Stakeholder group", "Participants", "Interventions"]
    assert [[c.text for c in r.cells] for r in participation.rows[1:]] == [
        ["Member State / regulator", "1", "2"], ["Industry", "1", "2"], ["Academia", "1", "1"],
        ["Children and youth representatives", "1", "1"], ["Total", "4", "6"]]
    assert [c.text for c in recommendations.rows[0].cells] == [
        "No.", "Recommendation", "Addressed to", "Raised by", "Priority"]
    assert len(recommendations.rows) == 1 + 3
    assert [c.text for c in recommendations.rows[1].cells] == [
        "1", "Friends-only chat by default.", "Industry", "Industry, Children and youth representatives", "High"]
    assert [[c.text for c in r.cells] for r in follow_up.rows] == [["No.", "Status"], ["1", "In progress since 12 Mar 2026"]]


def test_participant_docx_obeys_chatham_house(participant_doc):
    text = _all_text(_open(render_report(participant_doc, "docx")))
    for name in NAMES:
        assert name not in text
    assert "Friends-only chat by default for under-16s. (Industry)" in text  # approved key point, group only
    assert "Blocking strangers must take one tap. (Children and youth representatives)" in text
    assert "Regulators expect risk assessments" not in text  # hidden key point
    assert "No approved key points for this question. Interventions by stakeholder group: Academia 1." in text
    assert "Chatham House Rule" in text


def test_staff_docx_names_speakers_and_lists_interventions(staff_doc):
    document = _open(render_report(staff_doc, "docx"))
    text = _all_text(document)
    assert "Friends-only chat by default for under-16s. (Alice Martin (Acme Games), Industry)" in text
    assert "Youth participant 2" in text and "Yara Young" not in text  # youth stay pseudonymous even for staff
    assert "Working version for ITU staff" in text and "not for circulation" in text
    annex = document.tables[-1]
    assert [c.text for c in annex.rows[0].cells] == ["No.", "Question", "Group", "Speaker", "Note"]
    assert len(annex.rows) == 1 + 6
    follow_up = document.tables[-2]
    assert [c.text for c in follow_up.rows[0].cells] == ["No.", "Status", "Owner", "Review date", "Evidence"]
    assert [c.text for c in follow_up.rows[1].cells] == ["1", "In progress since 12 Mar 2026", "ITU BDT", "—",
                                                         "Pilot of friends-only defaults confirmed by the platform's "
                                                         "safety team"]


def test_docx_uses_only_styles_of_the_default_template_and_survives_control_characters(participant_doc):
    template_styles = {s.name for s in Document().styles}
    assert set(STYLES) <= template_styles
    document = _open(render_report(participant_doc, "docx"))
    used = {p.style.name for p in document.paragraphs} | {t.style.name for t in document.tables}
    assert used <= template_styles
    # The bell character pasted into a note is dropped instead of breaking the file.
    assert "pipebell" in _all_text(document).replace(" ", "").replace("|", "")


def test_docx_with_nothing_drafted_says_so(sqlite_session):
    from dashboard.services.outcomes.participant_view import report_document
    from tests.factories import make_session

    ds = make_session(sqlite_session, questions=())
    text = _all_text(_open(render_report(report_document(sqlite_session, ds.id, audience="staff"), "docx")))
    for expected in ("No participants were recorded", "No guiding questions were recorded",
                     "No key takeaways were recorded", "No recommendations were recorded", "Not yet published"):
        assert expected in text


def test_libreoffice_converts_the_docx_without_complaint(supported_docs, tmp_path):
    """The richest report (with the Support section's tables) opens in LibreOffice."""
    pdf = convert_to_pdf(render_report(supported_docs["participant"], "docx"), tmp_path)
    assert pdf.stat().st_size > 5000
