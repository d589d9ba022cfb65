"""The calendar feed's reads, written once as SQL text over an
:data:`~models.plain_read.Execute`.

Which meetings a selection holds (:func:`select_meeting_ids`: all, one
body's, a date window), what a feed prints of them (:func:`feed_views`),
the number of each meeting's first agenda item (:class:`FirstNumbers`) and
the partnership (:func:`read_partnership`). The normal path runs these
through the ORM session's connection (``models.queries.sql_reader``: on
SQLite or PostgreSQL); ``convenor export ics --method publish`` runs them
through ``sqlite3`` read-only (:func:`read_feed`), without importing
SQLAlchemy, SQLModel or pydantic. Both run the same SQL and the same Python.

A feed's views hold only what a feed prints: the meeting's own columns, its
body's name, the partnership, and each agenda item's number, title,
presenter and whether it is exempt (the exporter shows an exempt item as
"Part II: exempt item" and nothing more). There are no invitees, chair,
item times, minutes or attendance, so they do not do for an invitation
(use ``models.meeting_views.meeting_views``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from itertools import accumulate
from typing import Any
from zoneinfo import ZoneInfo

from models.plain_read import Execute, NotFound, chunks, clock, day, in_list, no_meeting, no_such, read_quickly
from models.views import AgendaItemView, MeetingView, PartnershipInfo

LONDON = ZoneInfo("Europe/London")
DEFAULT_PARTNERSHIP = PartnershipInfo(name="Safeguarding partnership")  # before one is recorded

PARTNERSHIP_SQL = ("SELECT p.name, p.short_name, p.protective_marking, m.name, m.email, p.timezone "
                   "FROM partnership p LEFT JOIN person m ON m.id = p.business_manager_id ORDER BY p.id LIMIT 1")
BODY_ID_SQL = "SELECT id FROM body WHERE name = :name"
BODY_NAMES_SQL = "SELECT name FROM body"
BODIES_SQL = "SELECT id, name, short_name, minute_numbering FROM body"
MEETINGS_SQL = ('SELECT id, uid, sequence, body_id, "date", start_time, duration_minutes, status, title, '
                "location, online_link, updated_at FROM meeting WHERE id IN ({ids})")
# In agenda order (a meeting's positions are unique), so no sorting in Python.
ITEMS_SQL = ("SELECT meeting_id, title, presenter, exempt FROM agendaitem WHERE meeting_id IN ({ids}) "
             "ORDER BY meeting_id, position")
# Items per body and day of the meetings that count for numbering (not cancelled).
ITEM_COUNTS_SQL = ('SELECT m.body_id, m."date", COUNT(a.id) FROM meeting m JOIN agendaitem a ON a.meeting_id = m.id '
                   "WHERE m.body_id IN ({ids}) AND m.status != 'cancelled' "
                   'GROUP BY m.body_id, m."date" ORDER BY m.body_id, m."date"')


# ---------------------------------------------------------------- plain values


def moment(value: Any) -> datetime | None:
    """A stored moment (``updated_at``), in UTC as the ORM returns it: a ``datetime``
    (PostgreSQL) or ISO text without an offset, which is UTC (SQLite)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=timezone.utc) if value.utcoffset() is None else value.astimezone(timezone.utc)
    return _iso_moment(value)


@lru_cache(maxsize=1024)
def _iso_moment(text: str) -> datetime:
    return moment(datetime.fromisoformat(str(text)))  # type: ignore[return-value]


def meeting_start(meeting: Any) -> datetime:
    """When a meeting (anything with ``date`` and ``start_time``) starts, Europe/London."""
    return datetime.combine(meeting.date, meeting.start_time, tzinfo=LONDON)


def meeting_end(meeting: Any) -> datetime:
    """When a meeting ends: ``duration_minutes`` of elapsed time after it starts."""
    return _end(meeting_start(meeting), meeting.duration_minutes)


def _end(start: datetime, minutes: int) -> datetime:
    return (start.astimezone(timezone.utc) + timedelta(minutes=minutes)).astimezone(LONDON)


def year_start(on: date) -> date:
    """Minutes numbered per year run through the municipal year, April to March."""
    return date(on.year if on.month >= 4 else on.year - 1, 4, 1)


# ---------------------------------------------------------------- reads


def read_partnership(execute: Execute) -> PartnershipInfo:
    """The partnership, with its business manager's name and e-mail address (a placeholder before one is recorded)."""
    rows = execute(PARTNERSHIP_SQL, {})
    if not rows:
        return DEFAULT_PARTNERSHIP
    name, short_name, marking, manager, email, zone = rows[0]
    return PartnershipInfo(name=name, short_name=short_name, protective_marking=marking, business_manager=manager,
                           business_manager_email=email, timezone=zone)


def unknown_body(name: str, names: Iterable[str]) -> NotFound:
    """The sentence for a body name that matches nothing, with a guess when one is close."""
    return NotFound(no_such("body", name, names))


def body_id(execute: Execute, name: str) -> int:
    """The id of the body named ``name`` (NotFound, with a guess, when there is none)."""
    rows = execute(BODY_ID_SQL, {"name": name})
    if not rows:
        raise unknown_body(name, (row[0] for row in execute(BODY_NAMES_SQL, {})))
    return rows[0][0]


def select_meeting_ids(execute: Execute, body: str | None = None, start: date | None = None,
                       end: date | None = None) -> list[int]:
    """Ids of the meetings of ``body`` (by name; all bodies when None) from ``start`` to
    ``end`` (either open), sorted by date then body."""
    where, params = [], {}
    if body:
        where.append("body_id = :body")
        params["body"] = body_id(execute, body)
    if start:
        where.append('"date" >= :start')
        params["start"] = start
    if end:
        where.append('"date" <= :end')
        params["end"] = end
    sql = "SELECT id FROM meeting" + (" WHERE " + " AND ".join(where) if where else "")
    return [row[0] for row in execute(sql + ' ORDER BY "date", body_id, id', params)]


class FirstNumbers:
    """The number of each meeting's first agenda item: 1, or for a body that
    numbers minutes per year, one more than the items of its earlier
    meetings (not cancelled) since the municipal year began. One query for all."""

    def __init__(self, execute: Execute, per_year: Iterable[int]) -> None:
        """``per_year``: the ids of the bodies that number minutes per year (only those read)."""
        self._dates: dict[int, list[date]] = {}
        self._sums: dict[int, list[int]] = {}
        wanted = sorted(set(per_year))
        if not wanted:
            return
        counts: dict[int, list[tuple[date, int]]] = defaultdict(list)
        for chunk in chunks(wanted):
            for body, on, count in execute(*in_list(ITEM_COUNTS_SQL, chunk)):
                counts[body].append((day(on), count))  # type: ignore[arg-type]
        for body, rows in counts.items():
            self._dates[body] = [on for on, _ in rows]
            self._sums[body] = [0, *accumulate(count for _, count in rows)]

    def first(self, body: int, on: date) -> int:
        """The number of the first item of ``body``'s meeting on ``on``."""
        dates = self._dates.get(body)
        if dates is None:
            return 1
        sums = self._sums[body]
        return sums[bisect_left(dates, on)] - sums[bisect_left(dates, year_start(on))] + 1


def feed_views(execute: Execute, meeting_ids: Sequence[int]) -> list[MeetingView]:
    """Views of several meetings for a calendar feed, in the order given (NotFound for an unknown id).

    A few queries whatever the number of meetings, of plain rows.
    """
    found: dict[int, tuple] = {}
    items: dict[int, list[tuple]] = defaultdict(list)
    for chunk in chunks(list(dict.fromkeys(meeting_ids))):
        found.update((row[0], row) for row in execute(*in_list(MEETINGS_SQL, chunk)))
        for item in execute(*in_list(ITEMS_SQL, chunk)):
            items[item[0]].append(item)
    missing = next((i for i in meeting_ids if i not in found), None)
    if missing is not None:
        raise no_meeting(missing)
    bodies = {row[0]: row for row in execute(BODIES_SQL, {})}
    info = read_partnership(execute)
    meetings = [found[i] for i in meeting_ids]
    numbers = FirstNumbers(execute, (m[3] for m in meetings if bodies[m[3]][3] == "per_year"))
    views = []
    brief = AgendaItemView.brief
    for meeting_id, uid, sequence, body_of, on, at, minutes, status, title, location, link, updated in meetings:
        on = day(on)
        start = datetime.combine(on, clock(at), tzinfo=LONDON)  # type: ignore[arg-type]
        _, body, short, _ = bodies[body_of]
        views.append(MeetingView(
            id=meeting_id, uid=uid, sequence=sequence, body=body, body_short=short, start=start,
            end=_end(start, minutes), status=status, partnership=info, title=title, location=location,
            online_link=link,
            items=tuple([brief(number, item_title, presenter, bool(exempt))
                         for number, (_, item_title, presenter, exempt)
                         in enumerate(items.get(meeting_id, ()), numbers.first(body_of, on))]),  # type: ignore[arg-type]
            updated=moment(updated),
        ))
    return views


def read_feed(url: str | None, meeting: int | None = None, body: str | None = None, start: date | None = None,
              end: date | None = None) -> tuple[list[MeetingView], PartnershipInfo] | None:
    """The views of a feed (one meeting, or a selection as :func:`select_meeting_ids` makes it) and
    the partnership, read read-only with ``sqlite3`` without the ORM; None when the quick path does
    not apply or fails (see :func:`models.plain_read.read_quickly`). NotFound propagates."""
    def read(execute: Execute) -> tuple[list[MeetingView], PartnershipInfo]:
        ids = [meeting] if meeting is not None else select_meeting_ids(execute, body, start, end)
        return feed_views(execute, ids), read_partnership(execute)

    return read_quickly(url, read)
