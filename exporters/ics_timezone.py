"""The Europe/London VTIMEZONE written into every calendar file.

icalendar's ``add_missing_timezones()`` describes a zone with long RDATE
lists, which Outlook is known to mishandle. Calendar clients expect the
short form instead: one STANDARD and one DAYLIGHT sub-component, each with a
yearly rule (UK clocks go forward at 01:00 GMT on the last Sunday of March
and back at 02:00 BST on the last Sunday of October).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

LONDON_TZID = "Europe/London"
LONDON = ZoneInfo(LONDON_TZID)

# The rules have been in force since 1996; the first onset given is the one
# public time zone services (tzurl.org, Outlook) use, so clients recognise it.
_GMT = timedelta(0)
_BST = timedelta(hours=1)


def london_time(moment: datetime) -> datetime:
    """``moment`` as Europe/London wall-clock time; a naive value is taken as local."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=LONDON, second=0, microsecond=0)
    return moment.astimezone(LONDON).replace(second=0, microsecond=0)


def london_vtimezone() -> Timezone:
    """Return a VTIMEZONE for Europe/London written with yearly RRULEs."""
    tz = Timezone()
    tz.add("tzid", LONDON_TZID)
    tz.add("x-lic-location", LONDON_TZID)

    daylight = TimezoneDaylight()
    daylight.add("tzname", "BST")
    daylight.add("tzoffsetfrom", _GMT)
    daylight.add("tzoffsetto", _BST)
    daylight.add("dtstart", datetime(1970, 3, 29, 1, 0, 0))
    daylight.add("rrule", vRecur(freq="YEARLY", bymonth=3, byday="-1SU"))

    standard = TimezoneStandard()
    standard.add("tzname", "GMT")
    standard.add("tzoffsetfrom", _BST)
    standard.add("tzoffsetto", _GMT)
    standard.add("dtstart", datetime(1970, 10, 25, 2, 0, 0))
    standard.add("rrule", vRecur(freq="YEARLY", bymonth=10, byday="-1SU"))

    tz.add_component(daylight)
    tz.add_component(standard)
    return tz
