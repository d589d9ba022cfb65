"""The meeting workspace driven headless on the demo: a business manager's day, and snapshots of each tab."""

from __future__ import annotations


import pytest
from docx import Document
from sqlmodel import Session, select
from textual.widgets import Checkbox, DataTable, Input, Static

from models.db import session_scope
from models.meetings.agenda import add_item, build_agenda, edit_item
from models.meetings.attendance import add_declaration, mark_attendance, record_deputy
from models.meetings.calendar import create_meeting
from models.meetings.minutes import add_action, add_resolution, save_minute
from models.tables import Action, AgendaItem, Meeting
from tests.tui_support import TODAY, search_palette, settle, type_text
from tui.app import ConvenorApp
from tui.widgets.virtual_table import VirtualTable
from tui.screens.workspace import WorkspaceScreen

EXEC = "Safeguarding Partnership Executive"
NEXT_EXEC = "2027-01-12"


@pytest.fixture
def app(demo_engine, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return ConvenorApp(demo_engine, demo=True, today=TODAY)


def rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def header(app) -> str:
    return str(app.screen.query_one("#workspace-header", Static).content)


def meeting_on(engine, day: str) -> Meeting:
    with Session(engine) as s:
        return s.exec(select(Meeting).where(Meeting.date == day, Meeting.body_id.in_(  # type: ignore[attr-defined]
            select(Meeting.body_id).where(Meeting.id == 68)))).one()


async def autosaved(pilot, engine, meeting_id: int, title: str, minute: str) -> None:
    """Wait (typing nothing more) until the minute has been autosaved to the database."""
    for _ in range(400):
        with Session(engine) as s:
            item = s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id,
                                                   AgendaItem.title == title)).one()
        if item.minute == minute:
            break
        await pilot.pause(0.05)
    await settle(pilot)


@pytest.mark.slow
async def test_a_day_in_the_life_of_the_business_manager(app, demo_engine, tmp_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        # A one-off meeting of the executive, today.
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, EXEC)
        await pilot.press("tab")
        await type_text(pilot, "2026-11-23")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "MeetingsScreen"
        created = meeting_on(demo_engine, "2026-11-23")
        assert created.title == "Extraordinary meeting"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen) and app.screen.meeting_id == created.id
        assert "Mon 23 Nov 2026 10:00–12:00" in header(app) and "Chair: Zoë Castellano" in header(app)

        # The agenda: built from the standing items, one item added, moved up and made exempt.
        await pilot.press("b")
        await settle(pilot)
        agenda = app.screen.query_one("#agenda-table", DataTable)
        assert [r[3] for r in rows(agenda)][:2] == ["Welcome and apologies", "Declarations of interest"]
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Rapid review: case FB-2026-04")
        await pilot.press("tab", "tab")
        await type_text(pilot, "20")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert rows(agenda)[6][3] == "Rapid review: case FB-2026-04" and agenda.cursor_row == 6
        await pilot.press("ctrl+up")
        await settle(pilot)
        assert rows(agenda)[5][3] == "Rapid review: case FB-2026-04"
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("2", "ctrl+s")
        await settle(pilot)
        assert rows(agenda)[5][6] == "II ¶2" and rows(agenda)[6][1] == "10:20"

        # Attendance, with a deputy for the police, and the quorum line following it.
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert "NOT MET — Fellmouth and Brackwater Council, Brackwater Constabulary not represented" in header(app)
        await pilot.press("down", "down", "d")
        await settle(pilot)
        await type_text(pilot, "Liam Oduya")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "NOT MET — Fellmouth and Brackwater Council not represented" in header(app)
        await pilot.press("down", "p")
        await settle(pilot)
        assert "quorum: met" in header(app)
        people = {r[0]: r[3] for r in rows(app.screen.query_one("#attendance-table", DataTable))}
        assert people["Liam Oduya"] == "Deputising for Rebecca Thorne"

        # Minutes: a minute (autosaved), a resolution and an action under "Voice of the child".
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("down", "down", "down", "down", "enter")
        await type_text(pilot, "Young people asked to be told before their social worker changes.")
        await autosaved(pilot, demo_engine, created.id, "Voice of the child",
                        "Young people asked to be told before their social worker changes.")
        await pilot.press("escape", "r")
        await settle(pilot)
        await type_text(pilot, "That the children in care council be thanked.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Write to the children in care council")
        await pilot.press("tab")
        await type_text(pilot, "Olivia Marchetti")
        await pilot.press("tab")
        await type_text(pilot, "2026-12-10")
        await pilot.press("ctrl+s")
        await settle(pilot)
        extra = str(app.screen.query_one("#minutes-extra", Static).content)
        assert "(1) That the children in care council be thanked." in extra
        reference = extra.split("Actions arising:")[1].split()[0]
        with Session(demo_engine) as s:
            voice = s.exec(select(AgendaItem).where(AgendaItem.meeting_id == created.id,
                                                    AgendaItem.title == "Voice of the child")).one()
            assert voice.minute == "Young people asked to be told before their social worker changes."
            assert s.exec(select(Action).where(Action.reference == reference)).one().due.isoformat() == "2026-12-10"

        # Held; the public minutes leave out the exempt item.
        await pilot.press("H")
        await settle(pilot)
        assert "held ·" in header(app) and "minutes draft" in header(app)
        await pilot.press("M")
        await settle(pilot)
        public = tmp_path / "public minutes.docx"
        app.screen.query_one("#export-path", Input).value = str(public)
        app.screen.query_one("#export-public", Checkbox).value = True
        await pilot.click("#export-ok")
        await settle(pilot)
        text = "\n".join(p.text for p in Document(public).paragraphs)
        assert "Young people asked to be told" in text and "Rapid review" not in text
        assert Document(public).sections[0].header.paragraphs[0].text.endswith("DRAFT")

        # The new action is in the Actions area at once.
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        actions = app.screen.query_one("#actions-table", VirtualTable)
        assert any(reference in " ".join(r) for r in rows(actions))

        # The next executive meeting approves these minutes.
        await pilot.press("m")
        await settle(pilot)
        app.screen.select_meeting(68)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.meeting_id == 68
        await pilot.press("A")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    with Session(demo_engine) as s:
        assert s.get(Meeting, created.id).minutes_approved_on.isoformat() == NEXT_EXEC
        minutes_item = s.exec(select(AgendaItem).where(AgendaItem.meeting_id == 68,
                                                       AgendaItem.title.startswith("Minutes"))).one()
        assert minutes_item.title.startswith("Minutes")


def _prepared(engine) -> int:
    """A meeting with something on every tab, made through the models."""
    with session_scope(engine) as s:
        meeting = create_meeting(s, EXEC, "2026-11-23", "10:00", "12:00", location="Online (Microsoft Teams)",
                                 today=TODAY)
        build_agenda(s, meeting)
        review = add_item(s, meeting, {"title": "Rapid review: case FB-2026-04", "presenter": "Siân Rhydderch",
                                       "minutes": 20, "purpose": "decision"})
        edit_item(s, review, 1, {"exempt": True, "exempt_paragraph": 2})
        mark_attendance(s, meeting, "Zoë Castellano", "present")
        record_deputy(s, meeting, "Liam Oduya", "Rebecca Thorne")
        add_declaration(s, meeting, "Nadia Brennan", review, "Governor of the child's school")
        welcome = s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting, AgendaItem.position == 1)).one()
        save_minute(s, welcome.id, welcome.version, "The chair welcomed members.\nApologies were received.")
        add_resolution(s, welcome.id, "That the apologies be noted.")
        add_action(s, welcome.id, "Write to absent members", "Olivia Marchetti", "2026-12-10")
    return meeting


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
@pytest.mark.parametrize("tab", ["1", "2", "3", "4"], ids=["agenda", "attendance", "minutes", "actions"])
def test_workspace_tab_snapshot(demo_engine, snap_compare, tab, size):
    meeting = _prepared(demo_engine)

    async def open_tab(pilot) -> None:
        await settle(pilot)
        await pilot.app.push_screen(WorkspaceScreen(meeting))
        await settle(pilot)
        await pilot.press(tab)
        await settle(pilot)

    assert snap_compare(ConvenorApp(demo_engine, demo=True, today=TODAY), terminal_size=size, run_before=open_tab)


@pytest.mark.slow
async def test_palette_finds_workspace_keys_by_name(app):
    """A user who does not know the key types what they want and finds it."""
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        await search_palette(pilot, "add agenda item")
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "AgendaItemForm"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await search_palette(pilot, "mark apologies")
        hits = [str(option.prompt) for option in app.screen.query("CommandList").first().options]
        assert any("Mark apologies" in hit for hit in hits)
