"""The dashboard's first view: the partnership's name and the upcoming meetings.

The rule for what counts as upcoming lives here, once: meetings from today
to :data:`UPCOMING_WEEKS` weeks ahead (whatever their status), by date,
start time and body, each with the chair its body's chair rule gives on the
day. :func:`upcoming` applies it over an :data:`~models.plain_read.Execute`,
so the full dashboard (:func:`models.dashboard.upcoming_meetings`, through
the ORM's connection on SQLite or PostgreSQL) and the quick first view
(:func:`read_first_view`, ``sqlite3`` read-only, without importing the
database stack) run the same SQL and the same code.

The app paints the first view as soon as it is read, then reads the whole
dashboard in the normal way and shows that instead. Nothing is stored
between runs: the first view is read from the database each time, so it is
never stale.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from models.plain_read import Execute, clock, day, json_value, read_quickly
from models.rules.rotation import ChairRule, Holding, chair_on, parse_chair

UPCOMING_WEEKS = 8
DEFAULT_PARTNERSHIP_NAME = "Safeguarding partnership"  # when no partnership is recorded yet

UPCOMING_SQL = ('SELECT id, body_id, "date", start_time, status, location FROM meeting '
                'WHERE "date" >= :first AND "date" <= :last')
BODIES_SQL = "SELECT id, name, chair_rule FROM body"
HOLDINGS_SQL = ('SELECT COALESCE(p.name, \'\'), a.role, o.name, a.start, a."end" FROM appointment a '
                "LEFT JOIN person p ON p.id = a.person_id LEFT JOIN organisation o ON o.id = a.organisation_id "
                "ORDER BY a.start, a.id")
PARTNERSHIP_SQL = "SELECT name FROM partnership ORDER BY id LIMIT 1"


@dataclass(frozen=True)
class UpcomingMeeting:
    id: int
    body: str
    date: date
    start: time
    status: str
    chair: str | None
    location: str | None


@dataclass(frozen=True)
class FirstView:
    """What the dashboard shows first: the partnership's name and its upcoming meetings."""

    partnership: str
    today: date
    meetings: list[UpcomingMeeting]


def chair_rule(raw: object) -> ChairRule | None:
    """A body's stored chair rule, parsed (None: no rule, or one that does not parse)."""
    return parse_chair(raw)[0] if raw else None


def read_holdings(execute: Execute) -> list[Holding]:
    """Every appointment as a :class:`Holding`, by start then id."""
    return [Holding(person=person, role=role, organisation=organisation, start=day(start),  # type: ignore[arg-type]
                    end=day(end))
            for person, role, organisation, start, end in execute(HOLDINGS_SQL, {})]


def upcoming(execute: Execute, today: date, weeks: int = UPCOMING_WEEKS, *,
             hold: Sequence[Holding] | None = None,
             bodies: Mapping[int, tuple[str, object]] | None = None) -> list[UpcomingMeeting]:
    """Meetings from ``today`` to ``weeks`` weeks ahead, by date, time and body, with their chair.

    ``hold`` (the holdings) and ``bodies`` (each body's name and stored chair
    rule by id) may be given when already read.
    """
    hold = read_holdings(execute) if hold is None else hold
    if bodies is None:
        bodies = {row[0]: (row[1], row[2]) for row in execute(BODIES_SQL, {})}
    rules: dict[int, ChairRule | None] = {}
    rows = []
    for meeting_id, body_id, on, start, status, location in execute(
            UPCOMING_SQL, {"first": today, "last": today + timedelta(weeks=weeks)}):
        name, raw_rule = bodies[body_id]
        if body_id not in rules:
            rules[body_id] = chair_rule(json_value(raw_rule))
        on = day(on)
        term = chair_on(rules[body_id], hold, on) if rules[body_id] else None  # type: ignore[arg-type]
        rows.append(UpcomingMeeting(id=meeting_id, body=name, date=on, start=clock(start), status=status,  # type: ignore[arg-type]
                                    chair=term.person if term else None, location=location))
    rows.sort(key=lambda r: (r.date, r.start, r.body))
    return rows


def partnership_name(execute: Execute) -> str:
    """The partnership's name (a placeholder before one is recorded)."""
    rows = execute(PARTNERSHIP_SQL, {})
    return rows[0][0] if rows else DEFAULT_PARTNERSHIP_NAME


def first_view(execute: Execute, today: date) -> FirstView:
    return FirstView(partnership=partnership_name(execute), today=today, meetings=upcoming(execute, today))


def read_first_view(url: str | None, today: date) -> FirstView | None:
    """The first view read read-only with ``sqlite3``, without the ORM; None when the
    quick path does not apply (see :func:`models.plain_read.quick_sqlite`) or fails."""
    return read_quickly(url, lambda execute: first_view(execute, today))
