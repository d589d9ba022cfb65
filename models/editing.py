"""Changing records one transaction at a time, safely beside other officers.

Every editable row carries a ``version``. A change names the version it was
based on; if somebody else saved in between, :class:`StaleEdit` is raised,
naming who changed what, carrying the user's own values so they can be
applied again, and nothing is written. The check is made by the database
(``UPDATE … WHERE version = :read``), so two officers saving at the same
moment cannot both win. Changes to a meeting's time, place or status raise
its invite SEQUENCE so calendars update the existing entry rather than adding
a second one.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, SQLModel, select, update

from models.audit import plain, record_change
from models.formats import plain_date
from models.name_index import forget
from models.plain_read import no_meeting
from models.tables import Attendance, AuditEntry, Body, Meeting, Person, utcnow

INVITE_FIELDS = ("date", "start_time", "duration_minutes", "location", "online_link", "status", "title")
BOOKKEEPING = ("version", "created_at", "updated_at", "sequence")


class StaleEdit(Exception):
    """The record changed since it was read; one plain sentence.

    ``attempted`` holds the values the user tried to save (their text is not
    lost), ``current`` the values now in the database for those fields,
    ``changed`` the fields somebody else changed (when known) and ``by`` who.
    """

    def __init__(self, message: str, current: dict[str, Any] | None = None, *,
                 attempted: dict[str, Any] | None = None, changed: tuple[str, ...] = (), by: tuple[str, ...] = ()):
        super().__init__(message)
        self.current = current or {}
        self.attempted = dict(attempted or {})
        self.changed = tuple(changed)
        self.by = tuple(by)


class EditError(Exception):
    """A change was refused (bad value, missing record); one plain sentence."""


def _describe(session: Session, record: SQLModel) -> str:
    if isinstance(record, Meeting):
        body = session.get(Body, record.body_id)
        name = f"{body.name} on {plain_date(record.date)}" if body is not None else None
        return f'meeting "{name}"' if name else f"meeting {record.id}"
    if isinstance(record, Attendance):
        person, meeting = session.get(Person, record.person_id), session.get(Meeting, record.meeting_id)
        if person is not None and meeting is not None:
            return f"attendance of {person.name} at the meeting on {plain_date(meeting.date)}"
    name = getattr(record, "name", None) or getattr(record, "reference", None) or getattr(record, "title", None)
    kind = {"agendaitem": "agenda item", "actionupdate": "action update"}.get(
        type(record).__name__.lower(), type(record).__name__.lower())
    return f'{kind} "{name}"' if name else f"{kind} {getattr(record, 'id', '')}".strip()


def _label(field: str) -> str:
    return field.replace("_", " ")


def _columns(record: SQLModel) -> dict[str, Any]:
    return {c.name: getattr(record, c.name) for c in type(record).__table__.columns  # type: ignore[attr-defined]
            if c.name not in BOOKKEEPING}


def _changes_since(session: Session, record: SQLModel, version: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Fields changed and who changed them after ``version``, from the audit log."""
    entries = session.exec(select(AuditEntry).where(
        AuditEntry.table_name == type(record).__tablename__,  # type: ignore[attr-defined]
        AuditEntry.record_id == record.id,  # type: ignore[attr-defined]
    ).order_by(AuditEntry.at, AuditEntry.id)).all()
    fields: list[str] = []
    actors: list[str] = []
    for entry in entries:
        changes = entry.changes or {}
        step = changes.get("version")
        if not isinstance(step, list) or len(step) != 2 or not isinstance(step[1], int) or step[1] <= version:
            continue
        for key in changes:
            if key not in BOOKKEEPING and key not in fields:
                fields.append(key)
        if entry.actor not in actors:
            actors.append(entry.actor)
    return tuple(fields), tuple(actors)


def _stale(what: str, record: SQLModel | None, attempted: dict[str, Any], changed: tuple[str, ...],
           by: tuple[str, ...]) -> StaleEdit:
    who = f"Someone else ({', '.join(by)})" if by else "Someone else"
    if record is None:
        return StaleEdit(f"{who} deleted this {what} while you were editing; nothing was saved "
                         "and your text is kept so you can apply it again.", attempted=attempted, by=by)
    detail = f" (they changed {', '.join(_label(f) for f in changed)})" if changed else ""
    current = {k: getattr(record, k) for k in attempted if hasattr(record, k)}
    return StaleEdit(f"{who} saved a change to this {what} while you were editing{detail}; nothing was saved "
                     "and your text is kept so you can apply it again.",
                     current, attempted=attempted, changed=changed, by=by)


def apply_changes(session: Session, record: SQLModel, changes: dict[str, Any], *,
                  expected_version: int | None = None, operation: str = "update") -> bool:
    """Change ``record`` inside the caller's transaction; return True if anything changed.

    With ``expected_version`` (the version the user's form was based on), the
    UPDATE only succeeds if the row still has that version, checked in the
    database, so two sessions cannot both win. Otherwise :class:`StaleEdit`
    is raised and the caller's transaction is rolled back.
    """
    table = type(record)
    attempted = dict(changes)
    current_version = record.version  # type: ignore[attr-defined]
    if expected_version is not None and expected_version != current_version:
        # The caller read the record afresh and it is already ahead of the user's form.
        changed, by = _changes_since(session, record, expected_version)
        raise _stale(_describe(session, record), record, attempted, changed, by)
    read = _columns(record)
    before = {k: getattr(record, k) for k in changes}
    diff = {k: v for k, v in changes.items() if before[k] != v}
    if not diff:
        return False
    if isinstance(record, Meeting) and any(k in INVITE_FIELDS for k in diff):
        diff["sequence"] = record.sequence + 1
    if "name" in diff:
        forget(session)  # a name index held for a load (models.name_index) no longer matches
    diff["version"] = current_version + 1
    diff["updated_at"] = utcnow()
    record_id = record.id  # type: ignore[attr-defined]
    what = _describe(session, record)
    result = session.exec(  # type: ignore[call-overload]
        update(table).where(table.id == record_id, table.version == current_version).values(**diff)  # type: ignore[attr-defined]
    )
    if result.rowcount != 1:
        session.rollback()
        fresh = session.get(table, record_id)
        if fresh is None:
            raise _stale(what, None, attempted, (), ())
        changed = tuple(k for k, v in _columns(fresh).items() if v != read.get(k))
        _, by = _changes_since(session, fresh, current_version)
        raise _stale(what, fresh, attempted, changed, by)
    session.refresh(record)
    audit = {k: [plain(before.get(k)), plain(v)] for k, v in diff.items() if k in changes}
    audit["version"] = [current_version, current_version + 1]
    record_change(session, operation, table.__tablename__, record_id, f"Changed {what}", audit)  # type: ignore[attr-defined]
    return True


def cancel_meeting(session: Session, meeting_id: int) -> bool:
    """Record a meeting as cancelled (raising its SEQUENCE); False if it already was."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise no_meeting(meeting_id)
    if meeting.status == "held":
        raise EditError("This meeting has been held, so it cannot be cancelled.")
    return apply_changes(session, meeting, {"status": "cancelled"}, operation="cancel")
