"""CSV that a spreadsheet opens as data: no cell of ours is ever run as a formula.

Excel, LibreOffice and Google Sheets treat a cell starting with = + - @ (or a tab or carriage
return before one) as a formula, so an intervention note reading `=HYPERLINK("http://…","Click")`
would become a live link in the rapporteur's spreadsheet. Every text cell starting with one of
those characters gets a leading apostrophe, as OWASP recommends ("CSV Injection"); numbers are
left as they are. Every CSV download and export goes through `write_csv` or `write_frame_csv`.

The same two functions make every CSV read alike: UTF-8 with a byte-order mark (Excel then reads
accents and non-Latin text), and timestamps as Geneva wall time to the second ("2025-10-30 10:00:00",
never microseconds or "+00:00"), the column's heading saying "(Geneva time)".
"""
from __future__ import annotations

import csv
import io
from datetime import datetime, timezone
from numbers import Number
from typing import Any, Iterable, Sequence

from dashboard.timefmt import to_local

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GENEVA_TIME = "(Geneva time)"


def csv_time(value: datetime) -> str:
    """A timestamp as Geneva wall time to the second ('2025-10-30 10:00:00'); a naive one is taken as UTC."""
    # Naive values can only come from the database, which stores UTC.
    aware = value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
    return f"{to_local(aware):%Y-%m-%d %H:%M:%S}"


def safe_cell(value: Any) -> Any:
    """The value as a CSV cell: text starting like a formula gets a leading apostrophe; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return "" if value != value else csv_time(value)  # pandas' NaT is a datetime unequal to itself
    if isinstance(value, Number):
        return "" if value != value else value  # NaN, as pandas writes it
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _timed_header(header: Sequence[Any], rows: list[Sequence[Any]]) -> list[Any]:
    """The header with "(Geneva time)" added to each column holding a timestamp."""
    timed = {i for row in rows for i, cell in enumerate(row) if isinstance(cell, datetime)}
    return [f"{h} {GENEVA_TIME}" if i in timed and GENEVA_TIME not in str(h) else h for i, h in enumerate(header)]


def write_csv(rows: Iterable[Sequence[Any]], header: Sequence[Any]) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel reads accents and non-Latin text), every cell neutralised."""
    rows = list(rows)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in _timed_header(header, rows)])
    writer.writerows([safe_cell(c) for c in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def write_frame_csv(frame: Any) -> bytes:
    """A pandas DataFrame as `write_csv` writes rows: its columns as the header, no index, blanks for missing values."""
    cleaned = frame.astype(object).where(frame.notna(), None)
    return write_csv(cleaned.itertuples(index=False, name=None), [str(c) for c in frame.columns])
