"""Calendar files (.ics): meeting invitations, cancellations and feeds.

Written with the icalendar library. An invitation or cancellation (iTIP
METHOD:REQUEST / METHOD:CANCEL) holds exactly one meeting, as Outlook reads
only the first; a feed (METHOD:PUBLISH) holds many and lists nobody. Every
file carries its own Europe/London VTIMEZONE (see :mod:`exporters.ics_timezone`).

Exempt (Part II) items never show their title or text: the description
lists them as "Part II: exempt item" and nothing more.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from icalendar import Calendar, Event, vCalAddress, vDuration, vText

from exporters.files import ExportError, atomic_write, resolve_output
from exporters.ics_files import folder_names, invite_filename, is_folder, output_folder
from exporters.ics_timezone import LONDON_TZID, london_time, london_vtimezone
from exporters.text import clean_line, clean_text
from models.checks import check_email
from models.formats import clock, long_date, time_range
from models.views import Invitee, MeetingView, PersonRef

PRODID = "-//Convenor//Safeguarding partnership governance//EN"
METHODS = ("request", "publish", "cancel")
FEED_REFRESH = timedelta(hours=12)

ROLE_CHAIR = "CHAIR"
ROLE_REQUIRED = "REQ-PARTICIPANT"
ROLE_OPTIONAL = "OPT-PARTICIPANT"
_ROLE_STRENGTH = {ROLE_CHAIR: 3, ROLE_REQUIRED: 2, ROLE_OPTIONAL: 1}

# The same test the shared validator and most mail systems apply.
_WEB_LINK = re.compile(r"https?://\S+", re.IGNORECASE)

_STATUS = {
    "planned": "TENTATIVE",
    "confirmed": "CONFIRMED",
    "held": "CONFIRMED",
    "cancelled": "CANCELLED",
    # A postponed meeting keeps its slot, marked tentative, until it is
    # given a new date (which raises SEQUENCE) or is cancelled.
    "postponed": "TENTATIVE",
}

_NOTES = {
    "cancelled": "This meeting has been cancelled.",
    "postponed": "This meeting has been postponed; a new date will follow.",
}


# ---------------------------------------------------------------- small parts


def _utc(moment: datetime | None) -> datetime:
    """``moment`` (or now) in UTC to the second; a naive value is taken as UTC."""
    if moment is None:
        moment = datetime.now(timezone.utc)
    elif moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).replace(microsecond=0)


def _label(meeting: MeetingView) -> str:
    """How messages name a meeting: "Executive Group on 2026-01-13"."""
    return f"{clean_line(meeting.body)} on {london_time(meeting.start).date().isoformat()}"


def summary(meeting: MeetingView) -> str:
    """SUMMARY text: "<body> — <title or 'meeting'>"."""
    title = clean_line(meeting.title) or "meeting"
    return f"{clean_line(meeting.body)} — {title}"


def _when(meeting: MeetingView) -> str:
    start, end = london_time(meeting.start), london_time(meeting.end)
    if end.date() == start.date():
        return f"{long_date(start)}, {time_range(start, end)} (UK time)"
    return f"{long_date(start)} {clock(start)} to {long_date(end)} {clock(end)} (UK time)"


def _link(meeting: MeetingView) -> str | None:
    """The online-meeting link if it is a usable web address."""
    link = clean_line(meeting.online_link)
    return link if _WEB_LINK.fullmatch(link) else None


def description(meeting: MeetingView) -> str:
    """DESCRIPTION text: when and where, then the numbered public agenda.

    An exempt item appears only as "<n>. Part II: exempt item".
    """
    lines = [clean_line(meeting.partnership.protective_marking) or "OFFICIAL"]
    lines.append(summary(meeting))
    lines.append(_when(meeting))
    if clean_line(meeting.location):
        lines.append(f"Location: {clean_line(meeting.location)}")
    link = clean_line(meeting.online_link)
    if link:
        lines.append(f"Join online: {link}")
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
        text = f"{item.number}. {clean_line(item.title)}"
        if clean_line(item.presenter):
            text += f" ({clean_line(item.presenter)})"
        lines.append(text)
    return clean_text("\n".join(lines))


def _address(person: PersonRef) -> str | None:
    email = clean_line(person.email)
    return email if email and check_email(email) is None else None


def _cal_address(name: str, email: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    # A double quote cannot appear in a parameter value that Outlook reads.
    cn = clean_line(name).replace('"', "'")
    if cn:
        address.params["CN"] = cn
    return address


def _role(invitee: Invitee) -> str:
    if invitee.capacity == "chair":
        return ROLE_CHAIR
    if invitee.capacity == "member" and invitee.voting:
        return ROLE_REQUIRED
    return ROLE_OPTIONAL


@dataclass
class _Guest:
    person: PersonRef
    email: str
    role: str


def _guests(meeting: MeetingView, verb: str) -> tuple[list[_Guest], list[str]]:
    """Everyone to list as ATTENDEE, once each (strongest role wins), and warnings."""
    candidates: list[tuple[PersonRef, str]] = []
    if meeting.chair is not None:
        candidates.append((meeting.chair, ROLE_CHAIR))
    candidates += [(invitee.person, _role(invitee)) for invitee in meeting.invitees]

    guests: dict[str, _Guest] = {}
    warnings: list[str] = []
    reported: set[str] = set()
    for person, role in candidates:
        name = clean_line(person.name) or "Someone"
        email = _address(person)
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
        known = guests.get(key)
        if known is None:
            guests[key] = _Guest(person, email, role)
        elif _ROLE_STRENGTH[role] > _ROLE_STRENGTH[known.role]:
            known.role = role
    ordered = sorted(guests.values(), key=lambda g: -_ROLE_STRENGTH[g.role])
    return ordered, warnings


def _organizer(meeting: MeetingView) -> vCalAddress:
    info = meeting.partnership
    email = clean_line(info.business_manager_email)
    if not email:
        raise ExportError(
            "The partnership has no business manager e-mail address, "
            "which every invitation needs as its organiser."
        )
    if check_email(email) is not None:
        raise ExportError(f"The business manager's e-mail address {email!r} is not valid.")
    return _cal_address(info.business_manager or info.name, email)


# ---------------------------------------------------------------- components


def _calendar(method: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    cal.add_component(london_vtimezone())
    return cal


def _event(meeting: MeetingView, stamp: datetime, *, cancel: bool) -> Event:
    """One VEVENT for ``meeting``, without ORGANIZER or ATTENDEE."""
    uid = clean_line(meeting.uid)
    if not uid:
        raise ExportError(f"The meeting of {_label(meeting)} has no stored invite UID.")
    start, end = london_time(meeting.start), london_time(meeting.end)
    if end <= start:
        raise ExportError(f"The meeting of {_label(meeting)} does not end after it starts.")
    if meeting.sequence < 0:
        raise ExportError(f"The meeting of {_label(meeting)} has a negative invite sequence.")
    status = "CANCELLED" if cancel else _STATUS.get(meeting.status, "TENTATIVE")

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    if meeting.updated is not None:
        event.add("last-modified", _utc(meeting.updated))
    event.add("sequence", meeting.sequence)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary(meeting))
    if clean_line(meeting.location):
        event.add("location", clean_line(meeting.location))
    event.add("description", description(meeting))
    link = _link(meeting)
    if link:
        event.add("url", link)
    event.add("status", status)
    event.add("transp", "TRANSPARENT" if status == "CANCELLED" else "OPAQUE")
    return event


# ---------------------------------------------------------------- public API


def build_invite(
    meeting: MeetingView, method: str = "REQUEST", *, now: datetime | None = None
) -> tuple[bytes, list[str]]:
    """Return an iTIP invitation (REQUEST) or cancellation (CANCEL) for one meeting.

    The second value lists one-sentence warnings, e.g. invitees left out for
    want of an e-mail address. A REQUEST for a meeting already marked
    cancelled is written as a CANCEL (with a warning), so nobody is invited
    to a meeting that will not take place.
    """
    wanted = method.strip().upper()
    if wanted not in ("REQUEST", "CANCEL"):
        raise ExportError(f"An invitation's method must be REQUEST or CANCEL, not {method!r}.")
    warnings: list[str] = []
    if wanted == "REQUEST" and meeting.status == "cancelled":
        wanted = "CANCEL"
        warnings.append(
            f"The meeting of {_label(meeting)} is cancelled, so a cancellation was "
            "written instead of an invitation."
        )
    elif wanted == "CANCEL" and meeting.status != "cancelled":
        warnings.append(
            f"The meeting of {_label(meeting)} is not marked cancelled, so its sequence "
            "was not raised and some calendars may ignore this cancellation."
        )
    cancel = wanted == "CANCEL"

    cal = _calendar(wanted)
    event = _event(meeting, _utc(now), cancel=cancel)
    event.add("organizer", _organizer(meeting))
    guests, missing = _guests(meeting, "sent the cancellation" if cancel else "invited")
    warnings += missing
    for guest in guests:
        address = _cal_address(guest.person.name, guest.email)
        address.params["CUTYPE"] = "INDIVIDUAL"
        address.params["ROLE"] = guest.role
        address.params["PARTSTAT"] = "NEEDS-ACTION"
        address.params["RSVP"] = "TRUE"
        event.add("attendee", address)
    if not guests:
        what = "cancellation" if cancel else "invitation"
        warnings.append(
            f"Nobody invited to {_label(meeting)} has an e-mail address, so the {what} reaches nobody."
        )
    cal.add_component(event)
    return cal.to_ical(), warnings


def build_feed(
    meetings: Sequence[MeetingView], *, calendar_name: str, now: datetime | None = None
) -> bytes:
    """Return a subscribable feed (METHOD:PUBLISH) of ``meetings``.

    Each event names the business manager as ORGANIZER (when an e-mail
    address is known) but lists no attendees.
    """
    name = clean_line(calendar_name)
    if not name:
        raise ExportError("A calendar feed needs a name.")
    stamp = _utc(now)
    cal = _calendar("PUBLISH")
    # As escaped text, marked as such, so that readers which split an unknown
    # property at commas (vobject, Radicale) and those which keep its escapes
    # (icalendar) all read the name whole.
    cal.add("x-wr-calname", vText(name), parameters={"VALUE": "TEXT"})
    cal.add("x-wr-timezone", LONDON_TZID)
    # How often subscribers should fetch the feed again (RFC 7986; Outlook's own name).
    cal.add("refresh-interval", vDuration(FEED_REFRESH), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(FEED_REFRESH))
    seen: set[str] = set()
    for meeting in sorted(meetings, key=lambda m: (london_time(m.start), clean_line(m.body))):
        event = _event(meeting, stamp, cancel=meeting.status == "cancelled")
        if _address(PersonRef(name="", email=meeting.partnership.business_manager_email)):
            # RFC 5546 asks for ORGANIZER in PUBLISH too; attendees are never listed.
            event.add("organizer", _organizer(meeting))
        uid = str(event["UID"])
        if uid in seen:
            raise ExportError(f"Two meetings share the invite UID {uid!r}.")
        seen.add(uid)
        cal.add_component(event)
    return cal.to_ical()


def _write_all(files: list[tuple[Path, bytes]]) -> list[Path]:
    """Write every file or, on failure, remove the ones this call created."""
    written: list[Path] = []
    created: list[Path] = []
    try:
        for path, data in files:
            existed = path.exists()
            atomic_write(path, data)
            written.append(path)
            if not existed:
                created.append(path)
    except ExportError:
        for path in created:
            path.unlink(missing_ok=True)
        raise
    return written


def export_ics(
    meetings: Sequence[MeetingView],
    method: str,
    output: str | Path,
    *,
    calendar_name: str,
    now: datetime | None = None,
    folder: bool = False,
) -> tuple[list[Path], list[str]]:
    """Write .ics files for ``meetings`` and return (paths written, warnings).

    ``publish`` writes one feed at ``output``. ``request``/``cancel`` write one
    file per meeting: at ``output`` for a single meeting, otherwise into the
    folder ``output`` (created if missing), named by :func:`invite_filename`.
    ``output`` is a folder whatever the count when ``folder`` is true (a
    selection by body or of all meetings), when it is an existing folder, or
    when it ends in a slash. Everything is built before anything is written;
    no partial file is ever left behind.
    """
    kind = method.strip().lower()
    if kind not in METHODS:
        raise ExportError(f"The method {method!r} is not one of request, publish or cancel.")
    if not meetings:
        raise ExportError("There are no meetings to export.")
    out = Path(output).expanduser()

    if kind == "publish":
        path = resolve_output(out, suffixes=(".ics",))
        data = build_feed(meetings, calendar_name=calendar_name, now=now)
        return _write_all([(path, data)]), []

    built: list[bytes] = []
    warnings: list[str] = []
    several = len(meetings) > 1
    for meeting in meetings:
        data, notes = build_invite(meeting, kind.upper(), now=now)
        built.append(data)
        prefix = f"{invite_filename(meeting)[: -len('.ics')]}: "
        warnings += [prefix + note if several else note for note in notes]

    if not several and not folder and not is_folder(output):
        path = resolve_output(out, suffixes=(".ics",))
        return _write_all([(path, built[0])]), warnings

    folder, created = output_folder(out)
    targets = [folder / name for name in folder_names(meetings)]
    try:
        return _write_all(list(zip(targets, built))), warnings
    except ExportError:
        if created:
            # Only an empty folder is removed; one holding others' files stays.
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
