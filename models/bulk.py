"""Reading and writing many rows at once, for the arrangements loader.

A ten-year file holds tens of thousands of meetings, agenda items, actions
and updates. Building an ORM object, flushing it and querying for its
neighbours one record at a time takes minutes; these helpers read each
table once into plain rows (dicts keyed by column) and insert new rows in
one statement per table (``INSERT … RETURNING id`` in the order given), with
the same defaults and the same audit entries as :func:`models.record_base.create_record`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, time
from typing import Any

from sqlalchemy import insert, select
from sqlmodel import Session, SQLModel

from models.audit import current_actor
from models.plain_read import chunks
from models.tables import AuditEntry, utcnow

Row = dict[str, Any]


def rows_where_in(session: Session, model: type[SQLModel], column: str, values: Iterable[Any],
                  order_by: Sequence[str] = ("id",)) -> list[Row]:
    """Every row of ``model`` whose ``column`` is one of ``values`` (an index lookup per chunk), as dicts."""
    table = model.__table__  # type: ignore[attr-defined]
    wanted = sorted({v for v in values if v is not None})
    found: list[Row] = []
    for part in chunks(wanted):
        query = select(*columns(model)).where(table.c[column].in_(part)).order_by(*(table.c[c] for c in order_by))
        found.extend(plain_rows(session, query))
    return found


def columns(model: type[SQLModel]) -> list[Any]:
    """The columns the loader compares (all but the creation and update times, which it never reads)."""
    return [c for c in model.__table__.columns if c.name not in ("created_at", "updated_at")]  # type: ignore[attr-defined]


def plain_rows(session: Session, query: Any) -> list[Row]:
    """The rows of a query as dicts (column name -> value)."""
    result = session.execute(query)
    keys = list(result.keys())
    return [dict(zip(keys, row)) for row in result]


def _defaults(model: type[SQLModel]) -> tuple[dict[str, Any], dict[str, Callable[[], Any]]]:
    """The model's plain defaults and default factories, column by column (the id is left to the database)."""
    static: dict[str, Any] = {}
    factories: dict[str, Callable[[], Any]] = {}
    columns = {c.name for c in model.__table__.columns}  # type: ignore[attr-defined]
    for name, info in model.model_fields.items():
        if name == "id" or name not in columns:
            continue
        if info.default_factory is not None:
            factories[name] = info.default_factory  # type: ignore[assignment]
        elif not info.is_required():
            static[name] = info.default
    return static, factories


_DEFAULTS: dict[type, tuple[dict[str, Any], dict[str, Callable[[], Any]]]] = {}


def complete(model: type[SQLModel], values: Row) -> Row:
    """``values`` with every other column at the default a new ``model(**values)`` would give it."""
    if model not in _DEFAULTS:
        _DEFAULTS[model] = _defaults(model)
    static, factories = _DEFAULTS[model]
    row = {**static, **values}
    for name, factory in factories.items():
        if name not in values:
            row[name] = factory()
    return row


def insert_rows(session: Session, model: type[SQLModel], rows: list[Row], key: Sequence[str]) -> None:
    """Insert complete rows in one statement per batch and set each row's new ``id``.

    ``key`` names columns that are unique together, by which the ids that
    come back are matched to their rows (asking the database to return them
    in order would send one row per statement on SQLite).
    """
    if not rows:
        return
    table = model.__table__  # type: ignore[attr-defined]
    statement = insert(table).returning(table.c.id, *(table.c[name] for name in key))
    by_key = {tuple(row[name] for name in key): row for row in rows}
    for returned in session.execute(statement, rows):
        by_key[tuple(returned[1:])]["id"] = returned[0]


def insert_plain(session: Session, model: type[SQLModel], rows: list[Row]) -> None:
    """Insert complete rows whose ids nobody needs back."""
    if rows:
        session.execute(insert(model.__table__), rows)  # type: ignore[attr-defined]


def _plain(value: Any) -> Any:
    """:func:`models.audit.plain` for the values a file gives (dates, times, text, numbers, lists)."""
    return value.isoformat() if isinstance(value, (date, time)) else value


class Created:
    """New records of several tables, inserted together with their audit entries.

    ``add`` queues a record (the values as the file gave them, for the audit
    entry) and returns its row; ``write`` inserts each table's rows, fills in
    their ids and writes one "create" audit entry per record, as
    :func:`models.record_base.create_record` does.
    """

    KEYS = {"meeting": ("body_id", "date"), "attendance": ("meeting_id", "person_id"),
            "agendaitem": ("meeting_id", "position"), "action": ("reference",)}

    def __init__(self) -> None:
        self.pending: dict[type, list[tuple[Row, str, Row]]] = {}

    def add(self, model: type[SQLModel], values: Row, summary: str) -> Row:
        row = complete(model, values)
        self.pending.setdefault(model, []).append((row, summary, values))
        return row

    def write(self, session: Session) -> None:
        actor, now = current_actor(), utcnow()
        audit: list[Row] = []
        for model, queued in self.pending.items():
            name = model.__tablename__  # type: ignore[attr-defined]
            insert_rows(session, model, [row for row, _, _ in queued], self.KEYS[name])
            for row, summary, values in queued:
                audit.append({"at": now, "actor": actor, "operation": "create", "table_name": name,
                              "record_id": row["id"], "summary": summary,
                              "changes": {k: _plain(v) for k, v in values.items()}})
        insert_plain(session, AuditEntry, audit)
        self.pending.clear()
