"""The Europe/London VTIMEZONE written into every calendar file.

Tools that generate a zone from the tz database (icalendar's
``add_missing_timezones()``, for one) describe it with long RDATE lists,
which Outlook is known to mishandle. Calendar clients expect the short form
instead: one STANDARD and one DAYLIGHT sub-component, each with a yearly
rule (UK clocks go forward at 01:00 GMT on the last Sunday of March and back
at 02:00 BST on the last Sunday of October).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

LONDON_TZID = "Europe/London"
LONDON = ZoneInfo(LONDON_TZID)

# The rules have been in force since 1996; the first onset given is the one
# public time zone services (tzurl.org, Outlook) use, so clients recognise it.
LONDON_VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{LONDON_TZID}",
    f"X-LIC-LOCATION:{LONDON_TZID}",
    "BEGIN:DAYLIGHT",
    "DTSTART:19700329T010000",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
    "TZNAME:BST",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "DTSTART:19701025T020000",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
    "TZNAME:GMT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def london_time(moment: datetime) -> datetime:
    """``moment`` as Europe/London wall-clock time; a naive value is taken as local."""
    if moment.tzinfo is LONDON and not moment.second and not moment.microsecond:
        return moment  # already London time to the minute, as stored meetings are
    if moment.tzinfo is None:
        return moment.replace(tzinfo=LONDON, second=0, microsecond=0)
    return moment.astimezone(LONDON).replace(second=0, microsecond=0)
