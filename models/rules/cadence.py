"""Cadences: how often a body meets, and which dates that gives.

A :class:`Cadence` is read from the ``cadence`` table of an arrangements file
by ``models.rules.cadence_table.parse_cadence``, stored as JSON via its ``cadence_to_dict``, and
turned into meeting dates by :func:`meeting_dates`. See docs/rules.md for the
rules in plain words.

Choices made here (documented in docs/rules.md):

* Without ``months``, meetings are spread evenly through the year starting
  from the month of ``starts`` (or January), never from the window asked for.
* Without ``weekday``/``week``/``day``, a meeting falls on the first weekday
  (Monday to Friday) of its month; ``weekday`` without ``week`` means the
  first such weekday. ``every-N-weeks`` without ``weekday`` uses the weekday
  of ``starts``.
* ``day`` beyond the end of a month (31 in April) means the last day of it.
* ``monthly`` may list any months (e.g. all but August); the other
  frequencies need exactly their number of months.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from dateutil import rrule

from models.formats import plain_date
from models.rules.vocab import MONTH_NAMES, WEEKDAY_NAMES
from models.rules.working_days import is_working_day, next_working_day

LONDON = ZoneInfo("Europe/London")
DEFAULT_TIME = time(10, 0)
DEFAULT_DURATION = 120

# Months between meetings, for the frequencies that follow the calendar.
MONTH_STEP = {
    "monthly": 1,
    "bimonthly": 2,
    "quarterly": 3,
    "thrice-yearly": 4,
    "twice-yearly": 6,
    "annual": 12,
}
FREQUENCY_WORDS = {
    "monthly": "monthly",
    "bimonthly": "every two months",
    "quarterly": "quarterly",
    "thrice-yearly": "three times a year",
    "twice-yearly": "twice a year",
    "annual": "once a year",
}
CADENCE_KEYS = (
    "frequency",
    "months",
    "weekday",
    "week",
    "day",
    "time",
    "duration_minutes",
    "location",
    "online_link",
    "avoid_bank_holidays",
    "starts",
    "ends",
)
_RRULE_DAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)
# Look this far before a window for rule dates that a move pushes into it.
_MOVE_LOOKBACK = timedelta(days=14)

Problems = list[tuple[str, str]]


@dataclass(frozen=True)
class Cadence:
    """How often a body meets; see the module docstring for defaults."""

    frequency: str
    every_weeks: int | None = None
    months: tuple[int, ...] | None = None
    weekday: int | None = None  # 0 = Monday
    week: int | None = None  # 1..4, or -1 for the last
    day: int | None = None  # day of month; past the month's end = its last day
    time: time = DEFAULT_TIME
    duration_minutes: int = DEFAULT_DURATION
    location: str | None = None
    online_link: str | None = None
    avoid_bank_holidays: bool = False
    starts: date | None = None
    ends: date | None = None


@dataclass(frozen=True)
class ScheduledDate:
    """A meeting date; ``moved_from`` is the rule's date when it was moved."""

    date: date
    moved_from: date | None = None


# ---------------------------------------------------------------- describing


def format_time(t: time) -> str:
    return t.strftime("%H:%M:%S" if t.second else "%H:%M")




def effective_months(c: Cadence) -> tuple[int, ...]:
    """The months a calendar cadence meets in (``months``, or spread evenly)."""
    if c.months is not None:
        return c.months
    step = MONTH_STEP[c.frequency]
    first = c.starts.month if c.starts is not None else 1
    return tuple(sorted((first - 1 + k * step) % 12 + 1 for k in range(12 // step)))


def _ordinal(n: int) -> str:
    if n == -1:
        return "last"
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _day_words(c: Cadence) -> str:
    if c.frequency == "every-n-weeks":
        anchor: date = c.starts  # type: ignore[assignment]
        return WEEKDAY_NAMES[anchor.weekday() if c.weekday is None else c.weekday]
    if c.day is not None:
        return f"the {_ordinal(c.day)}"
    if c.weekday is not None:
        return f"{_ordinal(c.week or 1)} {WEEKDAY_NAMES[c.weekday]}"
    return "first weekday"


def describe_cadence(c: Cadence) -> str:
    """One line for people, e.g. "quarterly: January, April, July, October, 2nd Tuesday 10:00"."""
    when = f"{_day_words(c)} {format_time(c.time)}"
    if c.frequency == "every-n-weeks":
        every = "every week" if c.every_weeks == 1 else f"every {c.every_weeks} weeks"
        text = f"{every} from {plain_date(c.starts)}, {when}"  # type: ignore[arg-type]
    else:
        months = effective_months(c)
        text = FREQUENCY_WORDS[c.frequency]
        if len(months) < 12:
            text += ": " + ", ".join(MONTH_NAMES[m - 1] for m in months)
        text += f", {when}"
        if c.starts is not None:
            text += f", from {plain_date(c.starts)}"
    if c.ends is not None:
        text += f", until {plain_date(c.ends)}"
    if c.avoid_bank_holidays:
        text += ", moved off bank holidays and weekends"
    return text


# ---------------------------------------------------------------- working days


# One definition for the whole project: see models.rules.working_days.


# ---------------------------------------------------------------- dates


def _calendar_rule(c: Cadence, first: date, until: date) -> rrule.rrule:
    """The rrule of a month-based cadence between two dates."""
    options: dict[str, object] = {"bymonth": effective_months(c)}
    if c.day is not None:
        if c.day <= 28:
            options["bymonthday"] = c.day
        else:  # the day, or the month's last day when the month is shorter
            options.update(bymonthday=(c.day, -1), bysetpos=1)
    elif c.weekday is not None:
        options["byweekday"] = _RRULE_DAYS[c.weekday](c.week or 1)
    else:
        options.update(byweekday=_RRULE_DAYS[:5], bysetpos=1)
    return rrule.rrule(
        rrule.MONTHLY,
        dtstart=datetime(first.year, first.month, 1),
        until=datetime.combine(until, time()),
        **options,  # type: ignore[arg-type]
    )


def _weekly_rule(c: Cadence, until: date) -> rrule.rrule:
    """The rrule of an every-N-weeks cadence, counted from ``starts``."""
    anchor: date = c.starts  # type: ignore[assignment]
    weekday = c.weekday if c.weekday is not None else anchor.weekday()
    return rrule.rrule(
        rrule.WEEKLY,
        interval=c.every_weeks or 1,
        dtstart=datetime.combine(anchor, time()),
        byweekday=_RRULE_DAYS[weekday],
        until=datetime.combine(until, time()),
    )


def rule_dates(c: Cadence, start: date, end: date) -> list[date]:
    """The dates the rule gives between two dates (inclusive), before any move."""
    if c.starts is not None:
        start = max(start, c.starts)
    if end < start:
        return []
    if c.frequency == "every-n-weeks":
        rule = _weekly_rule(c, end)
    else:
        rule = _calendar_rule(c, start, end)
    low = datetime.combine(start, time())
    return [x.date() for x in rule.between(low, datetime.combine(end, time()), inc=True)]


def meeting_dates(c: Cadence, start: date, end: date) -> list[ScheduledDate]:
    """The meeting dates a cadence gives from ``start`` to ``end`` inclusive.

    A date is in the window (and within the cadence's ``starts``/``ends``)
    by the day the meeting actually happens, after any bank holiday move, so
    any two windows give the same dates where they overlap.
    """
    out: list[ScheduledDate] = []
    for day in rule_dates(c, start - _MOVE_LOOKBACK, end):
        moved = c.avoid_bank_holidays and not is_working_day(day)
        actual = next_working_day(day) if moved else day
        if start <= actual <= end and (c.ends is None or actual <= c.ends):
            out.append(ScheduledDate(actual, day if moved else None))
    return out


def meeting_start_end(c: Cadence, day: date) -> tuple[datetime, datetime]:
    """Start and end of a meeting on ``day``, aware, in Europe/London wall-clock time."""
    start = datetime.combine(day, c.time, tzinfo=LONDON)
    finish = start.astimezone(timezone.utc) + timedelta(minutes=c.duration_minutes)
    return start, finish.astimezone(LONDON)
