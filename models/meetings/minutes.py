"""Minutes of a meeting: each item's minute, resolutions and actions arising,
deferring and withdrawing items, marking the meeting held and approving the
minutes at the next meeting.

After the minutes are approved, a change to them raises
:class:`NeedsConfirmation` unless the caller passes ``confirmed=True``; the
change is then made and audited like any other.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from models.formats import plain_date
from models.editing import EditError, apply_changes
from models.meetings.agenda import next_meeting, previous_meeting
from models.meetings.common import (
    body_of,
    check_minutes_change,
    created,
    deleted,
    is_minutes_item,
    item_of,
    items_of,
    meeting_of,
    person_named,
    refuse_if_cancelled,
)
from models.queries import NotFound
from models.records import RecordErrors
from models.rules.vocab import VocabError, parse_date
from models.references import next_reference
from models.tables import Action, AgendaItem, Attendance, Meeting, Resolution


def _minuting(session: Session, item_id: int, confirmed: bool) -> tuple[AgendaItem, Meeting]:
    item = item_of(session, item_id)
    meeting = meeting_of(session, item.meeting_id)
    refuse_if_cancelled(meeting, "it has no minutes")
    check_minutes_change(meeting, confirmed)
    return item, meeting


def save_minute(session: Session, item_id: int, expected_version: int, text: str, *, confirmed: bool = False) -> int:
    """Save an item's minute (version-checked: another officer's change raises StaleEdit); the item's new version."""
    item, meeting = _minuting(session, item_id, confirmed)
    value = (text or "").rstrip() or None
    apply_changes(session, item, {"minute": value}, expected_version=expected_version,
                  operation="amend" if meeting.minutes_approved_on else "update")
    return item.version


def resolutions_of(session: Session, item_id: int) -> list[Resolution]:
    return list(session.exec(select(Resolution).where(Resolution.item_id == item_id).order_by(Resolution.position)))


def add_resolution(session: Session, item_id: int, text: str, *, confirmed: bool = False) -> int:
    """Add the item's next numbered resolution; its number."""
    item, meeting = _minuting(session, item_id, confirmed)
    words = (text or "").strip()
    if not words:
        raise EditError("Write the resolution's text.")
    number = len(resolutions_of(session, item.id)) + 1
    created(session, Resolution(item_id=item.id, position=number, text=words),
            f'Resolution ({number}) under "{item.title}" on {plain_date(meeting.date)}',
            {"item_id": item.id, "text": words})
    return number


def remove_resolution(session: Session, item_id: int, number: int, *, confirmed: bool = False) -> None:
    """Remove resolution ``number`` of an item; the later ones are renumbered."""
    item, meeting = _minuting(session, item_id, confirmed)
    rows = resolutions_of(session, item.id)
    if not 1 <= number <= len(rows):
        raise EditError(f"This item has no resolution ({number}).")
    deleted(session, rows[number - 1], f'Removed resolution ({number}) under "{item.title}"',
            {"item_id": item.id, "text": [rows[number - 1].text, None]})
    for position, row in enumerate(rows[number:], start=number):
        row.position = position
        session.add(row)
        session.flush()


def add_action(session: Session, item_id: int, description: str, owner: str | None, due: object, *,
               confirmed: bool = False) -> str:
    """Raise an action under an item; its reference (e.g. EXEC-2027-004)."""
    item, meeting = _minuting(session, item_id, confirmed)
    errors: dict[str, str] = {}
    words = (description or "").strip()
    if not words:
        errors["description"] = "Say what is to be done."
    owner_id = None
    if owner and owner.strip():
        try:
            owner_id = person_named(session, owner).id
        except NotFound as exc:
            errors["owner"] = str(exc)
    when = None
    if due not in (None, ""):
        try:
            when = parse_date(due.strip() if isinstance(due, str) else due)
        except VocabError as exc:
            errors["due"] = f"The due date: {exc}."
    if errors:
        raise RecordErrors(errors)
    body = body_of(session, meeting)
    reference = next_reference(session, body, meeting.date.year)
    created(session, Action(reference=reference, body_id=body.id, meeting_id=meeting.id, item_id=item.id,
                            description=words, owner_id=owner_id, due=when),
            f"Raised action {reference}", {"description": words, "owner": owner, "due": when})
    return reference


def _set_state(session: Session, item_id: int, state: str, confirmed: bool) -> AgendaItem:
    item, _meeting = _minuting(session, item_id, confirmed)
    apply_changes(session, item, {"state": state}, operation=state if state != "listed" else "update")
    return item


def defer_item(session: Session, item_id: int, *, confirmed: bool = False) -> str | None:
    """Defer an item to the body's next meeting; the date it was added to, if that agenda exists already."""
    item = _set_state(session, item_id, "deferred", confirmed)
    meeting = meeting_of(session, item.meeting_id)
    following = next_meeting(session, meeting)
    if following is None or not items_of(session, following.id):
        return None  # it joins that agenda when it is built
    from models.meetings.agenda import add_item

    taken = {i.title for i in items_of(session, following.id)}
    if item.title in taken:
        return following.date.isoformat()
    new_id = add_item(session, following.id, {
        "title": item.title, "presenter": item.presenter, "minutes": item.duration_minutes, "purpose": item.purpose,
        "papers": list(item.papers or []), "exempt": item.exempt, "exempt_paragraph": item.exempt_paragraph,
        "exempt_reason": item.exempt_reason})
    carried = session.get(AgendaItem, new_id)
    assert carried is not None
    carried.source, carried.carried_from_id = "carried_over", item.id
    session.add(carried)
    session.flush()
    return following.date.isoformat()


def withdraw_item(session: Session, item_id: int, *, confirmed: bool = False) -> None:
    _set_state(session, item_id, "withdrawn", confirmed)


def reinstate_item(session: Session, item_id: int, *, confirmed: bool = False) -> None:
    _set_state(session, item_id, "listed", confirmed)


def mark_held(session: Session, meeting_id: int, today: date) -> bool:
    """Record the meeting as held; it needs attendance, and cannot be in the future."""
    meeting = meeting_of(session, meeting_id)
    refuse_if_cancelled(meeting, "it cannot be marked held")
    if meeting.date > today:
        raise EditError(f"This meeting is on {plain_date(meeting.date)}, after today; it cannot be held yet.")
    attended = session.exec(select(Attendance).where(
        Attendance.meeting_id == meeting.id, Attendance.status.in_(("present", "deputy")))).first()  # type: ignore[attr-defined]
    if attended is None:
        raise EditError("Record who attended (the Attendance tab) before marking the meeting held.")
    return apply_changes(session, meeting, {"status": "held"}, operation="held")


def approve_minutes(session: Session, meeting_id: int) -> date:
    """Approve the minutes of a held meeting at the body's next meeting; the approval date.

    The next meeting's "Minutes of the last meeting" item (added if missing)
    records it as a resolution.
    """
    meeting = meeting_of(session, meeting_id)
    if meeting.status != "held":
        raise EditError("Only the minutes of a held meeting can be approved.")
    if meeting.minutes_approved_on is not None:
        raise EditError(f"These minutes were already approved on {plain_date(meeting.minutes_approved_on)}.")
    following = next_meeting(session, meeting)
    if following is None:
        raise EditError("The body has no later meeting to approve these minutes at; create it first.")
    item = next((i for i in items_of(session, following.id) if is_minutes_item(i.title)), None)
    if item is None:
        from models.meetings.agenda import add_item

        item = item_of(session, add_item(session, following.id, {"title": "Minutes of the last meeting"}))
    text = f"That the minutes of the meeting held on {plain_date(meeting.date)} be approved as a correct record."
    if text not in [r.text for r in resolutions_of(session, item.id)]:
        add_resolution(session, item.id, text, confirmed=True)
    apply_changes(session, meeting, {"minutes_approved_on": following.date}, operation="approve")
    return following.date


def last_minutes_to_approve(session: Session, meeting_id: int) -> Meeting | None:
    """The body's previous meeting, when it was held and its minutes await approval."""
    previous = previous_meeting(session, meeting_of(session, meeting_id))
    if previous is None or previous.status != "held" or previous.minutes_approved_on is not None:
        return None
    return previous
