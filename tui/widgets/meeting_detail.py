"""How the Meetings area words one meeting: its facts and agenda, and who attends."""

from __future__ import annotations

from rich.text import Text

from models.formats import clock, day_label
from models.text import visible
from models.views import CAPACITY_LABELS, MeetingView

STATUS_WORDS = {"planned": "planned", "confirmed": "confirmed", "held": "held", "cancelled": "CANCELLED",
                "postponed": "postponed"}


def status_word(status: str) -> str:
    """A meeting's status as the Meetings area shows it (CANCELLED stands out)."""
    return STATUS_WORDS.get(status, status)


ATTENDANCE_WORDS = {"present": "Present", "apologies": "Apologies", "absent": "Absent", "deputy": "Deputising"}


def describe_meeting(view: MeetingView) -> Text:
    """The meeting itself: when, where, chair and agenda."""
    v = visible
    text = Text()
    text.append(v(view.body), style="bold")
    if view.title:
        text.append(f" — {v(view.title)}")
    text.append(f"\n{day_label(view.date)}, {clock(view.start)}–{clock(view.end)} · {status_word(view.status)}\n")
    if view.location:
        text.append(f"{v(view.location)}\n")
    if view.online_link:
        text.append(f"{v(view.online_link)}\n")
    text.append(f"Chair: {v(view.chair.name) if view.chair else 'nobody in the chair on this date'}\n")
    text.append(f"\nAgenda ({len(view.items)} items)\n", style="bold")
    if not view.items:
        text.append("  No agenda items yet.\n")
    for item in view.items:
        exempt = "  [Part II, exempt]" if item.exempt else ""
        presenter = f" — {v(item.presenter)}" if item.presenter else ""
        text.append(f"  {item.number}. {v(item.title)}{presenter}{exempt}\n")
    return text


def describe_attendance(view: MeetingView) -> Text:
    """Who came (or, before the meeting, who is expected) and the invite's sequence."""
    v = visible
    text = Text()
    if view.attendance:
        text.append("Attendance\n", style="bold")
        for row in view.attendance:
            deputy = f" for {v(row.deputy_for.name)}" if row.deputy_for else ""
            text.append(f"  {ATTENDANCE_WORDS.get(row.status, row.status)}{deputy}: {v(row.person.name)}\n")
    else:
        text.append(f"Expected ({len(view.invitees)}; attendance not recorded yet)\n", style="bold")
        for invitee in view.invitees:
            text.append(f"  {v(invitee.person.name)} ({CAPACITY_LABELS.get(invitee.capacity, invitee.capacity)})\n")
    text.append(f"\nInvite sequence {view.sequence}", style="dim")
    return text
