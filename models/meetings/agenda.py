"""A meeting's agenda: build it, add, edit, remove and reorder items, issue it.

Items carry a ``source`` (standing, forward_plan, carried_over, escalated,
added), a ``purpose`` (decision, assurance, information), an exempt flag with
its Schedule 12A paragraph, and paper titles. A change after the agenda is
issued marks it revised. Once a meeting is held its items keep their
numbers: nothing is removed or moved, and new items go at the end.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlmodel import Session, select

from models.formats import plain_date
from models.editing import EditError, apply_changes
from models.meetings.common import (
    PURPOSES,
    SOURCE_LABELS,
    agenda_changed,
    body_of,
    created,
    deleted,
    item_of,
    items_of,
    meeting_of,
    refuse_if_cancelled,
    refuse_if_held,
)
from models.records import RecordErrors
from models.tables import AgendaItem, Body, ForwardPlanItem, Meeting, StandingItem

CLOSING_TITLES = ("any other business", "date of next meeting", "date of the next meeting")


# ----------------------------------------------------------------- checking an item


def _int(value: object, name: str, errors: dict[str, str], low: int, high: int, label: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip()) if not isinstance(value, int) or isinstance(value, bool) else value
    except ValueError:
        errors[name] = f"{label} must be a whole number, not {str(value).strip()!r}."
        return None
    if not low <= number <= high:
        errors[name] = f"{label} must be from {low} to {high}."
        return None
    return number


def papers_of(value: object) -> list[str]:
    """Paper titles from a list, or from text with one title per line."""
    lines = value if isinstance(value, (list, tuple)) else str(value or "").splitlines()
    return [str(line).strip() for line in lines if str(line).strip()]


def check_item(values: Mapping[str, Any]) -> dict[str, Any]:
    """The checked columns of an agenda item from a form's values (only the keys given)."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    if "title" in values:
        title = str(values["title"] or "").strip()
        if not title:
            errors["title"] = "Give the item a title."
        clean["title"] = title
    if "presenter" in values:
        clean["presenter"] = str(values["presenter"] or "").strip() or None
    if "minutes" in values:
        clean["duration_minutes"] = _int(values["minutes"], "minutes", errors, 1, 600, "Minutes allotted")
    if "purpose" in values:
        purpose = str(values["purpose"] or "").strip().lower() or None
        if purpose is not None and purpose not in PURPOSES:
            errors["purpose"] = f'Purpose must be one of {", ".join(PURPOSES)}, not "{purpose}".'
        clean["purpose"] = purpose
    if "papers" in values:
        clean["papers"] = papers_of(values["papers"])
    if "exempt" in values:
        exempt = bool(values["exempt"])
        paragraph = _int(values.get("exempt_paragraph"), "exempt_paragraph", errors, 1, 7, "The Schedule 12A paragraph")
        if exempt and paragraph is None and "exempt_paragraph" not in errors:
            errors["exempt_paragraph"] = "An exempt item needs its Schedule 12A paragraph (1 to 7)."
        clean.update(exempt=exempt, exempt_paragraph=paragraph if exempt else None,
                     exempt_reason=(str(values.get("exempt_reason") or "").strip() or None) if exempt else None)
    if errors:
        raise RecordErrors(errors)
    return clean


# ----------------------------------------------------------------- building from the plan


def previous_meeting(session: Session, meeting: Meeting) -> Meeting | None:
    return session.exec(select(Meeting).where(
        Meeting.body_id == meeting.body_id, Meeting.date < meeting.date, Meeting.status != "cancelled",
    ).order_by(Meeting.date.desc())).first()  # type: ignore[attr-defined]


def next_meeting(session: Session, meeting: Meeting) -> Meeting | None:
    return session.exec(select(Meeting).where(
        Meeting.body_id == meeting.body_id, Meeting.date > meeting.date, Meeting.status != "cancelled",
    ).order_by(Meeting.date)).first()


def _forward_plan_due(session: Session, body: Body, meeting: Meeting, since: date) -> list[ForwardPlanItem]:
    """Forward-plan items falling due after ``since`` and by the meeting's date."""
    due = []
    for entry in session.exec(select(ForwardPlanItem).where(ForwardPlanItem.body_id == body.id).order_by(ForwardPlanItem.id)):
        if entry.due is not None:
            if since < entry.due <= meeting.date:
                due.append(entry)
        elif entry.month is not None:
            if any(since < date(year, entry.month, 1) <= meeting.date for year in range(since.year, meeting.date.year + 1)):
                due.append(entry)
    return due


def escalated_items(session: Session, body: Body, meeting: Meeting) -> list[tuple[str, str | None]]:
    """Items escalated to ``body`` for this meeting, as (title, presenter): the outstanding
    actions escalated to it since its last held meeting (:func:`models.actions.escalations_for`)."""
    from models.actions import escalations_for

    return [(f"Escalated from {e.from_body}: {e.description} ({e.reference})", e.owner)
            for e in escalations_for(session, body.id, meeting.date)]


def closing_position(titles: Sequence[str]) -> int:
    """Where new items go: before "Any other business" / "Date of next meeting", else at the end."""
    for index, title in enumerate(titles):
        if title.strip().lower() in CLOSING_TITLES:
            return index
    return len(titles)


def build_agenda(session: Session, meeting_id: int) -> int:
    """Fill an empty agenda from the body's standing items, the forward plan, items deferred
    at its previous meeting and escalations; the number of items added."""
    meeting = meeting_of(session, meeting_id)
    refuse_if_cancelled(meeting, "it has no agenda to build")
    refuse_if_held(meeting, "its agenda cannot be rebuilt")
    if items_of(session, meeting.id):
        raise EditError("This meeting already has an agenda; add items to it one by one.")
    body = body_of(session, meeting)
    standing = [s.title for s in session.exec(select(StandingItem).where(StandingItem.body_id == body.id)
                                              .order_by(StandingItem.position))]
    rows: list[dict[str, Any]] = [{"title": t, "standing": True, "source": "standing"} for t in standing]
    middle: list[dict[str, Any]] = []
    previous = previous_meeting(session, meeting)
    if previous is not None:
        for old in items_of(session, previous.id):
            if old.state == "deferred":
                middle.append({"title": old.title, "presenter": old.presenter, "duration_minutes": old.duration_minutes,
                               "purpose": old.purpose, "exempt": old.exempt, "exempt_paragraph": old.exempt_paragraph,
                               "exempt_reason": old.exempt_reason, "papers": list(old.papers or []),
                               "source": "carried_over", "carried_from_id": old.id})
    since = previous.date if previous is not None else date(meeting.date.year - 1, meeting.date.month, 1)
    for entry in _forward_plan_due(session, body, meeting, since):
        middle.append({"title": entry.title, "source": "forward_plan"})
    for title, presenter in escalated_items(session, body, meeting):
        middle.append({"title": title, "presenter": presenter, "source": "escalated"})
    taken = {r["title"] for r in rows}
    middle = [r for r in middle if not (r["title"] in taken or taken.add(r["title"]))]  # type: ignore[func-returns-value]
    at = closing_position(standing)
    rows[at:at] = middle
    from models.audit import record_change

    day = plain_date(meeting.date)
    for position, values in enumerate(rows, start=1):
        item = AgendaItem(meeting_id=meeting.id, position=position, **values)
        session.add(item)
        session.flush()
        record_change(session, "create", "agendaitem", item.id,
                      f'Added "{item.title}" ({SOURCE_LABELS[values["source"]]}) when the agenda of the meeting '
                      f"on {day} was built", {"title": item.title, "position": position})
    record_change(session, "create", "agendaitem", None, f"Built the agenda of the meeting on {day} ({len(rows)} items)",
                  {"items": [r["title"] for r in rows]})
    agenda_changed(session, meeting)
    return len(rows)


# ----------------------------------------------------------------- items one by one


def _title_free(session: Session, meeting_id: int, title: str, own_id: int | None) -> None:
    other = session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id, AgendaItem.title == title)).first()
    if other is not None and other.id != own_id:
        raise RecordErrors({"title": f'"{title}" is already item {other.position} of this meeting.'})


def add_item(session: Session, meeting_id: int, values: Mapping[str, Any], *, at: int | None = None,
             source: str = "added") -> int:
    """Add an item at the end of the agenda (before the closing items while not held); its id.

    ``at`` (0-based) puts it elsewhere, e.g. under a section's heading item."""
    meeting = meeting_of(session, meeting_id)
    refuse_if_cancelled(meeting, "its agenda cannot change")
    clean = check_item({"title": "", **values})
    _title_free(session, meeting.id, clean["title"], None)
    items = items_of(session, meeting.id)
    if at is None or meeting.status == "held":
        at = len(items) if meeting.status == "held" else closing_position([i.title for i in items])
    for item in reversed(items[at:]):  # make room, last first, so positions stay unique
        item.position += 1
        session.add(item)
        session.flush()
    item_id = created(session, AgendaItem(meeting_id=meeting.id, position=at + 1, source=source, **clean),
                      f'Added "{clean["title"]}" to the agenda of the meeting on {plain_date(meeting.date)}', clean)
    agenda_changed(session, meeting)
    return item_id


def edit_item(session: Session, item_id: int, expected_version: int, values: Mapping[str, Any]) -> bool:
    """Change an item's title, presenter, minutes, purpose, exempt paragraph or papers."""
    item = item_of(session, item_id)
    meeting = meeting_of(session, item.meeting_id)
    refuse_if_cancelled(meeting, "its agenda cannot change")
    clean = check_item(values)
    if "title" in clean:
        _title_free(session, meeting.id, clean["title"], item.id)
    changed = apply_changes(session, item, clean, expected_version=expected_version)
    if changed:
        agenda_changed(session, meeting)
    return changed


def _renumber(session: Session, items: list[AgendaItem]) -> None:
    """Give ``items`` positions 1..n (through negative positions, so none collide)."""
    for item in items:
        item.position = -item.id  # type: ignore[operator]
        session.add(item)
    session.flush()
    for position, item in enumerate(items, start=1):
        item.position = position
        session.add(item)
    session.flush()


def remove_item(session: Session, item_id: int, expected_version: int | None = None) -> None:
    """Delete an item not yet minuted, then number the rest again and mark the agenda revised.

    Whether it may go is the one rule in :func:`models.deletes.delete_agenda_item`
    (not of a held meeting; no minute, resolution or action), which also audits it.
    """
    from models.deletes import delete_agenda_item

    meeting = meeting_of(session, item_of(session, item_id).meeting_id)
    delete_agenda_item(session, item_id, expected_version)
    _renumber(session, items_of(session, meeting.id))
    agenda_changed(session, meeting)


def move_item(session: Session, item_id: int, step: int) -> int:
    """Move an item up (-1) or down (+1); its new position (unchanged at either end)."""
    item = item_of(session, item_id)
    meeting = meeting_of(session, item.meeting_id)
    refuse_if_held(meeting, "its items cannot be reordered")
    items = items_of(session, meeting.id)
    index = next(i for i, it in enumerate(items) if it.id == item.id)
    target = index + step
    if not 0 <= target < len(items):
        return item.position
    items[index], items[target] = items[target], items[index]
    _renumber(session, items)
    from models.audit import record_change

    record_change(session, "update", "agendaitem", item.id, f'Moved "{item.title}" to position {target + 1}',
                  {"position": [index + 1, target + 1]})
    agenda_changed(session, meeting)
    return target + 1


def issue_agenda(session: Session, meeting_id: int, on: date) -> bool:
    """Record the agenda as issued on ``on`` (clearing "revised"); False if it already was, unrevised."""
    meeting = meeting_of(session, meeting_id)
    refuse_if_cancelled(meeting, "its agenda cannot be issued")
    if not items_of(session, meeting.id):
        raise EditError("This meeting has no agenda items yet; build or add them before issuing it.")
    return apply_changes(session, meeting, {"agenda_issued_on": on, "agenda_revised": False}, operation="issue")
