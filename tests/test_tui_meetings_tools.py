"""The Meetings area's new keys: reschedule (with the updated invite), filter, schedule a period."""

from __future__ import annotations

from icalendar import Calendar
from sqlmodel import Session, select
from textual.widgets import DataTable, Input, ProgressBar, Static

from models.tables import Meeting
from tests.test_tui_workspace import app, rows  # noqa: F401  (the demo app fixture, table rows as text)
from tests.tui_support import settle


async def test_a_held_meeting_is_not_rescheduled_and_rescheduling_raises_the_sequence_and_offers_the_invite(
        app, demo_engine, tmp_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        app.screen.select_meeting(24)  # held in October
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert type(app.screen).__name__ == "MeetingsScreen"
        with Session(demo_engine) as s:
            assert s.get(Meeting, 24).sequence == 0

        app.screen.select_meeting(68)
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        app.screen.query_one("#field-date Input", Input).value = "2027-01-14"
        app.screen.query_one("#field-start Input", Input).value = "14:00"
        app.screen.query_one("#field-end Input", Input).value = "15:30"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "invite sequence has risen" in str(app.screen.query_one("#confirm-text", Static).content)
        await pilot.press("y")
        await settle(pilot)
        path = tmp_path / "moved.ics"
        app.screen.query_one("#export-path", Input).value = str(path)
        await pilot.press("enter")
        await settle(pilot)
    event = Calendar.from_ical(path.read_bytes()).walk("VEVENT")[0]
    assert int(event["SEQUENCE"]) == 1 and event["DTSTART"].dt.strftime("%Y-%m-%d %H:%M") == "2027-01-14 14:00"
    with Session(demo_engine) as s:
        moved = s.get(Meeting, 68)
        assert (moved.date.isoformat(), moved.duration_minutes, moved.sequence) == ("2027-01-14", 90, 1)
        assert s.get(Meeting, 24).sequence == 0


async def test_filtering_by_body_and_status(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        form = app.screen
        from textual.widgets import Select

        form.query_one("#field-body Select", Select).value = "Safeguarding Partnership Executive"
        form.query_one("#field-status Select", Select).value = "held"
        await pilot.press("ctrl+s")
        await settle(pilot)
        shown = rows(app.screen.query_one("#meetings-table", DataTable))
        assert shown and all(r[1] == "Safeguarding Partnership Executive" and r[3] == "held" for r in shown)
        assert app.screen.sub_title == "Meetings: Safeguarding Partnership Executive, held"


async def test_scheduling_a_period_shows_progress_and_a_summary(app, demo_engine):
    with Session(demo_engine) as s:
        before = len(s.exec(select(Meeting)).all())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        app.screen.query_one("#schedule-from", Input).value = "2028-01-01"
        app.screen.query_one("#schedule-to", Input).value = "2028-12-31"
        await pilot.press("ctrl+s")
        await settle(pilot)
        bar = app.screen.query_one(ProgressBar)
        summary = str(app.screen.query_one("#form-message", Static).content)
        assert bar.progress == bar.total and bar.total >= 5, summary
        assert summary.startswith("Created ") and "Safeguarding Partnership Executive 4" in summary
        await pilot.press("escape")
        await settle(pilot)
    with Session(demo_engine) as s:
        created = len(s.exec(select(Meeting)).all()) - before
    assert summary.startswith(f"Created {created} meetings")
