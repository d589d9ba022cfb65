"""Calendar exports re-read by independent parsers: icalendar, vobject and ics."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import ics as ics_py
import icalendar
import pytest
import vobject

from exporters import ics as ics_export
from exporters.files import ExportError
from exporters.ics import build_feed, build_invite, export_ics, invite_filename
from models.views import AgendaItemView, Invitee, PersonRef
from tests.conftest import SHARED
from tests.ics_fixtures import (
    AWKWARD_LOCATION,
    AWKWARD_TITLE,
    CANARY,
    HELEN,
    NOMAIL,
    NOW,
    OWEN,
    PARTNERSHIP,
    RUTH,
    SOFIA,
    TOM,
    awkward_meeting,
    dst_pair,
    executive_meeting,
    london,
)

LONDON = ZoneInfo("Europe/London")
UTC = timezone.utc
CHECKER = SHARED / "tools" / "check_ics.py"
VALIDATOR_PYTHON = Path(os.environ.get("VALIDATORS_VENV", "/tmp/validators-venv")) / "bin" / "python"

EXPECTED_DESCRIPTION = "\n".join(
    [
        "OFFICIAL",
        "Executive Group — meeting",
        "Tuesday 13 January 2026, 10:00–12:00 (UK time)",
        "Location: Town Hall, Committee Room 2; Northmoor",
        "Join online: https://teams.example/l/meetup-join/19%3ameeting_abc",
        "",
        "Agenda",
        "1. Apologies and declarations of interest",
        "2. Minutes of the last meeting, matters arising (Chair)",
        "3. Part II: exempt item",
        "4. Yearly report 2025/26: draft (Priya Shah)",
    ]
)


# ---------------------------------------------------------------- helpers


def one_event(data: bytes) -> icalendar.Event:
    cal = icalendar.Calendar.from_ical(data)
    events = cal.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def vobj(data: bytes):
    return vobject.readOne(data.decode("utf-8"))


def ics_events(data: bytes) -> list:
    return sorted(ics_py.Calendar(data.decode("utf-8")).events, key=lambda e: e.begin)


def attendees_by_email(event: icalendar.Event) -> dict[str, icalendar.vCalAddress]:
    found = event.get("ATTENDEE", [])
    if not isinstance(found, list):
        found = [found]
    return {str(a).removeprefix("mailto:"): a for a in found}


def vobject_roles(data: bytes) -> dict[str, str]:
    event = vobj(data).vevent
    return {a.value.removeprefix("mailto:"): a.params["ROLE"][0] for a in event.contents.get("attendee", [])}


def run_checker(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    if not VALIDATOR_PYTHON.exists():
        pytest.skip("the shared validators are not installed (run setup_validators.sh)")
    return subprocess.run(
        [str(VALIDATOR_PYTHON), str(CHECKER), str(path), "--strict", "--quiet", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_checker_ok(path: Path, *args: str) -> None:
    result = run_checker(path, *args)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "summary: 0 problems, 0 warnings" in result.stdout, result.stdout


# ---------------------------------------------------------------- invitation


def test_request_fields_read_back_by_icalendar():
    data, _ = build_invite(executive_meeting(), now=NOW)
    cal = icalendar.Calendar.from_ical(data)
    assert str(cal["METHOD"]) == "REQUEST"
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["CALSCALE"]) == "GREGORIAN"
    assert "Convenor" in str(cal["PRODID"])
    event = one_event(data)
    assert str(event["UID"]) == executive_meeting().uid
    assert event.decoded("DTSTAMP") == NOW
    assert event.decoded("LAST-MODIFIED") == datetime(2026, 1, 2, 16, 45, tzinfo=UTC)
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event["DTEND"].params["TZID"] == "Europe/London"
    assert event.decoded("DTSTART") == london(2026, 1, 13, 10)
    assert event.decoded("DTEND") == london(2026, 1, 13, 12)
    assert int(event["SEQUENCE"]) == 0
    assert str(event["SUMMARY"]) == "Executive Group — meeting"
    assert str(event["LOCATION"]) == "Town Hall, Committee Room 2; Northmoor"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["DESCRIPTION"]) == EXPECTED_DESCRIPTION
    assert str(event["URL"]) == "https://teams.example/l/meetup-join/19%3ameeting_abc"
    organizer = event["ORGANIZER"]
    assert str(organizer) == "mailto:priya.shah@northmoor.example"
    assert organizer.params["CN"] == "Priya Shah"


def test_request_fields_read_back_by_vobject_and_ics():
    data, _ = build_invite(executive_meeting(title="Budget & risk"), now=NOW)
    cal = vobj(data)
    assert cal.method.value == "REQUEST"
    event = cal.vevent
    assert event.uid.value == executive_meeting().uid
    assert event.summary.value == "Executive Group — Budget & risk"
    assert event.location.value == "Town Hall, Committee Room 2; Northmoor"
    assert event.sequence.value == "0"
    assert event.status.value == "CONFIRMED"
    assert event.dtstamp.value == NOW
    assert event.dtstart.value.replace(tzinfo=None) == datetime(2026, 1, 13, 10)
    assert event.organizer.value == "mailto:priya.shah@northmoor.example"
    assert "1. Apologies and declarations of interest" in event.description.value

    (parsed,) = ics_events(data)
    assert parsed.uid == executive_meeting().uid
    assert parsed.name == "Executive Group — Budget & risk"
    assert parsed.begin.datetime == london(2026, 1, 13, 10)
    assert parsed.end.datetime == london(2026, 1, 13, 12)
    assert parsed.status == "CONFIRMED"


def test_vtimezone_uses_yearly_rules_not_rdate_lists():
    data, _ = build_invite(executive_meeting(), now=NOW)
    text = data.decode("utf-8")
    assert text.count("BEGIN:VTIMEZONE") == 1
    assert "RDATE" not in text
    assert text.index("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")
    (vtz,) = icalendar.Calendar.from_ical(data).walk("VTIMEZONE")
    assert str(vtz["TZID"]) == "Europe/London"
    rules = {sub.name: sub for sub in vtz.subcomponents}
    assert set(rules) == {"STANDARD", "DAYLIGHT"}
    assert rules["STANDARD"]["RRULE"] == icalendar.vRecur.from_ical("FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU")
    assert rules["DAYLIGHT"]["RRULE"] == icalendar.vRecur.from_ical("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")
    assert rules["STANDARD"].decoded("DTSTART").time().hour == 2
    assert rules["DAYLIGHT"].decoded("DTSTART").time().hour == 1
    # The zone the file describes agrees with the IANA database every six hours
    # from 2024 to 2031 (the hours that do not exist or repeat are skipped).
    described = vtz.to_tz(lookup_tzid=False)
    moment = datetime(2024, 1, 1)
    while moment < datetime(2031, 1, 1):
        aware = moment.replace(tzinfo=LONDON)
        if aware.astimezone(UTC).astimezone(LONDON).replace(tzinfo=None) == moment and moment.hour != 1:
            assert moment.replace(tzinfo=described).utcoffset() == aware.utcoffset(), moment
        moment += timedelta(hours=6)


@pytest.mark.parametrize(
    ("index", "utc_hour"),
    [(0, 10), (1, 9)],
    ids=["24-march-GMT", "31-march-BST"],
)
def test_dst_meetings_read_back_at_ten_local(index, utc_hour):
    meeting = dst_pair()[index]
    data, _ = build_invite(meeting, now=NOW)

    start = one_event(data).decoded("DTSTART")
    assert (start.hour, start.minute) == (10, 0)
    assert start.astimezone(UTC).hour == utc_hour

    # vobject resolves TZID through the VTIMEZONE written in the file itself.
    vstart = vobj(data).vevent.dtstart.value
    assert (vstart.hour, vstart.minute) == (10, 0)
    assert vstart.astimezone(UTC) == datetime(2026, 3, meeting.start.day, utc_hour, tzinfo=UTC)

    (parsed,) = ics_events(data)
    assert parsed.begin.to("UTC").datetime == datetime(2026, 3, meeting.start.day, utc_hour, tzinfo=UTC)


def test_attendee_roles_and_parameters():
    data, warnings = build_invite(executive_meeting(), now=NOW)
    found = attendees_by_email(one_event(data))
    expected = {
        SOFIA.email: "CHAIR",
        TOM.email: "REQ-PARTICIPANT",
        HELEN.email: "REQ-PARTICIPANT",
        RUTH.email: "OPT-PARTICIPANT",
        OWEN.email: "OPT-PARTICIPANT",
    }
    assert {email: a.params["ROLE"] for email, a in found.items()} == expected
    for person in (SOFIA, TOM, HELEN, RUTH, OWEN):
        params = found[person.email].params
        assert params["CN"] == person.name
        assert params["RSVP"] == "TRUE"
        assert params["PARTSTAT"] == "NEEDS-ACTION"
        assert params["CUTYPE"] == "INDIVIDUAL"
    assert vobject_roles(data) == expected
    (parsed,) = ics_events(data)
    assert {a.email: a.role for a in parsed.attendees} == expected


def test_chair_not_among_invitees_is_still_invited_as_chair():
    chair = PersonRef("Ruth Ellison", "Ruth.Ellison@Scrutiny.example")
    meeting = executive_meeting(chair=chair, invitees=(Invitee(TOM, "member", True),))
    data, _ = build_invite(meeting, now=NOW)
    assert vobject_roles(data) == {"Ruth.Ellison@Scrutiny.example": "CHAIR", TOM.email: "REQ-PARTICIPANT"}


def test_person_invited_twice_appears_once_with_the_strongest_role():
    shouting = replace(TOM, email=TOM.email.upper())
    meeting = executive_meeting(
        chair=None,
        invitees=(
            Invitee(TOM, "adviser", False),
            Invitee(SOFIA, "member", True),
            Invitee(shouting, "member", True),
            Invitee(SOFIA, "participant_observer", False),
            Invitee(SOFIA, "chair", True),
        ),
    )
    data, _ = build_invite(meeting, now=NOW)
    roles = vobject_roles(data)
    assert roles == {TOM.email: "REQ-PARTICIPANT", SOFIA.email: "CHAIR"}
    assert data.decode().count("mailto:sofia.reyes@northmoor.example") == 1


def test_people_without_a_usable_email_are_reported_not_dropped_silently():
    broken = PersonRef("Jo Bloggs", "jo at police")
    meeting = executive_meeting(
        chair=NOMAIL,
        invitees=(Invitee(NOMAIL, "member", True), Invitee(broken, "adviser", False), Invitee(TOM)),
    )
    data, warnings = build_invite(meeting, now=NOW)
    assert warnings == [
        "Daniel Moss has no e-mail address and is not invited.",
        "Jo Bloggs's e-mail address 'jo at police' is not valid and they are not invited.",
    ]
    assert set(attendees_by_email(one_event(data))) == {TOM.email}


def test_invite_with_no_reachable_invitee_says_so():
    meeting = executive_meeting(chair=None, invitees=(Invitee(NOMAIL),))
    data, warnings = build_invite(meeting, now=NOW)
    assert "ATTENDEE" not in data.decode()
    assert warnings[-1] == (
        "Nobody invited to Executive Group on 2026-01-13 has an e-mail address, "
        "so the invitation reaches nobody."
    )


def test_missing_organizer_email_is_an_error():
    meeting = executive_meeting(partnership=replace(PARTNERSHIP, business_manager_email=None))
    with pytest.raises(ExportError, match="no business manager e-mail address"):
        build_invite(meeting, now=NOW)


def test_meeting_that_ends_before_it_starts_is_an_error():
    meeting = executive_meeting(end=london(2026, 1, 13, 9))
    with pytest.raises(ExportError, match="does not end after it starts"):
        build_invite(meeting, now=NOW)


@pytest.mark.parametrize(
    ("status", "expected", "note"),
    [
        ("planned", "TENTATIVE", None),
        ("confirmed", "CONFIRMED", None),
        ("held", "CONFIRMED", None),
        ("postponed", "TENTATIVE", "This meeting has been postponed; a new date will follow."),
    ],
)
def test_status_mapping(status, expected, note):
    data, _ = build_invite(executive_meeting(status=status), now=NOW)
    event = vobj(data).vevent
    assert event.status.value == expected
    if note:
        assert note in event.description.value
    else:
        assert "postponed" not in event.description.value


# ---------------------------------------------------------------- changes and cancellation


def test_update_keeps_uid_and_writes_the_raised_sequence(tmp_path):
    first, _ = build_invite(executive_meeting(), now=NOW)
    moved = executive_meeting(sequence=1, start=london(2026, 1, 20, 14), end=london(2026, 1, 20, 16))
    second, _ = build_invite(moved, now=NOW + timedelta(days=1))
    old, new = one_event(first), one_event(second)
    assert str(new["UID"]) == str(old["UID"])
    assert int(new["SEQUENCE"]) == 1 > int(old["SEQUENCE"])
    assert vobj(second).vevent.sequence.value == "1"
    assert vobj(second).vevent.dtstart.value.hour == 14

    earlier, later = tmp_path / "first.ics", tmp_path / "second.ics"
    earlier.write_bytes(first)
    later.write_bytes(second)
    assert_checker_ok(later, "--method", "REQUEST", "--same-uids-as", str(earlier))


def test_checker_rejects_a_changed_time_without_a_raised_sequence(tmp_path):
    """Guards the update test above: the checker does notice a stale SEQUENCE."""
    first, _ = build_invite(executive_meeting(), now=NOW)
    stale, _ = build_invite(executive_meeting(start=london(2026, 1, 20, 14), end=london(2026, 1, 20, 16)), now=NOW)
    (tmp_path / "a.ics").write_bytes(first)
    (tmp_path / "b.ics").write_bytes(stale)
    result = run_checker(tmp_path / "b.ics", "--same-uids-as", str(tmp_path / "a.ics"))
    assert result.returncode == 1
    assert "SEQUENCE stayed 0" in result.stdout


def test_cancel_keeps_uid_organizer_and_attendees(tmp_path):
    original, _ = build_invite(executive_meeting(), now=NOW)
    cancelled = executive_meeting(status="cancelled", sequence=1)
    data, warnings = build_invite(cancelled, "CANCEL", now=NOW + timedelta(days=2))
    assert warnings == ["Daniel Moss has no e-mail address and is not sent the cancellation."]

    cal = icalendar.Calendar.from_ical(data)
    assert str(cal["METHOD"]) == "CANCEL"
    event = one_event(data)
    assert str(event["UID"]) == cancelled.uid
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 1
    assert str(event["ORGANIZER"]) == "mailto:priya.shah@northmoor.example"
    assert set(attendees_by_email(event)) == {SOFIA.email, TOM.email, HELEN.email, RUTH.email, OWEN.email}

    vcal = vobj(data)
    assert vcal.method.value == "CANCEL"
    assert vcal.vevent.status.value == "CANCELLED"
    assert vcal.vevent.uid.value == cancelled.uid
    assert "This meeting has been cancelled." in vcal.vevent.description.value
    (parsed,) = ics_events(data)
    assert parsed.status == "CANCELLED"

    (tmp_path / "request.ics").write_bytes(original)
    (tmp_path / "cancel.ics").write_bytes(data)
    assert_checker_ok(tmp_path / "cancel.ics", "--method", "CANCEL", "--same-uids-as", str(tmp_path / "request.ics"))


def test_request_for_a_cancelled_meeting_is_written_as_a_cancellation():
    data, warnings = build_invite(executive_meeting(status="cancelled", sequence=2), "REQUEST", now=NOW)
    assert vobj(data).method.value == "CANCEL"
    assert vobj(data).vevent.status.value == "CANCELLED"
    assert warnings[0] == (
        "The meeting of Executive Group on 2026-01-13 is cancelled, "
        "so a cancellation was written instead of an invitation."
    )


def test_cancel_for_a_meeting_not_marked_cancelled_warns():
    data, warnings = build_invite(executive_meeting(sequence=3), "cancel", now=NOW)
    assert vobj(data).vevent.status.value == "CANCELLED"
    assert vobj(data).vevent.sequence.value == "3"
    assert "is not marked cancelled" in warnings[0]


def test_unknown_invite_method_is_an_error():
    with pytest.raises(ExportError, match="REQUEST or CANCEL"):
        build_invite(executive_meeting(), "PUBLISH", now=NOW)


# ---------------------------------------------------------------- exempt items and text


def test_exempt_item_never_appears_in_any_export(tmp_path):
    meeting = executive_meeting()
    request, _ = build_invite(meeting, now=NOW)
    cancel, _ = build_invite(replace(meeting, status="cancelled", sequence=1), "CANCEL", now=NOW)
    feed = build_feed([meeting], calendar_name="NSCP", now=NOW)
    paths, _ = export_ics([meeting, dst_pair()[0]], "request", tmp_path / "out", calendar_name="NSCP", now=NOW)
    files = [path.read_bytes() for path in paths]
    for data in [request, cancel, feed, *files]:
        unfolded = data.decode("utf-8").replace("\r\n ", "")
        assert CANARY not in unfolded
        assert "Child H" not in unfolded
        assert "3. Part II: exempt item" in vobj(data).vevent.description.value


def test_awkward_text_round_trips_through_three_parsers():
    meeting = awkward_meeting()
    data, _ = build_invite(meeting, now=NOW)
    summary = f"Safeguarding in Education, Wales; Cymru — {AWKWARD_TITLE}"
    long_title = meeting.items[1].title

    event = one_event(data)
    assert str(event["SUMMARY"]) == summary
    assert str(event["LOCATION"]) == AWKWARD_LOCATION
    description = str(event["DESCRIPTION"])
    assert "1. Welcome, Croeso; \\ “quotes”\n" in description
    assert f"\n2. {long_title}\n3. Part II: exempt item" in description
    assert len(description.encode("utf-8")) > 100_000
    sian = attendees_by_email(event)["sian@ysgol.example"]
    assert sian.params["CN"] == "Siân O'Brien, Ysgol Gymraeg Bro Dinefwr"
    assert sian.params["ROLE"] == "CHAIR"

    vevent = vobj(data).vevent
    assert vevent.summary.value == summary
    assert vevent.location.value == AWKWARD_LOCATION
    assert vevent.description.value == description
    assert vevent.attendee.params["CN"] == ["Siân O'Brien, Ysgol Gymraeg Bro Dinefwr"]

    (parsed,) = ics_events(data)
    assert parsed.name == summary
    assert parsed.location == AWKWARD_LOCATION
    assert parsed.description == description


def test_raw_bytes_are_folded_crlf_and_free_of_control_characters():
    data, _ = build_invite(awkward_meeting(), now=NOW)
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    assert b"\n" not in data.replace(b"\r\n", b"")
    for code in [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F]:
        assert bytes([code]) not in data.replace(b"\r\n", b""), hex(code)


def test_long_description_in_feed_round_trips(tmp_path):
    long_text = "Cysylltiad: " + "Siân’s notes, part; two\\three ✨ " * 3500
    item = AgendaItemView(1, long_text)
    meeting = executive_meeting(items=(item,))
    feed = build_feed([meeting], calendar_name="NSCP", now=NOW)
    assert one_event(feed)["DESCRIPTION"].endswith("1. " + " ".join(long_text.split()))
    assert vobj(feed).vevent.description.value == str(one_event(feed)["DESCRIPTION"])


# ---------------------------------------------------------------- feed


def test_feed_holds_all_meetings_and_no_attendees(tmp_path):
    before, after = dst_pair()
    cancelled = executive_meeting(
        id=40,
        uid="meeting-cancelled@convenor.example",
        status="cancelled",
        sequence=4,
        start=london(2026, 2, 10, 10),
        end=london(2026, 2, 10, 12),
    )
    awkward = awkward_meeting(start=london(2026, 1, 20, 9, 30), end=london(2026, 1, 20, 11))
    meetings = [after, executive_meeting(), cancelled, before, awkward]
    data = build_feed(meetings, calendar_name="Northmoor SCP — meetings", now=NOW)

    cal = icalendar.Calendar.from_ical(data)
    assert str(cal["METHOD"]) == "PUBLISH"
    assert str(cal["X-WR-CALNAME"]) == "Northmoor SCP — meetings"
    assert cal.refresh_interval == timedelta(hours=12)
    assert cal["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    events = cal.walk("VEVENT")
    assert all(str(e["ORGANIZER"]) == "mailto:priya.shah@northmoor.example" for e in events)
    assert sorted(str(e["UID"]) for e in events) == sorted(m.uid for m in meetings)
    assert "ATTENDEE" not in data.decode()
    statuses = {str(e["UID"]): str(e["STATUS"]) for e in events}
    assert statuses[cancelled.uid] == "CANCELLED"
    assert {str(e["UID"]): int(e["SEQUENCE"]) for e in events}[cancelled.uid] == 4

    vcal = vobj(data)
    assert vcal.method.value == "PUBLISH"
    assert len(vcal.vevent_list) == 5
    assert vcal.contents["x-wr-calname"][0].value == "Northmoor SCP — meetings"
    assert vcal.contents["x-published-ttl"][0].value == "PT12H"
    parsed = ics_events(data)
    assert [e.uid for e in parsed] == [m.uid for m in sorted(meetings, key=lambda m: m.start)]
    assert [e.begin.datetime.hour for e in parsed if e.uid in (before.uid, after.uid)] == [10, 10]

    path = tmp_path / "feed.ics"
    path.write_bytes(data)
    assert_checker_ok(path, "--method", "PUBLISH", "--expect-events", "5")


def test_feed_with_duplicate_uids_is_an_error():
    with pytest.raises(ExportError, match="share the invite UID"):
        build_feed([executive_meeting(), executive_meeting(id=99)], calendar_name="NSCP", now=NOW)


# ---------------------------------------------------------------- file names and writing


def test_invite_filename_is_readable_and_safe():
    assert invite_filename(executive_meeting()) == "2026-01-13 Executive Group.ics"
    odd = executive_meeting(body='Case/Review: "Child Q" <Part 1>? * | \\ end. ')
    assert invite_filename(odd) == "2026-01-13 Case-Review- -Child Q- -Part 1-- - - - end.ics"
    welsh = executive_meeting(body="Grŵp Diogelu Ysgol Gymraeg Bro Dinefwr")
    assert invite_filename(welsh) == "2026-01-13 Grŵp Diogelu Ysgol Gymraeg Bro Dinefwr.ics"
    huge = executive_meeting(body="Siân 🎉 " * 200)
    assert len(invite_filename(huge).encode("utf-8")) <= 200
    assert invite_filename(huge).startswith("2026-01-13 Siân 🎉")
    late = executive_meeting(start=datetime(2026, 6, 30, 23, 30, tzinfo=UTC), end=datetime(2026, 7, 1, 1, 0, tzinfo=UTC))
    assert invite_filename(late) == "2026-07-01 Executive Group.ics"


def test_export_publish_writes_one_file(tmp_path):
    before, after = dst_pair()
    out = tmp_path / "feed.ics"
    paths, warnings = export_ics([before, after], "PUBLISH", out, calendar_name="NSCP meetings", now=NOW)
    assert paths == [out]
    assert warnings == []
    assert len(vobj(out.read_bytes()).vevent_list) == 2
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    assert_checker_ok(out, "--method", "PUBLISH", "--expect-events", "2")


def test_export_request_single_meeting_writes_the_named_file(tmp_path):
    out = tmp_path / "invite.ics"
    paths, warnings = export_ics([executive_meeting()], "Request", out, calendar_name="NSCP", now=NOW)
    assert paths == [out]
    assert warnings == ["Daniel Moss has no e-mail address and is not invited."]
    assert one_event(out.read_bytes())["UID"] == executive_meeting().uid
    assert_checker_ok(out, "--method", "REQUEST", "--expect-events", "1")


def test_export_request_single_meeting_into_existing_folder(tmp_path):
    paths, _ = export_ics([executive_meeting()], "request", tmp_path, calendar_name="NSCP", now=NOW)
    assert paths == [tmp_path / "2026-01-13 Executive Group.ics"]


def test_export_several_meetings_writes_one_file_each_into_a_new_folder(tmp_path):
    before, after = dst_pair()
    afternoon = executive_meeting(
        id=23, uid="meeting-afternoon@convenor.example", start=london(2026, 3, 24, 14), end=london(2026, 3, 24, 15)
    )
    out = tmp_path / "invites"
    paths, warnings = export_ics([before, after, afternoon], "request", out, calendar_name="NSCP", now=NOW)
    assert sorted(p.name for p in out.iterdir()) == [
        "2026-03-24 1000 Executive Group.ics",
        "2026-03-24 1400 Executive Group.ics",
        "2026-03-31 Executive Group.ics",
    ]
    assert set(paths) == set(out.iterdir())
    assert warnings[0] == "2026-03-24 Executive Group: Daniel Moss has no e-mail address and is not invited."
    for path, meeting in zip(paths, [before, after, afternoon]):
        data = path.read_bytes()
        assert vobj(data).vevent.uid.value == meeting.uid
        assert vobj(data).method.value == "REQUEST"
        assert_checker_ok(path, "--method", "REQUEST", "--expect-events", "1")


def test_export_cancel_for_several_meetings(tmp_path):
    meetings = [replace(m, status="cancelled", sequence=m.sequence + 1) for m in dst_pair()]
    paths, _ = export_ics(meetings, "CANCEL", tmp_path / "cancellations", calendar_name="NSCP", now=NOW)
    assert [vobj(p.read_bytes()).method.value for p in paths] == ["CANCEL", "CANCEL"]
    assert [vobj(p.read_bytes()).vevent.sequence.value for p in paths] == ["1", "1"]


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


@pytest.mark.parametrize("method", ["publish", "request"])
def test_export_into_missing_folder_fails_and_writes_nothing(tmp_path, method):
    out = tmp_path / "missing" / "feed.ics"
    with pytest.raises(ExportError, match="does not exist"):
        export_ics([executive_meeting()], method, out, calendar_name="NSCP", now=NOW)
    assert _leftovers(tmp_path) == []


def test_export_folder_under_a_file_fails_and_writes_nothing(tmp_path):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x")
    with pytest.raises(ExportError) as caught:
        export_ics(list(dst_pair()), "request", blocker / "invites", calendar_name="NSCP", now=NOW)
    assert str(caught.value).endswith(".")
    assert _leftovers(tmp_path) == ["notes.txt"]
    with pytest.raises(ExportError, match="is a file, but these invitations go into a folder"):
        export_ics(list(dst_pair()), "request", blocker, calendar_name="NSCP", now=NOW)
    assert blocker.read_text() == "x"


def test_export_failing_midway_removes_what_it_created(tmp_path, monkeypatch):
    real_write = ics_export.atomic_write
    calls = []

    def failing_write(path, data, **kwargs):
        calls.append(path)
        if len(calls) == 2:
            raise ExportError("Cannot write the file: disk full.")
        return real_write(path, data, **kwargs)

    monkeypatch.setattr(ics_export, "atomic_write", failing_write)
    with pytest.raises(ExportError, match="disk full"):
        export_ics(list(dst_pair()), "request", tmp_path / "invites", calendar_name="NSCP", now=NOW)
    assert _leftovers(tmp_path) == []


def test_export_rejects_bad_method_and_empty_selection(tmp_path):
    with pytest.raises(ExportError, match="not one of request, publish or cancel"):
        export_ics([executive_meeting()], "reply", tmp_path / "x.ics", calendar_name="NSCP")
    with pytest.raises(ExportError, match="no meetings"):
        export_ics([], "publish", tmp_path / "x.ics", calendar_name="NSCP")
    with pytest.raises(ExportError, match="should end in .ics"):
        export_ics([executive_meeting()], "publish", tmp_path / "x.txt", calendar_name="NSCP")
    assert _leftovers(tmp_path) == []


def test_exporter_does_not_import_textual():
    code = "import sys, exporters.ics; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
