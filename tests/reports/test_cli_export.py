"""`python -m dashboard export-report`: files written, errors as one line."""
import json

import pytest
from docx import Document

from dashboard.cli import main


@pytest.fixture
def env(published, sqlite_url, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("DIALOGUE_DESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DIALOGUE_DESK_ENV", "development")
    return published[1].session_id


@pytest.mark.parametrize("fmt", ["docx", "md", "csv", "json"])
def test_export_each_format(env, tmp_path, capsys, fmt):
    out = tmp_path / f"report.{fmt}"
    assert main(["export-report", str(env), "--format", fmt, "--out", str(out)]) == 0
    assert out.stat().st_size > 100
    assert "participant audience, published revision 2" in capsys.readouterr().out


def test_export_to_a_folder_names_the_file(env, tmp_path):
    assert main(["export-report", str(env), "--format", "docx", "--out", str(tmp_path), "--audience", "staff"]) == 0
    [written] = tmp_path.glob("*-staff.docx")
    assert len(Document(str(written)).tables) >= 3


def test_staff_interventions_csv_and_stdout(env, tmp_path, capsysbinary):
    assert main(["export-report", str(env), "--format", "json", "--out", "-", "--audience", "staff"]) == 0
    assert len(json.loads(capsysbinary.readouterr().out)["interventions"]) == 6
    out = tmp_path / "iv.csv"
    assert main(["export-report", str(env), "--format", "csv", "--table", "interventions", "--audience", "staff",
                 "--out", str(out)]) == 0
    assert "Alice Martin" in out.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("args, message", [
    (["--format", "csv", "--table", "interventions"], "staff material"),
    (["--format", "md", "--table", "interventions"], "--table applies to --format csv only"),
    (["--format", "md", "--out", "/no/such/folder/x.md"], "does not exist"),
])
def test_user_errors_are_one_line(env, tmp_path, capsys, args, message):
    argv = ["export-report", str(env), *args]
    if "--out" not in args:
        argv += ["--out", str(tmp_path / "x")]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and "Traceback" not in err


def test_unpublished_session_has_no_participant_version(env, sqlite_session, tmp_path, capsys):
    from tests.factories import make_session

    ds = make_session(sqlite_session, status="closed")
    sqlite_session.commit()
    assert main(["export-report", str(ds.id), "--format", "md", "--out", str(tmp_path / "x.md")]) == 1
    assert "has not been published yet" in capsys.readouterr().err
    assert main(["export-report", "999999", "--format", "md", "--out", str(tmp_path / "y.md"), "--audience",
                 "staff"]) == 1
    assert "does not exist" in capsys.readouterr().err
