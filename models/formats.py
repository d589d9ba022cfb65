"""How dates and times are written for people: every hand-written format, once.

Screens, exporters and messages call these instead of writing ``%a %b``
patterns of their own, so a date reads the same everywhere. Machine formats
(ISO dates in JSON, CSV and file names) use ``date.isoformat()`` directly.
"""

from __future__ import annotations

from datetime import date, datetime, time


def long_date(value: date) -> str:
    """``Tuesday 13 January 2026`` (headings, documents, the dashboard's today)."""
    return f"{value:%A} {value.day} {value:%B %Y}"


def day_label(value: date) -> str:
    """``Wed 2 Dec 2026`` (lists of meetings and dates on screen)."""
    return f"{value:%a} {value.day} {value:%b %Y}"


def short_date(value: date | None) -> str:
    """``27 Feb 2026`` for table cells; empty when there is no date."""
    if value is None:
        return ""
    return f"{value.day} {value:%b %Y}"


def weekday(value: date) -> str:
    """``Saturday``."""
    return f"{value:%A}"


def plain_date(value: date) -> str:
    """``13 January 2026`` (in sentences)."""
    return f"{value.day} {value:%B %Y}"


def clock(value: datetime | time) -> str:
    """``10:00`` (24-hour, as partnership papers print times)."""
    return f"{value.hour:02d}:{value.minute:02d}"  # as %H:%M, without strftime (thousands in a feed)


def time_range(start: datetime, end: datetime | None) -> str:
    """``10:00–12:00``; just the start when there is no (later) end."""
    if end is None or end <= start:
        return clock(start)
    return f"{clock(start)}\u2013{clock(end)}"
