"""Markdown (same content as the DOCX), CSV and JSON exports."""
import csv
import io
import json

import pytest

from dashboard.reports import render_report, report_filename
from dashboard.reports.markdown_report import escape_md
from dashboard.services.errors import PermissionDenied, ValidationError
from tests.reports.outcome_data import NAMES


def test_markdown_has_the_same_sections_and_tables(participant_doc):
    md = render_report(participant_doc, "md").decode("utf-8")
    lines = md.splitlines()
    assert lines[0].startswith("# Report of the Industry Connect session: Test session")
    assert [line for line in lines if line.startswith("## ")] == [
        "## 1\\. Purpose", "## 2\\. Participation by stakeholder group", "## 3\\. Summary of the dialogue",
        "## 4\\. Key takeaways", "## 5\\. Recommendations", "## 6\\. Support for the recommendations"]
    assert "| Total | 4 | 6 |" in lines
    assert "| 1 | Friends\\-only chat by default. | Industry | Industry, Children and youth representatives | High |" \
        not in lines  # a dash inside a line is not escaped...
    assert "| 1 | Friends-only chat by default. | Industry | Industry, Children and youth representatives | High |" in lines
    assert "| 1 | In progress since 12 Mar 2026 |" in lines
    assert "- Friends-only chat by default for under-16s. (Industry)" in lines
    for name in NAMES:
        assert name not in md


def test_markdown_keeps_hostile_text_inert(participant_doc):
    md = render_report(participant_doc, "md").decode("utf-8")
    assert "<script>" not in md and "\\<script\\>" in md
    assert "[link](http" not in md and "\\*\\*bold\\*\\*" in md
    assert "\\| pipe" in md  # cannot break out of the table cell


@pytest.mark.parametrize("raw, escaped", [
    ("1. not a list", "1\\. not a list"), ("- not a bullet", "\\- not a bullet"), ("# no heading", "\\# no heading"),
    ("a_b*c", "a\\_b\\*c"), ("line one\nline two", "line one  \nline two"), ("$x$ & <b>", "\\$x\\$ \\& \\<b\\>"),
])
def test_escape_md(raw, escaped):
    assert escape_md(raw) == escaped


def test_recommendations_csv_for_participants_and_staff(participant_doc, staff_doc):
    data = render_report(participant_doc, "csv")
    assert data.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["recommendation"] for r in rows][0] == "Friends-only chat by default."
    assert rows[0]["raised_by"] == "Industry, Children and youth representatives"
    assert rows[0]["follow_up_status"] == "In progress since 12 Mar 2026"
    assert rows[1]["addressed_to"] == "Academia; UN / ITU" and "owner" not in rows[0]
    staff = list(csv.DictReader(io.StringIO(render_report(staff_doc, "csv").decode("utf-8-sig"))))
    assert staff[0]["owner"] == "ITU BDT" and staff[0]["source_interventions"] == "#1 #3"


def test_interventions_csv_is_staff_only(participant_doc, staff_doc):
    with pytest.raises(PermissionDenied, match="staff material"):
        render_report(participant_doc, "csv", table="interventions")
    rows = list(csv.DictReader(io.StringIO(render_report(staff_doc, "csv", table="interventions").decode("utf-8-sig"))))
    assert len(rows) == 6 and rows[0]["speaker"] == "Alice Martin (Acme Games)"
    assert rows[2]["speaker"] == "Youth participant 2" and rows[5]["question"] == "General"
    with pytest.raises(ValidationError, match="Unknown table"):
        render_report(staff_doc, "csv", table="people")
    with pytest.raises(ValidationError, match="Unknown format"):
        render_report(staff_doc, "pdf")


def test_json_holds_everything_for_archiving(participant_doc, staff_doc):
    doc = json.loads(render_report(participant_doc, "json"))
    assert doc["publication"]["revision"] == 2 and len(doc["revisions"]) == 2
    assert {"session", "parts", "recommendations", "participation", "session_takeaways"} <= set(doc)
    assert "interventions" not in doc
    staff = json.loads(render_report(staff_doc, "json"))
    assert len(staff["interventions"]) == 6 and staff["recommendations"][0]["follow_up"]["owner"] == "ITU BDT"


def test_file_names_say_what_the_file_is(participant_doc, staff_doc):
    number = participant_doc["session"]["series_number"]
    assert report_filename(participant_doc, "docx") == f"industry-connect-{number}-outcomes-rev2.docx"
    assert report_filename(staff_doc, "csv", table="interventions") == \
        f"industry-connect-{number}-outcomes-interventions-staff.csv"
