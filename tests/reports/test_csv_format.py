"""Every CSV reads alike in a spreadsheet: UTF-8 with a BOM, times in Geneva time to the second."""
import csv
import io
import re
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select

from dashboard.cli import main
from dashboard.reports import render_report
from dashboard.reports.csv_safe import csv_time, write_csv, write_frame_csv
from dashboard.services.outcomes.participant_view import report_document
from db.models import Intervention

BOM = b"\xef\xbb\xbf"
ROOT = Path(__file__).resolve().parents[2]
# An offset, or a fraction of a second, anywhere in a file.
UTC_OR_MICROSECONDS = re.compile(r"\d\d:\d\d:\d\d\.\d|[+-]\d\d:\d\d\b|T\d\d:\d\d")


def _rows(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    assert not data[3:].startswith(BOM)  # one BOM, not two
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize("value, cell", [
    (datetime(2025, 10, 30, 9, 0, 1, 123456, tzinfo=timezone.utc), "2025-10-30 10:00:01"),  # CET
    (datetime(2026, 7, 1, 9, 30, tzinfo=timezone.utc), "2026-07-01 11:30:00"),  # CEST
    (datetime(2026, 7, 1, 9, 30), "2026-07-01 11:30:00"),  # naive: the database's UTC
    (pd.Timestamp("2026-03-29 00:59:59.999", tz="UTC"), "2026-03-29 01:59:59"),  # the night clocks go forward
    (pd.Timestamp("2026-03-29 01:00:00", tz="UTC"), "2026-03-29 03:00:00"),
])
def test_csv_time_is_geneva_wall_time_to_the_second(value, cell):
    assert csv_time(value) == cell


def test_timestamp_columns_say_geneva_time_and_nothing_else_changes():
    data = write_csv([[1, datetime(2025, 10, 30, 9, 0, 0, 5, tzinfo=timezone.utc), "2025-10-30", None],
                      [2, None, "x", datetime(2025, 10, 30, 23, 30, tzinfo=timezone.utc)]],
                     ["n", "captured_at", "day", "Status since (Geneva time)"])
    assert _rows(data) == [["n", "captured_at (Geneva time)", "day", "Status since (Geneva time)"],
                           ["1", "2025-10-30 10:00:00", "2025-10-30", ""],
                           ["2", "", "x", "2025-10-31 00:30:00"]]


def test_frames_with_timestamp_columns():
    frame = pd.DataFrame({
        "Session": ["#1", "#2"],
        "Changed": pd.to_datetime(["2025-10-30 09:00:00.123456", None], utc=True),
        "Logged": pd.to_datetime(["2026-07-01 09:30:00", "2026-07-01 10:00:00"]),  # naive: UTC
        "Share implemented": ["41.7%", "0.0%"],
    })
    assert _rows(write_frame_csv(frame)) == [
        ["Session", "Changed (Geneva time)", "Logged (Geneva time)", "Share implemented"],
        ["#1", "2025-10-30 10:00:00", "2026-07-01 11:30:00", "41.7%"],
        ["#2", "", "2026-07-01 12:00:00", "0.0%"]]


def test_staff_interventions_csv_has_geneva_capture_times(published):
    s, built, _ = published
    stamps = {1: datetime(2025, 10, 30, 9, 5, 7, 654321, tzinfo=timezone.utc),
              2: datetime(2026, 7, 1, 9, 30, tzinfo=timezone.utc)}
    items = list(s.scalars(select(Intervention).where(Intervention.session_id == built.session_id)
                           .order_by(Intervention.id)))
    items[0].created_at, items[1].created_at = stamps[1], stamps[2]
    s.flush()
    data = render_report(report_document(s, built.session_id, audience="staff"), "csv", table="interventions")
    rows = _rows(data)
    assert rows[0][-1] == "captured_at (Geneva time)"
    captured = {r[0]: r[-1] for r in rows[1:]}
    assert {"2025-10-30 10:05:07", "2026-07-01 11:30:00"} <= set(captured.values())
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", v) for v in captured.values())
    assert not UTC_OR_MICROSECONDS.search(data.decode("utf-8-sig"))


@pytest.mark.parametrize("audience, table", [("participant", "recommendations"), ("staff", "recommendations"),
                                             ("staff", "interventions")])
def test_every_report_csv_has_one_bom_and_no_utc_or_microseconds(published, audience, table):
    s, built, _ = published
    data = render_report(report_document(s, built.session_id, audience=audience), "csv", table=table)
    _rows(data)
    assert not UTC_OR_MICROSECONDS.search(data.decode("utf-8-sig"))


def test_the_cli_writes_the_same_bytes(published, sqlite_url, tmp_path, monkeypatch):
    s, built, _ = published
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("DIALOGUE_DESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DIALOGUE_DESK_ENV", "development")
    out = tmp_path / "iv.csv"
    assert main(["export-report", str(built.session_id), "--format", "csv", "--table", "interventions",
                 "--audience", "staff", "--out", str(out)]) == 0
    data = out.read_bytes()
    assert _rows(data)[0][-1] == "captured_at (Geneva time)"
    assert not UTC_OR_MICROSECONDS.search(data.decode("utf-8-sig"))


def test_the_trends_download_goes_through_the_same_writer():
    from dashboard.ui.leadership.trends_cache import Table

    frame = pd.DataFrame({"Session": ["#1"], "Since": pd.to_datetime(["2025-10-30 09:00:00.5"], utc=True)})
    assert _rows(Table(frame).csv()) == [["Session", "Since (Geneva time)"], ["#1", "2025-10-30 10:00:00"]]


def test_no_module_writes_csv_but_csv_safe():
    """A new CSV download must use write_csv / write_frame_csv, or it loses the BOM, the times and the escaping."""
    writers = re.compile(r"csv\.(writer|DictWriter)\(|\.to_csv\(")
    offenders = [str(p.relative_to(ROOT)) for p in [*(ROOT / "dashboard").rglob("*.py"), *(ROOT / "pages").glob("*.py")]
                 if writers.search(p.read_text(encoding="utf-8")) and p.name != "csv_safe.py"]
    assert offenders == []
