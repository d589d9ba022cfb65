"""Plain, read-only views of the records that exporters and screens consume.

These are the contract between ``models`` (which builds them from the
database, see :mod:`models.queries`) and ``exporters`` / ``tui`` (which only
read them). They carry no SQLAlchemy state, so they can be passed across
threads and built by hand in tests.

Times: ``start``/``end`` are timezone-aware datetimes in Europe/London.
Exempt (Part II) material is marked, never pre-filtered: each exporter
decides what a public document may show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from models.statuses import (  # noqa: F401  (the lists live there; imported from here too)
    ACTION_STATUSES,
    ATTENDANCE_STATUSES,
    CAPACITIES,
    CLOSED_ACTION_STATUSES,
    ITEM_PURPOSES,
    MEETING_STATUSES,
    OPEN_ACTION_STATUSES,
)

ROLE_LABELS = {
    "lead_safeguarding_partner": "Lead Safeguarding Partner",
    "delegated_safeguarding_partner": "Delegated Safeguarding Partner",
    "independent_scrutineer": "Independent Scrutineer",
    "independent_chair": "Independent Chair",
    "lead_member": "Lead Member",
    "education_lead": "Education Lead",
    "business_manager": "Business Manager",
    "other": "Other",
}

ACTION_STATUS_LABELS = {
    "open": "Open",
    "in_progress": "In progress",
    "completed": "Completed",
    "cancelled": "Cancelled",
}

CAPACITY_LABELS = {
    "chair": "Chair",
    "member": "Member",
    "adviser": "Adviser",
    "participant_observer": "Participant observer",
    "officer": "Officer",
}


def agenda_status(issued_on: date | None, revised: bool) -> str:
    """draft until issued; issued; revised when changed after issue."""
    if issued_on is None:
        return "draft"
    return "revised" if revised else "issued"


def minutes_status(approved_on: date | None, meeting_status: str, has_minutes: bool) -> str:
    """approved once approved at the next meeting; draft once held or minuted; else none."""
    if approved_on is not None:
        return "approved"
    return "draft" if meeting_status == "held" or has_minutes else "none"


@dataclass(frozen=True)
class PartnershipInfo:
    name: str
    short_name: str | None = None
    protective_marking: str = "OFFICIAL"
    business_manager: str | None = None  # person's name
    business_manager_email: str | None = None
    timezone: str = "Europe/London"


@dataclass(frozen=True)
class PersonRef:
    name: str
    email: str | None = None
    organisation: str | None = None
    title: str | None = None  # job title, e.g. "Chief Nursing Officer"


@dataclass(frozen=True)
class Invitee:
    """Someone expected at a meeting on its date (resolved from roles)."""

    person: PersonRef
    capacity: str = "member"  # one of CAPACITIES
    voting: bool = True
    role: str | None = None  # appointment role through which they are a member


@dataclass(frozen=True)
class AttendanceRow:
    person: PersonRef
    status: str  # one of ATTENDANCE_STATUSES
    deputy_for: PersonRef | None = None
    capacity: str = "member"
    voting: bool = True


@dataclass(frozen=True)
class ActionUpdateRow:
    on: date
    note: str
    status: str | None = None
    by: str | None = None  # who recorded it (None for updates loaded from a file)
    changes: tuple[tuple[str, str | None, str | None], ...] = ()  # (field, old, new): owner or due


@dataclass(frozen=True)
class ActionRow:
    reference: str  # e.g. "EXEC-2026-004"
    body: str
    description: str
    owner: str | None
    due: date | None
    status: str  # one of ACTION_STATUSES
    overdue: bool = False
    exempt: bool = False  # raised under an exempt (Part II) item
    meeting_date: date | None = None
    item_title: str | None = None
    updates: tuple[ActionUpdateRow, ...] = ()
    escalated_from: str | None = None  # the body that escalated it (name)
    escalated_to: str | None = None  # the body it was escalated to (name)
    escalated_on: date | None = None
    version: int = 1  # the record's version, for version-checked updates

    @property
    def latest_update(self) -> "ActionUpdateRow | None":
        """The most recent progress note (by date, then as recorded)."""
        return max(reversed(self.updates), key=lambda u: u.on) if self.updates else None


@dataclass(frozen=True)
class AgendaItemView:
    number: int  # the number printed on agenda/minutes (may continue through the year)
    title: str
    presenter: str | None = None
    duration_minutes: int | None = None
    start: datetime | None = None  # worked out from durations, Europe/London
    exempt: bool = False
    exempt_paragraph: int | None = None  # Schedule 12A paragraph
    exempt_reason: str | None = None
    minute: str | None = None
    resolutions: tuple[str, ...] = ()
    actions: tuple[ActionRow, ...] = ()
    standing: bool = False
    state: str = "listed"  # listed | deferred | withdrawn

    @classmethod
    def brief(cls, number: int, title: str, presenter: str | None, exempt: bool) -> "AgendaItemView":
        """An item with only what a calendar feed prints: equal to ``AgendaItemView(number=...,
        title=..., presenter=..., exempt=...)``, made without the frozen dataclass's
        field-by-field ``__init__`` (a ten-year feed makes tens of thousands). Its other fields
        read their defaults from the class, as a dataclass keeps them there."""
        item = _new(cls)
        _set(item, "number", number)
        _set(item, "title", title)
        _set(item, "presenter", presenter)
        _set(item, "exempt", exempt)
        return item


_new, _set = object.__new__, object.__setattr__


@dataclass(frozen=True)
class DeclarationRow:
    """A declaration of interest made at a meeting."""

    person: str
    nature: str
    item_title: str | None = None
    item_exempt: bool = False


@dataclass(frozen=True)
class MeetingView:
    id: int
    uid: str  # stable invite UID
    sequence: int  # invite SEQUENCE
    body: str
    body_short: str | None
    start: datetime  # aware, Europe/London
    end: datetime
    status: str  # one of MEETING_STATUSES
    partnership: PartnershipInfo
    title: str | None = None
    location: str | None = None
    online_link: str | None = None
    chair: PersonRef | None = None
    invitees: tuple[Invitee, ...] = ()
    attendance: tuple[AttendanceRow, ...] = ()
    items: tuple[AgendaItemView, ...] = ()
    updated: datetime | None = None  # last change to the meeting (UTC)
    version: int = 0  # the meeting record's version, for version-checked changes
    agenda_status: str = "draft"  # draft | issued | revised (changed after issue)
    minutes_status: str = "none"  # none | draft | approved
    declarations: tuple[DeclarationRow, ...] = ()

    @property
    def date(self) -> date:
        return self.start.date()

    @property
    def has_exempt_items(self) -> bool:
        return any(item.exempt for item in self.items)


@dataclass(frozen=True)
class ActionLog:
    partnership: PartnershipInfo
    actions: tuple[ActionRow, ...] = field(default_factory=tuple)
    title: str = "Action log"
    generated_on: date | None = None
