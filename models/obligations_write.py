"""Changing the statutory clock: add a case, record a checkpoint met, set up a recurring obligation.

Each function works inside the caller's transaction (the caller commits), is
audited, and checks the obligation's version in the database, so two
officers recording the same checkpoint at once cannot both win.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select, update

from models.audit import plain, record_change
from models.editing import StaleEdit
from models.obligations import (
    KIND_LABELS,
    ONE_OFF_KINDS,
    ObligationError,
    check_case,
    check_recurring,
    check_rule,
    find_checkpoint,
    rules,
)
from models.formats import plain_date
from models.records import RecordErrors
from models.tables import CheckpointMet, CheckpointRule, Obligation, utcnow


def _versioned_change(session: Session, o: Obligation, expected_version: int | None, changes: dict[str, Any],
                      summary: str, extra: dict[str, Any] | None = None) -> None:
    """Raise the obligation's version (and set ``changes``) only if it still has the version read."""
    version = o.version if expected_version is None else expected_version
    before = {k: getattr(o, k) for k in changes}
    result = session.exec(update(Obligation).where(  # type: ignore[call-overload]
        Obligation.id == o.id, Obligation.version == version,
    ).values(**changes, version=version + 1, updated_at=utcnow()))
    if result.rowcount != 1:
        raise StaleEdit("Someone else changed this obligation while you were looking at it; nothing was saved. "
                        "Read the list again and record it once more if it still needs it.")
    session.refresh(o)
    audit = {k: [plain(before[k]), plain(v)] for k, v in changes.items()}
    audit["version"] = [version, version + 1]
    audit.update(extra or {})
    record_change(session, "update", "obligation", o.id, summary, audit)


def add_case(session: Session, values: dict[str, Any]) -> tuple[int, list[str]]:
    """Create a serious incident; returns its id and any personal-data warnings."""
    clean, errors, warnings = check_case(values)
    reference = clean["case_reference"]
    if reference and "case_reference" not in errors and session.exec(
            select(Obligation).where(Obligation.case_reference == reference)).first():
        errors["case_reference"] = f'There is already a case "{reference}".'
    if errors:
        raise RecordErrors(errors)
    o = Obligation(**clean)
    session.add(o)
    session.flush()
    record_change(session, "create", "obligation", o.id, f'Added serious incident "{reference}"',
                  {k: plain(v) for k, v in clean.items()})
    return o.id or 0, warnings


def set_recurring(session: Session, values: dict[str, Any], expected_version: int | None = None) -> int:
    """Set up or change a recurring obligation (one of each kind)."""
    clean, errors = check_recurring(values)
    if errors:
        raise RecordErrors(errors)
    existing = session.exec(select(Obligation).where(Obligation.kind == clean["kind"])).first()
    label = KIND_LABELS[clean["kind"]]
    if existing is None:
        o = Obligation(**clean)
        session.add(o)
        session.flush()
        record_change(session, "create", "obligation", o.id, f"Set up the {label.lower()}",
                      {k: plain(v) for k, v in clean.items()})
        return o.id or 0
    changes = {k: v for k, v in clean.items() if getattr(existing, k) != v}
    if changes:
        _versioned_change(session, existing, expected_version, changes, f"Changed the {label.lower()}")
    return existing.id or 0


def set_rule(session: Session, values: dict[str, Any]) -> int:
    """Add or change a further checkpoint for every serious incident (keyed by name)."""
    current = rules(session)
    name = str(values.get("name") or "").strip().lower().replace(" ", "_")
    earlier = [r.name for r in current if r.name != name]
    clean, errors = check_rule(values, earlier)
    if errors:
        raise RecordErrors(errors)
    row = session.exec(select(CheckpointRule).where(CheckpointRule.name == clean["name"])).first()
    if row is None:
        row = CheckpointRule(**clean)
        session.add(row)
        session.flush()
        record_change(session, "create", "checkpointrule", row.id, f'Added the checkpoint "{clean["name"]}"', clean)
    elif (row.after, row.working_days) != (clean["after"], clean["working_days"]):
        before = {"after": row.after, "working_days": row.working_days}
        row.after, row.working_days = clean["after"], clean["working_days"]
        row.version += 1
        row.updated_at = utcnow()
        session.add(row)
        record_change(session, "update", "checkpointrule", row.id, f'Changed the checkpoint "{clean["name"]}"',
                      {k: [before[k], clean[k]] for k in before})
    return row.id or 0


def record_met(session: Session, checkpoint_id: str, met_on: date, today: date,
               expected_version: int | None = None) -> str:
    """Record a checkpoint as met on ``met_on``; returns a sentence saying what was done.

    A recurring obligation rolls forward: its next round is due ``every_months``
    after ``met_on``.
    """
    c = find_checkpoint(session, checkpoint_id.strip(), today)
    if c.met_on is not None:
        raise ObligationError(f"{c.label} was already recorded as met on {c.met_on.isoformat()}.")
    if met_on > today:
        raise ObligationError(f"{met_on.isoformat()} is in the future; record a checkpoint as met once it is.")
    o = session.get(Obligation, c.obligation_id)
    if o is None:  # removed between the two reads
        raise ObligationError(f'There is no checkpoint "{checkpoint_id}" any more.')
    start = o.trigger if o.kind in ONE_OFF_KINDS else o.last_met
    if start is not None and met_on < start:
        what = "the trigger date" if o.kind in ONE_OFF_KINDS else "the date it was last met"
        raise ObligationError(f"{met_on.isoformat()} is before {what} ({start.isoformat()}).")
    timing = "on time" if met_on <= c.due else f"late (it was due on {plain_date(c.due)})"
    summary = f"Recorded {c.label} as met on {plain_date(met_on)}, {timing}."
    extra = {"checkpoint": c.checkpoint, "due": c.due.isoformat(), "met_on": met_on.isoformat()}
    if o.kind in ONE_OFF_KINDS and c.checkpoint == "notification":
        _versioned_change(session, o, expected_version, {"notified": met_on}, summary, extra)
        return summary
    try:
        session.add(CheckpointMet(obligation_id=o.id, checkpoint=c.checkpoint, due=c.due, met_on=met_on))
        session.flush()
    except IntegrityError as exc:  # the same round recorded by someone else a moment ago
        raise StaleEdit("Someone else recorded this checkpoint as met at the same moment; nothing was saved.") from exc
    if o.kind in ONE_OFF_KINDS:
        _versioned_change(session, o, expected_version, {}, summary, extra)
    else:
        _versioned_change(session, o, expected_version, {"last_met": met_on}, summary, extra)
        summary += " The next round is due " + plain_date(find_checkpoint(session, checkpoint_id, today).due) + "."
    return summary
