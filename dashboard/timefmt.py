"""Showing stored UTC datetimes the way ITU staff read them: Geneva time, CET/CEST.

Dates are written through Babel in the reader's language ("11 Dec 2025", "11 déc. 2025",
"2025年12月11日", "11 ديسمبر 2025"); times always stay in Geneva time, with the zone named.
"""
from __future__ import annotations

from datetime import date, datetime, time
from typing import Optional
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time

GENEVA = ZoneInfo("Europe/Zurich")
DEFAULT_LANGUAGE = "en"
# A day as each language writes it in running text (Babel patterns); Arabic spells the month
# because its numeric medium form (11/12/2025) is ambiguous to readers from other regions.
DAY_PATTERNS = {"zh": "y年M月d日", "ar": "d MMMM y"}
MONTH_PATTERNS = {"zh": "y年M月", "ar": "MMMM y"}
DAY_PATTERN = "d MMM y"
SEPARATORS = {"ar": "، ", "zh": " "}  # between the day and the time
MONTH_PATTERN = "MMM y"


def to_local(value: datetime, tz: ZoneInfo = GENEVA) -> datetime:
    """An aware datetime converted to Geneva time."""
    if value.tzinfo is None:
        raise ValueError("naive datetime: attach a timezone first")
    return value.astimezone(tz)


def format_day(day: Optional[date], language: str = DEFAULT_LANGUAGE) -> str:
    """'11 Dec 2025' in the given language; '' for None."""
    if day is None:
        return ""
    return format_date(day, DAY_PATTERNS.get(language, DAY_PATTERN), locale=language or DEFAULT_LANGUAGE)


def format_month(day: Optional[date], language: str = DEFAULT_LANGUAGE) -> str:
    """'Dec 2025' in the given language; '' for None."""
    if day is None:
        return ""
    return format_date(day, MONTH_PATTERNS.get(language, MONTH_PATTERN), locale=language or DEFAULT_LANGUAGE)


def format_clock(value: Optional[datetime], tz: ZoneInfo = GENEVA, language: str = DEFAULT_LANGUAGE) -> str:
    """'14:05 CET': the Geneva time of day with its zone; '' for None."""
    if value is None:
        return ""
    local = to_local(value, tz)
    return f"{format_time(local, 'HH:mm', locale=language or DEFAULT_LANGUAGE)} {local.tzname()}"


def format_when(value: Optional[datetime], *, with_time: bool = True, tz: ZoneInfo = GENEVA,
                language: str = DEFAULT_LANGUAGE) -> str:
    """'30 Oct 2025, 10:00 CET' (or just the date) in the given language; '' for None."""
    if value is None:
        return ""
    local = to_local(value, tz)
    day = format_day(local.date(), language)
    return f"{day}{SEPARATORS.get(language, ', ')}{format_clock(value, tz, language)}" if with_time else day


def combine_local(day: date, at: time, tz: ZoneInfo = GENEVA) -> datetime:
    """A Geneva-local date and time as an aware datetime."""
    return datetime.combine(day, at).replace(tzinfo=tz)
