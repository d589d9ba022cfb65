"""The views exporters read: minute numbering, chairs, invitees, quorum."""

from __future__ import annotations

from datetime import date

import pytest
from docx import Document
from sqlmodel import Session, select

from models.arrangements import load_arrangements
from models.listings import meeting_rows
from models.meeting_views import meeting_view
from models.tables import Meeting
from exporters.minutes import write_minutes
from tests.conftest import EXAMPLE

MORE_MEETINGS = """
[[meetings]]
body = "Executive Group"
date = 2026-03-10
  [[meetings.items]]
  title = "Declarations of interest"
  [[meetings.items]]
  title = "Voice of the child"
  minute = "Young people presented their survey."

[[meetings]]
body = "Executive Group"
date = 2026-04-14
  [[meetings.items]]
  title = "Declarations of interest"
"""


def _load_per_year(engine, tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        'name = "Executive Group"\nkind = "executive"',
        'name = "Executive Group"\nkind = "executive"\nminute_numbering = "per_year"', 1)
    path = tmp_path / "per-year.toml"
    path.write_text(text + MORE_MEETINGS, encoding="utf-8")
    load_arrangements(engine, path)


def _meeting(engine, day: date) -> int:
    with Session(engine) as s:
        return s.exec(select(Meeting.id).where(Meeting.date == day)).one()


def test_minutes_numbered_per_meeting_by_default(loaded):
    with Session(loaded) as s:
        view = meeting_view(s, _meeting(loaded, date(2026, 1, 13)))
    assert [i.number for i in view.items] == [1, 2, 3]


def test_per_year_numbering_continues_and_restarts_in_april(engine, tmp_path):
    _load_per_year(engine, tmp_path)
    with Session(engine) as s:
        january = meeting_view(s, _meeting(engine, date(2026, 1, 13)))
        march = meeting_view(s, _meeting(engine, date(2026, 3, 10)))
        april = meeting_view(s, _meeting(engine, date(2026, 4, 14)))
    assert [i.number for i in january.items] == [1, 2, 3]
    assert [i.number for i in march.items] == [4, 5]  # continues through the municipal year
    assert [i.number for i in april.items] == [1]  # a new year starts in April
    out = tmp_path / "march.docx"
    write_minutes(march, out)
    headings = [p.text for p in Document(out).paragraphs if p.style.name.startswith("Heading")]
    assert "5. Voice of the child" in headings


def test_view_resolves_chair_invitees_and_agenda_times(loaded):
    with Session(loaded) as s:
        view = meeting_view(s, _meeting(loaded, date(2026, 1, 13)))
    assert view.chair.name == "Sofia Reyes" and view.chair.email == "sofia.reyes@northmoor.example"
    capacities = {i.person.name: (i.capacity, i.voting) for i in view.invitees}
    # the DSPs on 13 January 2026: Helen Price is still the police DSP
    assert capacities["Helen Price"] == ("member", True)
    assert "Daniel Moss" not in capacities
    assert capacities["Cllr Owen Baines"] == ("participant_observer", False)
    assert capacities["Sofia Reyes"][0] == "chair"
    deputy = [a for a in view.attendance if a.person.name == "Daniel Moss"][0]
    assert deputy.status == "deputy" and deputy.deputy_for.name == "Helen Price"
    assert view.start.isoformat() == "2026-01-13T10:00:00+00:00" and view.end.hour == 12
    assert view.items[2].exempt and view.items[2].exempt_paragraph == 2


def test_quorum_missing_partner(engine, tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        '  person = "Daniel Moss"\n  status = "deputy"\n  deputy_for = "Helen Price"',
        '  person = "Daniel Moss"\n  status = "absent"', 1)
    path = tmp_path / "no-police.toml"
    path.write_text(text, encoding="utf-8")
    load_arrangements(engine, path)
    with Session(engine) as s:
        (row,) = meeting_rows(s)
    assert row["quorum"] == {"met": False, "missing": ["Northmoor Police"]}


def _statements(engine):
    """The SQL statements run on ``engine`` from now on (a list that fills as they run)."""
    from sqlalchemy import event

    seen: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: seen.append(" ".join(args[2].lower().split())))
    return seen


def test_meeting_rows_read_attendance_once_for_every_meeting(engine, tmp_path):
    """Quorum (for `meetings --json`) reads attendance in one query however many meetings are listed;
    the Meetings screen's rows (quorum=False) do not read it at all."""
    path = tmp_path / "more.toml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8") + MORE_MEETINGS, encoding="utf-8")
    load_arrangements(engine, path)
    seen = _statements(engine)
    with Session(engine) as s:
        rows = meeting_rows(s)
    assert len(rows) == 3
    assert rows[0]["quorum"] == {"met": True, "missing": []}
    assert rows[1]["quorum"] is None  # no attendance recorded yet
    assert len([q for q in seen if "from attendance" in q]) == 1
    seen.clear()
    with Session(engine) as s:
        screen_rows = meeting_rows(s, quorum=False)
    assert [q for q in seen if "from attendance" in q] == []
    assert [{k: v for k, v in r.items() if k != "quorum"} for r in rows] == screen_rows


def test_the_feed_reads_no_minutes_and_writes_the_same_calendar(demo_engine):
    """The calendar feed's views skip attendance, resolutions, actions and
    declarations; the feed they make is byte for byte the one full views make."""
    from datetime import datetime, timezone

    from exporters.ics import build_feed
    from models.meeting_views import meeting_views
    from models.queries import meeting_ids
    from tests.tui_support import TODAY

    with Session(demo_engine) as s:
        ids = meeting_ids(s)
        full = meeting_views(s, ids, today=TODAY)
        lean = meeting_views(s, ids, today=TODAY, with_minutes=False)
    assert any(v.attendance and any(i.resolutions and i.actions for i in v.items) for v in full)
    assert not any(v.attendance or v.declarations or any(i.resolutions or i.actions for i in v.items) for v in lean)
    assert [v.minutes_status for v in lean] == [v.minutes_status for v in full]
    assert [[(i.number, i.title, i.start) for i in v.items] for v in lean] == \
        [[(i.number, i.title, i.start) for i in v.items] for v in full]
    now = datetime(2026, 1, 1, 12, tzinfo=timezone.utc)
    assert build_feed(lean, calendar_name="Demo", now=now) == build_feed(full, calendar_name="Demo", now=now)


def test_feed_views_read_a_few_queries_and_write_the_same_feed(engine, tmp_path):
    """The feed's own views: a fixed number of queries however many meetings, no people,
    attendance or invitees read, per-year item numbers as the full views have them, and the
    same feed byte for byte."""
    from datetime import datetime, timezone

    from exporters.ics import build_feed
    from models.meeting_views import feed_views, meeting_views
    from models.queries import NotFound, meeting_ids

    _load_per_year(engine, tmp_path)
    with Session(engine) as s:
        ids = meeting_ids(s)
        full = meeting_views(s, ids)
    seen = _statements(engine)
    with Session(engine) as s:
        lean = feed_views(s, ids)
    assert len(ids) == 3 and len(seen) <= 6
    assert not [q for q in seen if "from attendance" in q or "from bodymember" in q or "from appointment" in q
                or ("from person" in q and "where person.id =" not in q)]  # only the business manager
    assert [[i.number for i in v.items] for v in lean] == [[1, 2, 3], [4, 5], [1]]
    assert [[(i.number, i.title, i.presenter, i.exempt) for i in v.items] for v in lean] == \
        [[(i.number, i.title, i.presenter, i.exempt) for i in v.items] for v in full]
    now = datetime(2026, 1, 1, 12, tzinfo=timezone.utc)
    assert build_feed(lean, calendar_name="N", now=now) == build_feed(full, calendar_name="N", now=now)
    with Session(engine) as s:
        assert [v.id for v in feed_views(s, ids[::-1])] == ids[::-1]
        with pytest.raises(NotFound, match="no meeting with id 999"):
            feed_views(s, [*ids, 999])


def test_a_window_of_more_meetings_than_the_database_takes_parameters_still_lists(scheduled_demo, monkeypatch):
    """The listings narrow to the meeting ids the window selects; a window of more ids than
    SQLite (32,766) or PostgreSQL (65,535) take as bound parameters must still be read."""
    import models.queries as queries

    with Session(scheduled_demo) as s:
        real = queries.meeting_ids(s, start=date(2026, 1, 1), end=date(2027, 12, 31))
        monkeypatch.setattr(queries, "meeting_ids", lambda *a, **k: real + list(range(10**6, 10**6 + 70_000)))
        rows = meeting_rows(s, start=date(2026, 1, 1), end=date(2027, 12, 31))
    assert [r["id"] for r in rows] and sorted(r["id"] for r in rows) == sorted(real)
