"""Snapshots of the Roster and Structure screens on the demo partnership, with today pinned."""

from __future__ import annotations

import pytest
from textual.app import App

from tests.tui_support import TODAY, settle
from tui.app import STYLESHEETS
from tui.screens.roster import RosterScreen
from tui.screens.structure import StructureScreen


class ScreenApp(App[None]):
    TITLE = "Convenor"
    CSS_PATH = STYLESHEETS

    def __init__(self, engine, screen) -> None:
        super().__init__()
        self.engine = engine
        self.today = TODAY
        self._first = screen

    def on_mount(self) -> None:
        self.push_screen(self._first)


@pytest.fixture
def engine(demo_engine):
    return demo_engine


def test_roster_on_date_snapshot(engine, snap_compare):
    assert snap_compare(ScreenApp(engine, RosterScreen()), terminal_size=(140, 45), run_before=settle)


def test_roster_appointments_snapshot(engine, snap_compare):
    async def appointments(pilot) -> None:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)

    assert snap_compare(ScreenApp(engine, RosterScreen()), terminal_size=(140, 45), run_before=appointments)


def test_structure_snapshot(engine, snap_compare):
    async def executive(pilot) -> None:
        await settle(pilot)
        pilot.app.screen.show_body("Safeguarding Partnership Executive")
        await settle(pilot)

    assert snap_compare(ScreenApp(engine, StructureScreen()), terminal_size=(140, 45), run_before=executive)
