"""Structure: shift+a attaches the highlighted body's report to its parent's next agenda;
the highlight form's tick does the same for a chosen period."""

from __future__ import annotations

from datetime import date

import pytest
from docx import Document
from sqlmodel import Session, select
from textual.widgets import Checkbox, Input, Static

from models.tables import AgendaItem, Body, Meeting
from tests.tui_support import TODAY, settle
from tui.app import ConvenorApp
from tui.forms.highlight import HighlightForm
from tui.screens.structure import StructureScreen
from tui.widgets.form_field import FormField

NDG = "Neglect Delivery Group"
EXEC = "Safeguarding Partnership Executive"
NAME = f"{EXEC} 2027-01-12 - Highlight report - {NDG}.docx"


@pytest.fixture
def engine(demo_engine):
    return demo_engine


def report_items(engine) -> list[AgendaItem]:
    with Session(engine) as s:
        exec_id = s.exec(select(Body.id).where(Body.name == EXEC)).one()
        meeting = s.exec(select(Meeting).where(Meeting.body_id == exec_id, Meeting.date == date(2027, 1, 12))).one()
        rows = list(s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id,
                                                    AgendaItem.title.startswith("Highlight report: "))))
        for row in rows:
            s.expunge(row)
        return rows


async def show(app, pilot, name: str) -> StructureScreen:
    await pilot.press("s")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, StructureScreen)
    screen.show_body(name)
    await settle(pilot)
    assert screen.detail is not None and screen.detail.name == name
    return screen


async def test_shift_a_attaches_the_report_and_pressing_it_again_replaces_it(engine, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = ConvenorApp(engine, today=TODAY)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await show(app, pilot, NDG)
        await pilot.press("A")
        await settle(pilot)
        status = str(screen.query_one("#structure-status", Static).content)
        assert status.startswith(f"Attached {NDG}'s highlight report as item 7 (\"Highlight report: {NDG} "
                                 f"(14 Oct 2026–23 Nov 2026)\") of the agenda of {EXEC} for 12 January 2027")
        assert NAME in status
        [item] = report_items(engine)
        assert item.title == f"Highlight report: {NDG} (14 Oct 2026–23 Nov 2026)"
        assert item.papers == [f"{item.title}, file {NAME}"]
        assert Document(tmp_path / NAME).paragraphs[1].text == f"Highlight report: {NDG}"
        await pilot.press("A")
        await settle(pilot)
        assert str(screen.query_one("#structure-status", Static).content).startswith("Replaced")
        assert [i.id for i in report_items(engine)] == [item.id]
        # A body at the top reports to nobody: one sentence, nothing written.
        screen.show_body("Lead Safeguarding Partners Group")
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert str(screen.query_one("#structure-status", Static).content) == (
            "Lead Safeguarding Partners Group reports to no other body, so its highlight report has no agenda to go on.")


async def test_the_highlight_forms_tick_attaches_the_chosen_period(engine, tmp_path):
    app = ConvenorApp(engine, today=TODAY)
    async with app.run_test(size=(140, 45)) as pilot:
        await show(app, pilot, NDG)
        await pilot.press("H")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, HighlightForm)
        form.query_one("#field-start", FormField).control.value = "2026-09-01"  # type: ignore[union-attr]
        form.query_one("#field-path", FormField).control.value = str(tmp_path / "ndg.docx")  # type: ignore[union-attr]
        tick = form.query_one("#field-attach", FormField).control
        assert isinstance(tick, Checkbox) and str(tick.label) == f"Attach it to the next agenda of {EXEC}"
        tick.value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, StructureScreen)
        assert "Attached" in str(app.screen.query_one("#structure-status", Static).content)
        [item] = report_items(engine)
        assert item.title == f"Highlight report: {NDG} (1 Sep 2026–23 Nov 2026)"
        assert item.papers == [f"{item.title}, file ndg.docx"] and (tmp_path / "ndg.docx").exists()
