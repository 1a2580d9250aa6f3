"""CSV exports never hand a spreadsheet a formula: every text cell starting like one is neutralised."""
from __future__ import annotations

import copy
import csv
import io
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import update

from dashboard.cli import main
from dashboard.reports import render_report
from dashboard.reports.csv_safe import FORMULA_STARTS, safe_cell, write_csv, write_frame_csv
from db.models import Intervention, Person, Question, Recommendation, Theme

PAYLOADS = ('=HYPERLINK("http://evil.example","Click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "\t=1+1", "\r=1+1")
# Values the report code parses (a date) rather than prints.
_PARSED = {"since", "audience", "published_at", "scheduled_start", "created_at"}


def _cells(data: bytes) -> list[str]:
    assert data.startswith(b"\xef\xbb\xbf")
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]


def _assert_inert(data: bytes) -> None:
    dangerous = [c for c in _cells(data) if c.startswith(FORMULA_STARTS)]
    assert dangerous == []


def _poisoned(value: Any, payload: str, key: str = "") -> Any:
    if key in _PARSED:
        return value
    if isinstance(value, str):
        return payload + value
    if isinstance(value, list):
        return [_poisoned(v, payload) for v in value]
    if isinstance(value, dict):
        return {k: _poisoned(v, payload, k) for k, v in value.items()}
    return value


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_text_field_of_every_report_csv_is_neutralised(participant_doc, staff_doc, payload):
    for doc, table in ((participant_doc, "recommendations"), (staff_doc, "recommendations"),
                       (staff_doc, "interventions")):
        hostile = copy.deepcopy(doc)
        hostile[table] = _poisoned(hostile[table], payload)
        data = render_report(hostile, "csv", table=table)
        _assert_inert(data)
        assert any(cell.startswith("'" + payload) for cell in _cells(data))


def test_cli_csv_exports_from_a_database_full_of_formulas(published, sqlite_url, tmp_path, monkeypatch):
    s, built, _ = published
    formula = PAYLOADS[0]
    s.execute(update(Recommendation).values(text=formula, owner="@owner"))
    s.execute(update(Person).values(name="=cmd|' /C calc'!A0", organization="+org"))
    s.execute(update(Intervention).values(text="-1+1", speaker_label="@label"))
    s.execute(update(Question).values(text="=1+1"))
    s.execute(update(Theme).values(label="+theme"))
    s.commit()
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("DIALOGUE_DESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DIALOGUE_DESK_ENV", "development")
    for table in ("recommendations", "interventions"):
        out = tmp_path / f"{table}.csv"
        assert main(["export-report", str(built.session_id), "--format", "csv", "--table", table,
                     "--audience", "staff", "--out", str(out)]) == 0
        data = out.read_bytes()
        _assert_inert(data)
        assert ("'" + (formula if table == "recommendations" else "-1+1")) in _cells(data)


@pytest.mark.parametrize("value, cell", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("plain", "plain"), (" =1", " =1"), ("", ""), (None, ""), (-3, -3), (2.5, 2.5), (0, 0),
])
def test_safe_cell(value, cell):
    assert safe_cell(value) == cell


def test_write_csv_and_frames_round_trip_the_text():
    data = write_csv([["=x", 1, "é ü 中文"], ["ok", -2, None]], ["-h", "n", "t"])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["'-h", "n", "t"], ["'=x", "1", "é ü 中文"], ["ok", "-2", ""]]
    frame = pd.DataFrame({"group": ["=evil", "Youth"], "count": [3, None]})
    assert list(csv.reader(io.StringIO(write_frame_csv(frame).decode("utf-8-sig")))) == [
        ["group", "count"], ["'=evil", "3.0"], ["Youth", ""]]
