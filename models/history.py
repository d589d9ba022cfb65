"""Any record's history from the audit log: who, when, which field, old → new.

:func:`record_history` gives plain rows for a screen's "History" key or a
report. Ids of people, organisations and bodies are shown by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from models.editing import BOOKKEEPING
from models.tables import Action, Attendance, AuditEntry, Body, Organisation, Person

_NAMED = {"owner_id": Person, "person_id": Person, "deputy_for_id": Person, "business_manager_id": Person,
          "organisation_id": Organisation, "body_id": Body, "reports_to_id": Body,
          "escalated_from_body_id": Body, "escalated_to_body_id": Body}


@dataclass(frozen=True)
class HistoryRow:
    at: datetime  # UTC
    actor: str
    operation: str  # create | update | delete | cancel | escalate | ...
    summary: str
    field: str | None  # None: the change as a whole (e.g. a schedule run)
    old: str | None
    new: str | None


# What links a row to its meeting or item (stored so its history can be found again once
# the row is gone); the history shows the change, not the link.
_LINKS = ("meeting_id", "item_id")


def _field_label(name: str) -> str:
    return name.removesuffix("_id").replace("_", " ")


def _shown(session: Session, field: str, value: Any) -> str | None:
    if value is None:
        return None
    model = _NAMED.get(field)
    if model is not None and isinstance(value, int):
        record = session.get(model, value)
        return getattr(record, "name", None) or str(value)
    if isinstance(value, (list, dict)):
        return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return str(value)


def record_history(session: Session, table_name: str, record_id: int) -> list[HistoryRow]:
    """Every audited change to one record, oldest first, one row per field changed."""
    entries = session.exec(select(AuditEntry).where(
        AuditEntry.table_name == table_name, AuditEntry.record_id == record_id,
    ).order_by(AuditEntry.at, AuditEntry.id)).all()
    return _rows(session, entries)


def _rows(session: Session, entries: Any) -> list[HistoryRow]:
    rows: list[HistoryRow] = []
    for entry in entries:
        changes = {k: v for k, v in (entry.changes or {}).items()
                   if k not in BOOKKEEPING and k != "id" and k not in _LINKS}
        # Updates store [old, new]; creates made by the forms store the new value alone.
        pairs = [(k, v if isinstance(v, list) and len(v) == 2 else [None, v]) for k, v in changes.items()]
        pairs = [(k, (old, new)) for k, (old, new) in pairs if old is not None or new is not None]  # nothing to show
        if not pairs:
            rows.append(HistoryRow(entry.at, entry.actor, entry.operation, entry.summary, None, None, None))
            continue
        for key, (old, new) in pairs:
            rows.append(HistoryRow(entry.at, entry.actor, entry.operation, entry.summary, _field_label(key),
                                   _shown(session, key, old), _shown(session, key, new)))
    return rows


def action_history(session: Session, reference: str) -> list[HistoryRow]:
    """The audit history of an action and its progress notes, oldest first."""
    from models.actions.common import find_action
    from models.tables import ActionUpdate

    action = find_action(session, reference)
    rows = record_history(session, "action", action.id)  # type: ignore[arg-type]
    for update_id in session.exec(select(ActionUpdate.id).where(ActionUpdate.action_id == action.id)):
        rows.extend(record_history(session, "actionupdate", update_id))  # type: ignore[arg-type]
    return sorted(rows, key=lambda r: r.at)


def body_history(session: Session, body_id: int) -> list[HistoryRow]:
    """A body's history: its settings and rules, forward plan, members and standing items, oldest first."""
    rows = record_history(session, "body", body_id)
    for table in ("bodymember", "standingitem"):  # audited against the body's id
        rows.extend(record_history(session, table, body_id))
    return sorted(rows, key=lambda r: r.at)


def _lifetimes(entries: Any, links: dict[str, int], current: int | None = None) -> list[AuditEntry]:
    """The entries of the rows these ``links`` name. SQLite may give a removed row's id to a new row,
    so a record's entries are followed from each creation: kept when the creation recorded these
    links (or, for ``current``, the row that exists now, from its last creation on)."""
    by_id: dict[int, list[AuditEntry]] = {}
    for entry in sorted(entries, key=lambda e: (e.at, e.id)):
        by_id.setdefault(entry.record_id, []).append(entry)
    kept: list[AuditEntry] = []
    for record_id, group in by_id.items():
        last_create = max((i for i, e in enumerate(group) if e.operation == "create"), default=None)
        keep = record_id == current and last_create is None
        for index, entry in enumerate(group):
            if entry.operation == "create":
                changes = entry.changes or {}
                keep = (bool(links) and all(changes.get(k) == v for k, v in links.items())) or (
                    record_id == current and index == last_create)
            if keep:
                kept.append(entry)
            if entry.operation == "delete":
                keep = False
    return kept


def _linked(session: Session, table_name: str, current: int | None = None, **links: int) -> list[AuditEntry]:
    """Entries for ``table_name`` rows whose creation (or deletion) recorded these links, e.g. the
    resolutions of an item or one person's attendance at a meeting, including rows since removed."""
    found = select(AuditEntry.record_id).where(AuditEntry.table_name == table_name,
                                               col(AuditEntry.record_id).is_not(None))
    for key, value in links.items():
        found = found.where(AuditEntry.changes[key].as_integer() == value)  # type: ignore[index]
    ids = set(session.exec(found).all())
    if current is not None:
        ids.add(current)
    if not ids:
        return []
    entries = session.exec(select(AuditEntry).where(
        AuditEntry.table_name == table_name, col(AuditEntry.record_id).in_(ids)))
    return _lifetimes(entries, links, current)


def agenda_item_history(session: Session, item_id: int) -> list[HistoryRow]:
    """An agenda item's history, oldest first: added (or built from the plan), edited, moved, deferred,
    withdrawn or reinstated, its minute written or amended, its paper attached, resolutions added or
    removed, declarations made on it and actions raised under it."""
    entries = _lifetimes(session.exec(select(AuditEntry).where(
        AuditEntry.table_name == "agendaitem", AuditEntry.record_id == item_id)), {}, item_id)
    entries += _linked(session, "resolution", item_id=item_id)
    entries += _linked(session, "declaration", item_id=item_id)
    actions = session.exec(select(Action.id).where(Action.item_id == item_id)).all()
    if actions:
        entries += session.exec(select(AuditEntry).where(
            AuditEntry.table_name == "action", col(AuditEntry.record_id).in_(actions),
            AuditEntry.operation == "create")).all()
    return _rows(session, sorted(entries, key=lambda e: (e.at, e.id)))


def attendance_history(session: Session, meeting_id: int, person: str) -> list[HistoryRow]:
    """What was recorded for ``person`` at a meeting, oldest first: marked present, apologies or
    absent, deputising, added in attendance, cleared; who recorded it and when."""
    person_id = session.exec(select(Person.id).where(Person.name == person)).first()
    if person_id is None:
        return []
    current = session.exec(select(Attendance.id).where(
        Attendance.meeting_id == meeting_id, Attendance.person_id == person_id)).first()
    entries = _linked(session, "attendance", current, meeting_id=meeting_id, person_id=person_id)
    return _rows(session, sorted(entries, key=lambda e: (e.at, e.id)))
