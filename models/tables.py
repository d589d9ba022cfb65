"""The database tables.

One database holds one partnership. Names (organisation, person, body) are
unique and are the keys the arrangements file uses. Every editable record
carries a ``version`` that rises on each change, so a save based on a stale
copy can be refused (see :mod:`models.editing`).

Cadence, chair and quorum rules are stored as JSON documents in the same
vocabulary as the arrangements file; :mod:`models.rules` parses them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from datetime import date, datetime, timezone
from typing import Any, Optional

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


# Stable constraint names, so migrations can alter SQLite tables in batch mode.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def new_uid() -> str:
    return f"{uuid.uuid4()}@convenor"


class Versioned(SQLModel):
    """Columns shared by editable records."""

    version: int = Field(default=1, nullable=False)
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)


class Partnership(Versioned, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    short_name: Optional[str] = None
    areas: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    timezone: str = "Europe/London"
    bank_holidays: str = "england"
    protective_marking: str = "OFFICIAL"
    business_manager_id: Optional[int] = Field(default=None, foreign_key="person.id", ondelete="SET NULL")


class Organisation(Versioned, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    short_name: Optional[str] = None
    kind: str = "relevant_agency"
    statutory: bool = False
    category: Optional[str] = None  # relevant-agency category


class Person(Versioned, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    title: Optional[str] = None  # job title
    organisation_id: Optional[int] = Field(default=None, foreign_key="organisation.id", ondelete="SET NULL", index=True)
    email: Optional[str] = None
    phone: Optional[str] = None


class Appointment(Versioned, table=True):
    """A person holding a role (for an organisation, or partnership-wide) over dates."""

    __table_args__ = (UniqueConstraint("person_id", "role", "organisation_id", "start", name="uq_appointment_key"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    role: str
    organisation_id: Optional[int] = Field(default=None, foreign_key="organisation.id", ondelete="CASCADE", index=True)
    start: date
    end: Optional[date] = None  # inclusive; None = open-ended
    notes: Optional[str] = None


class Body(Versioned, table=True):
    """A governance body: LSP group, executive, board, delivery group, ..."""

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    short_name: Optional[str] = None  # prefix of action references, e.g. EXEC
    kind: str = "delivery_group"
    reports_to_id: Optional[int] = Field(default=None, foreign_key="body.id", ondelete="SET NULL")
    cadence: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON))
    chair_rule: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON))
    quorum_rule: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON))
    minute_numbering: str = "per_meeting"  # per_meeting | per_year
    active: bool = True


class StandingItem(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("body_id", "position", name="uq_standing_item_position"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    body_id: int = Field(foreign_key="body.id", ondelete="CASCADE", index=True)
    position: int
    title: str


class BodyMember(SQLModel, table=True):
    """Membership of a body, either by role (whoever holds it) or by person."""

    id: Optional[int] = Field(default=None, primary_key=True)
    body_id: int = Field(foreign_key="body.id", ondelete="CASCADE", index=True)
    role: Optional[str] = None
    organisation_id: Optional[int] = Field(default=None, foreign_key="organisation.id", ondelete="CASCADE")
    person_id: Optional[int] = Field(default=None, foreign_key="person.id", ondelete="CASCADE", index=True)
    capacity: str = "member"  # chair | member | adviser | participant_observer | officer
    voting: bool = True


class ForwardPlanItem(Versioned, table=True):
    __table_args__ = (UniqueConstraint("body_id", "title", name="uq_forward_plan_title"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    body_id: int = Field(foreign_key="body.id", ondelete="CASCADE", index=True)
    title: str
    month: Optional[int] = None  # 1-12
    recurring: Optional[str] = None  # annual | None
    due: Optional[date] = None  # a one-off date
    notes: Optional[str] = None


class Meeting(Versioned, table=True):
    __table_args__ = (
        UniqueConstraint("body_id", "date", name="uq_meeting_body_date"),
        Index("ix_meeting_date", "date"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    body_id: int = Field(foreign_key="body.id", ondelete="CASCADE", index=True)
    date: dt.date
    start_time: dt.time = Field(default=dt.time(10, 0))  # Europe/London wall clock
    duration_minutes: int = 120
    title: Optional[str] = None
    status: str = Field(default="planned", index=True)  # planned | confirmed | held | cancelled | postponed
    location: Optional[str] = None
    online_link: Optional[str] = None
    uid: str = Field(default_factory=new_uid, unique=True)  # invite UID, never changes
    sequence: int = 0  # invite SEQUENCE, raised when time, place or status changes
    cadence_date: Optional[dt.date] = None  # the date the cadence gave, kept when the meeting is moved
    minutes_approved_on: Optional[dt.date] = None
    notes: Optional[str] = Field(default=None, sa_column=Column(Text))
    agenda_issued_on: Optional[dt.date] = None  # the agenda was sent out on this day
    agenda_revised: bool = False  # changed after issue


class AgendaItem(Versioned, table=True):
    __table_args__ = (UniqueConstraint("meeting_id", "position", name="uq_agenda_item_position"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", ondelete="CASCADE", index=True)
    position: int
    title: str
    presenter: Optional[str] = None
    duration_minutes: Optional[int] = None
    standing: bool = False
    exempt: bool = False
    exempt_paragraph: Optional[int] = None  # Schedule 12A paragraph
    exempt_reason: Optional[str] = None
    minute: Optional[str] = Field(default=None, sa_column=Column(Text))
    purpose: Optional[str] = None  # decision | assurance | information
    source: Optional[str] = None  # standing | forward_plan | carried_over | escalated | added
    state: str = "listed"  # listed | deferred | withdrawn
    papers: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    carried_from_id: Optional[int] = None  # the item of an earlier meeting this one was deferred from


class Resolution(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("item_id", "position", name="uq_resolution_position"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="agendaitem.id", ondelete="CASCADE", index=True)
    position: int
    text: str = Field(sa_column=Column(Text, nullable=False))


class Attendance(Versioned, table=True):
    __table_args__ = (UniqueConstraint("meeting_id", "person_id", name="uq_attendance_person"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", ondelete="CASCADE", index=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    status: str = "present"  # present | apologies | absent | deputy
    deputy_for_id: Optional[int] = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    capacity: Optional[str] = None  # as recorded at the meeting, when it differs from membership


class Action(Versioned, table=True):
    # Lists of outstanding and overdue actions filter by status and sort by due date; the Actions
    # area's pages filter by body (or the body escalated to) and owner and sort by due date.
    __table_args__ = (
        Index("ix_action_status_due", "status", "due"),
        Index("ix_action_body_id_due", "body_id", "due"),
        Index("ix_action_escalated_to_body_id_due", "escalated_to_body_id", "due"),
        Index("ix_action_owner_id_due", "owner_id", "due"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    reference: str = Field(unique=True)  # e.g. EXEC-2026-004
    body_id: int = Field(foreign_key="body.id", ondelete="CASCADE", index=True)
    meeting_id: Optional[int] = Field(default=None, foreign_key="meeting.id", ondelete="SET NULL", index=True)
    item_id: Optional[int] = Field(default=None, foreign_key="agendaitem.id", ondelete="SET NULL", index=True)
    description: str = Field(sa_column=Column(Text, nullable=False))
    owner_id: Optional[int] = Field(default=None, foreign_key="person.id", ondelete="SET NULL", index=True)
    due: Optional[date] = Field(default=None, index=True)
    status: str = Field(default="open", index=True)  # open | in_progress | completed | cancelled
    completed_on: Optional[date] = None
    # Escalation (models.actions.escalation): the body that escalated this
    # action or concern, the body it was escalated to, and when.
    escalated_from_body_id: Optional[int] = Field(default=None, foreign_key="body.id", ondelete="SET NULL")
    escalated_to_body_id: Optional[int] = Field(default=None, foreign_key="body.id", ondelete="SET NULL", index=True)
    escalated_on: Optional[date] = None


class ActionUpdate(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", ondelete="CASCADE", index=True)
    on: date
    note: str = Field(sa_column=Column(Text, nullable=False))
    status: Optional[str] = None
    # Who recorded the update and when, and any owner/due change as
    # {"owner": [old, new], "due": [old, new]} (ISO dates, names).
    by: Optional[str] = None
    at: Optional[datetime] = None
    changes: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON))


class Declaration(SQLModel, table=True):
    """A declaration of interest made at a meeting: who, on which item, and what."""

    id: Optional[int] = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", ondelete="CASCADE", index=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    item_id: Optional[int] = Field(default=None, foreign_key="agendaitem.id", ondelete="SET NULL")
    nature: str = Field(sa_column=Column(Text, nullable=False))


class AuditEntry(SQLModel, table=True):
    """One change made by a user: who, when, what record, what changed."""

    __table_args__ = (Index("ix_auditentry_record", "table_name", "record_id"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str
    operation: str  # create | update | delete | load | schedule
    table_name: str
    record_id: Optional[int] = None
    summary: str
    changes: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON))


class Obligation(Versioned, table=True):
    """A statutory obligation (see :mod:`models.obligations`).

    A one-off (``serious_incident``) is known by its case reference only, never
    a child's name or details, and has a trigger date; the day the national
    panel was notified is ``notified``. A recurring one (``yearly_report``,
    ``arrangements_review``, ``independent_scrutiny``) falls due
    ``every_months`` after ``last_met``; there is one of each kind.
    """

    id: Optional[int] = Field(default=None, primary_key=True)
    kind: str = Field(index=True)
    case_reference: Optional[str] = Field(default=None, unique=True)
    trigger: Optional[date] = None
    notified: Optional[date] = None
    last_met: Optional[date] = None
    every_months: int = 12


class CheckpointMet(SQLModel, table=True):
    """A checkpoint recorded as met: which, the due date it had then, and the day it was met."""

    __table_args__ = (UniqueConstraint("obligation_id", "checkpoint", "due", name="uq_checkpointmet_key"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    obligation_id: int = Field(foreign_key="obligation.id", ondelete="CASCADE", index=True)
    checkpoint: str
    due: date
    met_on: date


class CheckpointRule(Versioned, table=True):
    """A further checkpoint the partnership sets for every serious incident:
    ``working_days`` after another checkpoint (or the trigger)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    after: str = "rapid_review"
    working_days: int


ALL_TABLES = [
    Partnership, Organisation, Person, Appointment, Body, StandingItem, BodyMember,
    ForwardPlanItem, Meeting, AgendaItem, Resolution, Attendance, Action, ActionUpdate, AuditEntry, Declaration,
    Obligation, CheckpointMet, CheckpointRule,
]
