"""Calendars built through the icalendar library's object layer, to compare with exporters.ics.

This is how Convenor wrote calendar files before it wrote content lines
itself: the same texts (summary, description, attendees, from
exporters.ics_content) put into icalendar's Calendar / Event / vCalAddress
objects and serialised by ``Calendar.to_ical()``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress, vDuration, vRecur, vText

from exporters.ics import PRODID, _STATUS, _utc
from exporters.ics_content import address, description, guests, link, summary
from exporters.ics_timezone import LONDON_TZID, london_time
from exporters.text import clean_line
from models.views import MeetingView, PersonRef


def london_vtimezone() -> Timezone:
    tz = Timezone()
    tz.add("tzid", LONDON_TZID)
    tz.add("x-lic-location", LONDON_TZID)
    daylight = TimezoneDaylight()
    daylight.add("tzname", "BST")
    daylight.add("tzoffsetfrom", timedelta(0))
    daylight.add("tzoffsetto", timedelta(hours=1))
    daylight.add("dtstart", datetime(1970, 3, 29, 1, 0, 0))
    daylight.add("rrule", vRecur(freq="YEARLY", bymonth=3, byday="-1SU"))
    standard = TimezoneStandard()
    standard.add("tzname", "GMT")
    standard.add("tzoffsetfrom", timedelta(hours=1))
    standard.add("tzoffsetto", timedelta(0))
    standard.add("dtstart", datetime(1970, 10, 25, 2, 0, 0))
    standard.add("rrule", vRecur(freq="YEARLY", bymonth=10, byday="-1SU"))
    tz.add_component(daylight)
    tz.add_component(standard)
    return tz


def _calendar(method: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    cal.add_component(london_vtimezone())
    return cal


def _cal_address(name: str, email: str) -> vCalAddress:
    value = vCalAddress(f"mailto:{email}")
    cn = clean_line(name).replace('"', "'")
    if cn:
        value.params["CN"] = cn
    return value


def _organizer(meeting: MeetingView) -> vCalAddress:
    info = meeting.partnership
    return _cal_address(info.business_manager or info.name, clean_line(info.business_manager_email))


def _event(meeting: MeetingView, stamp: datetime, *, cancel: bool) -> Event:
    status = "CANCELLED" if cancel else _STATUS.get(meeting.status, "TENTATIVE")
    event = Event()
    event.add("uid", clean_line(meeting.uid))
    event.add("dtstamp", stamp)
    if meeting.updated is not None:
        event.add("last-modified", _utc(meeting.updated))
    event.add("sequence", meeting.sequence)
    event.add("dtstart", london_time(meeting.start))
    event.add("dtend", london_time(meeting.end))
    event.add("summary", summary(meeting))
    if clean_line(meeting.location):
        event.add("location", clean_line(meeting.location))
    event.add("description", description(meeting))
    url = link(meeting)
    if url:
        event.add("url", url)
    event.add("status", status)
    event.add("transp", "TRANSPARENT" if status == "CANCELLED" else "OPAQUE")
    return event


def reference_invite(meeting: MeetingView, method: str, now: datetime) -> bytes:
    """What build_invite writes, for a method already decided (REQUEST or CANCEL)."""
    cancel = method == "CANCEL"
    cal = _calendar(method)
    event = _event(meeting, _utc(now), cancel=cancel)
    event.add("organizer", _organizer(meeting))
    for guest in guests(meeting, "invited")[0]:
        value = _cal_address(guest.person.name, guest.email)
        value.params["CUTYPE"] = "INDIVIDUAL"
        value.params["ROLE"] = guest.role
        value.params["PARTSTAT"] = "NEEDS-ACTION"
        value.params["RSVP"] = "TRUE"
        event.add("attendee", value)
    cal.add_component(event)
    return cal.to_ical()


def reference_feed(meetings: list[MeetingView], calendar_name: str, now: datetime) -> bytes:
    """What build_feed writes."""
    cal = _calendar("PUBLISH")
    cal.add("x-wr-calname", vText(clean_line(calendar_name)), parameters={"VALUE": "TEXT"})
    cal.add("x-wr-timezone", LONDON_TZID)
    cal.add("refresh-interval", vDuration(timedelta(hours=12)), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(timedelta(hours=12)))
    for meeting in sorted(meetings, key=lambda m: (london_time(m.start), clean_line(m.body))):
        event = _event(meeting, _utc(now), cancel=meeting.status == "cancelled")
        if address(PersonRef(name="", email=meeting.partnership.business_manager_email)):
            event.add("organizer", _organizer(meeting))
        cal.add_component(event)
    return cal.to_ical()
