"""import-questions and import-participants on the command line: JSON shapes, dry runs, saving, errors."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dashboard.cli import main
from dashboard.services.setup.participants import list_session_participants
from dashboard.services.setup.structure import get_structure
from db.models import AuditEntry, Question
from db.session import session_factory
from tests.factories import make_intervention, make_session

from .docx_builders import circular

FIXTURES = Path(__file__).parent / "fixtures"
ZOOM = (
    "\ufeffRegistration Report\nTopic,Webinar ID\nIndustry Connect,812\n\n"
    "First Name,Last Name,Email,Organization,Country/Region,Which stakeholder group do you represent?\n"
    "Ana,Costa,ana@example.gov.pt,Ministry of Communications,Portugal,Government\n"
    "Li,Na 李娜,li@uni.example.edu,Example University,China,\n"
    "Ana,Costa,ANA@example.gov.pt,Ministry,Portugal,Regulator\n"
)


@pytest.fixture
def cli_env(sqlite_url, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("DIALOGUE_DESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DIALOGUE_DESK_ENV", "development")
    return sqlite_url


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def audit_count(url: str) -> int:
    with session_factory(url)() as s:
        return s.scalar(select(func.count(AuditEntry.id)))


def test_import_questions_dry_run_json_has_the_documented_shape(cli_env, capsys, tmp_path):
    path = tmp_path / "circular.docx"
    path.write_bytes(circular())
    before = audit_count(cli_env)
    code, out, err = run(capsys, "import-questions", str(path), "--dry-run", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"parts", "segments"}
    assert [set(p) for p in data["parts"]] == [{"title", "objective", "questions"}] * 2
    assert len(data["parts"][0]["questions"]) == 4
    assert data["segments"][0] == {"title": "Opening & Scene-Setting", "minutes": 15}
    assert "Another agenda list" in err  # warnings go to stderr, the JSON stays clean
    assert audit_count(cli_env) == before  # nothing written


def test_import_questions_text_output_and_save(cli_env, capsys):
    with session_factory(cli_env)() as s:
        ds = make_session(s, questions=(2,))
        spoken = s.scalars(select(Question).where(Question.session_id == ds.id)).first()
        make_intervention(s, ds.id, question_id=spoken.id)
        s.commit()
        sid, spoken_id = ds.id, spoken.id
    code, out, err = run(capsys, "import-questions", str(FIXTURES / "gaming_headings.md"), "--session", str(sid))
    assert code == 0, err
    assert "Part 1: Safer play by design" in out and "Agenda: Industry showcases (45 min)" in out
    assert "captured intervention(s), so it was kept" in out
    assert f"saved into session {sid}: 2 parts, 7 questions added" in out
    with session_factory(cli_env)() as s:
        structure = get_structure(s, sid)
        assert s.get(Question, spoken_id) is not None
    assert structure.question_count == 8 and len(structure.segments) == 3


def test_import_participants_dry_run_json(cli_env, capsys, tmp_path):
    path = tmp_path / "zoom.csv"
    path.write_text(ZOOM, encoding="utf-8")
    code, out, err = run(capsys, "import-participants", str(path), "--dry-run", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"participants", "duplicates_merged", "warnings"}
    assert data["duplicates_merged"] == 1
    assert data["participants"][1] == {"name": "Li Na 李娜", "organization": "Example University", "country": "China",
                                       "email": "li@uni.example.edu", "stakeholder_type": "academia",
                                       "needs_review": True}


def test_import_participants_saves_and_maps_unknown_headers(cli_env, capsys, tmp_path):
    with session_factory(cli_env)() as s:
        sid = make_session(s, questions=()).id
        s.commit()
    path = tmp_path / "odd.csv"
    path.write_text("Who;Mail;Group\nZoë Ångström;zoe@example.org;NGO\n", encoding="cp1252", errors="replace")
    code, _, err = run(capsys, "import-participants", str(path), "--session", str(sid))
    assert code == 1 and "No column holds the participants' names" in err
    code, out, err = run(capsys, "import-participants", str(path), "--session", str(sid), "--map", "name=Who",
                         "--map", "email=mail")
    assert code == 0, err
    assert f"saved into session {sid}: 1 added" in out
    with session_factory(cli_env)() as s:
        (row,) = list_session_participants(s, sid)
    assert (row.name, row.email, row.stakeholder_type) == ("Zoë Ångström", "zoe@example.org", "civil_society")


@pytest.mark.parametrize("args, message", [
    (["import-questions", "missing.md", "--dry-run"], "no such file"),
    (["import-questions", str(FIXTURES / "gaming_headings.md")], "give --session ID"),
    (["import-questions", str(FIXTURES / "registrations_simple.csv"), "--dry-run"], ".csv files are not supported"),
    (["import-questions", str(FIXTURES / "gaming_headings.md"), "--session", "999"], "Session 999 does not exist"),
    (["import-participants", str(FIXTURES / "registrations_simple.csv"), "--dry-run", "--map", "nom=x"], "--map expects"),
    (["import-participants", str(FIXTURES / "registrations_simple.csv"), "--dry-run", "--map", "name=Nope"],
     "no column named"),
])
def test_errors_are_one_line(cli_env, capsys, args, message):
    code, _, err = run(capsys, *args)
    assert code == 1
    assert err.startswith("error: ") and message in err and err.count("\n") == 1
