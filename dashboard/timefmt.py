"""Showing stored UTC datetimes the way ITU staff read them: Geneva time, CET/CEST."""
from __future__ import annotations

from datetime import date, datetime, time
from typing import Optional
from zoneinfo import ZoneInfo

GENEVA = ZoneInfo("Europe/Zurich")


def to_local(value: datetime, tz: ZoneInfo = GENEVA) -> datetime:
    """An aware datetime converted to Geneva time."""
    if value.tzinfo is None:
        raise ValueError("naive datetime: attach a timezone first")
    return value.astimezone(tz)


def format_when(value: Optional[datetime], *, with_time: bool = True, tz: ZoneInfo = GENEVA) -> str:
    """'30 Oct 2025, 10:00 CET' (or just the date); '' for None."""
    if value is None:
        return ""
    local = to_local(value, tz)
    day = f"{local.day} {local:%b %Y}"
    return f"{day}, {local:%H:%M} {local.tzname()}" if with_time else day


def combine_local(day: date, at: time, tz: ZoneInfo = GENEVA) -> datetime:
    """A Geneva-local date and time as an aware datetime."""
    return datetime.combine(day, at).replace(tzinfo=tz)
