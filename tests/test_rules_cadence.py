"""Cadences: reading them from an arrangements file, describing them, and their dates."""

from __future__ import annotations

import json
import tomllib
from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.rules.cadence import Cadence, describe_cadence
from models.rules.cadence_table import cadence_to_dict, parse_cadence

from tests.conftest import EXAMPLE

NORTHMOOR_BODIES = [
    {"frequency": "twice-yearly", "months": ["May", "November"], "weekday": "Thursday",
     "week": 1, "time": "14:00", "duration_minutes": 90,
     "location": "Town Hall, Committee Room 2", "avoid_bank_holidays": True},
    {"frequency": "quarterly", "months": ["Jan", "Apr", "Jul", "Oct"], "weekday": "Tuesday",
     "week": 2, "time": "10:00", "duration_minutes": 120, "location": "Online (Teams)",
     "avoid_bank_holidays": True},
    {"frequency": "every-6-weeks", "starts": date(2026, 1, 7), "weekday": "Wednesday",
     "time": "13:30", "duration_minutes": 90, "location": "Riverside House, Room 4"},
    {"frequency": "twice-yearly", "months": ["March", "September"], "weekday": "Friday",
     "week": -1, "time": "09:30", "duration_minutes": 180, "location": "Northmoor Civic Centre"},
]


# ---------------------------------------------------------------- parsing


def test_parse_executive_cadence() -> None:
    cadence, problems = parse_cadence(NORTHMOOR_BODIES[1])
    assert problems == []
    assert cadence == Cadence(
        frequency="quarterly", months=(1, 4, 7, 10), weekday=1, week=2, time=time(10),
        duration_minutes=120, location="Online (Teams)", avoid_bank_holidays=True,
    )


def test_parse_every_n_weeks() -> None:
    cadence, problems = parse_cadence(NORTHMOOR_BODIES[2])
    assert problems == []
    assert cadence is not None
    assert (cadence.frequency, cadence.every_weeks, cadence.weekday) == ("every-n-weeks", 6, 2)
    assert cadence.starts == date(2026, 1, 7)


def test_defaults_when_only_frequency_is_given() -> None:
    cadence, problems = parse_cadence({"frequency": "monthly"})
    assert problems == []
    assert cadence == Cadence("monthly", time=time(10), duration_minutes=120)


def test_months_are_kept_in_calendar_order() -> None:
    cadence, _ = parse_cadence({"frequency": "quarterly", "months": ["Jul", "Sep", "Dec", "Mar"]})
    assert cadence is not None and cadence.months == (3, 7, 9, 12)


def test_misspelt_month_is_reported_at_its_place() -> None:
    cadence, problems = parse_cadence({"frequency": "twice-yearly", "months": ["May", "Febuary"]})
    assert cadence is None
    assert problems == [("months[1]", '"Febuary" is not a month (did you mean "February"?)')]


def test_every_problem_is_reported_at_once() -> None:
    raw = {"frequency": "quarterly", "months": ["Jan", "Apr", "Jul"], "week": 7,
           "wekday": "Tuesday", "duration_minutes": "two hours", "time": "25:00",
           "avoid_bank_holidays": "yes"}
    cadence, problems = parse_cadence(raw)
    assert cadence is None
    assert set(problems) == {
        ("wekday", 'unknown setting "wekday" (did you mean "weekday"?)'),
        ("week", "week must be 1, 2, 3, 4 or -1 (last), not 7"),
        ("time", '"25:00" is not a time of day'),
        ("duration_minutes", 'duration_minutes must be a whole number, not "two hours"'),
        ("avoid_bank_holidays", 'avoid_bank_holidays must be true or false, not "yes"'),
        ("months", "quarterly needs 4 months in months, not 3"),
    }


@pytest.mark.parametrize(
    ("raw", "field", "words"),
    [
        ({}, "frequency", "frequency is missing"),
        ({"frequency": "quartely"}, "frequency", 'did you mean "quarterly"'),
        ({"frequency": "annual", "months": ["May", "June"]}, "months", "annual needs 1 month"),
        ({"frequency": "every-6-weeks", "weekday": "Wed"}, "starts", "needs a starts date"),
        ({"frequency": "every-6-weeks", "starts": date(2026, 1, 7), "months": [1]},
         "months", "cannot be used with every-6-weeks"),
        ({"frequency": "monthly", "weekday": "Mon", "day": 3}, "day", "not both"),
        ({"frequency": "monthly", "week": 2}, "week", "needs a weekday"),
        ({"frequency": "monthly", "day": 32}, "day", "from 1 to 31"),
        ({"frequency": "monthly", "duration_minutes": 0}, "duration_minutes", "from 1 to 1440"),
        ({"frequency": "monthly", "duration_minutes": True}, "duration_minutes", "whole number"),
        ({"frequency": "monthly", "location": 4}, "location", "must be text"),
        ({"frequency": "monthly", "starts": date(2026, 1, 1), "ends": date(2025, 1, 1)},
         "ends", "is before starts"),
        ({"frequency": "monthly", "months": ["May", "may"]}, "months", "lists May twice"),
        ({"frequency": "monthly", "months": []}, "months", "months is empty"),
        ({"frequency": "monthly", "starts": "next week"}, "starts", "is not a date"),
    ],
)
def test_invalid_cadences(raw: dict[str, object], field: str, words: str) -> None:
    cadence, problems = parse_cadence(raw)
    assert cadence is None
    assert any(f == field and words in sentence for f, sentence in problems), problems


def test_a_bad_frequency_does_not_hide_other_problems() -> None:
    cadence, problems = parse_cadence({"frequency": "quartely", "weekday": "Tusday"})
    assert cadence is None
    assert [field for field, _ in problems] == ["frequency", "weekday"]


def test_a_cadence_that_is_not_a_table() -> None:
    assert parse_cadence("quarterly") == (None, [("", "cadence must be a table of settings")])


def test_monthly_may_skip_months() -> None:
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Sep", "Oct", "Nov", "Dec"]
    cadence, problems = parse_cadence({"frequency": "monthly", "months": months})
    assert problems == [] and cadence is not None and 8 not in (cadence.months or ())


def test_last_week_may_be_written_as_a_word() -> None:
    cadence, _ = parse_cadence({"frequency": "monthly", "weekday": "Fri", "week": "last"})
    assert cadence is not None and cadence.week == -1


def test_every_body_in_the_shared_example_parses() -> None:
    data = tomllib.loads(EXAMPLE.read_text()) if EXAMPLE.exists() else {"bodies": []}
    raws = [b["cadence"] for b in data["bodies"]] or NORTHMOOR_BODIES
    for raw in raws:
        assert parse_cadence(raw)[1] == []


# ---------------------------------------------------------------- storing and describing


@pytest.mark.parametrize("raw", NORTHMOOR_BODIES)
def test_cadence_survives_json_storage(raw: dict[str, object]) -> None:
    cadence, _ = parse_cadence(raw)
    assert cadence is not None
    stored = json.loads(json.dumps(cadence_to_dict(cadence)))
    assert parse_cadence(stored) == (cadence, [])


# The parts of a cadence, built once: a strategy built inside every draw costs Hypothesis
# far more than drawing from it.
_STEPS = {"monthly": 1, "bimonthly": 2, "quarterly": 3, "thrice-yearly": 4, "twice-yearly": 6, "annual": 12}
_FREQUENCY = st.sampled_from([*_STEPS, "every-n-weeks"])
_STARTS = st.none() | st.dates(date(2020, 1, 1), date(2030, 12, 31))
_ENDS = st.none() | st.dates(date(2031, 1, 1), date(2040, 12, 31))
_TIME = st.times().map(lambda t: t.replace(microsecond=0))
_DURATION = st.integers(1, 1440)
_LOCATION = st.none() | st.text(min_size=1).map(str.strip).filter(bool)
_LINK = st.none() | st.just("https://teams.example/meet/1")
_EVERY_WEEKS, _ANY_WEEKDAY, _WEEKDAY = st.integers(1, 52), st.none() | st.integers(0, 6), st.integers(0, 6)
_MONTHS = {step: st.none() | st.sets(st.integers(1, 12), min_size=12 // step, max_size=12 // step).map(
    lambda s: tuple(sorted(s))) for step in set(_STEPS.values())}
_DAY_RULE = st.sampled_from(["weekday", "weekday+week", "day", "none"])
_WEEK, _DAY = st.sampled_from([1, 2, 3, 4, -1]), st.integers(1, 31)


@st.composite
def cadences(draw: st.DrawFn) -> Cadence:
    """Any valid cadence."""
    frequency = draw(_FREQUENCY)
    starts = draw(_STARTS)
    ends = draw(_ENDS)
    common = dict(
        time=draw(_TIME),
        duration_minutes=draw(_DURATION),
        location=draw(_LOCATION),
        online_link=draw(_LINK),
        avoid_bank_holidays=draw(st.booleans()),
        ends=ends,
    )
    if frequency == "every-n-weeks":
        return Cadence(frequency, every_weeks=draw(_EVERY_WEEKS), weekday=draw(_ANY_WEEKDAY),
                       starts=starts or date(2026, 1, 7), **common)
    months = draw(_MONTHS[_STEPS[frequency]])
    day_rule = draw(_DAY_RULE)
    return Cadence(
        frequency, months=months, starts=starts,
        weekday=draw(_WEEKDAY) if day_rule.startswith("weekday") else None,
        week=draw(_WEEK) if day_rule == "weekday+week" else None,
        day=draw(_DAY) if day_rule == "day" else None,
        **common,
    )


@settings(max_examples=200, deadline=None)
@given(cadences())
def test_any_cadence_survives_json_storage(cadence: Cadence) -> None:
    stored = json.loads(json.dumps(cadence_to_dict(cadence)))
    assert parse_cadence(stored) == (cadence, [])


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (NORTHMOOR_BODIES[3], "twice a year: March, September, last Friday 09:30"),
        (NORTHMOOR_BODIES[2], "every 6 weeks from 7 January 2026, Wednesday 13:30"),
        ({"frequency": "quarterly", "months": [1, 4, 7, 10], "weekday": "Tue", "week": 2},
         "quarterly: January, April, July, October, 2nd Tuesday 10:00"),
        (NORTHMOOR_BODIES[1], "quarterly: January, April, July, October, 2nd Tuesday 10:00, "
                              "moved off bank holidays and weekends"),
        ({"frequency": "monthly", "day": 15, "time": "9:00"}, "monthly, the 15th 09:00"),
        ({"frequency": "thrice-yearly", "starts": date(2026, 2, 1)},
         "three times a year: February, June, October, first weekday 10:00, from 1 February 2026"),
    ],
)
def test_describe_cadence(raw: dict[str, object], text: str) -> None:
    cadence, _ = parse_cadence(raw)
    assert cadence is not None
    assert describe_cadence(cadence) == text


# ---------------------------------------------------------------- dates

from calendar import monthrange  # noqa: E402
from dataclasses import replace  # noqa: E402
from datetime import timedelta, timezone  # noqa: E402

import holidays  # noqa: E402

from models.rules.cadence import (  # noqa: E402
    ScheduledDate,
    is_working_day,
    meeting_dates,
    meeting_start_end,
    next_working_day,
)

ENGLAND = holidays.country_holidays("GB", subdiv="ENG", years=range(2019, 2046))


def _cadence(raw: dict[str, object]) -> Cadence:
    cadence, problems = parse_cadence(raw)
    assert problems == [], problems
    assert cadence is not None
    return cadence


def _days(cadence: Cadence, start: date, end: date) -> list[date]:
    return [s.date for s in meeting_dates(cadence, start, end)]


def test_quarterly_in_july_september_december_and_march() -> None:
    cadence = _cadence({"frequency": "quarterly", "months": ["Jul", "Sep", "Dec", "Mar"],
                        "weekday": "Thursday", "week": 2})
    assert _days(cadence, date(2025, 7, 1), date(2026, 6, 30)) == [
        date(2025, 7, 10), date(2025, 9, 11), date(2025, 12, 11), date(2026, 3, 12)]


def test_three_times_a_year_on_the_last_wednesday() -> None:
    cadence = _cadence({"frequency": "thrice-yearly", "months": ["Feb", "Jun", "Oct"],
                        "weekday": "Wed", "week": -1})
    assert _days(cadence, date(2026, 1, 1), date(2026, 12, 31)) == [
        date(2026, 2, 25), date(2026, 6, 24), date(2026, 10, 28)]


def test_twice_a_year_first_thursday_of_may_and_november() -> None:
    cadence = _cadence(NORTHMOOR_BODIES[0])
    assert meeting_dates(cadence, date(2026, 1, 1), date(2027, 12, 31)) == [
        ScheduledDate(date(2026, 5, 7)), ScheduledDate(date(2026, 11, 5)),
        ScheduledDate(date(2027, 5, 6)), ScheduledDate(date(2027, 11, 4))]


def test_first_monday_of_may_moves_off_the_bank_holiday() -> None:
    cadence = _cadence({"frequency": "annual", "months": ["May"], "weekday": "Monday",
                        "week": 1, "avoid_bank_holidays": True})
    assert meeting_dates(cadence, date(2026, 1, 1), date(2026, 12, 31)) == [
        ScheduledDate(date(2026, 5, 5), moved_from=date(2026, 5, 4))]


def test_without_avoidance_the_bank_holiday_stands() -> None:
    cadence = _cadence({"frequency": "annual", "months": ["May"], "weekday": "Monday", "week": 1})
    assert _days(cadence, date(2026, 1, 1), date(2026, 12, 31)) == [date(2026, 5, 4)]


def test_christmas_moves_past_the_weekend_and_boxing_day_substitute() -> None:
    cadence = _cadence({"frequency": "monthly", "day": 25, "avoid_bank_holidays": True})
    assert meeting_dates(cadence, date(2026, 12, 1), date(2027, 1, 31)) == [
        ScheduledDate(date(2026, 12, 29), moved_from=date(2026, 12, 25)),
        ScheduledDate(date(2027, 1, 25))]
    # A window holding only the rule's date but not the moved one shows nothing.
    assert meeting_dates(cadence, date(2026, 12, 20), date(2026, 12, 28)) == []
    # A window holding only the moved date shows the meeting.
    assert _days(cadence, date(2026, 12, 29), date(2026, 12, 29)) == [date(2026, 12, 29)]


def test_a_day_past_the_end_of_the_month_means_its_last_day() -> None:
    cadence = _cadence({"frequency": "monthly", "day": 31})
    assert _days(cadence, date(2028, 1, 1), date(2028, 4, 30)) == [
        date(2028, 1, 31), date(2028, 2, 29), date(2028, 3, 31), date(2028, 4, 30)]


def test_months_spread_from_the_starts_month_and_default_to_the_first_weekday() -> None:
    cadence = _cadence({"frequency": "quarterly", "starts": date(2026, 2, 10)})
    # February's first weekday (2nd) is before starts, so the first meeting is in May.
    assert _days(cadence, date(2026, 1, 1), date(2027, 3, 1)) == [
        date(2026, 5, 1), date(2026, 8, 3), date(2026, 11, 2), date(2027, 2, 1)]


def test_months_spread_from_january_without_starts() -> None:
    cadence = _cadence({"frequency": "twice-yearly", "weekday": "Tue"})
    assert _days(cadence, date(2026, 1, 1), date(2026, 12, 31)) == [
        date(2026, 1, 6), date(2026, 7, 7)]


def test_every_six_weeks_from_starts() -> None:
    cadence = _cadence(NORTHMOOR_BODIES[2])
    assert _days(cadence, date(2025, 1, 1), date(2026, 5, 31)) == [
        date(2026, 1, 7), date(2026, 2, 18), date(2026, 4, 1), date(2026, 5, 13)]
    # Any later window keeps the six-week rhythm from 7 January 2026.
    assert _days(cadence, date(2027, 1, 1), date(2027, 2, 28)) == [date(2027, 1, 20)]


def test_ends_stops_the_cadence() -> None:
    cadence = _cadence({"frequency": "monthly", "weekday": "Fri", "week": 1,
                        "starts": date(2026, 3, 1), "ends": date(2026, 6, 4)})
    assert _days(cadence, date(2026, 1, 1), date(2026, 12, 31)) == [
        date(2026, 3, 6), date(2026, 4, 3), date(2026, 5, 1)]


def test_ten_oclock_stays_ten_oclock_across_the_clock_change() -> None:
    cadence = _cadence({"frequency": "monthly", "time": "10:00", "duration_minutes": 120})
    before, before_end = meeting_start_end(cadence, date(2026, 3, 24))
    after, after_end = meeting_start_end(cadence, date(2026, 3, 31))
    assert (before.hour, before.minute, after.hour, after.minute) == (10, 0, 10, 0)
    assert before.astimezone(timezone.utc).hour == 10
    assert after.astimezone(timezone.utc).hour == 9
    assert str(before.tzinfo) == "Europe/London" and after_end.hour == 12
    assert before_end - before == timedelta(hours=2)


def test_working_days() -> None:
    assert not is_working_day(date(2026, 5, 4))  # early May bank holiday
    assert not is_working_day(date(2026, 5, 9))  # Saturday
    assert is_working_day(date(2026, 5, 5))
    assert next_working_day(date(2026, 4, 3)) == date(2026, 4, 7)  # Good Friday -> after Easter Monday
    assert next_working_day(date(2026, 5, 5)) == date(2026, 5, 6)


# ---------------------------------------------------------------- properties

MONTH_STEPS = {"monthly": 1, "bimonthly": 2, "quarterly": 3, "thrice-yearly": 4,
               "twice-yearly": 6, "annual": 12}


def _rule_months(cadence: Cadence) -> set[int]:
    if cadence.months is not None:
        return set(cadence.months)
    step = MONTH_STEPS[cadence.frequency]
    first = cadence.starts.month if cadence.starts else 1
    return {(first - 1 + k * step) % 12 + 1 for k in range(12 // step)}


def _matches_rule(cadence: Cadence, d: date) -> bool:
    """An independent statement of the day rule described in docs/rules.md."""
    if cadence.frequency == "every-n-weeks":
        anchor = cadence.starts
        assert anchor is not None
        weekday = anchor.weekday() if cadence.weekday is None else cadence.weekday
        weeks = (d - (anchor - timedelta(days=anchor.weekday()))).days // 7
        return d.weekday() == weekday and weeks % (cadence.every_weeks or 1) == 0
    if d.month not in _rule_months(cadence):
        return False
    if cadence.day is not None:
        return d.day == min(cadence.day, monthrange(d.year, d.month)[1])
    if cadence.weekday is None:
        return d.weekday() < 5 and all(
            date(d.year, d.month, n).weekday() >= 5 for n in range(1, d.day))
    week = cadence.week or 1
    if week == -1:
        return d.weekday() == cadence.weekday and (d + timedelta(days=7)).month != d.month
    return d.weekday() == cadence.weekday and (d.day - 1) // 7 + 1 == week


windows = st.tuples(st.dates(date(2021, 1, 1), date(2039, 12, 31)),
                    st.integers(0, 3 * 366)).map(lambda t: (t[0], t[0] + timedelta(days=t[1])))


@settings(max_examples=300, deadline=None)
@given(cadences(), st.integers(2031, 2039))
def test_count_per_whole_year_matches_the_frequency(cadence: Cadence, year: int) -> None:
    cadence = replace(cadence, avoid_bank_holidays=False, ends=None)
    count = len(meeting_dates(cadence, date(year, 1, 1), date(year, 12, 31)))
    if cadence.frequency == "every-n-weeks":
        assert abs(count - 52 / (cadence.every_weeks or 1)) <= 1
    elif cadence.frequency == "monthly" and cadence.months is not None:
        assert count == len(cadence.months)
    else:
        assert count == 12 // MONTH_STEPS[cadence.frequency]


@settings(max_examples=300, deadline=None)
@given(cadences(), windows)
def test_every_date_follows_the_rule_or_is_moved_to_the_next_working_day(
        cadence: Cadence, window: tuple[date, date]) -> None:
    start, end = window
    for scheduled in meeting_dates(cadence, start, end):
        assert start <= scheduled.date <= end
        assert cadence.starts is None or scheduled.date >= cadence.starts
        assert cadence.ends is None or scheduled.date <= cadence.ends
        if scheduled.moved_from is None:
            assert _matches_rule(cadence, scheduled.date)
        else:
            assert cadence.avoid_bank_holidays
            assert _matches_rule(cadence, scheduled.moved_from)
            assert scheduled.moved_from.weekday() >= 5 or scheduled.moved_from in ENGLAND
            between = [scheduled.moved_from + timedelta(days=n)
                       for n in range(1, (scheduled.date - scheduled.moved_from).days)]
            assert all(d.weekday() >= 5 or d in ENGLAND for d in between)
        if cadence.avoid_bank_holidays:
            assert scheduled.date.weekday() < 5 and scheduled.date not in ENGLAND


@settings(max_examples=200, deadline=None)
@given(cadences(), windows, windows)
def test_different_windows_give_the_same_dates_where_they_overlap(
        cadence: Cadence, one: tuple[date, date], two: tuple[date, date]) -> None:
    low, high = max(one[0], two[0]), min(one[1], two[1])
    first = [s for s in meeting_dates(cadence, *one) if low <= s.date <= high]
    second = [s for s in meeting_dates(cadence, *two) if low <= s.date <= high]
    assert first == second


@settings(max_examples=100, deadline=None)
@given(cadences(), windows)
def test_dates_are_in_order_and_distinct(cadence: Cadence, window: tuple[date, date]) -> None:
    days = _days(cadence, *window)
    assert days == sorted(set(days))


@settings(max_examples=150, deadline=None)
@given(cadences(), windows)
def test_a_one_day_window_finds_each_meeting_on_its_own(
        cadence: Cadence, window: tuple[date, date]) -> None:
    for scheduled in meeting_dates(cadence, *window):
        assert meeting_dates(cadence, scheduled.date, scheduled.date) == [scheduled]
