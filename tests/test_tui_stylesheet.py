"""The app's stylesheets: the dashboard's read at start, the others once the first frame is painted;
parsed again only when something changed, and then only what is new."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

import tui
from tests.tui_support import SIZE, TODAY, settle
from tui.app import FIRST_FRAME_STYLESHEETS, STYLESHEETS, ConvenorApp


def test_every_stylesheet_in_the_package_is_listed():
    found = {str(path) for path in Path(tui.__file__).parent.rglob("*.tcss")}
    assert found == set(STYLESHEETS)
    assert [Path(path).name for path in FIRST_FRAME_STYLESHEETS] == ["app.tcss", "dashboard.tcss"]


@pytest.fixture
def app(demo_engine):
    return ConvenorApp(demo_engine, demo=True, today=TODAY)


async def test_the_other_stylesheets_are_read_once_the_dashboard_is_painted(app):
    assert ConvenorApp.CSS_PATH == FIRST_FRAME_STYLESHEETS
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        read = {path for path, _ in app.stylesheet.source}
        assert set(STYLESHEETS) <= read
        await pilot.press("?")  # help's own stylesheet applies: it is drawn as a dialog
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"
        assert app.screen.styles.align_horizontal == "center"


@pytest.mark.slow
async def test_moving_between_areas_does_not_parse_the_css_again_but_a_theme_change_does(app, monkeypatch):
    parses = []
    original = type(app.stylesheet).__mro__[1].reparse
    monkeypatch.setattr(type(app.stylesheet).__mro__[1], "reparse", lambda self: parses.append(1) or original(self))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in "rsmad":  # every area once, to bring in every widget's own CSS
            await pilot.press(key)
            await settle(pilot)
        before = len(parses)
        for key in "rsmad":
            await pilot.press(key)
            await settle(pilot)
        # Five area switches parse no CSS again (a parse on every switch would cost ~0.1 s each).
        # At most one may come from a widget's CSS being registered again with another tie-breaker.
        assert len(parses) - before <= 1
        before = len(parses)
        assert type(app.screen).__name__ == "DashboardScreen"

        dark = app.screen.query_one(DataTable).styles.background
        app.theme = "textual-light"
        await settle(pilot)
        assert len(parses) > before
        assert app.screen.query_one(DataTable).styles.background != dark


async def test_the_areas_widgets_css_is_parsed_while_the_dashboard_shows_and_looks_the_same(app, monkeypatch):
    from textual.css import stylesheet as textual_stylesheet

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        parsed = []
        original = textual_stylesheet.parse
        monkeypatch.setattr(textual_stylesheet, "parse", lambda *a, **k: parsed.append(a[2]) or original(*a, **k))
        await pilot.press("a")  # a Select, an Input, a VirtualTable: none of their CSS is parsed now
        await settle(pilot)
        assert type(app.screen).__name__ == "ActionsScreen" and parsed == []
        assert app.screen.query_one("#filter-status").region.width > 0


def test_css_parsed_ahead_is_not_kept_once_the_theme_has_changed():
    from textual.app import App
    from textual.widgets import Select

    from tui.stylesheet import AppStylesheet

    plain = App()
    dark = plain.get_css_variables()
    plain.theme = "textual-light"
    light = plain.get_css_variables()
    sheet = AppStylesheet(variables=dark)
    variables, parsed = sheet.parse_default_css([Select])
    assert parsed and all(rules for rules in parsed.values())
    sheet.set_variables(light)
    sheet.keep_parsed(variables, parsed)
    assert all(sheet._parse_cache.get(key) is None for key in parsed)
    sheet.keep_parsed(*sheet.parse_default_css([Select]))
    assert all(sheet._parse_cache.get(key) for key in parsed)
