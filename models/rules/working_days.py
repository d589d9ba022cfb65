"""England and Wales working days: the one definition every deadline and cadence uses.

A working day is Monday to Friday and not an England and Wales bank holiday,
as the ``holidays`` package lists them (including substitute days, e.g. when
Christmas Day falls on a Saturday the Monday after is a bank holiday, and
one-off days such as a state funeral).

A deadline of N working days falls on the Nth working day after its start
day; the start day itself is day 0 and does not count, whatever it is:

    >>> add_working_days(date(2027, 3, 26), 5)   # Good Friday; Easter Monday skipped
    datetime.date(2027, 4, 5)
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache


@lru_cache(maxsize=None)
def _bank_holidays(year: int) -> frozenset[date]:
    import holidays  # ~0.15 s to import: only when a date's working days are asked, not at start-up

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_bank_holiday(d: date) -> bool:
    """True on an England and Wales bank holiday (including substitute days)."""
    return d in _bank_holidays(d.year)


def is_working_day(d: date) -> bool:
    """Monday to Friday and not an England and Wales bank holiday."""
    return d.weekday() < 5 and not is_bank_holiday(d)


def next_working_day(d: date) -> date:
    """The first working day strictly after ``d``."""
    return add_working_days(d, 1)


def add_working_days(start: date, n: int) -> date:
    """The Nth working day after ``start`` (``start`` is day 0); ``n`` = 0 gives ``start``.

    A negative ``n`` counts back: the Nth working day before ``start``.
    """
    step = 1 if n >= 0 else -1
    day, left = start, abs(n)
    while left:
        day += timedelta(days=step)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is earlier.

    The inverse of :func:`add_working_days`: ``working_days_between(s,
    add_working_days(s, n)) == n``. For a deadline, ``working_days_between(today,
    due)`` is the working days left (0 on the day, negative once overdue).
    """
    if end < start:
        return -working_days_between(end, start)
    # Whole weeks hold five weekdays each; count the rest and the bank holidays one by one.
    span = (end - start).days
    weeks, rest = divmod(span, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + timedelta(days=7 * weeks + offset)).weekday() < 5:
            count += 1
    for year in range(start.year, end.year + 1):
        count -= sum(1 for h in _bank_holidays(year) if start < h <= end and h.weekday() < 5)
    return count


__all__ = ["add_working_days", "is_bank_holiday", "is_working_day", "next_working_day", "working_days_between"]
