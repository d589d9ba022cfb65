"""Opening areas: what the first visit to the Actions area shows (every filter choice, the rows),
that coming back reads again, and the footer that is rebuilt only when its keys change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Select

from models.browse import ACTION_FILTERS, OUTSTANDING
from models.tables import Action, Body
from tests.tui_support import SIZE, TODAY, settle
from tui.app import ConvenorApp
from tui.widgets.key_footer import KeyFooter
from tui.widgets.virtual_table import VirtualTable


@pytest.fixture
def engine(demo_engine):
    return demo_engine


def body_names(engine) -> list[str]:
    with Session(engine) as session:
        return sorted(session.exec(select(Body.name)).all())


def select_values(select: Select) -> list[object]:
    return [value for _, value in select._options if value is not Select.NULL]


async def test_the_first_visit_to_actions_shows_rows_and_every_filter_choice(engine):
    app = ConvenorApp(engine, demo=True, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#actions-table", VirtualTable)
        assert table.row_count > 0 and table.get_row_at(0)[0]
        assert app.focused is table
        assert sorted(select_values(screen.query_one("#filter-body", Select))) == body_names(engine)
        status = screen.query_one("#filter-status", Select)
        assert select_values(status) == [value for _, value in ACTION_FILTERS]
        assert status.value == OUTSTANDING
        assert screen.query_one("#filter-search", Input).value == ""
        assert table.border_title == f"{table.row_count} actions"


async def test_coming_back_to_actions_reads_again(engine):
    app = ConvenorApp(engine, demo=True, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        table = app.screen.query_one("#actions-table", VirtualTable)
        before = table.row_count
        await pilot.press("d")
        await settle(pilot)
        with Session(engine) as session:  # made elsewhere while the user looks at the dashboard
            body = session.exec(select(Body).order_by(Body.name)).first()
            session.add(Action(reference="NEW-2026-001", body_id=body.id, status="open",
                               due=TODAY - timedelta(days=400), description="Added while away"))
            session.commit()
        await pilot.press("a")
        await settle(pilot)
        assert table.row_count == before + 1
        assert table.get_row_at(0)[0] == "NEW-2026-001"  # the soonest due comes first


class FooterApp(App[None]):
    BINDINGS = [Binding("f7", "bell", "Ring", id="test.ring", tooltip="Ring the bell")]

    def compose(self) -> ComposeResult:
        yield Input(id="first")
        yield KeyInput(id="second")
        yield KeyFooter()


class KeyInput(Input):
    BINDINGS = [Binding("f6", "only_here", "Only here", id="test.only_here", tooltip="Only in the second box")]

    def action_only_here(self) -> None:
        self.app.bell()


def footer_line(app: App[None]) -> str:
    return app.screen.query_one(KeyFooter).render_line(0).text


async def test_the_footer_follows_the_keys_of_the_focused_widget_and_keeps_them_otherwise():
    app = FooterApp()
    async with app.run_test(size=(80, 10)) as pilot:
        app.query_one("#first").focus()
        await pilot.pause()
        assert " f7 Ring " in footer_line(app) and "Only here" not in footer_line(app)
        assert "^p palette" in footer_line(app)
        app.query_one("#second").focus()
        await pilot.pause()
        assert footer_line(app).startswith(" f6 Only here  f7 Ring ")
        app.query_one("#first").focus()
        await pilot.pause()
        assert "Only here" not in footer_line(app) and " f7 Ring " in footer_line(app)
