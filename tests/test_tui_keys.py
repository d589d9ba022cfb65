"""Keys come from the bindings: `?` help, the palette's list of the screen's keys, a user key map."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Select

from models.views import ACTION_STATUSES
from tests.tui_support import SIZE, TODAY, search_palette, settle
from tui.app import ConvenorApp
from tui.keys import screen_keys


@pytest.fixture
def engine(demo_engine):
    return demo_engine


@pytest.fixture
def app(engine, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return ConvenorApp(engine, today=TODAY)


def help_rows(app) -> dict[str, str]:
    table = app.screen.query_one("#help-keys", DataTable)
    return {str(table.get_row_at(i)[0]): str(table.get_row_at(i)[1]) for i in range(table.row_count)}


async def test_help_lists_exactly_the_bindings_active_on_the_screen(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await settle(pilot)
        expected = {k.key: k.description for k in screen_keys(app.screen)}
        await pilot.press("question_mark")
        await pilot.pause()
        listed = help_rows(app)
    assert listed == expected
    assert listed["e"] == "Export log" and listed["t"] == "Status filter"
    assert listed["ctrl+p"] == "Palette" and listed["ctrl+q"] == "Quit" and listed["?"] == "Help"


async def test_palette_finds_a_screen_key_by_what_it_does_and_runs_it(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await settle(pilot)
        await search_palette(pilot, "export invite")
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "ExportForm"
        assert Path(app.screen.query_one("#export-path", Input).value).suffix == ".ics"


async def test_a_key_map_in_the_data_folder_moves_a_key(engine, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\n"meetings.invite" = "v"\n"no.such.key" = "z"\n', encoding="utf-8")
    app = ConvenorApp(engine, today=TODAY, keymap=keymap)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        notices = [str(n.message) for n in app._notifications]
        assert any("no.such.key" in n for n in notices)
        await pilot.press("question_mark")
        await pilot.pause()
        assert help_rows(app)["v"] == "Export invite"
        await pilot.press("escape", "i")
        await pilot.pause()
        assert type(app.screen).__name__ == "MeetingsScreen"
        await pilot.press("v")
        await pilot.pause()
        assert type(app.screen).__name__ == "ExportForm"


async def test_actions_status_filter_offers_only_real_statuses(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await settle(pilot)
        select = app.screen.query_one("#filter-status", Select)
        values = [value for _, value in select._options if value is not Select.NULL]
        labels = [str(label) for label, value in select._options if value is not Select.NULL]
    assert values == ["outstanding", "overdue", *ACTION_STATUSES]
    assert "closed" not in values and "Closed" not in labels
    assert labels[2:] == ["Open", "In progress", "Completed", "Cancelled"]
