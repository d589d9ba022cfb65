"""Named records held in memory while one transaction writes many of them.

The arrangements loader saves thousands of people through the same command
a form uses, and that command looks names up (is there already a person
named so, or one differing only by case?). With :func:`names_held` those
lookups read dicts built from one query per table instead of querying per
record. The index lives in the session (``session.info``) only inside the
``with`` block; new records join it as they are created, and a renamed
record drops it, so it never answers differently from the database.

Records created while it is held may also wait to be flushed together
(:func:`deferred_creations`): their audit entries are written once their
ids are known, by :func:`flush_created`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlmodel import Session, SQLModel, select

from models.audit import plain, record_change

_KEY = "name_index"
_DEFER = "name_index.deferred"
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


class Names:
    """One table's records by name, and its names by their lower-case form as the database lowers them."""

    def __init__(self, session: Session, model: type[SQLModel]):
        # SQLite's lower() changes only ASCII letters; PostgreSQL's every letter.
        self.ascii = session.get_bind().dialect.name == "sqlite"
        self.by_name: dict[str, Any] = {}
        self.by_lower: dict[str, list[str]] = {}
        self._by_id: dict[int, Any] | None = None
        for record in session.exec(select(model)):
            self.add(record)

    def lower(self, name: str) -> str:
        return name.translate(_ASCII_LOWER) if self.ascii else name.lower()

    def by_id(self) -> dict[int, Any]:
        """The records by id (built again only after a record is added)."""
        if self._by_id is None or None in self._by_id:
            self._by_id = {record.id: record for record in self.by_name.values()}
        return self._by_id

    def add(self, record: Any) -> None:
        self._by_id = None
        self.by_name[record.name] = record
        self.by_lower.setdefault(self.lower(record.name), []).append(record.name)


@contextmanager
def names_held(session: Session, *models: type[SQLModel]) -> Iterator[None]:
    """Inside the block, name lookups of ``models`` in ``session`` read memory."""
    session.info[_KEY] = dict.fromkeys(models)  # each read at its first look-up
    try:
        yield
    finally:
        session.info.pop(_KEY, None)
        session.info.pop(_DEFER, None)


def names(session: Session, model: type[SQLModel]) -> Names | None:
    """The index of ``model`` when one is held, else None (look in the database)."""
    held = session.info.get(_KEY)
    if not held or model not in held:
        return None
    if held[model] is None:
        held[model] = Names(session, model)
    return held[model]


def created(session: Session, record: Any) -> None:
    """A new record joins the index of its table, if one has been read."""
    held = session.info.get(_KEY)
    index = held.get(type(record)) if held else None
    if index is not None:
        index.add(record)


def forget(session: Session) -> None:
    """A record was renamed: stop answering from memory."""
    session.info.pop(_KEY, None)


@contextmanager
def deferred_creations(session: Session) -> Iterator[None]:
    """New records wait to be flushed together at the end of the block (with their audit entries)."""
    session.info[_DEFER] = []
    try:
        yield
        flush_created(session)
    finally:
        session.info.pop(_DEFER, None)


def defer(session: Session, record: Any, summary: str, values: dict[str, Any]) -> bool:
    """Queue a new record's audit entry until it has an id; False when creations are not deferred."""
    queue = session.info.get(_DEFER)
    if queue is None:
        return False
    queue.append((record, summary, {k: plain(v) for k, v in values.items()}))
    return True


def flush_created(session: Session) -> None:
    """Flush the records waiting and write their audit entries."""
    queue = session.info.get(_DEFER) or []
    if not queue:
        return
    session.flush()
    for record, summary, values in queue:
        record_change(session, "create", type(record).__tablename__, record.id, summary, values)
    queue.clear()
