"""Deleting records entered in error (models.deletes) and reading any record's
history (models.history), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from models.actions import add_action, update_action
from models.db import session_scope
from models.deletes import (
    DeleteRefused,
    delete_action,
    delete_agenda_item,
    delete_appointment,
    delete_meeting,
    delete_person,
)
from models.history import action_history, record_history
from models.scheduling import schedule
from models.tables import Action, AgendaItem, Appointment, AuditEntry, Meeting, Person

DAY = date(2026, 4, 1)


def _id(session, model, **where):
    query = select(model)
    for key, value in where.items():
        query = query.where(getattr(model, key) == value)
    return session.exec(query).first().id


def test_a_person_holding_nothing_is_deleted_with_an_audit_entry(loaded):
    with session_scope(loaded) as session:
        session.add(Person(name="Ann Typo"))
    with session_scope(loaded) as session:
        delete_person(session, _id(session, Person, name="Ann Typo"))
    with Session(loaded) as session:
        assert session.exec(select(Person).where(Person.name == "Ann Typo")).first() is None
        entry = session.exec(select(AuditEntry).where(AuditEntry.operation == "delete")).one()
        assert entry.summary == 'Deleted person "Ann Typo"' and entry.changes["name"] == ["Ann Typo", None]


def test_a_person_holding_an_appointment_is_refused_naming_what_holds_them(loaded):
    with session_scope(loaded) as session, pytest.raises(DeleteRefused) as refused:
        delete_person(session, _id(session, Person, name="Sofia Reyes"))
    assert str(refused.value).startswith("Sofia Reyes cannot be deleted: they hold 1 appointment, ")
    assert "1 attendance record" in str(refused.value) and "1 action" in str(refused.value)
    with session_scope(loaded) as session, pytest.raises(DeleteRefused, match="the chair of Child Exploitation"):
        delete_person(session, _id(session, Person, name="Daniel Moss"))


def test_an_appointment_entered_in_error_is_deleted(loaded):
    with session_scope(loaded) as session:
        appointment = _id(session, Appointment, person_id=_id(session, Person, name="Sofia Reyes"))
        delete_appointment(session, appointment)
    with Session(loaded) as session:
        assert session.get(Appointment, appointment) is None
        assert record_history(session, "appointment", appointment)[-1].operation == "delete"


def test_held_meetings_are_never_deleted_and_invited_ones_are_cancelled_instead(loaded):
    with session_scope(loaded) as session:
        held = _id(session, Meeting, status="held")
        schedule(session, date(2026, 4, 1), date(2026, 4, 30), "Executive Group")
        planned = _id(session, Meeting, status="planned")
        meeting = session.get(Meeting, planned)
        meeting.sequence = 1
    with session_scope(loaded) as session:
        with pytest.raises(DeleteRefused, match="held meeting and its minutes can never be deleted"):
            delete_meeting(session, held)
        with pytest.raises(DeleteRefused, match="cancel it instead"):
            delete_meeting(session, planned)


def test_a_planned_meeting_is_deleted_and_not_scheduled_again(loaded):
    with session_scope(loaded) as session:
        (created,) = [r for r in schedule(session, date(2026, 4, 1), date(2026, 4, 30), "Executive Group")]
    with session_scope(loaded) as session:
        delete_meeting(session, created.meeting_id)
    with session_scope(loaded) as session:
        again = schedule(session, date(2026, 4, 1), date(2026, 4, 30), "Executive Group")
        assert again == [] and session.get(Meeting, created.meeting_id) is None


def test_agenda_items_minuted_or_of_a_held_meeting_stay(loaded):
    with session_scope(loaded) as session:
        minuted = _id(session, AgendaItem, title="Declarations of interest")
        with pytest.raises(DeleteRefused, match="held meeting"):
            delete_agenda_item(session, minuted)
        (created,) = schedule(session, date(2026, 4, 1), date(2026, 4, 30), "Executive Group")
        session.add(AgendaItem(meeting_id=created.meeting_id, position=1, title="Draft item"))
        session.add(AgendaItem(meeting_id=created.meeting_id, position=2, title="Noted item", minute="Noted."))
    with session_scope(loaded) as session:
        delete_agenda_item(session, _id(session, AgendaItem, title="Draft item"))
        with pytest.raises(DeleteRefused, match='"Noted item" cannot be deleted: it has a minute'):
            delete_agenda_item(session, _id(session, AgendaItem, title="Noted item"))


def test_actions_from_approved_minutes_can_only_be_cancelled(loaded):
    with session_scope(loaded) as session:
        session.get(Meeting, _id(session, Meeting, status="held")).minutes_approved_on = date(2026, 4, 14)
        loose = add_action(session, body="Executive Group", description="Entered twice", today=DAY).reference
        update_action(session, loose, note="A note", on=DAY)
    with session_scope(loaded) as session:
        with pytest.raises(DeleteRefused, match="EG-2026-001 comes from approved minutes; it can only be cancelled"):
            delete_action(session, "EG-2026-001")
        delete_action(session, loose)
    with Session(loaded) as session:
        assert session.exec(select(Action).where(Action.reference == loose)).first() is None


def test_history_shows_who_when_field_old_and_new(loaded):
    with session_scope(loaded) as session:
        update_action(session, "EG-2026-001", owner="Tom Whitfield", due="2026-05-01", note="Handed over", on=DAY)
    with Session(loaded) as session:
        rows = action_history(session, "EG-2026-001")
    changes = {(r.field, r.old, r.new) for r in rows}
    assert ("owner", "Kemi Adeyemi", "Tom Whitfield") in changes
    assert ("due", "2026-02-27", "2026-05-01") in changes
    assert all(r.actor == "test-officer" for r in rows)
