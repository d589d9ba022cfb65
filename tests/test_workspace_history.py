"""History in the meeting workspace: an agenda item's and an attendance record's audit trail
(models.history.agenda_item_history / attendance_history, on SQLite and PostgreSQL) and the `h`
key on the Agenda and Attendance tabs."""

from __future__ import annotations


import pytest
from sqlmodel import Session, select
from textual.widgets import DataTable

from models.db import session_scope
from models.history import agenda_item_history, attendance_history
from models.meetings.agenda import add_item, build_agenda, edit_item, move_item, remove_item
from models.meetings.attendance import (
    add_declaration,
    clear_attendance,
    mark_attendance,
    record_deputy,
    remove_declaration,
)
from models.meetings.calendar import create_meeting
from models.meetings.minutes import add_action, add_resolution, defer_item, remove_resolution, save_minute
from models.tables import AgendaItem
from tests.tui_support import TODAY, settle
from tui.app import ConvenorApp
from tui.forms.history import HistoryView
from tui.screens.workspace import WorkspaceScreen

EXEC = "Safeguarding Partnership Executive"
MEMBER = "Siân Rhydderch"
DEPUTY = "Liam Oduya"


def _meeting(engine) -> int:
    with session_scope(engine) as s:
        return create_meeting(s, EXEC, "2026-11-23", "10:00", "12:00", title="Extraordinary meeting", today=TODAY)


def _item(engine, meeting_id: int, position: int) -> AgendaItem:
    with Session(engine) as s:
        item = s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id,
                                               AgendaItem.position == position)).one()
        s.expunge(item)
        return item


@pytest.fixture
def demo(scheduled_demo):
    return scheduled_demo


def test_an_items_history_from_building_to_deferral(demo):
    meeting = _meeting(demo)
    with session_scope(demo) as s:
        build_agenda(s, meeting)
    first = _item(demo, meeting, 1)
    with session_scope(demo) as s:
        edit_item(s, first.id, first.version, {"presenter": "Zoë Castellano", "minutes": "10"})
        move_item(s, first.id, 1)
    with session_scope(demo) as s:
        item = s.get(AgendaItem, first.id)
        save_minute(s, item.id, item.version, "Apologies were received.")
        add_resolution(s, item.id, "That the apologies be noted.")
        add_resolution(s, item.id, "That a second thing be noted.")
        remove_resolution(s, item.id, 2)
        add_action(s, item.id, "Write to absent members", "Olivia Marchetti", "2026-12-10")
        declared = add_declaration(s, meeting, MEMBER, item.id, "A relative works for the provider")
        remove_declaration(s, declared)
        defer_item(s, item.id)
    with Session(demo) as s:
        rows = agenda_item_history(s, first.id)
    what = [(r.operation, r.field, r.old, r.new) for r in rows]
    assert rows[0].summary.startswith('Added "Welcome and apologies" (standing) when the agenda')
    assert rows[0].actor == "test-officer"
    assert ("update", "presenter", None, "Zoë Castellano") in what
    assert ("update", "duration minutes", None, "10") in what
    assert ("update", "position", "1", "2") in what
    assert ("update", "minute", None, "Apologies were received.") in what
    assert ("create", "text", None, "That the apologies be noted.") in what
    assert ("delete", "text", "That a second thing be noted.", None) in what
    assert any(r.summary.startswith("Raised action EXEC-2026-") for r in rows)
    assert ("create", "nature", None, "A relative works for the provider") in what
    assert ("delete", "nature", "A relative works for the provider", None) in what
    assert what[-1] == ("deferred", "state", "listed", "deferred")
    assert not any(r.field in ("item", "meeting") for r in rows)  # links are not shown as changes
    # Another item's history holds none of this.
    with Session(demo) as s:
        other = agenda_item_history(s, _item(demo, meeting, 1).id)
    assert [r.operation for r in other] == ["create", "create"]  # built: its title and position
    assert {r.field for r in other} == {"title", "position"}


def test_a_new_item_does_not_inherit_a_removed_items_history(demo):
    meeting = _meeting(demo)
    with session_scope(demo) as s:
        gone = add_item(s, meeting, {"title": "Late paper"})
        edit_item(s, gone, 1, {"presenter": "Zoë Castellano"})
        remove_item(s, gone)
        fresh = add_item(s, meeting, {"title": "Another paper"})
    with Session(demo) as s:
        rows = agenda_item_history(s, fresh)
    assert [(r.operation, r.field, r.new) for r in rows if r.field == "title"] == [("create", "title", "Another paper")]
    assert not any("Late paper" in r.summary or r.new == "Zoë Castellano" for r in rows)


def test_an_attendance_records_history_survives_clearing(demo):
    meeting = _meeting(demo)
    with session_scope(demo) as s:
        mark_attendance(s, meeting, MEMBER, "present")
    with session_scope(demo) as s:
        mark_attendance(s, meeting, MEMBER, "apologies")
    with session_scope(demo) as s:
        clear_attendance(s, meeting, MEMBER)
    with session_scope(demo) as s:
        mark_attendance(s, meeting, "Zoë Castellano", "present")  # may take the cleared row's id on SQLite
        record_deputy(s, meeting, DEPUTY, MEMBER)
    with Session(demo) as s:
        rows = attendance_history(s, meeting, MEMBER)
        deputy = attendance_history(s, meeting, DEPUTY)
        chair = attendance_history(s, meeting, "Zoë Castellano")
        nobody = attendance_history(s, meeting, "Nobody at all")
    statuses = [(r.operation, r.old, r.new) for r in rows if r.field == "status"]
    assert statuses == [("create", None, "present"), ("update", "present", "apologies"),
                        ("delete", "apologies", None), ("create", None, "apologies")]
    assert rows[0].summary == f"Recorded {MEMBER} as present at the meeting on 23 November 2026"
    assert {r.actor for r in rows} == {"test-officer"}
    assert any(r.operation == "delete" and r.summary.startswith(f"Cleared the attendance of {MEMBER}") for r in rows)
    assert [(r.field, r.new) for r in deputy if r.field in ("status", "deputy for")] == [
        ("status", "deputy"), ("deputy for", MEMBER)]
    assert [(r.field, r.new) for r in chair if r.field == "status"] == [("status", "present")]
    assert nobody == []


def _history_rows(app) -> list[list[str]]:
    table = app.screen.query_one("#history-table", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


@pytest.mark.slow
async def test_h_shows_the_highlighted_items_and_attendance_records_history(demo_engine):
    meeting = _meeting(demo_engine)
    with session_scope(demo_engine) as s:
        build_agenda(s, meeting)
    app = ConvenorApp(demo_engine, demo=True, today=TODAY)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await app.push_screen(WorkspaceScreen(meeting))
        await settle(pilot)
        workspace = app.screen
        # Agenda: change the second item's presenter through its form, then ask for its history.
        agenda = workspace.query_one("#agenda-table", DataTable)
        agenda.move_cursor(row=1)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("tab", *"Zoë Castellano", "ctrl+s")
        await settle(pilot)
        assert app.screen is workspace and agenda.cursor_row == 1
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryView)
        assert app.screen.title_text == "History of item 2: Declarations of interest"
        shown = _history_rows(app)
        assert shown[0][1:4] == ["test-officer", 'Added "Declarations of interest" (standing) when the agenda of the '
                                 "meeting on 23 November 2026 was built", "title"]
        assert shown[-1][1:] == ["test-officer", 'Changed agenda item "Declarations of interest"', "presenter", "",
                                 "Zoë Castellano"]
        await pilot.press("escape")
        await settle(pilot)
        # Attendance: mark the first person present, then apologies, and read what was recorded.
        await pilot.press("2")
        await settle(pilot)
        table = workspace.query_one("#attendance-table", DataTable)
        person = str(table.get_row_at(0)[0])
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryView)
        assert app.screen.title_text == f"Attendance of {person} at this meeting"
        statuses = [(r[2], r[4], r[5]) for r in _history_rows(app) if r[3] == "status"]
        assert statuses == [(f"Recorded {person} as present at the meeting on 23 November 2026", "", "present"),
                            (f"Changed attendance of {person} at the meeting on 23 November 2026", "present",
                             "apologies")]
