"""What a calendar entry says, and whom an invitation lists.

The SUMMARY and DESCRIPTION texts, the online-meeting link, and the
attendees with their roles, as plain strings for :mod:`exporters.ics` to
write. Exempt (Part II) items never show their title or text: the
description lists them as "Part II: exempt item" and nothing more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from exporters.ics_timezone import london_time
from exporters.text import clean_line, clean_text
from models.checks import check_email
from models.formats import clock, long_date, time_range
from models.views import Invitee, MeetingView, PersonRef

ROLE_CHAIR = "CHAIR"
ROLE_REQUIRED = "REQ-PARTICIPANT"
ROLE_OPTIONAL = "OPT-PARTICIPANT"
_ROLE_STRENGTH = {ROLE_CHAIR: 3, ROLE_REQUIRED: 2, ROLE_OPTIONAL: 1}

# The same test the shared validator and most mail systems apply.
_WEB_LINK = re.compile(r"https?://\S+", re.IGNORECASE)

# Agenda titles, presenters and places repeat from meeting to meeting: a feed of
# thousands of meetings cleans each distinct text once.
_line = lru_cache(maxsize=4096)(clean_line)
# Meetings share days, and strftime is slow: each day is written once.
_long_date = lru_cache(maxsize=4096)(long_date)

_NOTES = {
    "cancelled": "This meeting has been cancelled.",
    "postponed": "This meeting has been postponed; a new date will follow.",
}


def label(meeting: MeetingView) -> str:
    """How messages name a meeting: "Executive Group on 2026-01-13"."""
    return f"{clean_line(meeting.body)} on {london_time(meeting.start).date().isoformat()}"


def summary(meeting: MeetingView) -> str:
    """SUMMARY text: "<body> — <title or 'meeting'>"."""
    title = _line(meeting.title) or "meeting"
    return f"{_line(meeting.body)} — {title}"


def _when(meeting: MeetingView) -> str:
    start, end = london_time(meeting.start), london_time(meeting.end)
    if end.date() == start.date():
        return f"{_long_date(start.date())}, {time_range(start, end)} (UK time)"
    return f"{_long_date(start.date())} {clock(start)} to {_long_date(end.date())} {clock(end)} (UK time)"


def link(meeting: MeetingView) -> str | None:
    """The online-meeting link if it is a usable web address."""
    value = clean_line(meeting.online_link)
    return value if _WEB_LINK.fullmatch(value) else None


def description(meeting: MeetingView) -> str:
    """DESCRIPTION text: when and where, then the numbered public agenda.

    An exempt item appears only as "<n>. Part II: exempt item".
    """
    lines = [_line(meeting.partnership.protective_marking) or "OFFICIAL", summary(meeting), _when(meeting)]
    location = _line(meeting.location)
    if location:
        lines.append(f"Location: {location}")
    online = clean_line(meeting.online_link)
    if online:
        lines.append(f"Join online: {online}")
    note = _NOTES.get(meeting.status)
    if note:
        lines += ["", note]
    lines += ["", "Agenda"]
    if not meeting.items:
        lines.append("The agenda will follow.")
    for item in meeting.items:
        if item.exempt:
            lines.append(f"{item.number}. Part II: exempt item")
            continue
        presenter = _line(item.presenter)
        lines.append(f"{item.number}. {_line(item.title)} ({presenter})" if presenter
                     else f"{item.number}. {_line(item.title)}")
    return clean_text("\n".join(lines))


def address(person: PersonRef) -> str | None:
    """``person``'s e-mail address if it is a usable one."""
    email = clean_line(person.email)
    return email if email and check_email(email) is None else None


def _role(invitee: Invitee) -> str:
    if invitee.capacity == "chair":
        return ROLE_CHAIR
    if invitee.capacity == "member" and invitee.voting:
        return ROLE_REQUIRED
    return ROLE_OPTIONAL


@dataclass
class Guest:
    """Someone an invitation lists as ATTENDEE."""

    person: PersonRef
    email: str
    role: str


def guests(meeting: MeetingView, verb: str) -> tuple[list[Guest], list[str]]:
    """Everyone to list as ATTENDEE, once each (strongest role wins), and warnings."""
    candidates: list[tuple[PersonRef, str]] = []
    if meeting.chair is not None:
        candidates.append((meeting.chair, ROLE_CHAIR))
    candidates += [(invitee.person, _role(invitee)) for invitee in meeting.invitees]

    found: dict[str, Guest] = {}
    warnings: list[str] = []
    reported: set[str] = set()
    for person, role in candidates:
        name = clean_line(person.name) or "Someone"
        email = address(person)
        if email is None:
            if name.casefold() in reported:
                continue
            reported.add(name.casefold())
            if clean_line(person.email):
                warnings.append(
                    f"{name}'s e-mail address {clean_line(person.email)!r} is not valid "
                    f"and they are not {verb}."
                )
            else:
                warnings.append(f"{name} has no e-mail address and is not {verb}.")
            continue
        key = email.casefold()
        known = found.get(key)
        if known is None:
            found[key] = Guest(person, email, role)
        elif _ROLE_STRENGTH[role] > _ROLE_STRENGTH[known.role]:
            known.role = role
    ordered = sorted(found.values(), key=lambda g: -_ROLE_STRENGTH[g.role])
    return ordered, warnings
