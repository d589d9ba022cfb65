"""The words an arrangements file may use, and how to read them.

Every ``parse_*`` function accepts what a business manager would naturally
type (any case, common abbreviations) and raises :class:`VocabError` with one
plain sentence when it cannot make sense of a value. Locations such as
``bodies[2].cadence.months`` are added by the caller, never here.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time

from models.statuses import ATTENDANCE_STATUSES, CAPACITIES

__all__ = [
    "ATTENDANCE_STATUSES",
    "BODY_KINDS",
    "CAPACITIES",
    "FREQUENCIES",
    "MONTH_NAMES",
    "ORG_KINDS",
    "PARTNERSHIP_WIDE_ROLES",
    "PER_ORGANISATION_ROLES",
    "ROLES",
    "SINGLE_HOLDER_ROLES",
    "VocabError",
    "WEEKDAY_NAMES",
    "did_you_mean",
    "parse_choice",
    "parse_date",
    "parse_frequency",
    "parse_month",
    "parse_time",
    "parse_weekday",
    "show",
    "DATE_MAX",
    "DATE_MIN",
    "votes_by_default",
]

DATE_MIN = date(1990, 1, 1)  # the earliest date any record may carry
DATE_MAX = date(2100, 12, 31)  # the latest


def votes_by_default(capacity: str | None) -> bool:
    """A chair or member votes unless told otherwise; advisers, observers and officers do not."""
    return capacity in ("chair", "member")


class VocabError(ValueError):
    """A value that is not part of the vocabulary; ``str(e)`` is one sentence."""


ROLES = (
    "lead_safeguarding_partner",
    "delegated_safeguarding_partner",
    "independent_scrutineer",
    "independent_chair",
    "lead_member",
    "education_lead",
    "business_manager",
    "other",
)
# Only one person may hold these for one organisation at a time.
PER_ORGANISATION_ROLES = frozenset(
    {"lead_safeguarding_partner", "delegated_safeguarding_partner"}
)
# Only one person may hold these for the whole partnership at a time.
PARTNERSHIP_WIDE_ROLES = frozenset(
    {"independent_scrutineer", "independent_chair", "business_manager"}
)
SINGLE_HOLDER_ROLES = PER_ORGANISATION_ROLES | PARTNERSHIP_WIDE_ROLES

ORG_KINDS = (
    "local_authority",
    "health",
    "police",
    "education",
    "relevant_agency",
    "independent",
)
BODY_KINDS = (
    "strategic",
    "executive",
    "partners_board",
    "delivery_group",
    "subgroup",
    "panel",
    "forum",
    "task_and_finish",
    "summit",
)
# Canonical frequency names; "every-n-weeks" carries its N separately.
FREQUENCIES = (
    "monthly",
    "bimonthly",
    "quarterly",
    "thrice-yearly",
    "twice-yearly",
    "annual",
    "every-n-weeks",
)

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAY_NAMES = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)

_MONTHS: dict[str, int] = {}
for _n, _name in enumerate(MONTH_NAMES, start=1):
    _MONTHS[_name.lower()] = _n
    _MONTHS[_name[:3].lower()] = _n
_MONTHS["sept"] = 9

_WEEKDAYS: dict[str, int] = {}
for _n, _name in enumerate(WEEKDAY_NAMES):
    _WEEKDAYS[_name.lower()] = _n
    _WEEKDAYS[_name[:3].lower()] = _n
_WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})

_FREQUENCY_ALIASES = {
    "monthly": "monthly",
    "bimonthly": "bimonthly",
    "bi-monthly": "bimonthly",
    "every-two-months": "bimonthly",
    "quarterly": "quarterly",
    "thrice-yearly": "thrice-yearly",
    "three-times-a-year": "thrice-yearly",
    "termly": "thrice-yearly",
    "twice-yearly": "twice-yearly",
    "twice-a-year": "twice-yearly",
    "half-yearly": "twice-yearly",
    "six-monthly": "twice-yearly",
    "annual": "annual",
    "annually": "annual",
    "yearly": "annual",
}
_WEEKLY_ALIASES = {"weekly": 1, "fortnightly": 2}
_EVERY_N_WEEKS = re.compile(r"^every-(\d{1,2})-weeks?$")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?::(\d{2}))?$")


def show(value: object) -> str:
    """How a user's value appears in a message: strings in double quotes,
    long values shortened so a message stays one readable line."""
    if isinstance(value, str):
        text = value.replace('"', "'")
        return '"' + (text[:SHOW_LIMIT] + "…" if len(text) > SHOW_LIMIT else text) + '"'
    if isinstance(value, (date, time)):
        return value.isoformat()
    text = repr(value)
    return text[:SHOW_LIMIT] + "…" if len(text) > SHOW_LIMIT else text


SHOW_LIMIT = 80


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to a misspelt ``word``, or None if none is close."""
    pool = list(candidates)
    lowered = {c.lower(): c for c in pool}
    hits = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[hits[0]] if hits else None


def _hint(word: object, candidates: Iterable[str]) -> str:
    if not isinstance(word, str):
        return ""
    guess = did_you_mean(word.strip(), candidates)
    return f' (did you mean "{guess}"?)' if guess else ""


def _whole_number(value: object) -> int | None:
    """An int from an int or a numeric string; None otherwise (bools excluded)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def parse_month(value: object) -> int:
    """Month number 1-12 from a name ("Sept", "march"), 1-12, or "3"."""
    number = _whole_number(value)
    if number is not None:
        if 1 <= number <= 12:
            return number
        raise VocabError(f"{show(value)} is not a month (use 1 to 12 or a name)")
    if isinstance(value, str) and value.strip().lower() in _MONTHS:
        return _MONTHS[value.strip().lower()]
    raise VocabError(f"{show(value)} is not a month" + _hint(value, MONTH_NAMES))


def parse_weekday(value: object) -> int:
    """Weekday number (0 = Monday) from a day name in any case ("Tues", "THURSDAY")."""
    if isinstance(value, str) and value.strip().lower() in _WEEKDAYS:
        return _WEEKDAYS[value.strip().lower()]
    raise VocabError(
        f"{show(value)} is not a day of the week" + _hint(value, WEEKDAY_NAMES)
    )


def parse_frequency(value: object) -> tuple[str, int | None]:
    """("quarterly", None), or ("every-n-weeks", N) for "every-6-weeks"/"fortnightly"."""
    if not isinstance(value, str):
        raise VocabError(f"{show(value)} is not a frequency such as \"quarterly\"")
    key = re.sub(r"[\s_]+", "-", value.strip().lower())
    if key in _FREQUENCY_ALIASES:
        return _FREQUENCY_ALIASES[key], None
    if key in _WEEKLY_ALIASES:
        return "every-n-weeks", _WEEKLY_ALIASES[key]
    match = _EVERY_N_WEEKS.match(key)
    if match:
        weeks = int(match.group(1))
        if 1 <= weeks <= 52:
            return "every-n-weeks", weeks
        raise VocabError(f"{show(value)} must be every 1 to 52 weeks")
    names = [f for f in FREQUENCIES if f != "every-n-weeks"] + ["every-6-weeks"]
    guess = did_you_mean(key, names + list(_FREQUENCY_ALIASES))
    if guess:
        hint = f' (did you mean "{_FREQUENCY_ALIASES.get(guess, guess)}"?)'
    else:
        hint = " (choose from " + ", ".join(names[:-1]) + " or every-N-weeks)"
    raise VocabError(f"{show(value)} is not a frequency" + hint)


def parse_time(value: object) -> time:
    """A wall-clock time from "10:00", "9:30", "14.00" or a TOML time value."""
    if isinstance(value, time):
        return value.replace(tzinfo=None)
    if isinstance(value, str):
        match = _TIME.match(value.strip())
        if match:
            hour, minute = int(match.group(1)), int(match.group(2))
            second = int(match.group(3) or 0)
            if hour < 24 and minute < 60 and second < 60:
                return time(hour, minute, second)
    raise VocabError(f"{show(value)} is not a time of day")


def parse_date(value: object) -> date:
    """A calendar date from a TOML date or an ISO string such as "2026-03-10", within DATE_MIN..DATE_MAX."""
    if isinstance(value, datetime):
        raise VocabError(f"{show(value)} is a date and time; give only the date")
    parsed = None
    if isinstance(value, date):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = date.fromisoformat(value.strip())
        except ValueError:
            pass
    if parsed is None:
        raise VocabError(f"{show(value)} is not a date (write it as YYYY-MM-DD)")
    if not DATE_MIN <= parsed <= DATE_MAX:
        raise VocabError(f"{parsed.isoformat()} is outside the dates Convenor keeps "
                         f"({DATE_MIN.year} to {DATE_MAX.year})")
    return parsed


def parse_choice(value: object, choices: Sequence[str], what: str) -> str:
    """One of ``choices``, matched ignoring case; spaces and hyphens count as "_".

    ``what`` names the list in the message, e.g. "kind of organisation".
    """
    if isinstance(value, str):
        key = re.sub(r"[\s\-]+", "_", value.strip().lower())
        if key in choices:
            return key
        guess = did_you_mean(key, choices)
        if guess:
            raise VocabError(f'{show(value)} is not a {what} (did you mean "{guess}"?)')
    raise VocabError(
        f"{show(value)} is not a {what} (choose from " + ", ".join(choices) + ")"
    )


def unknown_key_problem(key: object, known: tuple[str, ...]) -> tuple[str, str]:
    """The problem to report for a setting nobody knows, with a suggestion."""
    guess = did_you_mean(str(key), known)
    hint = f' (did you mean "{guess}"?)' if guess else ""
    return str(key), f"unknown setting {show(str(key))}{hint}"
