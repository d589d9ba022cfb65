"""Attendance at a meeting, the live quorum, and declarations of interest.

The people expected are those the body's roles and members give on the
meeting's date (models.queries.invitees_on). Each is marked present,
apologies or absent; "X deputising for Y" records X as a deputy for Y (and Y
as having sent apologies), and X then counts toward Y's statutory partner
in the quorum. Others in attendance (officers, advisers, guests) are added
by name from the roster.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from models.formats import plain_date
from models.editing import EditError, apply_changes
from models.meetings.common import body_of, created, deleted, item_of, meeting_of, person_named
from models.queries import Directory, holdings, invitees_on, quorum_of
from models.rules.vocab import CAPACITIES
from models.tables import Attendance, Declaration, Meeting, Person

MARKS = ("present", "apologies", "absent")


@dataclass(frozen=True)
class AttendanceLine:
    """One person on the attendance list: expected, or added on the day."""

    person: str
    organisation: str | None
    capacity: str
    status: str | None  # None: not marked yet
    deputy_for: str | None = None
    deputy: str | None = None  # who deputises for this person
    expected: bool = True


def attendance_lines(session: Session, meeting_id: int) -> list[AttendanceLine]:
    """Everyone expected on the date, then deputies and others in attendance."""
    meeting = meeting_of(session, meeting_id)
    d = Directory.read(session)
    hold = holdings(session, d)
    invitees = invitees_on(session, body_of(session, meeting), meeting.date, d, hold)
    rows = {d.person_name(r.person_id): r for r in session.exec(
        select(Attendance).where(Attendance.meeting_id == meeting.id).order_by(Attendance.id))}
    deputies = {d.person_name(r.deputy_for_id): name for name, r in rows.items() if r.deputy_for_id}
    lines = []
    for invitee in invitees:
        row = rows.pop(invitee.person.name, None)
        lines.append(AttendanceLine(invitee.person.name, invitee.person.organisation, invitee.capacity,
                                    row.status if row else None, d.person_name(row.deputy_for_id) if row else None,
                                    deputies.get(invitee.person.name)))
    for name, row in rows.items():
        person = d.people.get(row.person_id)
        lines.append(AttendanceLine(name or "", d.org_name(person.organisation_id) if person else None,
                                    row.capacity or "member", row.status, d.person_name(row.deputy_for_id),
                                    deputies.get(name), expected=False))
    return lines


def _row(session: Session, meeting: Meeting, person: Person) -> Attendance | None:
    return session.exec(select(Attendance).where(
        Attendance.meeting_id == meeting.id, Attendance.person_id == person.id)).first()


def _set(session: Session, meeting: Meeting, person: Person, values: dict) -> None:
    row = _row(session, meeting, person)
    if row is None:
        created(session, Attendance(meeting_id=meeting.id, person_id=person.id, **values),
                f"Recorded {person.name} as {values['status']} at the meeting on {plain_date(meeting.date)}",
                {"meeting_id": meeting.id, "person_id": person.id, **values})
    else:
        apply_changes(session, row, values)


def _open(session: Session, meeting_id: int) -> Meeting:
    meeting = meeting_of(session, meeting_id)
    if meeting.status == "cancelled":
        raise EditError("This meeting is cancelled, so there is no attendance to record.")
    return meeting


def mark_attendance(session: Session, meeting_id: int, person: str, status: str) -> None:
    """Mark ``person`` present, apologies or absent (a deputy stops deputising)."""
    if status not in MARKS:
        raise EditError(f'Attendance is one of {", ".join(MARKS)}, not "{status}".')
    meeting = _open(session, meeting_id)
    _set(session, meeting, person_named(session, person), {"status": status, "deputy_for_id": None})


def record_deputy(session: Session, meeting_id: int, deputy: str, member: str) -> None:
    """``deputy`` attends in place of ``member`` (who is recorded as sending apologies)."""
    meeting = _open(session, meeting_id)
    stand_in, absent = person_named(session, deputy), person_named(session, member)
    if stand_in.id == absent.id:
        raise EditError("A person cannot deputise for themselves.")
    already = session.exec(select(Attendance).where(
        Attendance.meeting_id == meeting.id, Attendance.deputy_for_id == absent.id,
        Attendance.person_id != stand_in.id)).first()
    if already is not None:
        raise EditError(f"Someone else is already recorded as deputising for {absent.name}; clear them first.")
    _set(session, meeting, absent, {"status": "apologies", "deputy_for_id": None})
    _set(session, meeting, stand_in, {"status": "deputy", "deputy_for_id": absent.id})


def add_in_attendance(session: Session, meeting_id: int, person: str, capacity: str = "officer") -> None:
    """Someone not expected (officer, adviser, guest) attended."""
    if capacity not in CAPACITIES:
        raise EditError(f'Capacity is one of {", ".join(CAPACITIES)}, not "{capacity}".')
    meeting = _open(session, meeting_id)
    _set(session, meeting, person_named(session, person), {"status": "present", "capacity": capacity, "deputy_for_id": None})


def clear_attendance(session: Session, meeting_id: int, person: str) -> bool:
    """Forget what was recorded for ``person``; False if nothing was."""
    meeting = _open(session, meeting_id)
    found = person_named(session, person)
    row = _row(session, meeting, found)
    if row is None:
        return False
    deleted(session, row, f"Cleared the attendance of {found.name} at the meeting on {plain_date(meeting.date)}",
            {"meeting_id": meeting.id, "person_id": found.id, "status": [row.status, None],
             "deputy_for_id": [row.deputy_for_id, None]})
    return True


def quorum_now(session: Session, meeting_id: int) -> dict | None:
    """{"met", "missing"} for the attendance recorded so far; None before any is, or with no quorum rule."""
    return quorum_of(session, meeting_of(session, meeting_id))


# ----------------------------------------------------------------- declarations of interest


def add_declaration(session: Session, meeting_id: int, person: str, item_id: int | None, nature: str) -> int:
    """Record a declaration of interest; its id."""
    meeting = _open(session, meeting_id)
    who = person_named(session, person)
    text = (nature or "").strip()
    if not text:
        raise EditError("Say what the interest is (its nature).")
    if item_id is not None and item_of(session, item_id).meeting_id != meeting.id:
        raise EditError("That item is on another meeting's agenda.")
    return created(session, Declaration(meeting_id=meeting.id, person_id=who.id, item_id=item_id, nature=text),
                   f"Recorded a declaration of interest by {who.name} on {plain_date(meeting.date)}",
                   {"person": who.name, "item_id": item_id, "nature": text})


def remove_declaration(session: Session, declaration_id: int) -> None:
    declaration = session.get(Declaration, declaration_id)
    if declaration is None:
        raise EditError("That declaration was already removed.")
    deleted(session, declaration, "Removed a declaration of interest",
            {"meeting_id": declaration.meeting_id, "item_id": declaration.item_id, "nature": [declaration.nature, None]})
