"""Any record's history from the audit log: who, when, which field, old → new.

:func:`record_history` gives plain rows for a screen's "History" key or a
report. Ids of people, organisations and bodies are shown by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from models.editing import BOOKKEEPING
from models.tables import AuditEntry, Body, Organisation, Person

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
    rows: list[HistoryRow] = []
    for entry in entries:
        changes = {k: v for k, v in (entry.changes or {}).items() if k not in BOOKKEEPING and k != "id"}
        # Updates store [old, new]; creates made by the forms store the new value alone.
        pairs = [(k, v if isinstance(v, list) and len(v) == 2 else [None, v]) for k, v in changes.items()]
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
