"""The calendar writer (content lines, escaping, folding) against the icalendar library's object layer.

Every file exporters.ics writes must be the one icalendar's Calendar/Event
objects serialise for the same meeting, byte for byte, for hostile text too.
The one deliberate difference: a backslash followed by ``N`` stays as it is
(icalendar turns it into a line break).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

import icalendar
import pytest
import vobject
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from icalendar.parser.parameter import Parameters
from icalendar.parser.string import _escape_char, _foldline
from sqlmodel import Session

from exporters.ics import build_feed, build_invite
from exporters.ics_lines import calendar_bytes, fold, parameter, text
from models.views import AgendaItemView, Invitee, PersonRef
from tests.ics_fixtures import NOW, awkward_meeting, dst_pair, executive_meeting, london
from tests.ics_reference import london_vtimezone, reference_feed, reference_invite
from tests.test_ics_export import assert_checker_ok

# Characters that stress escaping and folding: separators, escapes, 2-, 3- and 4-octet UTF-8.
HOSTILE = st.text(alphabet=st.sampled_from(list("aZ 0,;:\\^\"'’N\té£€—שׁ🎉✨\u0301")), max_size=400)


def hostile_meeting():
    """Newlines, separators, backslashes, non-ASCII and emoji everywhere, with lines long enough
    to be folded at every offset, so that a fold point falls inside each kind of character."""
    items = tuple(
        AgendaItemView(n + 1, "x" * n + "🎉é€\\,;\nline two\r\nthree \\N",
                       presenter="Siân “Sunny” O’Brien, RN; \\ 🎓" if n % 3 else None, exempt=n % 7 == 6)
        for n in range(80)
    )
    guest = PersonRef('Dr "Ann" Lee, MBE; Ward:7 ^ Siân’s 🎉', "ann.lee@nhs.example")
    return executive_meeting(
        title="Review, plan; act \\ next\nsteps — Siân’s café 🎉 " * 4,
        location="Room 1, Block B; Site \\ C\nNewtown — ✨ " * 3,
        body="Grŵp Diogelu, Cymru; 🎉",
        items=items,
        invitees=(*executive_meeting().invitees, Invitee(guest, "member", True)),
        online_link="https://teams.example/l/meetup-join/19%3ameeting,abc;x=1",
    )


def same_without_backslash_n(meeting):
    return replace(meeting, items=tuple(replace(i, title=i.title.replace("\\N", "\\M")) for i in meeting.items))


# ---------------------------------------------------------------- the small functions


@given(HOSTILE)
def test_text_escaping_matches_icalendar(value):
    assume("\\N" not in value)
    assert text(value) == _escape_char(value)


def test_text_escaping_keeps_a_backslash_before_n():
    assert text("C:\\Notes, new\nline; \\n") == "C:\\\\Notes\\, new\\nline\\; \\\\n"
    assert _escape_char("C:\\Notes") == "C:\\notes"  # icalendar writes a line break instead


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list("ab,\\^é€🎉 ;")), min_size=0, max_size=600))
def test_folding_matches_icalendar_and_the_rfc(line):
    folded = fold(line)
    assert folded == _foldline(line).encode("utf-8")
    physical = folded.split(b"\r\n")
    assert all(len(p) <= 75 for p in physical)
    assert all(p.startswith(b" ") for p in physical[1:])
    for p in physical:
        p.decode("utf-8")  # no character split across lines
    assert b"".join([physical[0], *(p[1:] for p in physical[1:])]).decode("utf-8") == line


@pytest.mark.parametrize("lead", range(68, 78))
@pytest.mark.parametrize("char", ["é", "€", "🎉", "\\", "^"])
def test_a_multibyte_or_escape_character_at_the_fold_point_is_never_split(lead, char):
    line = "D" * lead + char + "E" * 80
    folded = fold(line)
    assert folded == _foldline(line).encode("utf-8")
    first = folded.split(b"\r\n")[0]
    assert line.encode("utf-8").startswith(first) and len(first) <= 74
    following = line[len(first.decode("utf-8"))]  # whole characters only on the first line
    # As much as fits, except that a backslash (or caret) goes with what it escapes.
    assert len(first) + len(following.encode("utf-8")) > 74 or (following == char and char in "\\^")
    assert not first.endswith(b"\\") and not first.endswith(b"^")


def test_short_lines_are_not_folded_and_the_file_ends_in_crlf():
    assert fold("D" * 74) == b"D" * 74
    assert fold("D" * 75) == b"D" * 74 + b"\r\n D"
    assert calendar_bytes(["BEGIN:VCALENDAR", "END:VCALENDAR"]) == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"


@given(HOSTILE)
def test_a_name_parameter_is_quoted_and_escaped_as_icalendar_does(name):
    name = name.replace('"', "'")  # as the writer does before it gets here
    expected = Parameters({"CN": name}).to_ical().decode("utf-8")
    assert "CN=" + parameter(name, quote_if=" '") == expected


def test_the_fixed_vtimezone_is_the_one_icalendar_builds():
    from exporters.ics_timezone import LONDON_VTIMEZONE

    assert calendar_bytes(LONDON_VTIMEZONE) == london_vtimezone().to_ical()


# ---------------------------------------------------------------- whole files


@pytest.mark.parametrize("make", [executive_meeting, awkward_meeting, hostile_meeting, lambda: dst_pair()[1]])
@pytest.mark.parametrize("status", ["confirmed", "planned", "postponed", "cancelled", "held"])
def test_invitations_and_cancellations_are_the_icalendar_bytes(make, status):
    meeting = same_without_backslash_n(replace(make(), status=status, sequence=3))
    for method in ("REQUEST", "CANCEL"):
        written = "CANCEL" if status == "cancelled" else method
        assert build_invite(meeting, method, now=NOW)[0] == reference_invite(meeting, written, NOW)


def test_a_feed_is_the_icalendar_bytes():
    meetings = [same_without_backslash_n(m) for m in (
        hostile_meeting(), awkward_meeting(start=london(2026, 2, 3, 9, 30), end=london(2026, 2, 3, 11)),
        *dst_pair(), replace(executive_meeting(), id=5, uid="other@convenor.example", status="cancelled",
                             start=london(2025, 12, 1), end=london(2025, 12, 1, 12), updated=None),
    )]
    name = "Northmoor, Safeguarding; \\ Partnership — 🎉 " * 3
    assert build_feed(meetings, calendar_name=name, now=NOW) == reference_feed(meetings, name, NOW)
    without_manager = [replace(m, partnership=replace(m.partnership, business_manager_email=None)) for m in meetings]
    assert build_feed(without_manager, calendar_name="N", now=NOW) == reference_feed(without_manager, "N", NOW)


def test_hostile_text_reads_back_exactly_and_passes_the_checker(tmp_path):
    meeting = hostile_meeting()
    data, _ = build_invite(meeting, now=NOW)
    event = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    assert str(event["LOCATION"]) == " ".join(meeting.location.split())
    ann = [a for a in event["ATTENDEE"] if "ann.lee" in a][0]
    assert ann.params["CN"] == "Dr 'Ann' Lee, MBE; Ward:7 ^ Siân’s 🎉"
    # A backslash followed by N is kept: vobject reads the text back as it was written.
    description = vobject.readOne(data.decode("utf-8")).vevent.description.value
    assert "three \\N (Siân" in description and "🎉é€\\,;" in description
    feed = tmp_path / "hostile.ics"
    feed.write_bytes(build_feed([same_without_backslash_n(meeting)], calendar_name="Hostile, feed; ✨", now=NOW))
    assert_checker_ok(feed, "--method", "PUBLISH", "--expect-events", "1")


def test_the_demo_database_writes_the_icalendar_bytes(demo_engine, tmp_path):
    """Every meeting of the demo partnership: the feed (from the feed's own views and from full
    ones) and each invitation are the bytes icalendar builds; the feed passes the shared checker
    and shows no exempt item's title."""
    from models.meeting_views import feed_views, meeting_views
    from models.queries import meeting_ids

    with Session(demo_engine) as s:
        ids = meeting_ids(s)
        full = meeting_views(s, ids, with_minutes=False)
        lean = feed_views(s, ids)
    now = datetime(2026, 1, 1, 12, tzinfo=timezone.utc)
    feed = build_feed(lean, calendar_name="Demo, partnership", now=now)
    assert feed == build_feed(full, calendar_name="Demo, partnership", now=now)
    assert feed == reference_feed(full, "Demo, partnership", now)
    for view in full:
        method = "CANCEL" if view.status == "cancelled" else "REQUEST"
        assert build_invite(view, method, now=now)[0] == reference_invite(view, method, now)
    exempt = {i.title for v in full for i in v.items if i.exempt} - {i.title for v in full for i in v.items if not i.exempt}
    assert exempt
    unfolded = feed.replace(b"\r\n ", b"").decode("utf-8")
    assert not any(title in unfolded for title in exempt)
    path = tmp_path / "demo.ics"
    path.write_bytes(feed)
    assert_checker_ok(path, "--method", "PUBLISH", "--expect-events", str(len(full)))


def test_feed_progress_counts_every_event():
    seen = []
    meetings = [replace(executive_meeting(), id=n, uid=f"m{n}@convenor.example",
                        start=london(2026, 1, 1 + n), end=london(2026, 1, 1 + n, 12)) for n in range(30)]
    build_feed(meetings, calendar_name="N", now=NOW, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (30, 30)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_the_meeting_is_checked_before_its_organiser_as_before():
    from exporters.files import ExportError

    meeting = executive_meeting(uid=" ")
    orphan = replace(meeting, partnership=replace(meeting.partnership, business_manager_email=None))
    with pytest.raises(ExportError, match="has no stored invite UID"):
        build_invite(orphan, now=NOW)
    with pytest.raises(ExportError, match="no business manager e-mail"):
        build_invite(executive_meeting(partnership=orphan.partnership), now=NOW)
