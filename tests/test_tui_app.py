"""The app shell driven headless: areas by key, help, command palette, meetings and actions."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlmodel import Session, select
from textual.widgets import DataTable, Input
from textual.worker import WorkerCancelled

from models.tables import Body, Meeting
from tests.tui_support import SIZE, TODAY, search_palette, settle
from tui.app import ConvenorApp
from tui.widgets.virtual_table import VirtualTable

PARTNERSHIP = "Fellmouth and Brackwater Safeguarding Children Partnership"


@pytest.fixture
def engine(demo_engine):
    return demo_engine


@pytest.fixture
def app(engine, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # export forms suggest files in the current folder
    return ConvenorApp(engine, demo=True, today=TODAY)


def rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def next_meeting(engine, body: str) -> Meeting:
    with Session(engine) as session:
        body_id = session.exec(select(Body.id).where(Body.name == body)).one()
        return session.exec(select(Meeting).where(Meeting.body_id == body_id, Meeting.date >= TODAY)
                            .order_by(Meeting.date)).first()


async def test_opens_on_the_dashboard_with_name_and_upcoming_meetings(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "DashboardScreen"
        assert app.title == f"{PARTNERSHIP} — DEMO"
        meetings = rows(app.screen.query_one("#dash-meetings", DataTable))
        assert meetings[0][:3] == ["Wed 2 Dec 2026", "13:30", "Child Exploitation and Missing Delivery Group"]
        assert len(meetings) == 8
        overdue = {r[0]: r[1] for r in rows(app.screen.query_one("#dash-actions", DataTable))}
        assert overdue["Neglect Delivery Group"] == "2"


async def test_area_keys_move_between_the_five_areas(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key, screen in (("r", "RosterScreen"), ("s", "StructureScreen"), ("m", "MeetingsScreen"),
                            ("a", "ActionsScreen"), ("d", "DashboardScreen")):
            await pilot.press(key)
            await settle(pilot)
            assert type(app.screen).__name__ == screen, key
            assert app.current_mode == {"r": "roster", "s": "structure", "m": "meetings", "a": "actions",
                                        "d": "dashboard"}[key]


def test_every_app_binding_has_an_id_and_a_tooltip():
    for binding in ConvenorApp.BINDINGS:
        assert binding.id and binding.tooltip, binding.key


async def test_help_lists_the_keys_of_the_current_screen(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        listed = {r[0]: r[1] for r in rows(app.screen.query_one("#help-keys", DataTable))}
        assert listed["i"] == "Export invite"
        assert listed["c"] == "Cancel meeting"
        assert listed["d"] == "Dashboard"
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "MeetingsScreen"


async def test_area_keys_do_nothing_while_a_dialog_is_open(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("d")
        await pilot.pause()
        assert app.current_mode == "meetings"
        assert type(app.screen).__name__ == "ConfirmDialog"


async def test_command_palette_jumps_to_a_body_an_upcoming_meeting_and_a_person(app, engine):
    target = next_meeting(engine, "Safeguarding Partnership Executive")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search_palette(pilot, "Neglect Delivery Group")
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "StructureScreen"
        assert app.screen.detail is not None
        assert app.screen.detail.name == "Neglect Delivery Group"

        await search_palette(pilot, "Meeting: Safeguarding Partnership Executive, Tue 12 Jan")
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "MeetingsScreen"
        assert app.screen.selected_id == target.id

        await search_palette(pilot, "Go to Liam Oduya")
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "roster"


async def test_enter_on_a_dashboard_meeting_opens_it_in_meetings(app, engine):
    target = next_meeting(engine, "Child Exploitation and Missing Delivery Group")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "MeetingsScreen"
        assert app.screen.selected_id == target.id
        detail = str(app.screen.query_one("#meeting-detail-text").render())
        assert "Child Exploitation and Missing Delivery Group" in detail
        assert "Wed 2 Dec 2026, 13:30" in detail


async def test_exporting_an_invite_refuses_a_missing_folder_then_writes_a_calendar_with_the_meeting_uid(
        app, engine, tmp_path):
    target = next_meeting(engine, "Neglect Delivery Group")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_meeting(target.id)
        await settle(pilot)
        # A folder that does not exist: the form says so, stays open and writes nothing.
        await pilot.press("i")
        await pilot.pause()
        path_input = app.screen.query_one("#export-path", Input)
        expected = tmp_path / f"{target.date.isoformat()} Neglect Delivery Group.ics"
        assert Path(path_input.value) == expected
        path_input.value = str(tmp_path / "nowhere" / "invite.ics")
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ExportForm"
        error = app.screen.query_one("#export-error")
        assert error.display and "does not exist" in str(error.render())
        await pilot.press("escape")
        await settle(pilot)
        assert list(tmp_path.glob("**/*.ics")) == []
        # The suggested file: written.
        await pilot.press("i")
        await pilot.pause()
        assert Path(app.screen.query_one("#export-path", Input).value) == expected
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "MeetingsScreen"
    calendar = Calendar.from_ical(expected.read_bytes())
    assert str(calendar["METHOD"]) == "REQUEST"
    events = calendar.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [target.uid]
    assert events[0].decoded("DTSTART").date() == target.date


async def test_cancelling_a_meeting_asks_first_declining_changes_nothing_accepting_raises_its_sequence(app, engine):
    target = next_meeting(engine, "Case Review Group")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_meeting(target.id)
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        with Session(engine) as session:
            after = session.get(Meeting, target.id)
            assert (after.status, after.sequence) == (target.status, target.sequence)

        await pilot.press("c")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.click("#confirm-yes")
        await settle(pilot)
        table = app.screen.query_one("#meetings-table", DataTable)
        assert str(table.get_row(str(target.id))[3]) == "CANCELLED"
    with Session(engine) as session:
        after = session.get(Meeting, target.id)
        assert after.status == "cancelled"
        assert after.sequence == target.sequence + 1


async def test_agenda_export_writes_a_word_document(app, engine, tmp_path):
    from docx import Document

    target = next_meeting(engine, "Child Exploitation and Missing Delivery Group")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_meeting(target.id)
        await settle(pilot)
        await pilot.press("g")
        await pilot.pause()
        path = Path(app.screen.query_one("#export-path", Input).value)
        await pilot.press("enter")
        await settle(pilot)
    assert path.parent == tmp_path and path.suffix == ".docx"
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "Child Exploitation and Missing Delivery Group" in text


async def test_actions_filter_by_body_highlight_overdue_and_export_to_csv_the_rows_shown(app, tmp_path):
    import csv

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_actions("Neglect Delivery Group")
        await settle(pilot)
        table = app.screen.query_one("#actions-table", VirtualTable)
        shown = rows(table)
        assert shown and {r[5] for r in shown} == {"Neglect Delivery Group"}
        overdue = [r for r in shown if "OVERDUE" in r[2]]
        assert len(overdue) == 2
        assert all(r[2].split(" ")[0] in ("open", "in") for r in shown)  # outstanding by default

        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#export-path", Input).value = str(tmp_path / "neglect.csv")
        await pilot.press("enter")
        await settle(pilot)
    with open(tmp_path / "neglect.csv", encoding="utf-8-sig", newline="") as handle:
        written = list(csv.DictReader(handle))
    reference = next(k for k in written[0] if "ref" in k.lower())
    assert {row[reference] for row in written} == {r[0] for r in shown}


async def test_command_palette_exports_the_calendar_feed(app, engine, tmp_path, monkeypatch):
    from tui.screens.working import WorkingDialog

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search_palette(pilot, "Export calendar feed")
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "ExportForm"
        path = Path(app.screen.query_one("#export-path", Input).value)
        told, closed = [], []  # what the progress dialog's bar was told, and the dialog once it closes
        progress, close = WorkingDialog.progress, WorkingDialog.close
        monkeypatch.setattr(WorkingDialog, "progress", lambda dialog, done, total: (told.append((done, total)),
                                                                                   progress(dialog, done, total)))
        monkeypatch.setattr(WorkingDialog, "close", lambda dialog: (closed.append(dialog), close(dialog)))
        await pilot.press("enter")
        await settle(pilot)
        assert len(closed) == 1 and type(app.screen).__name__ != "WorkingDialog"
        assert told and told[-1][0] == told[-1][1] > 0  # the bar was fed up to every meeting written
        assert any(n.message.startswith("Wrote") for n in app._notifications)
    assert path.parent == tmp_path
    calendar = Calendar.from_ical(path.read_bytes())
    assert str(calendar["METHOD"]) == "PUBLISH"
    with Session(engine) as session:
        uids = set(session.exec(select(Meeting.uid)).all())
    events = calendar.walk("VEVENT")
    assert {str(e["UID"]) for e in events} == uids
    assert all("ATTENDEE" not in e for e in events)


async def test_app_opens_its_database_in_a_worker_and_closes_when_it_cannot(tmp_path):
    """`convenor --db URL` paints first, then opens the database off the main thread;
    an unreachable database closes the app with one sentence and status 1."""
    good = ConvenorApp(url=str(tmp_path / "fresh.db"))
    async with good.run_test(size=(140, 45)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert good.return_code is None  # still running, on an empty database
        assert (tmp_path / "fresh.db").exists()
    bad = ConvenorApp(url="postgresql+psycopg://nobody@127.0.0.1:1/none")
    async with bad.run_test(size=(140, 45)) as pilot:
        with contextlib.suppress(WorkerCancelled):  # the app closes, cancelling its workers
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    assert bad.return_code == 1
