"""Changing records one transaction at a time, safely beside other officers.

Every editable row carries a ``version``. A change names the version it was
based on; if somebody else saved in between, :class:`StaleEdit` is raised,
naming what they changed, and nothing is written. Changes to a meeting's
time, place or status raise its invite SEQUENCE so calendars update the
existing entry rather than adding a second one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, SQLModel, update

from models.audit import record_change
from models.tables import Meeting, utcnow

INVITE_FIELDS = ("date", "start_time", "duration_minutes", "location", "online_link", "status", "title")


class StaleEdit(Exception):
    """The record changed since it was read; one plain sentence."""

    def __init__(self, message: str, current: dict[str, Any] | None = None):
        super().__init__(message)
        self.current = current or {}


class EditError(Exception):
    """A change was refused (bad value, missing record); one plain sentence."""


def _describe(record: SQLModel) -> str:
    name = getattr(record, "name", None) or getattr(record, "reference", None) or getattr(record, "title", None)
    kind = type(record).__name__.lower()
    return f'{kind} "{name}"' if name else f"{kind} {getattr(record, 'id', '')}".strip()


def apply_changes(session: Session, record: SQLModel, changes: dict[str, Any], *,
                  expected_version: int | None = None, operation: str = "update") -> bool:
    """Change ``record`` inside the caller's transaction; return True if anything changed.

    With ``expected_version``, the UPDATE only succeeds if the row still has
    that version (checked in the database, so two sessions cannot both win).
    """
    table = type(record)
    before = {k: getattr(record, k) for k in changes}
    diff = {k: v for k, v in changes.items() if before[k] != v}
    if not diff:
        return False
    if isinstance(record, Meeting) and any(k in INVITE_FIELDS for k in diff):
        diff["sequence"] = record.sequence + 1
    current_version = record.version
    if expected_version is not None and expected_version != current_version:
        raise StaleEdit(f"Someone else changed this {_describe(record)} while you were editing; "
                        "your text is kept so you can apply it again.")
    diff["version"] = current_version + 1
    diff["updated_at"] = utcnow()
    result = session.exec(  # type: ignore[call-overload]
        update(table).where(table.id == record.id, table.version == current_version).values(**diff)
    )
    if result.rowcount != 1:
        session.rollback()
        fresh = session.get(table, record.id)
        changed = [k for k in changes if fresh is not None and getattr(fresh, k) != before[k]]
        what = f" ({', '.join(changed)} changed)" if changed else ""
        raise StaleEdit(f"Someone else changed this {_describe(record)} while you were editing{what}; "
                        "your text is kept so you can apply it again.",
                        {k: getattr(fresh, k) for k in changes} if fresh is not None else {})
    session.refresh(record)
    record_change(session, operation, table.__tablename__, record.id, f"Changed {_describe(record)}",
                  {k: [_plain(before.get(k)), _plain(v)] for k, v in diff.items() if k in changes})
    return True


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def cancel_meeting(session: Session, meeting_id: int) -> bool:
    """Record a meeting as cancelled (raising its SEQUENCE); False if it already was."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        from models.queries import NotFound

        raise NotFound(f"There is no meeting with id {meeting_id} (convenor meetings lists them).")
    return apply_changes(session, meeting, {"status": "cancelled"}, operation="cancel")
