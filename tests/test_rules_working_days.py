"""England and Wales working days: worked examples against known bank-holiday weeks, and properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.rules import cadence
from models.rules.working_days import (
    add_working_days,
    is_bank_holiday,
    is_working_day,
    next_working_day,
    working_days_between,
)

days = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))


@pytest.mark.parametrize(("start", "n", "due"), [
    # Easter 2027: trigger on Good Friday; Easter Monday does not count.
    (date(2027, 3, 26), 5, date(2027, 4, 5)),
    # Thursday before Easter 2026: Good Friday 3 Apr and Easter Monday 6 Apr skipped.
    (date(2026, 4, 2), 1, date(2026, 4, 7)),
    (date(2026, 4, 2), 5, date(2026, 4, 13)),
    # Christmas 2027 falls on a weekend: the substitute days Mon 27 and Tue 28 Dec are not working days.
    (date(2027, 12, 24), 1, date(2027, 12, 29)),
    (date(2027, 12, 24), 5, date(2028, 1, 5)),  # 29, 30, 31 Dec; New Year substitute Mon 3 Jan; 4, 5 Jan
    # Boxing Day 2026 is a Saturday: its substitute day is Monday 28 December.
    (date(2026, 12, 24), 1, date(2026, 12, 29)),
    # The start day is day 0 whatever it is (a Sunday here).
    (date(2026, 3, 1), 15, date(2026, 3, 20)),
    (date(2026, 3, 2), 0, date(2026, 3, 2)),
    # Counting back from a Tuesday after Easter Monday.
    (date(2026, 4, 7), -1, date(2026, 4, 2)),
])
def test_worked_examples(start, n, due):
    assert add_working_days(start, n) == due
    assert working_days_between(start, due) == n


def test_new_year_2028_falls_on_a_saturday_so_monday_3_january_is_a_substitute_day():
    assert is_bank_holiday(date(2028, 1, 3))
    assert not is_working_day(date(2028, 1, 3))
    # so five working days after Christmas Eve 2027: 29, 30, 31 Dec, 4, 5 Jan
    assert [add_working_days(date(2027, 12, 24), n) for n in range(1, 6)] == [
        date(2027, 12, 29), date(2027, 12, 30), date(2027, 12, 31), date(2028, 1, 4), date(2028, 1, 5)]


def test_substitute_days_are_bank_holidays_and_the_weekend_days_are_not_working_days():
    assert is_bank_holiday(date(2027, 12, 27)) and is_bank_holiday(date(2027, 12, 28))  # Christmas, Boxing Day (observed)
    assert not is_working_day(date(2027, 12, 25))
    assert is_working_day(date(2027, 12, 29))
    assert is_bank_holiday(date(2022, 9, 19))  # a one-off: the state funeral


def test_working_days_left_are_zero_on_the_day_and_negative_once_overdue():
    due = date(2026, 4, 13)
    assert working_days_between(date(2026, 4, 13), due) == 0
    assert working_days_between(date(2026, 4, 14), due) == -1
    assert working_days_between(date(2026, 4, 2), due) == 5


def test_cadence_rules_use_the_same_definition():
    assert cadence.is_working_day is is_working_day
    assert cadence.next_working_day is next_working_day


@settings(max_examples=300, deadline=None)
@given(days, st.integers(min_value=1, max_value=400))
def test_the_nth_working_day_is_a_working_day_n_working_days_on(start, n):
    due = add_working_days(start, n)
    assert is_working_day(due)
    assert due > start
    assert working_days_between(start, due) == n
    # and the day before it is fewer than n working days on
    assert working_days_between(start, due - timedelta(days=1)) == n - 1


@settings(max_examples=300, deadline=None)
@given(days, days)
def test_between_agrees_with_counting_day_by_day_and_is_antisymmetric(a, b):
    low, high = min(a, b), max(a, b)
    if (high - low).days > 800:
        high = low + timedelta(days=800)
    counted = sum(1 for k in range(1, (high - low).days + 1) if is_working_day(low + timedelta(days=k)))
    assert working_days_between(low, high) == counted
    assert working_days_between(high, low) == -counted


@settings(max_examples=200, deadline=None)
@given(days, st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=60))
def test_adding_in_two_steps_is_adding_once(start, m, n):
    assert add_working_days(add_working_days(start, m), n) == add_working_days(start, m + n)


@settings(max_examples=200, deadline=None)
@given(days)
def test_next_working_day_skips_exactly_the_non_working_days(d):
    nxt = next_working_day(d)
    assert is_working_day(nxt)
    assert all(not is_working_day(d + timedelta(days=k)) for k in range(1, (nxt - d).days))
