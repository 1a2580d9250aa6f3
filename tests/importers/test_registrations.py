"""Registration lists: the simple CSV, Zoom's webinar registration report, and the messy ones in between."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from dashboard.importers.errors import ImportProblem
from dashboard.importers.registrations import (
    build_participants, parse_registrations, read_registration_table, suggest_mapping,
)
from dashboard.importers.stakeholders import match_stakeholder_label, suggest_stakeholder

FIXTURES = Path(__file__).parent / "fixtures"

ZOOM_REPORT = """Registration Report
Report Generated:,"10/28/2025 09:15 AM"
Topic,Webinar ID,Scheduled Time,Duration,# Registered,# Cancelled by host/registrant,# Denied by host
Industry Connect #7: Gaming and online safety,812 3456 7890,"10/30/2025 02:00 PM",120,7,0,0

Registrant Details
First Name,Last Name,Email,Organization,Job Title,Country/Region,Registration Time,Approval Status,Which stakeholder group do you represent?
Fatima,Al-Zahra (فاطمة الزهراء),fatima@tra.gov.ae,Telecommunications Regulatory Authority,Policy Advisor,United Arab Emirates,10/20/2025 10:01 AM,approved,Government / Regulator
Wei,Zhang 张伟,zhang.wei@example.cn,Example Games Ltd,Trust & Safety Lead,China,10/20/2025 11:02 AM,approved,Private sector
Chloé,Dubois,chloe.dubois@unicef.org,UNICEF,Child Protection Specialist,France,10/21/2025 09:00 AM,approved,
José,Núñez,jose@uni.example.edu,Universidad de Ejemplo,Professor,Spain,10/21/2025 09:10 AM,approved,
Amara,Okafor,amara@example.com,Youth Advisory Panel,,Nigeria,10/22/2025 09:10 AM,approved,Youth
Wei,Zhang,ZHANG.WEI@example.cn,Example Games Ltd,,China,10/23/2025 11:02 AM,approved,Company
,,,,,,,,
Pat,Doe,pat@example.org,,,,10/23/2025,approved,Something else
"""


def zoom_bytes() -> bytes:
    return ("\ufeff" + ZOOM_REPORT).encode("utf-8")


def test_simple_format_reads_every_field():
    result = parse_registrations((FIXTURES / "registrations_simple.csv").read_bytes(), "registrations.csv")
    assert len(result.participants) == 6
    first = result.participants[0]
    assert (first.name, first.organization, first.country, first.email, first.stakeholder_type, first.needs_review) == (
        "Ana Costa", "Ministry of Communications", "Portugal", "ana.costa@example.gov.pt", "member_state", False)
    assert [p.stakeholder_type for p in result.participants] == [
        "member_state", "industry", "member_state", "youth", "academia", "civil_society"]
    assert result.duplicates_merged == 0


def test_zoom_report_skips_preamble_and_bom_and_reads_custom_question():
    table = read_registration_table(zoom_bytes(), "zoom.csv")
    assert table.headers[0] == "First Name"  # BOM and report-summary lines are gone
    assert table.header_row == 7
    mapping = suggest_mapping(table.headers)
    assert mapping["stakeholder_type"] == table.headers.index("Which stakeholder group do you represent?")
    assert mapping["country"] == table.headers.index("Country/Region")
    result = build_participants(table, mapping)
    by_email = {p.email: p for p in result.participants}
    fatima = by_email["fatima@tra.gov.ae"]
    assert fatima.name == "Fatima Al-Zahra (فاطمة الزهراء)"
    assert (fatima.stakeholder_type, fatima.needs_review) == ("member_state", False)
    assert by_email["zhang.wei@example.cn"].name == "Wei Zhang 张伟"
    assert by_email["zhang.wei@example.cn"].job_title == "Trust & Safety Lead"
    # No answer to the stakeholder question: suggested from e-mail/organisation and flagged.
    assert (by_email["chloe.dubois@unicef.org"].stakeholder_type, by_email["chloe.dubois@unicef.org"].needs_review) == (
        "intergovernmental", True)
    assert (by_email["jose@uni.example.edu"].stakeholder_type, by_email["jose@uni.example.edu"].needs_review) == (
        "academia", True)
    assert by_email["amara@example.com"].stakeholder_type == "youth"
    assert by_email["pat@example.org"].needs_review
    assert result.duplicates_merged == 1  # Wei Zhang registered twice, e-mail in different case
    assert len(result.participants) == 6


def test_to_dict_has_exactly_the_cli_shape():
    data = parse_registrations(zoom_bytes(), "zoom.csv").to_dict()
    assert set(data) == {"participants", "duplicates_merged", "warnings"}
    assert set(data["participants"][0]) == {"name", "organization", "country", "email", "stakeholder_type",
                                            "needs_review"}


def test_dedupe_by_name_and_organisation_when_no_email():
    text = "Name,Organization\nAna Costa,Ministry\nana costa,MINISTRY\nAna Costa,Another org\n"
    result = parse_registrations(text.encode(), "x.csv")
    assert [p.organization for p in result.participants] == ["Ministry", "Another org"]
    assert result.duplicates_merged == 1


def test_later_duplicate_fills_blanks_and_a_clear_type_beats_a_guess():
    text = "Name,Email,Organization,Country,Stakeholder\nAna,ANA@x.org,,,\nAna C.,ana@x.org,Ministry,Portugal,Government\n"
    result = parse_registrations(text.encode(), "x.csv")
    (ana,) = result.participants
    assert (ana.name, ana.organization, ana.country, ana.stakeholder_type, ana.needs_review) == (
        "Ana", "Ministry", "Portugal", "member_state", False)


def test_windows_1252_semicolons_and_empty_rows():
    text = "Nom;Organisation;Pays;Courriel;Catégorie\r\n;;;;\r\nChloé Müller;Société Civile Exemple;Suisse;chloe@example.ch;ONG\r\n\r\n"
    result = parse_registrations(text.encode("cp1252"), "inscriptions.csv")
    (chloe,) = result.participants
    assert chloe.name == "Chloé Müller"
    assert chloe.country == "Suisse"
    assert chloe.stakeholder_type == "civil_society"


def test_tab_separated_utf16_export():
    text = "Full name\tE-mail\tStakeholder group\nLi Na 李娜\tli@example.cn\tAcademia / Research\n"
    result = parse_registrations(text.encode("utf-16"), "export.txt")
    assert result.participants[0].name == "Li Na 李娜"
    assert result.participants[0].stakeholder_type == "academia"


def test_names_in_any_script_round_trip_through_csv():
    names = ["فاطمة الزهراء", "张伟", "Zoë Ångström-Núñez", "Łukasz Żółć", "Nguyễn Thị Minh Khai", "Ольга Петрова"]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Name", "Email"])
    for i, name in enumerate(names):
        writer.writerow([name, f"p{i}@example.org"])
    result = parse_registrations(buffer.getvalue().encode("utf-8"), "names.csv")
    assert [p.name for p in result.participants] == names


def test_unknown_headers_need_a_mapping_and_then_work():
    text = "Participant full name,Mail address,Entity\nAna Costa,ana@example.org,Ministry\n"
    table = read_registration_table(text.encode(), "odd.csv")
    mapping = suggest_mapping(table.headers)
    assert mapping["name"] is None
    with pytest.raises(ImportProblem, match="No column holds the participants' names"):
        build_participants(table, mapping)
    mapping["name"] = 0
    mapping["email"] = 1
    result = build_participants(table, mapping)
    assert result.participants[0].email == "ana@example.org"
    assert result.participants[0].organization == "Ministry"


def test_rows_without_name_and_bad_emails_are_reported():
    text = "Name,Email\n,lost@example.org\nBob,not-an-email\n"
    result = parse_registrations(text.encode(), "x.csv")
    assert [p.name for p in result.participants] == ["Bob"]
    assert result.participants[0].email is None
    assert any("no name" in w for w in result.warnings)
    assert any("not an e-mail address" in w for w in result.warnings)


@pytest.mark.parametrize("data, name, fragment", [
    (b"", "x.csv", "is empty"),
    (b"Name,Email\n", "x.csv", "no participants"),
    (b"Name\n\n,\n", "x.csv", "no participants"),
    (b"Name,Email\n,\n", "x.csv", "no participants"),
    (b"a,b\n1,2\n", "x.xlsx", "not supported"),
    (b"\x00\x01" * 50, "x.csv", "not a text file"),
    (b"a" * (5 * 1024 * 1024 + 1), "x.csv", "limit is 5 MB"),
])
def test_problems_are_typed(data: bytes, name: str, fragment: str):
    with pytest.raises(ImportProblem, match=fragment):
        parse_registrations(data, name)


@pytest.mark.parametrize("written, code", [
    ("Member State / Regulator", "member_state"), ("Government", "member_state"), ("Ministry", "member_state"),
    ("Regulator", "member_state"), ("Private sector", "industry"), ("Company", "industry"), ("Industry", "industry"),
    ("NGO", "civil_society"), ("Civil Society", "civil_society"), ("Civil society / NGO", "civil_society"),
    ("UN", "intergovernmental"), ("UN agency", "intergovernmental"), ("United Nations", "intergovernmental"),
    ("Youth", "youth"), ("Student", "youth"), ("Academia", "academia"), ("University / research", "academia"),
    ("member_state", "member_state"), ("Children and youth representatives", "youth"), ("Other", "other"),
])
def test_labels_people_actually_write(written: str, code: str):
    assert match_stakeholder_label(written) == code


@pytest.mark.parametrize("written", ["", "   ", "Something else", "Fund manager", "Unknown"])
def test_unclear_labels_are_not_guessed(written: str):
    assert match_stakeholder_label(written) is None


@pytest.mark.parametrize("organization, email, code", [
    ("Ministry of ICT", None, "member_state"), (None, "someone@ofcom.gov.uk", "member_state"),
    ("National Communications Authority", "x@nca.example", "member_state"), (None, "a@mic.go.jp", "member_state"),
    ("Example University", None, "academia"), (None, "prof@cs.ox.ac.uk", "academia"), (None, "x@mit.edu", "academia"),
    (None, "anna@un.org", "intergovernmental"), ("Anything", "x@unicef.org", "intergovernmental"),
    (None, "x@itu.int", "intergovernmental"), ("Save the Children", None, "civil_society"),
    ("Example Games GmbH", None, "industry"), ("Roblox", None, "industry"), ("", "", "other"),
    ("Youth Council", None, "youth"),
])
def test_hints_from_organisation_and_email(organization, email, code):
    assert suggest_stakeholder(organization, email) == code


def test_unrecognised_stakeholder_answers_are_summarised():
    result = parse_registrations(zoom_bytes(), "zoom.csv")
    assert any("“Something else”" in w and "needs review" in w for w in result.warnings)
