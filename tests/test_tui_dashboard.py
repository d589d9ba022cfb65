"""The dashboard on screen: snapshots (dark and light), and Enter opening each kind of row."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select
from textual.widgets import DataTable

from models.db import session_scope
from models.tables import Appointment, Organisation
from tests.tui_support import SIZE, TODAY, settle
from tui.app import ConvenorApp
from tui.widgets.virtual_table import VirtualTable


@pytest.fixture
def engine(demo_engine):
    return demo_engine


def test_dashboard_snapshot_dark(engine, snap_compare):
    assert snap_compare(ConvenorApp(engine, demo=True, today=TODAY), terminal_size=SIZE, run_before=settle)


def test_dashboard_snapshot_light(engine, snap_compare):
    async def light(pilot) -> None:
        await settle(pilot)  # as a user would: the dashboard shown, then the theme changed
        pilot.app.theme = "textual-light"
        await settle(pilot)

    assert snap_compare(ConvenorApp(engine, demo=True, today=TODAY), terminal_size=SIZE, run_before=light)


def test_dashboard_snapshot_with_a_handover_and_a_gap(engine, snap_compare):
    """In August the executive's chair changes within 90 days; a lead partner has left."""
    day = date(2026, 8, 1)
    with session_scope(engine) as session:
        council = session.exec(select(Organisation).where(Organisation.name == "Fellmouth and Brackwater Council")).one()
        post = session.exec(select(Appointment).where(
            Appointment.organisation_id == council.id, Appointment.role == "lead_safeguarding_partner",
            Appointment.start <= day)).first()
        post.end = day - timedelta(days=1)
        session.add(post)
    assert snap_compare(ConvenorApp(engine, today=day), terminal_size=SIZE, run_before=settle)


def test_actions_snapshot(engine, snap_compare):
    async def actions(pilot) -> None:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)

    assert snap_compare(ConvenorApp(engine, demo=True, today=TODAY), terminal_size=SIZE, run_before=actions)


async def _open_row(app: ConvenorApp, pilot, table_id: str) -> None:
    await settle(pilot)
    table = app.screen.query_one(f"#{table_id}", DataTable)
    table.focus()
    await pilot.press("enter")
    await settle(pilot)


async def test_enter_on_an_actions_row_opens_that_body_s_actions_and_on_an_obligation_its_meeting(engine):
    app = ConvenorApp(engine, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = str(app.screen.query_one("#dash-actions", DataTable).get_row_at(0)[0])
        await _open_row(app, pilot, "dash-actions")
        assert app.current_mode == "actions"
        bodies = {str(r[5]) for r in (app.screen.query_one("#actions-table", VirtualTable).get_row_at(i)
                                      for i in range(app.screen.query_one("#actions-table", VirtualTable).row_count))}
        assert bodies == {first}

        await pilot.press("d")
        await settle(pilot)
        first = [str(c) for c in app.screen.query_one("#dash-obligations", DataTable).get_row_at(0)]
        await _open_row(app, pilot, "dash-obligations")
        assert app.current_mode == "meetings"
        row = [str(c) for c in app.screen.query_one("#meetings-table", DataTable).get_row(str(app.screen.selected_id))]
        assert (row[0], row[1]) == (first[0], first[2])


async def test_enter_on_a_handover_opens_the_body_in_structure(engine):
    app = ConvenorApp(engine, today=date(2026, 8, 1))
    async with app.run_test(size=SIZE) as pilot:
        await _open_row(app, pilot, "dash-handovers")
        assert app.current_mode == "structure"
        await settle(pilot)
        assert app.screen.detail.name == "Safeguarding Partnership Executive"


async def test_enter_on_a_gap_opens_the_roster(engine):
    with session_scope(engine) as session:
        police = session.exec(select(Organisation).where(Organisation.name == "Brackwater Constabulary")).one()
        post = session.exec(select(Appointment).where(
            Appointment.organisation_id == police.id, Appointment.role == "delegated_safeguarding_partner",
            Appointment.end.is_(None))).one()
        post.end = TODAY - timedelta(days=1)
        session.add(post)
    app = ConvenorApp(engine, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        gaps = [[str(c) for c in app.screen.query_one("#dash-gaps", DataTable).get_row_at(i)]
                for i in range(app.screen.query_one("#dash-gaps", DataTable).row_count)]
        assert gaps == [["Brackwater Constabulary", "Delegated Safeguarding Partner"]]
        await _open_row(app, pilot, "dash-gaps")
        assert app.current_mode == "roster"


async def test_switching_to_the_light_theme_after_the_data_shows_leaves_no_dark_cell(engine):
    """Highlighted cells (an overdue count, a cancelled meeting) take their row's colours in the new theme."""
    app = ConvenorApp(engine, demo=True, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dark_background = app.screen.styles.background.hex.lower()  # the dark theme's screen
        app.theme = "textual-light"
        await settle(pilot)
        svg = app.export_screenshot()
    assert f'fill="{dark_background}"' not in svg.lower()
