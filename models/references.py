"""Action references such as EXEC-2026-004: body prefix, year, number."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from models.tables import Action, Body


def body_prefix(body: Body) -> str:
    """The body's short name, or the initials of its name ("Executive Group" -> "EG")."""
    if body.short_name:
        return re.sub(r"[^A-Z0-9]", "", body.short_name.upper()) or "ACT"
    initials = "".join(word[0] for word in re.findall(r"[A-Za-z0-9]+", body.name) if word[0].isalnum())
    return initials.upper() or "ACT"


def next_reference(session: Session, body: Body, year: int) -> str:
    """The next free reference for ``body`` in ``year``."""
    prefix = f"{body_prefix(body)}-{year}-"
    used = session.exec(select(Action.reference).where(Action.reference.startswith(prefix))).all()
    numbers = [int(ref[len(prefix):]) for ref in used if ref[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"
