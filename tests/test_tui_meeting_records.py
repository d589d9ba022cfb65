"""Deleting planned meetings and unminuted agenda items, and the History key in Meetings and Structure."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select
from textual.widgets import DataTable, Static

from models.tables import AgendaItem, AuditEntry, Meeting
from tests.tui_support import TODAY, settle
from tui.app import ConvenorApp
from tui.forms.history import HistoryView
from tui.screens.export_form import ConfirmDialog
from tui.screens.meetings import MeetingsScreen
from tui.screens.workspace import WorkspaceScreen

PLANNED = 32  # Case Review Group, Fri 4 Dec 2026: planned, nobody invited
CONFIRMED = 30  # Neglect Delivery Group, Wed 2 Dec 2026: confirmed (invited), agenda not minuted
HELD = 24  # the executive in October 2026


@pytest.fixture
def app(demo_engine, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return ConvenorApp(demo_engine, today=TODAY)


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def table_rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def open_meeting(app, pilot, meeting_id: int) -> None:
    await settle(pilot)
    await pilot.press("m")
    await settle(pilot)
    app.screen.select_meeting(meeting_id)
    await settle(pilot)


async def test_delete_removes_a_planned_meeting_after_asking_offers_cancelling_an_invited_one_and_keeps_a_held_one(
        app, demo_engine):
    async with app.run_test(size=(120, 40)) as pilot:
        # A planned meeting, nobody invited: deleted after asking.
        await open_meeting(app, pilot, PLANNED)
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "Delete the Case Review Group meeting on Fri 4 Dec 2026" in str(
            app.screen.query_one("#confirm-text", Static).content)
        await pilot.press("escape")  # kept
        await settle(pilot)
        with Session(demo_engine) as s:
            assert s.get(Meeting, PLANNED) is not None
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, MeetingsScreen)
        assert "Deleted the meeting." in notices(app)
        assert str(PLANNED) not in [str(k.value) for k in app.screen.query_one("#meetings-table", DataTable).rows]
        with Session(demo_engine) as s:
            assert s.get(Meeting, PLANNED) is None
            entry = s.exec(select(AuditEntry).where(AuditEntry.table_name == "meeting", AuditEntry.record_id == PLANNED,
                                                    AuditEntry.operation == "delete")).one()
            assert "Case Review Group" in entry.summary

        # An invited meeting is not deleted: cancelling it is offered instead.
        app.screen.select_meeting(CONFIRMED)
        await settle(pilot)
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        text = str(app.screen.query_one("#confirm-text", Static).content)
        assert "has had invitations sent; cancel it instead" in text and "Cancel the meeting now?" in text
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, MeetingsScreen)
        with Session(demo_engine) as s:
            meeting = s.get(Meeting, CONFIRMED)
            assert meeting is not None and meeting.status == "cancelled"

        # A held meeting is never deleted.
        app.screen.select_meeting(HELD)
        await settle(pilot)
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, MeetingsScreen)
        assert any("a held meeting and its minutes can never be deleted" in n for n in notices(app))
    with Session(demo_engine) as s:
        assert s.get(Meeting, HELD).status == "held"


async def test_history_of_the_selected_meeting(app, demo_engine):
    async with app.run_test(size=(120, 40)) as pilot:
        await open_meeting(app, pilot, 68)
        await pilot.press("t")  # reschedule, so the history has a change to show
        await settle(pilot)
        from textual.widgets import Input

        app.screen.query_one("#field-date Input", Input).value = "2027-01-14"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")  # not now for the updated invite
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryView)
        assert "History of the Safeguarding Partnership Executive meeting" in app.screen.title_text
        rows = table_rows(app.screen.query_one("#history-table", DataTable))
        assert any(r[3] == "date" and r[4] == "2027-01-12" and r[5] == "2027-01-14" for r in rows)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MeetingsScreen)


async def test_history_of_the_selected_body_in_structure(app, demo_engine):
    from models.bodies import update_body
    from models.roster_views import body_detail

    with Session(demo_engine) as s:
        detail = body_detail(s, 5, TODAY)  # Neglect Delivery Group
    update_body(demo_engine, 5, detail.version, cadence=detail.cadence_table, chair=detail.chair_table,
                members=detail.member_lines, standing_items=detail.standing_items,
                quorum={"members": 4}, forward_plan=["Neglect strategy refresh | March every year"])
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await app.open_body("Neglect Delivery Group")
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryView)
        assert app.screen.title_text == "History of Neglect Delivery Group"
        rows = table_rows(app.screen.query_one("#history-table", DataTable))
        assert any(r[3] == "quorum rule" and "4" in r[5] for r in rows)
        assert any(r[3] == "forward plan" and r[5] == "Neglect strategy refresh | March every year" for r in rows)


async def test_an_agenda_item_not_yet_minuted_is_deleted_and_a_minuted_one_stays(app, demo_engine):
    with Session(demo_engine) as s:
        items = s.exec(select(AgendaItem).where(AgendaItem.meeting_id == CONFIRMED)
                       .order_by(AgendaItem.position)).all()
        first, second = items[0].title, items[1].title
        items[1].minute = "Noted."
        s.add(items[1])
        s.commit()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_meeting(app, pilot, CONFIRMED)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        await pilot.press("delete")
        await settle(pilot)
        assert f'Delete "{first}" from the agenda?' in str(app.screen.query_one("#confirm-text", Static).content)
        await pilot.press("y")
        await settle(pilot)
        agenda = app.screen.query_one("#agenda-table", DataTable)
        titles = [r[3] for r in table_rows(agenda)]
        assert not any(t.startswith(first) for t in titles) and titles[0].startswith(second)
        assert table_rows(agenda)[0][0] == "1"  # numbered again
        await pilot.press("delete")  # the minuted item, now first
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert any(f'"{second}" cannot be deleted: it has a minute' in n for n in notices(app))
    with Session(demo_engine) as s:
        left = [i.title for i in s.exec(select(AgendaItem).where(AgendaItem.meeting_id == CONFIRMED))]
        assert first not in left and second in left
        assert s.exec(select(AuditEntry).where(AuditEntry.table_name == "agendaitem",
                                               AuditEntry.operation == "delete")).first() is not None
