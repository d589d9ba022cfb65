"""Reading with plain SQL text, through the ORM's connection or through the
standard library's ``sqlite3`` without the ORM.

A few reads are shared by the normal path (a SQLAlchemy session, on SQLite
or PostgreSQL) and a quick path that opens a SQLite file read-only
(``mode=ro``) with ``sqlite3`` and never imports SQLAlchemy, SQLModel or
pydantic: the dashboard's first view (:mod:`models.firstview`), the
calendar feed (:mod:`models.feed_read`) and the action log with its filters
(:mod:`models.action_read`, which ``convenor actions`` reads quickly).
:class:`NotFound` and :func:`no_such` word an unknown name the same way on
both paths. Each such read is one function over
an :data:`Execute` callable, written once, so both paths run the same SQL and
the same Python; only the connection differs.

:func:`quick_sqlite` opens the quick path. It refuses (returns None) unless
the URL names an existing SQLite file whose schema is at the head revision
of this version of Convenor; any ``sqlite3.Error`` while reading makes the
caller fall back to the normal path, which explains failures in a sentence.
Nothing here writes, and nothing is kept between runs.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from datetime import date, time
from functools import lru_cache
from typing import Any, TypeVar

from models.locations import DatabaseError, resolve_url, sqlite_file
from models.schema_files import head_from_files

Row = Sequence[Any]
# execute(sql, params) -> rows; sql uses :name parameters (both sqlite3 and SQLAlchemy's text() accept them).
Execute = Callable[[str, Mapping[str, Any]], list[Row]]


class NotFound(Exception):
    """A name or id given by the user matches nothing; one plain sentence."""


def no_meeting(meeting_id: object) -> NotFound:
    """The sentence for a meeting id that matches nothing."""
    return NotFound(f"There is no meeting with id {meeting_id} (convenor meetings lists them).")


CHUNK = 900  # ids per IN (...) list: well under every database's limit on bound parameters


def chunks(values: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    """``values`` in slices of at most ``size`` (none for no values)."""
    for start in range(0, len(values), size):
        yield values[start:start + size]


def in_list(sql: str, ids: Sequence[int]) -> tuple[str, dict[str, int]]:
    """``sql`` with ``{ids}`` replaced by one bound parameter per id (an empty list matches nothing)."""
    params = {f"i{n}": value for n, value in enumerate(ids)}
    return sql.format(ids=", ".join(f":{name}" for name in params) or "NULL"), params


def no_such(kind: str, name: str, known: Iterable[str]) -> str:
    """'There is no <kind> named "<name>".', with a guess from ``known`` when one is close."""
    from models.rules.vocab import did_you_mean

    guess = did_you_mean(name, list(known))
    hint = f' (did you mean "{guess}"?)' if guess else ""
    return f'There is no {kind} named "{name}"{hint}.'


T = TypeVar("T")
BUSY_TIMEOUT_S = 2.0  # a quick read waits briefly for a writer, then the normal path takes over


def plain_params(params: Mapping[str, Any], *, iso_dates: bool) -> dict[str, Any]:
    """``params`` with dates written as ISO text where the database stores them so (SQLite)."""
    return {k: (v.isoformat() if iso_dates and isinstance(v, date) else v) for k, v in params.items()}


def day(value: Any) -> date | None:
    """A stored date: a ``date`` (PostgreSQL) or ISO text (SQLite)."""
    if value is None or isinstance(value, date):
        return value
    return _iso_day(value)


@lru_cache(maxsize=4096)
def _iso_day(text: str) -> date:
    return date.fromisoformat(str(text)[:10])


def clock(value: Any) -> time | None:
    """A stored time of day: a ``time`` or text such as ``10:00:00.000000``."""
    if value is None or isinstance(value, time):
        return value
    return time.fromisoformat(str(value))


def json_value(value: Any) -> Any:
    """A stored JSON value: already decoded (PostgreSQL) or JSON text (SQLite)."""
    if value is None or not isinstance(value, (str, bytes)):
        return value
    return json.loads(value)


def sqlite_execute(connection: sqlite3.Connection) -> Execute:
    """An :data:`Execute` over a ``sqlite3`` connection."""
    def execute(sql: str, params: Mapping[str, Any]) -> list[Row]:
        return connection.execute(sql, plain_params(params, iso_dates=True)).fetchall()

    return execute


@contextmanager
def quick_sqlite(url: str | None) -> Iterator[Execute | None]:
    """A read-only :data:`Execute` on the SQLite database named by ``url`` (None:
    $CONVENOR_DB or the default), or None when the quick path does not apply:
    not a plain SQLite file, missing, not at this version's schema head, or
    unreadable. ``sqlite3.Error`` raised while reading propagates (the caller
    falls back to the normal path)."""
    try:
        path = sqlite_file(resolve_url(url))
    except DatabaseError:
        path = None
    head = head_from_files() if path is not None and path.is_file() else None
    if path is None or head is None:
        yield None
        return
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error:
        yield None
        return
    with closing(connection):
        connection.isolation_level = None  # transactions by hand: one BEGIN, so every query sees one moment
        try:
            connection.execute("BEGIN")
            stored = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        except sqlite3.Error:
            stored = []
        yield sqlite_execute(connection) if stored == [(head,)] else None


def read_quickly(url: str | None, read: Callable[[Execute], T]) -> T | None:
    """``read(execute)`` on the quick path, or None when it does not apply or fails
    (damaged, busy, unexpected values): the normal path then reads, and explains."""
    try:
        with quick_sqlite(url) as execute:
            return read(execute) if execute is not None else None
    except (sqlite3.Error, ValueError, KeyError, TypeError):
        return None
