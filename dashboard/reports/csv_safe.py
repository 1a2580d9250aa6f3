"""CSV that a spreadsheet opens as data: no cell of ours is ever run as a formula.

Excel, LibreOffice and Google Sheets treat a cell starting with = + - @ (or a tab or carriage
return before one) as a formula, so an intervention note reading `=HYPERLINK("http://…","Click")`
would become a live link in the rapporteur's spreadsheet. Every text cell starting with one of
those characters gets a leading apostrophe, as OWASP recommends ("CSV Injection"); numbers are
left as they are. Every CSV download and export goes through `write_csv` or `write_frame_csv`.
"""
from __future__ import annotations

import csv
import io
from numbers import Number
from typing import Any, Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value as a CSV cell: text starting like a formula gets a leading apostrophe; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, Number):
        return "" if value != value else value  # NaN, as pandas writes it
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(rows: Iterable[Sequence[Any]], header: Sequence[Any]) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel reads accents and non-Latin text), every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in header])
    writer.writerows([safe_cell(c) for c in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def write_frame_csv(frame: Any) -> bytes:
    """A pandas DataFrame as `write_csv` writes rows: its columns as the header, no index, blanks for missing values."""
    cleaned = frame.astype(object).where(frame.notna(), None)
    return write_csv(cleaned.itertuples(index=False, name=None), [str(c) for c in frame.columns])
