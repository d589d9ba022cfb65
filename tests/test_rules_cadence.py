"""Cadences: reading them from an arrangements file, describing them, and their dates."""

from __future__ import annotations

import json
import tomllib
from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.rules.cadence import (
    Cadence,
    cadence_to_dict,
    describe_cadence,
    parse_cadence,
)

EXAMPLE = Path("/work/shared/examples/northmoor.toml")

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


@st.composite
def cadences(draw: st.DrawFn) -> Cadence:
    """Any valid cadence."""
    frequency = draw(st.sampled_from(["monthly", "bimonthly", "quarterly", "thrice-yearly",
                                      "twice-yearly", "annual", "every-n-weeks"]))
    starts = draw(st.none() | st.dates(date(2020, 1, 1), date(2030, 12, 31)))
    ends = draw(st.none() | st.dates(date(2031, 1, 1), date(2040, 12, 31)))
    common = dict(
        time=draw(st.times().map(lambda t: t.replace(microsecond=0))),
        duration_minutes=draw(st.integers(1, 1440)),
        location=draw(st.none() | st.text(min_size=1).map(str.strip).filter(bool)),
        online_link=draw(st.none() | st.just("https://teams.example/meet/1")),
        avoid_bank_holidays=draw(st.booleans()),
        ends=ends,
    )
    if frequency == "every-n-weeks":
        return Cadence(frequency, every_weeks=draw(st.integers(1, 52)),
                       weekday=draw(st.none() | st.integers(0, 6)),
                       starts=starts or date(2026, 1, 7), **common)
    step = {"monthly": 1, "bimonthly": 2, "quarterly": 3, "thrice-yearly": 4,
            "twice-yearly": 6, "annual": 12}[frequency]
    months = draw(st.none() | st.sets(st.integers(1, 12), min_size=12 // step,
                                      max_size=12 // step).map(lambda s: tuple(sorted(s))))
    day_rule = draw(st.sampled_from(["weekday", "weekday+week", "day", "none"]))
    return Cadence(
        frequency, months=months, starts=starts,
        weekday=draw(st.integers(0, 6)) if day_rule.startswith("weekday") else None,
        week=draw(st.sampled_from([1, 2, 3, 4, -1])) if day_rule == "weekday+week" else None,
        day=draw(st.integers(1, 31)) if day_rule == "day" else None,
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
