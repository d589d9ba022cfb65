"""Action references such as EXEC-2026-004: body prefix, year, number."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from models.tables import Action, Body

_LAST = "references.last"  # session.info key: prefix -> the number this session handed out last


def body_prefix(body: Body) -> str:
    """The body's short name, or the initials of its name ("Executive Group" -> "EG")."""
    if body.short_name:
        return re.sub(r"[^A-Z0-9]", "", body.short_name.upper()) or "ACT"
    initials = "".join(word[0] for word in re.findall(r"[A-Za-z0-9]+", body.name) if word[0].isalnum())
    return initials.upper() or "ACT"


def prefix_range(prefix: str) -> tuple[str, str]:
    """Bounds ``low <= reference < high`` of the references that start with ``prefix``.

    A range on the unique index of ``action.reference`` (a LIKE/startswith
    cannot use that index on SQLite, and on PostgreSQL only with C collation).
    """
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _bytewise(session: Session) -> Any:
    """``action.reference`` compared character by character (SQLite's default; on
    PostgreSQL a linguistic collation would order "-" and "." unlike the range)."""
    if session.get_bind().dialect.name == "sqlite":
        return Action.reference
    return Action.reference.collate("C")


def next_reference(session: Session, body: Body, year: int) -> str:
    """The next free reference for ``body`` in ``year``: one above the highest number used.

    Each call reads only the greatest reference in the prefix's index range.
    When that is the reference this session handed out last (a load numbering
    many actions), the next number follows from it; otherwise the prefix's
    references are read (an index range scan) and the highest number taken.
    """
    prefix = f"{body_prefix(body)}-{year}-"
    low, high = prefix_range(prefix)
    column = _bytewise(session)
    in_range = (column >= low, column < high)
    greatest = session.exec(select(func.max(column)).where(*in_range)).one()
    last: dict[str, int] = session.info.setdefault(_LAST, {})
    number = last.get(prefix)
    if number is None or greatest != f"{prefix}{number:03d}":
        used = session.exec(select(Action.reference).where(*in_range)).all()
        number = max((int(ref[len(prefix):]) for ref in used if ref[len(prefix):].isdigit()), default=0)
    last[prefix] = number + 1
    return f"{prefix}{number + 1:03d}"


class ReferenceBook:
    """Numbers for many new actions in one transaction, reading each prefix's references once.

    ``next(body, year)`` gives what :func:`next_reference` would, one above
    the highest number used, without a query per action: the first call for a
    prefix reads its references (an index range scan), later calls count on
    from there. ``reserve`` names references that will be written as given
    (by the file being loaded), so a number handed out never collides with one.
    """

    def __init__(self, session: Session):
        self.session = session
        self.highest: dict[str, int] = {}
        self.reserved: set[str] = set()

    def reserve(self, references: set[str]) -> None:
        self.reserved |= references

    def _start(self, prefix: str) -> int:
        low, high = prefix_range(prefix)
        column = _bytewise(self.session)
        used = self.session.exec(select(Action.reference).where(column >= low, column < high)).all()
        return max((int(ref[len(prefix):]) for ref in used if ref[len(prefix):].isdigit()), default=0)

    def used(self, reference: str) -> None:
        """A reference written as given: numbering for its prefix continues above it."""
        head, _, number = reference.rpartition("-")
        if head and number.isdigit():
            prefix = head + "-"
            if prefix not in self.highest:
                self.highest[prefix] = self._start(prefix)
            self.highest[prefix] = max(self.highest[prefix], int(number))

    def next(self, body: Body, year: int) -> str:
        prefix = f"{body_prefix(body)}-{year}-"
        if prefix not in self.highest:
            self.highest[prefix] = self._start(prefix)
        number = self.highest[prefix] + 1
        while f"{prefix}{number:03d}" in self.reserved:
            number += 1
        self.highest[prefix] = number
        return f"{prefix}{number:03d}"
