"""Dates and times are written one way everywhere: models/formats.py, and no hand-written copies."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path

from models.formats import clock, day_label, long_date, plain_date, short_date, time_range

ROOT = Path(__file__).resolve().parents[1]


def test_each_format_reads_as_documented():
    day = date(2026, 1, 13)
    assert long_date(day) == "Tuesday 13 January 2026"
    assert day_label(date(2026, 12, 2)) == "Wed 2 Dec 2026"
    assert short_date(date(2026, 2, 27)) == "27 Feb 2026" and short_date(None) == ""
    assert plain_date(day) == "13 January 2026"
    assert clock(time(9, 5)) == "09:05"
    start, end = datetime(2026, 1, 13, 10), datetime(2026, 1, 13, 12)
    assert time_range(start, end) == "10:00\u201312:00" and time_range(start, None) == "10:00"


def test_screens_and_exporters_write_no_date_format_of_their_own():
    """A date written for people goes through models.formats (ISO dates for machines excepted)."""
    pattern = re.compile(r"%[aAbB]|%H:%M(?!:)")
    found = []
    for folder in ("tui", "exporters"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if pattern.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


def test_models_name_days_and_months_only_in_formats():
    """models/ writes machine times (ISO, the arrangements vocabulary's HH:MM) itself, but never a day or month name."""
    found = [f"{path.relative_to(ROOT)}:{number}"
             for path in sorted((ROOT / "models").rglob("*.py")) if path.name != "formats.py"
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if re.search(r"%[aAbB]", line)]
    assert found == []
