"""The audit log: who changed what, and when."""

from __future__ import annotations

import getpass
import os
from typing import Any

from sqlmodel import Session

from models.tables import AuditEntry


def current_actor() -> str:
    """The person making changes: $CONVENOR_USER, else the login name."""
    explicit = os.environ.get("CONVENOR_USER")
    if explicit:
        return explicit
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def plain(value: Any) -> Any:
    """A value as the audit log stores it: dates and times as ISO text."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def record_change(session: Session, operation: str, table_name: str, record_id: int | None,
                  summary: str, changes: dict[str, Any] | None = None) -> AuditEntry:
    """Add an audit entry inside the caller's transaction."""
    entry = AuditEntry(actor=current_actor(), operation=operation, table_name=table_name,
                       record_id=record_id, summary=summary, changes=changes)
    session.add(entry)
    return entry
