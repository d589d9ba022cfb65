"""Calendar files (.ics): meeting invitations, cancellations and feeds.

An invitation or cancellation (iTIP METHOD:REQUEST / METHOD:CANCEL) holds
exactly one meeting, as Outlook reads only the first; a feed
(METHOD:PUBLISH) holds many and lists nobody. Every file carries its own
Europe/London VTIMEZONE (see :mod:`exporters.ics_timezone`). Both kinds are
written by the same code: each meeting becomes a list of content lines
(:func:`_event`), which :mod:`exporters.ics_lines` escapes and folds. (The
icalendar library's object layer took most of the time of a ten-year feed;
the tests compare these files with ones built through it.)

Exempt (Part II) items never show their title or text: the description
lists them as "Part II: exempt item" and nothing more.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from exporters.files import ExportError, atomic_write, resolve_output
from exporters.ics_content import address, description, guests, label, link, summary
from exporters.ics_files import folder_names, invite_filename, is_folder, output_folder
from exporters.ics_lines import calendar_bytes, local_time, parameter, text, utc_stamp
from exporters.ics_timezone import LONDON_TZID, LONDON_VTIMEZONE, london_time
from exporters.text import clean_line
from models.checks import check_email
from models.progress import Progress, every
from models.views import MeetingView, PartnershipInfo, PersonRef

__all__ = ["build_feed", "build_invite", "description", "export_ics", "invite_filename", "summary"]

PRODID = "-//Convenor//Safeguarding partnership governance//EN"
METHODS = ("request", "publish", "cancel")
FEED_REFRESH = "PT12H"  # how often subscribers should fetch a feed again: 12 hours

_STATUS = {
    "planned": "TENTATIVE",
    "confirmed": "CONFIRMED",
    "held": "CONFIRMED",
    "cancelled": "CANCELLED",
    # A postponed meeting keeps its slot, marked tentative, until it is
    # given a new date (which raises SEQUENCE) or is cancelled.
    "postponed": "TENTATIVE",
}
# A name (CN) goes in double quotes when it holds a space or an apostrophe.
_CN_QUOTED = " '"


# ---------------------------------------------------------------- small parts


def _utc(moment: datetime | None) -> datetime:
    """``moment`` (or now) in UTC to the second; a naive value is taken as UTC."""
    if moment is None:
        moment = datetime.now(timezone.utc)
    elif moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).replace(microsecond=0)


@lru_cache(maxsize=1024)
def _last_modified(moment: datetime) -> str:
    """A LAST-MODIFIED value: records changed together share it, so a feed writes each once."""
    return utc_stamp(_utc(moment))


def _cal_address(name: str, email: str, parameters: str = "") -> str:
    """``;CN=<name><parameters>:mailto:<email>``: the tail of an ORGANIZER or ATTENDEE line."""
    # A double quote cannot appear in a parameter value that Outlook reads.
    cn = clean_line(name).replace('"', "'")
    common = f";CN={parameter(cn, quote_if=_CN_QUOTED)}" if cn else ""
    return f"{common}{parameters}:mailto:{email}"


def _organizer(meeting: MeetingView) -> str:
    info = meeting.partnership
    email = clean_line(info.business_manager_email)
    if not email:
        raise ExportError(
            "The partnership has no business manager e-mail address, "
            "which every invitation needs as its organiser."
        )
    if check_email(email) is not None:
        raise ExportError(f"The business manager's e-mail address {email!r} is not valid.")
    return "ORGANIZER" + _cal_address(info.business_manager or info.name, email)


# ---------------------------------------------------------------- components


def _calendar(method: str, properties: Sequence[str] = ()) -> list[str]:
    """The calendar's opening lines, up to and with its VTIMEZONE."""
    return ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{text(PRODID)}", "CALSCALE:GREGORIAN",
            f"METHOD:{method}", *properties, *LONDON_VTIMEZONE]


def _event(meeting: MeetingView, stamp: str, *, cancel: bool, organizer: Callable[[MeetingView], str | None],
           attendees: Sequence[str] = ()) -> list[str]:
    """One VEVENT for ``meeting``, as content lines; ``organizer`` gives its ORGANIZER line, if any
    (asked only once the meeting itself has been checked).

    The properties come in a fixed order: SUMMARY, DTSTART, DTEND, DTSTAMP,
    UID and SEQUENCE, then the others alphabetically (the order the icalendar
    library writes, so files match those of earlier versions line for line).
    """
    uid = clean_line(meeting.uid)
    if not uid:
        raise ExportError(f"The meeting of {label(meeting)} has no stored invite UID.")
    start, end = london_time(meeting.start), london_time(meeting.end)
    if end <= start:
        raise ExportError(f"The meeting of {label(meeting)} does not end after it starts.")
    if meeting.sequence < 0:
        raise ExportError(f"The meeting of {label(meeting)} has a negative invite sequence.")
    status = "CANCELLED" if cancel else _STATUS.get(meeting.status, "TENTATIVE")

    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY:{text(summary(meeting))}",
        f"DTSTART;TZID={LONDON_TZID}:{local_time(start)}",
        f"DTEND;TZID={LONDON_TZID}:{local_time(end)}",
        f"DTSTAMP:{stamp}",
        f"UID:{text(uid)}",
        f"SEQUENCE:{meeting.sequence}",
        *attendees,
        f"DESCRIPTION:{text(description(meeting))}",
    ]
    if meeting.updated is not None:
        lines.append(f"LAST-MODIFIED:{_last_modified(meeting.updated)}")
    location = clean_line(meeting.location)
    if location:
        lines.append(f"LOCATION:{text(location)}")
    organizer_line = organizer(meeting)
    if organizer_line:
        lines.append(organizer_line)
    lines += [f"STATUS:{status}", f"TRANSP:{'TRANSPARENT' if status == 'CANCELLED' else 'OPAQUE'}"]
    url = link(meeting)
    if url:
        lines.append(f"URL:{url}")
    lines.append("END:VEVENT")
    return lines


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
            f"The meeting of {label(meeting)} is cancelled, so a cancellation was "
            "written instead of an invitation."
        )
    elif wanted == "CANCEL" and meeting.status != "cancelled":
        warnings.append(
            f"The meeting of {label(meeting)} is not marked cancelled, so its sequence "
            "was not raised and some calendars may ignore this cancellation."
        )
    cancel = wanted == "CANCEL"

    listed, missing = guests(meeting, "sent the cancellation" if cancel else "invited")
    warnings += missing
    attendees = [
        "ATTENDEE" + _cal_address(guest.person.name, guest.email,
                                  f";CUTYPE=INDIVIDUAL;PARTSTAT=NEEDS-ACTION;ROLE={guest.role};RSVP=TRUE")
        for guest in listed
    ]
    if not listed:
        what = "cancellation" if cancel else "invitation"
        warnings.append(
            f"Nobody invited to {label(meeting)} has an e-mail address, so the {what} reaches nobody."
        )
    event = _event(meeting, utc_stamp(_utc(now)), cancel=cancel, organizer=_organizer, attendees=attendees)
    return calendar_bytes([*_calendar(wanted), *event, "END:VCALENDAR"]), warnings


def build_feed(
    meetings: Sequence[MeetingView], *, calendar_name: str, now: datetime | None = None,
    progress: Progress | None = None,
) -> bytes:
    """Return a subscribable feed (METHOD:PUBLISH) of ``meetings``.

    Each event names the business manager as ORGANIZER (when an e-mail
    address is known) but lists no attendees. ``progress(done, total)`` is
    told how many events are written (see :mod:`models.progress`).
    """
    name = clean_line(calendar_name)
    if not name:
        raise ExportError("A calendar feed needs a name.")
    stamp = utc_stamp(_utc(now))
    lines = _calendar("PUBLISH", [
        # As escaped text, marked as such, so that readers which split an unknown
        # property at commas (vobject, Radicale) and those which keep its escapes
        # (icalendar) all read the name whole.
        f"X-WR-CALNAME;VALUE=TEXT:{text(name)}",
        # How often subscribers should fetch the feed again (RFC 7986; Outlook's own name).
        f"REFRESH-INTERVAL;VALUE=DURATION:{FEED_REFRESH}",
        f"X-PUBLISHED-TTL:{FEED_REFRESH}",
        f"X-WR-TIMEZONE:{LONDON_TZID}",
    ])
    organizers: dict[PartnershipInfo, str | None] = {}  # every meeting has the same partnership

    def organizer(meeting: MeetingView) -> str | None:
        """RFC 5546 asks for ORGANIZER in PUBLISH too, when there is one; attendees are never listed."""
        info = meeting.partnership
        if info not in organizers:
            known = address(PersonRef(name="", email=info.business_manager_email))
            organizers[info] = _organizer(meeting) if known else None
        return organizers[info]

    seen: set[str] = set()
    tick = every(progress, len(meetings))
    for done, meeting in enumerate(sorted(meetings, key=lambda m: (london_time(m.start), clean_line(m.body))), 1):
        lines += _event(meeting, stamp, cancel=meeting.status == "cancelled", organizer=organizer)
        uid = clean_line(meeting.uid)
        if uid in seen:
            raise ExportError(f"Two meetings share the invite UID {uid!r}.")
        seen.add(uid)
        tick(done)
    lines.append("END:VCALENDAR")
    return calendar_bytes(lines)


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
    progress: Progress | None = None,
) -> tuple[list[Path], list[str]]:
    """Write .ics files for ``meetings`` and return (paths written, warnings).

    ``publish`` writes one feed at ``output``. ``request``/``cancel`` write one
    file per meeting: at ``output`` for a single meeting, otherwise into the
    folder ``output`` (created if missing), named by :func:`invite_filename`.
    ``output`` is a folder whatever the count when ``folder`` is true (a
    selection by body or of all meetings), when it is an existing folder, or
    when it ends in a slash. Everything is built before anything is written;
    no partial file is ever left behind. ``progress(done, total)`` is told
    how many meetings are built.
    """
    kind = method.strip().lower()
    if kind not in METHODS:
        raise ExportError(f"The method {method!r} is not one of request, publish or cancel.")
    if not meetings:
        raise ExportError("There are no meetings to export.")
    out = Path(output).expanduser()

    if kind == "publish":
        path = resolve_output(out, suffixes=(".ics",))
        data = build_feed(meetings, calendar_name=calendar_name, now=now, progress=progress)
        return _write_all([(path, data)]), []

    built: list[bytes] = []
    warnings: list[str] = []
    several = len(meetings) > 1
    tick = every(progress, len(meetings))
    for done, meeting in enumerate(meetings, 1):
        data, notes = build_invite(meeting, kind.upper(), now=now)
        built.append(data)
        prefix = f"{invite_filename(meeting)[: -len('.ics')]}: "
        warnings += [prefix + note if several else note for note in notes]
        tick(done)

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
