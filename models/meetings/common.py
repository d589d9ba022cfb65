"""Vocabulary and small helpers shared by the meeting-workspace modules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, SQLModel, select

from models.audit import plain, record_change
from models.editing import EditError, apply_changes
from models.formats import plain_date
from models.queries import NotFound, find_meeting
from models.rules.vocab import did_you_mean
from models.tables import AgendaItem, Body, Meeting, Person
from models.views import ITEM_PURPOSES

PURPOSES = ITEM_PURPOSES
SOURCES = ("standing", "forward_plan", "carried_over", "escalated", "added", "highlight_report")
SOURCE_LABELS = {"standing": "standing", "forward_plan": "forward plan", "carried_over": "carried over",
                 "escalated": "escalated", "added": "added", "highlight_report": "highlight report"}
ITEM_STATES = ("listed", "deferred", "withdrawn")
AGENDA_STATUSES = ("draft", "issued", "revised")
MINUTES_STATUSES = ("none", "draft", "approved")


class NeedsConfirmation(EditError):
    """The change is allowed but the user should confirm it first.

    ``warnings`` are sentences to show; call again with ``confirmed=True``.
    Nothing was written.
    """

    def __init__(self, warnings: Sequence[str]):
        self.warnings = tuple(warnings)
        super().__init__(" ".join(self.warnings))


def meeting_of(session: Session, meeting_id: int) -> Meeting:
    return find_meeting(session, meeting_id)


def item_of(session: Session, item_id: int) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if item is None:
        raise NotFound(f"There is no agenda item with id {item_id}; someone may have removed it.")
    return item


def body_of(session: Session, meeting: Meeting) -> Body:
    body = session.get(Body, meeting.body_id)
    assert body is not None  # the foreign key guarantees it
    return body


def person_named(session: Session, name: str) -> Person:
    """The roster person called ``name`` (with a suggestion when misspelt)."""
    name = (name or "").strip()
    person = session.exec(select(Person).where(Person.name == name)).first()
    if person is not None:
        return person
    guess = did_you_mean(name, session.exec(select(Person.name)).all())
    hint = f' (did you mean "{guess}"?)' if guess else " (add them in the Roster area first)"
    raise NotFound(f'There is nobody called "{name}" on the roster{hint}.')


def items_of(session: Session, meeting_id: int) -> list[AgendaItem]:
    return list(session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)
                             .order_by(AgendaItem.position)))


def refuse_if_held(meeting: Meeting, what: str) -> None:
    if meeting.status == "held":
        raise EditError(f"This meeting has been held, so {what}; its items keep their numbers.")


def refuse_if_cancelled(meeting: Meeting, what: str) -> None:
    if meeting.status == "cancelled":
        raise EditError(f"This meeting is cancelled, so {what}.")


def check_minutes_change(meeting: Meeting, confirmed: bool) -> None:
    """After approval, a change to the minutes needs the user's confirmation."""
    if meeting.minutes_approved_on is not None and not confirmed:
        raise NeedsConfirmation([
            f"These minutes were approved as a correct record on {plain_date(meeting.minutes_approved_on)}. "
            "Change them anyway? The change is kept in the audit history."])


def agenda_changed(session: Session, meeting: Meeting) -> None:
    """An agenda change after issue marks the agenda revised."""
    if meeting.agenda_issued_on is not None and not meeting.agenda_revised:
        apply_changes(session, meeting, {"agenda_revised": True}, operation="revise")


def created(session: Session, record: SQLModel, summary: str, values: dict[str, Any] | None = None) -> int:
    """Add ``record`` with an audit entry; its new id."""
    session.add(record)
    session.flush()
    record_change(session, "create", type(record).__tablename__, record.id, summary,  # type: ignore[attr-defined]
                  {k: plain(v) for k, v in (values or {}).items()})
    return record.id  # type: ignore[attr-defined, return-value]


def deleted(session: Session, record: SQLModel, summary: str, values: dict[str, Any] | None = None) -> None:
    """Delete ``record`` with an audit entry (``values``: what it held, e.g. the links its history is found by)."""
    record_id = record.id  # type: ignore[attr-defined]
    session.delete(record)
    session.flush()
    record_change(session, "delete", type(record).__tablename__, record_id, summary,
                  {k: plain(v) for k, v in values.items()} if values else None)


def is_minutes_item(title: str) -> bool:
    """The standing item at which the last meeting's minutes are approved."""
    return title.strip().lower().startswith("minutes")
