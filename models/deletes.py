"""Deleting records entered in error, safely.

Each ``delete_*`` works inside the caller's transaction, leaves an audit
entry holding the deleted values, and refuses with one sentence naming what
holds the record:

- a person with no appointments, attendance, actions, memberships or chair;
- an appointment (entered in error);
- a planned meeting nobody was invited to (once an invite was written, it is
  cancelled instead, so calendars remove it); never a held meeting or one with
  approved minutes;
- an agenda item not yet minuted (and not of a held meeting);
- an action not from approved minutes (otherwise it can only be cancelled).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, SQLModel, col, func, or_, select

from models.audit import plain, record_change
from models.editing import EditError, StaleEdit
from models.formats import plain_date
from models.tables import (
    Action,
    AgendaItem,
    Appointment,
    Attendance,
    AuditEntry,
    Body,
    BodyMember,
    Meeting,
    Partnership,
    Person,
    Resolution,
)


class DeleteRefused(EditError):
    """A delete refused; the sentence says what holds the record.

    ``cancel_instead`` is True when the record can be cancelled instead (a
    meeting whose invite was written), so a screen can offer that.
    """

    def __init__(self, text: str, *, cancel_instead: bool = False) -> None:
        super().__init__(text)
        self.cancel_instead = cancel_instead


def _get(session: Session, model: type[SQLModel], record_id: int, what: str) -> Any:
    record = session.get(model, record_id)
    if record is None:
        raise DeleteRefused(f"There is no {what} with id {record_id}; perhaps someone else deleted it.")
    return record


def _check_version(record: Any, expected_version: int | None, what: str) -> None:
    if expected_version is not None and record.version != expected_version:
        raise StaleEdit(f"Someone else changed this {what} while you were looking at it; nothing was deleted.")


def _delete(session: Session, record: Any, summary: str) -> None:
    values = {c.name: [plain(getattr(record, c.name)), None] for c in type(record).__table__.columns}
    record_change(session, "delete", type(record).__tablename__, record.id, summary, values)
    session.delete(record)
    session.flush()


def _holds(session: Session, *counted: tuple[Any, str]) -> list[str]:
    """"2 actions", "1 attendance record", … for each (query of ids, word) that finds any."""
    found = []
    for query, word in counted:
        n = session.exec(select(func.count()).select_from(query.subquery())).one()
        if n:
            found.append(f"{n} {word}{'' if n == 1 else 's'}")
    return found


def delete_person(session: Session, person_id: int, expected_version: int | None = None) -> None:
    person = _get(session, Person, person_id, "person")
    _check_version(person, expected_version, "person")
    holds = _holds(
        session,
        (select(Appointment.id).where(Appointment.person_id == person_id), "appointment"),
        (select(Attendance.id).where(or_(Attendance.person_id == person_id, Attendance.deputy_for_id == person_id)),
         "attendance record"),
        (select(Action.id).where(Action.owner_id == person_id), "action"),
        (select(BodyMember.id).where(BodyMember.person_id == person_id), "body membership"),
    )
    chairs = [b.name for b in session.exec(select(Body)) if (b.chair_rule or {}).get("person") == person.name]
    if chairs:
        holds.append(f"the chair of {', '.join(chairs)}")
    if session.exec(select(Partnership).where(Partnership.business_manager_id == person_id)).first() is not None:
        holds.append("the business manager's place")
    if holds:
        raise DeleteRefused(f"{person.name} cannot be deleted: they hold {_join(holds)}.")
    _delete(session, person, f'Deleted person "{person.name}"')


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def delete_appointment(session: Session, appointment_id: int, expected_version: int | None = None) -> None:
    appointment = _get(session, Appointment, appointment_id, "appointment")
    _check_version(appointment, expected_version, "appointment")
    person = session.get(Person, appointment.person_id)
    role = appointment.role.replace("_", " ")
    _delete(session, appointment, f"Deleted appointment of {person.name if person else 'someone'} as {role} "
                                  f"from {appointment.start} (entered in error)")


def _meeting_name(session: Session, meeting: Meeting) -> str:
    body = session.get(Body, meeting.body_id)
    return f"The {body.name if body else 'body'}'s meeting on {plain_date(meeting.date)}"


def delete_meeting(session: Session, meeting_id: int, expected_version: int | None = None) -> None:
    meeting = _get(session, Meeting, meeting_id, "meeting")
    _check_version(meeting, expected_version, "meeting")
    name = _meeting_name(session, meeting)
    if meeting.status == "held" or meeting.minutes_approved_on is not None:
        raise DeleteRefused(f"{name} was held; a held meeting and its minutes can never be deleted.")
    if meeting.sequence > 0 or meeting.status in ("confirmed", "cancelled"):
        raise DeleteRefused(f"{name} has had invitations sent; cancel it instead, so calendars remove it "
                            f"(convenor export ics --meeting {meeting.id} --method cancel).",
                            cancel_instead=meeting.status != "cancelled")
    holds = _holds(
        session,
        (select(Attendance.id).where(Attendance.meeting_id == meeting_id), "attendance record"),
        (select(Action.id).where(Action.meeting_id == meeting_id), "action"),
        (select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id, col(AgendaItem.minute).is_not(None)),
         "minuted item"),
    )
    if holds:
        raise DeleteRefused(f"{name} cannot be deleted: it has {_join(holds)}.")
    _delete(session, meeting, f"Deleted {name[0].lower()}{name[1:]} (status {meeting.status})")


def delete_agenda_item(session: Session, item_id: int, expected_version: int | None = None) -> None:
    item = _get(session, AgendaItem, item_id, "agenda item")
    _check_version(item, expected_version, "agenda item")
    meeting = session.get(Meeting, item.meeting_id)
    if meeting is not None and (meeting.status == "held" or meeting.minutes_approved_on is not None):
        raise DeleteRefused(f'"{item.title}" belongs to a held meeting; its minutes can never be deleted.')
    holds = ["a minute"] if item.minute else []
    holds += _holds(session, (select(Resolution.id).where(Resolution.item_id == item_id), "resolution"),
                    (select(Action.id).where(Action.item_id == item_id), "action"))
    if holds:
        raise DeleteRefused(f'"{item.title}" cannot be deleted: it has {_join(holds)}.')
    _delete(session, item, f'Deleted agenda item "{item.title}"')


def delete_action(session: Session, reference: str, expected_version: int | None = None) -> None:
    from models.actions.common import find_action

    action = find_action(session, reference)
    _check_version(action, expected_version, "action")
    meeting = session.get(Meeting, action.meeting_id) if action.meeting_id is not None else None
    if meeting is not None and meeting.minutes_approved_on is not None:
        raise DeleteRefused(f"{action.reference} comes from approved minutes; it can only be cancelled "
                            f"(convenor actions update {action.reference} --status cancelled --note REASON).")
    _delete(session, action, f'Deleted action "{action.reference}"')


def deleted_meeting_dates(session: Session) -> set[tuple[int, date]]:
    """(body id, cadence date) of meetings deleted by hand, which scheduling must not create again."""
    found = set()
    for changes in session.exec(select(AuditEntry.changes).where(AuditEntry.table_name == "meeting",
                                                                AuditEntry.operation == "delete")):
        body = (changes or {}).get("body_id", [None])[0]
        when = (changes or {}).get("cadence_date", [None])[0]
        if isinstance(body, int) and isinstance(when, str):
            found.add((body, date.fromisoformat(when)))
    return found
