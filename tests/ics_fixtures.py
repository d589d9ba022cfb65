"""Hand-built MeetingView objects for the calendar export tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from models.views import (
    ActionRow,
    AgendaItemView,
    Invitee,
    MeetingView,
    PartnershipInfo,
    PersonRef,
)

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 1, 5, 9, 30, 15, tzinfo=timezone.utc)
CANARY = "CANARY-EXEMPT-7f3a"

PARTNERSHIP = PartnershipInfo(
    name="Northmoor Safeguarding Children Partnership",
    short_name="NSCP",
    business_manager="Priya Shah",
    business_manager_email="priya.shah@northmoor.example",
)

SOFIA = PersonRef("Sofia Reyes", "sofia.reyes@northmoor.example", "Northmoor Metropolitan Borough Council")
TOM = PersonRef("Tom Whitfield", "tom.whitfield@icb.example", "NHS Northmoor Integrated Care Board")
HELEN = PersonRef("Helen Price", "helen.price@police.example", "Northmoor Police")
RUTH = PersonRef("Ruth Ellison", "ruth.ellison@scrutiny.example", None, "Independent Scrutineer")
OWEN = PersonRef("Cllr Owen Baines", "owen.baines@northmoor.example", "Northmoor Metropolitan Borough Council")
NOMAIL = PersonRef("Daniel Moss", None, "Northmoor Police")
SIAN = PersonRef("Siân O'Brien, Ysgol Gymraeg Bro Dinefwr", "sian@ysgol.example", "Ysgol Gymraeg Bro Dinefwr")


def london(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def exempt_item(number: int) -> AgendaItemView:
    """An exempt item whose every field carries the canary."""
    action = ActionRow(
        reference=f"EXEC-{CANARY}",
        body="Executive Group",
        description=f"Action {CANARY}",
        owner=f"Owner {CANARY}",
        due=None,
        status="open",
        exempt=True,
        item_title=f"Case {CANARY}",
    )
    return AgendaItemView(
        number=number,
        title=f"Child H case review {CANARY}",
        presenter=f"Presenter {CANARY}",
        exempt=True,
        exempt_paragraph=2,
        exempt_reason=f"Information likely to reveal the identity of an individual {CANARY}",
        minute=f"Minute {CANARY}",
        resolutions=(f"Resolution {CANARY}",),
        actions=(action,),
    )


def executive_meeting(**changes: object) -> MeetingView:
    """A confirmed Executive Group meeting with public and exempt items."""
    meeting = MeetingView(
        id=12,
        uid="meeting-3f9c2a1e-0b7d-4c55-9d1e-6f2a8b4c7d10@convenor.northmoor.example",
        sequence=0,
        body="Executive Group",
        body_short="EXEC",
        start=london(2026, 1, 13, 10),
        end=london(2026, 1, 13, 12),
        status="confirmed",
        partnership=PARTNERSHIP,
        title=None,
        location="Town Hall, Committee Room 2; Northmoor",
        online_link="https://teams.example/l/meetup-join/19%3ameeting_abc",
        chair=SOFIA,
        invitees=(
            Invitee(SOFIA, "member", True, "delegated_safeguarding_partner"),
            Invitee(TOM, "member", True, "delegated_safeguarding_partner"),
            Invitee(HELEN, "member", True, "delegated_safeguarding_partner"),
            Invitee(RUTH, "adviser", False, "independent_scrutineer"),
            Invitee(OWEN, "participant_observer", False, "lead_member"),
            Invitee(NOMAIL, "member", True, "delegated_safeguarding_partner"),
        ),
        items=(
            AgendaItemView(1, "Apologies and declarations of interest", standing=True),
            AgendaItemView(2, "Minutes of the last meeting, matters arising", presenter="Chair", standing=True),
            exempt_item(3),
            AgendaItemView(4, "Yearly report 2025/26: draft", presenter="Priya Shah"),
        ),
        updated=datetime(2026, 1, 2, 16, 45, 0, tzinfo=timezone.utc),
    )
    return replace(meeting, **changes) if changes else meeting


def dst_pair() -> tuple[MeetingView, MeetingView]:
    """Two 10:00 meetings: one before the March 2026 clock change (GMT), one after (BST)."""
    before = executive_meeting(
        id=21,
        uid="meeting-dst-before@convenor.northmoor.example",
        start=london(2026, 3, 24, 10),
        end=london(2026, 3, 24, 12),
    )
    after = executive_meeting(
        id=22,
        uid="meeting-dst-after@convenor.northmoor.example",
        start=london(2026, 3, 31, 10),
        end=london(2026, 3, 31, 12),
    )
    return before, after


# Text that stresses escaping, folding and Unicode handling.
AWKWARD_TITLE = "Neglect, exploitation; and \\ back-slashes — Siân’s café 🎉 שלום עולם"
AWKWARD_LOCATION = "Ysgol Gymraeg Bro Dinefwr, Heol Cae Glas; Llandeilo — Neuadd ✨"


def awkward_meeting(**changes: object) -> MeetingView:
    """A meeting whose text is full of separators, non-ASCII and control characters."""
    long_title = ("Long discussion: " + "æøå, ;\\ Siân 🎉 " * 8000)[:100_000].rstrip() + " end."
    meeting = executive_meeting(
        id=31,
        uid="meeting-awkward@convenor.northmoor.example",
        body="Safeguarding in Education, Wales; Cymru",
        title=AWKWARD_TITLE + "\x07\x1b",
        location=AWKWARD_LOCATION + "\x00",
        chair=SIAN,
        invitees=(Invitee(SIAN, "chair", True), Invitee(TOM, "member", True)),
        items=(
            AgendaItemView(1, "Welcome\x0b, Croeso; \\ “quotes”"),
            AgendaItemView(2, long_title),
            exempt_item(3),
        ),
    )
    return replace(meeting, **changes) if changes else meeting
