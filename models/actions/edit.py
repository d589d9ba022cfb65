"""Adding and updating actions, one at a time or several together.

Each function works inside the caller's transaction (``session_scope`` or the
app's ``writing``), so a bulk update is all or nothing. Changes are
version-checked (:class:`models.editing.StaleEdit`) and audited; every update
leaves a dated progress note (who, when, what) in the action's history, and a
change of owner or due date keeps the old value in that note.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Sequence

from sqlmodel import Session

from models.actions.common import (
    ActionProblem,
    add_update,
    body_named,
    find_action,
    person_named,
    read_date,
    read_status,
    text_or_none,
)
from models.audit import plain, record_change
from models.editing import apply_changes
from models.references import next_reference
from models.tables import Action, AgendaItem, Meeting, Person

UNCHANGED: Any = object()  # an owner or due date the update leaves as it is


def _label(status: str) -> str:
    return status.replace("_", " ")


def add_action(session: Session, *, body: str, description: str, owner: str | None = None,
               due: object = None, meeting_id: int | None = None, item_id: int | None = None,
               today: date | None = None) -> Action:
    """Add an action to ``body``'s log (optionally raised at a meeting, under one of its items)."""
    errors: dict[str, str] = {}
    text = text_or_none(description)
    if text is None:
        errors["description"] = "Say what the action is."
    found = None
    try:
        found = body_named(session, (body or "").strip())
    except ActionProblem as exc:
        errors.update(exc.errors)
    person = None
    if text_or_none(owner):
        try:
            person = person_named(session, str(owner).strip())
        except ActionProblem as exc:
            errors.update(exc.errors)
    due_on = read_date(due, "due", errors)
    meeting = session.get(Meeting, meeting_id) if meeting_id is not None else None
    if meeting_id is not None and meeting is None:
        errors["meeting"] = f"There is no meeting with id {meeting_id}."
    elif meeting is not None and found is not None and meeting.body_id != found.id:
        errors["meeting"] = "That meeting is not a meeting of this body."
    item = session.get(AgendaItem, item_id) if item_id is not None else None
    if item_id is not None and (item is None or meeting is None or item.meeting_id != meeting.id):
        errors["item"] = "That agenda item is not on the meeting given."
    if errors:
        raise ActionProblem(errors)
    assert found is not None and text is not None
    year = (meeting.date if meeting else (today or date.today())).year
    action = Action(reference=next_reference(session, found, year), body_id=found.id, description=text,
                    owner_id=person.id if person else None, due=due_on, status="open",
                    meeting_id=meeting.id if meeting else None, item_id=item.id if item else None)
    session.add(action)
    session.flush()
    record_change(session, "create", "action", action.id, f'Added action "{action.reference}" for {found.name}',
                  {"reference": [None, action.reference], "body": [None, found.name], "description": [None, text],
                   "owner": [None, person.name if person else None], "due": [None, plain(due_on)],
                   "meeting": [None, meeting.id if meeting else None], "item": [None, item.title if item else None]})
    return action


@dataclass(frozen=True)
class Updated:
    reference: str
    changed: bool  # False: nothing was different and no note was given
    note: str | None  # the progress note recorded


def _owner_name(session: Session, owner_id: int | None) -> str | None:
    person = session.get(Person, owner_id) if owner_id is not None else None
    return person.name if person else None


def update_action(session: Session, reference: str, *, status: object = None, note: object = None,
                  due: object = UNCHANGED, owner: object = UNCHANGED, on: date | None = None,
                  expected_version: int | None = None) -> Updated:
    """Change an action's status, due date or owner and record a dated progress note.

    ``due``/``owner`` left as :data:`UNCHANGED` stay as they are; ``""`` or
    None clears them. Completing needs an evidence note, cancelling a reason.
    """
    action = find_action(session, reference)
    on = on or date.today()
    errors: dict[str, str] = {}
    new_status = read_status(status, errors)
    text = text_or_none(note)
    changes: dict[str, Any] = {}
    history: dict[str, list[Any]] = {}
    if new_status is not None and new_status != action.status:
        if new_status == "completed" and text is None:
            errors["note"] = "Completing an action needs an evidence note (what shows it is done)."
        if new_status == "cancelled" and text is None:
            errors["note"] = "Cancelling an action needs a reason."
        changes["status"] = new_status
        changes["completed_on"] = on if new_status == "completed" else None
    if due is not UNCHANGED:
        new_due = read_date(due, "due", errors)
        if "due" not in errors and new_due != action.due:
            changes["due"] = new_due
            history["due"] = [plain(action.due), plain(new_due)]
    if owner is not UNCHANGED:
        name = text_or_none(owner)
        person = None
        if name is not None:
            try:
                person = person_named(session, name)
            except ActionProblem as exc:
                errors.update(exc.errors)
        new_owner = person.id if person else None
        if "owner" not in errors and new_owner != action.owner_id:
            changes["owner_id"] = new_owner
            history["owner"] = [_owner_name(session, action.owner_id), person.name if person else None]
    if errors:
        raise ActionProblem(errors)
    if not changes and text is None:
        apply_changes(session, action, {}, expected_version=expected_version)  # still refuses a stale version
        return Updated(action.reference, False, None)
    before = action.status
    apply_changes(session, action, changes, expected_version=expected_version)
    recorded = " ".join(part for part in (_summary(before, changes, history), text) if part)
    add_update(session, action, on, recorded, history)
    return Updated(action.reference, True, recorded)


def _summary(before: str, changes: dict[str, Any], history: dict[str, list[Any]]) -> str:
    """What changed, in words, for the progress note."""
    parts = []
    if "status" in changes:
        parts.append(f"Status changed from {_label(before)} to {_label(changes['status'])}.")
    if "owner" in history:
        old, new = history["owner"]
        parts.append(f"Owner changed from {old or 'nobody'} to {new or 'nobody'}.")
    if "due" in history:
        old, new = history["due"]
        parts.append(f"Due date changed from {old or 'none'} to {new or 'none'}.")
    return " ".join(parts)


def bulk_update(session: Session, references: Sequence[str], *, status: object = None, note: object = None,
                due: object = UNCHANGED, owner: object = UNCHANGED, on: date | None = None,
                expected_versions: dict[str, int] | None = None) -> list[Updated]:
    """Update several actions the same way in the caller's one transaction.

    A problem with any of them refuses the lot: the sentence names the action.
    """
    if not references:
        raise ActionProblem({"actions": "Choose at least one action to update."})
    results = []
    for reference in dict.fromkeys(references):
        try:
            results.append(update_action(session, reference, status=status, note=note, due=due, owner=owner, on=on,
                                         expected_version=(expected_versions or {}).get(reference)))
        except ActionProblem as exc:
            raise ActionProblem({k: f"{reference}: {v}" for k, v in exc.errors.items()}) from None
    return results
