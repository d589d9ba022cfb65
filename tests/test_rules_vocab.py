"""The arrangements-file vocabulary: months, weekdays, frequencies, times, choices."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from models.rules.vocab import (
    BODY_KINDS,
    ORG_KINDS,
    ROLES,
    SINGLE_HOLDER_ROLES,
    VocabError,
    parse_choice,
    parse_date,
    parse_frequency,
    parse_month,
    parse_time,
    parse_weekday,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("January", 1), ("jan", 1), ("Jan", 1), ("Sept", 9), ("sep", 9),
     ("SEPTEMBER", 9), (" march ", 3), (12, 12), (1, 1), ("3", 3)],
)
def test_parse_month_accepts_names_abbreviations_and_numbers(value: object, expected: int) -> None:
    assert parse_month(value) == expected


def test_parse_month_suggests_the_nearest_name() -> None:
    with pytest.raises(VocabError) as err:
        parse_month("Febuary")
    assert str(err.value) == '"Febuary" is not a month (did you mean "February"?)'


@pytest.mark.parametrize("value", [0, 13, "13", True, "Smarch", None, 3.0])
def test_parse_month_rejects_non_months(value: object) -> None:
    with pytest.raises(VocabError, match="is not a month"):
        parse_month(value)


def test_parse_month_without_a_close_name_gives_no_guess() -> None:
    with pytest.raises(VocabError) as err:
        parse_month("xyzzy")
    assert "did you mean" not in str(err.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Monday", 0), ("tue", 1), ("Tues", 1), ("WEDNESDAY", 2), ("Thurs", 3),
     ("thu", 3), ("Fri", 4), ("saturday", 5), ("Sun", 6)],
)
def test_parse_weekday_accepts_any_case_and_common_abbreviations(value: str, expected: int) -> None:
    assert parse_weekday(value) == expected


def test_parse_weekday_suggests_the_nearest_day() -> None:
    with pytest.raises(VocabError) as err:
        parse_weekday("Tusday")
    assert str(err.value) == '"Tusday" is not a day of the week (did you mean "Tuesday"?)'


def test_parse_weekday_rejects_numbers_as_ambiguous() -> None:
    with pytest.raises(VocabError, match="is not a day of the week"):
        parse_weekday(2)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("quarterly", ("quarterly", None)), ("Monthly", ("monthly", None)),
     ("bi-monthly", ("bimonthly", None)), ("thrice-yearly", ("thrice-yearly", None)),
     ("twice yearly", ("twice-yearly", None)), ("annual", ("annual", None)),
     ("every-6-weeks", ("every-n-weeks", 6)), ("Every 6 weeks", ("every-n-weeks", 6)),
     ("fortnightly", ("every-n-weeks", 2)), ("weekly", ("every-n-weeks", 1)),
     ("every-1-week", ("every-n-weeks", 1))],
)
def test_parse_frequency(value: str, expected: tuple[str, int | None]) -> None:
    assert parse_frequency(value) == expected


def test_parse_frequency_suggests_a_frequency() -> None:
    with pytest.raises(VocabError) as err:
        parse_frequency("quartely")
    assert str(err.value) == '"quartely" is not a frequency (did you mean "quarterly"?)'


@pytest.mark.parametrize("value", ["every-0-weeks", "every-60-weeks", "sometimes", 4])
def test_parse_frequency_rejects_nonsense(value: object) -> None:
    with pytest.raises(VocabError):
        parse_frequency(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("10:00", time(10)), ("9:30", time(9, 30)), ("14.15", time(14, 15)),
     (time(13, 30), time(13, 30)), ("23:59", time(23, 59))],
)
def test_parse_time(value: object, expected: time) -> None:
    assert parse_time(value) == expected


@pytest.mark.parametrize("value", ["25:00", "10:60", "ten", "", 10])
def test_parse_time_rejects_impossible_times(value: object) -> None:
    with pytest.raises(VocabError, match="is not a time of day"):
        parse_time(value)


def test_parse_time_message_is_one_sentence() -> None:
    with pytest.raises(VocabError) as err:
        parse_time("25:00")
    assert str(err.value) == '"25:00" is not a time of day'


def test_parse_date_accepts_toml_dates_and_iso_text() -> None:
    assert parse_date(date(2026, 3, 10)) == date(2026, 3, 10)
    assert parse_date("2026-03-10") == date(2026, 3, 10)
    with pytest.raises(VocabError, match="not a date"):
        parse_date("2026-13-01")
    with pytest.raises(VocabError, match="give only the date"):
        parse_date(datetime(2026, 3, 10, 9))


def test_parse_choice_normalises_case_spaces_and_hyphens() -> None:
    assert parse_choice("Local Authority", ORG_KINDS, "kind of organisation") == "local_authority"
    assert parse_choice("task-and-finish", BODY_KINDS, "kind of body") == "task_and_finish"
    assert parse_choice("POLICE", ORG_KINDS, "kind of organisation") == "police"


def test_parse_choice_suggests_or_lists_the_choices() -> None:
    with pytest.raises(VocabError) as err:
        parse_choice("polise", ORG_KINDS, "kind of organisation")
    assert str(err.value) == '"polise" is not a kind of organisation (did you mean "police"?)'
    with pytest.raises(VocabError) as err:
        parse_choice("zzz", ORG_KINDS, "kind of organisation")
    assert str(err.value) == (
        '"zzz" is not a kind of organisation (choose from local_authority, health, '
        "police, education, relevant_agency, independent)"
    )


def test_single_holder_roles_are_roles() -> None:
    assert SINGLE_HOLDER_ROLES <= set(ROLES)
    assert "lead_member" not in SINGLE_HOLDER_ROLES
    assert "independent_scrutineer" in SINGLE_HOLDER_ROLES
