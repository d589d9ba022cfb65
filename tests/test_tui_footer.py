"""The footer (one widget drawing every key): clicking a key runs it, a disabled key is dimmed
and only rings the bell, the key under the mouse is highlighted and gives its tooltip, keys
that do not fit scroll with the wheel, and in the app a click on a footer key opens its area."""

from __future__ import annotations

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette
from textual.widgets import Static
from textual.widgets._tooltip import Tooltip

from tests.tui_support import SIZE, TODAY, settle
from tui.app import ConvenorApp
from tui.widgets.key_footer import KeyFooter


class KeysApp(App[None]):
    BINDINGS = [
        Binding("f7", "count", "Count", id="test.count", tooltip="Add one to the count"),
        Binding("f8", "never", "Never", id="test.never", tooltip="Cannot be done now"),
        Binding("f9", "other", "Other", id="test.other", tooltip="Another key"),
    ]
    TOOLTIP_DELAY = 0.05

    def __init__(self) -> None:
        super().__init__()
        self.counted = self.rang = 0

    def compose(self) -> ComposeResult:
        yield Static("hello")
        yield KeyFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "never" else True  # None: shown, but disabled

    def action_count(self) -> None:
        self.counted += 1

    def action_never(self) -> None:
        self.counted += 100

    def action_other(self) -> None:
        pass

    def bell(self) -> None:
        self.rang += 1


def footer(app: App[None]) -> KeyFooter:
    return app.screen.query_one(KeyFooter)


def column_of(app: App[None], words: str) -> int:
    line = footer(app).render_line(0).text
    assert words in line, line
    return line.index(words)


def style_at(app: App[None], column: int):
    """The style the footer draws at ``column``."""
    at = 0
    for segment in footer(app).render_line(0):
        if at <= column < at + len(segment.text):
            return segment.style
        at += len(segment.text)
    raise AssertionError(f"nothing drawn at {column}")


def background_at(app: App[None], column: int):
    return style_at(app, column).bgcolor


async def test_clicking_a_key_in_the_footer_runs_its_action():
    app = KeysApp()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        await pilot.click(KeyFooter, offset=(column_of(app, "Count"), 0))
        await pilot.pause()
        assert app.counted == 1
        await pilot.click(KeyFooter, offset=(column_of(app, "f7"), 0))  # the key itself
        await pilot.pause()
        assert app.counted == 2 and app.rang == 0


async def test_a_disabled_key_is_dimmed_and_clicking_it_only_rings_the_bell():
    app = KeysApp()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        assert style_at(app, column_of(app, "Never")).dim and style_at(app, column_of(app, "f8")).dim
        assert not style_at(app, column_of(app, "Other")).dim and not style_at(app, column_of(app, "f9")).dim
        await pilot.click(KeyFooter, offset=(column_of(app, "Never"), 0))
        await pilot.pause()
        assert app.counted == 0 and app.rang == 1


async def test_hovering_a_key_highlights_it_and_shows_its_tooltip():
    app = KeysApp()
    async with app.run_test(size=(80, 5), tooltips=True) as pilot:
        await pilot.pause()
        plain = background_at(app, column_of(app, "Other"))
        await pilot.hover(KeyFooter, offset=(column_of(app, "Other"), 0))
        await pilot.pause(0.2)
        assert background_at(app, column_of(app, "Other")) != plain
        assert background_at(app, column_of(app, "Count")) == plain
        tooltip = app.screen.query_one(Tooltip)
        assert tooltip.display and "Another key" in str(tooltip.render())
        await pilot.hover(KeyFooter, offset=(column_of(app, "Count"), 0))
        await pilot.pause(0.2)
        await pilot.hover(KeyFooter, offset=(column_of(app, "Count") + 1, 0))
        await pilot.pause(0.2)
        assert footer(app).tooltip == "Add one to the count"
        assert tooltip.display and "Add one to the count" in str(tooltip.render())
        assert background_at(app, column_of(app, "Other")) == plain
        await pilot.hover(Static)
        await pilot.pause(0.2)
        assert not tooltip.display


async def test_the_palette_key_is_at_the_right_and_keys_that_do_not_fit_scroll_with_the_wheel():
    app = KeysApp()
    async with app.run_test(size=(36, 5)) as pilot:
        await pilot.pause()
        line = footer(app).render_line(0).text
        assert line.rstrip().endswith("^p palette") and len(line) == 36
        assert line.startswith(" f7 Count ") and "Other" not in line
        for _ in range(4):  # the mouse wheel over the footer
            footer(app).post_message(events.MouseScrollDown(footer(app), 2, 0, 0, 1, 0, False, False, False))
        await pilot.pause()
        line = footer(app).render_line(0).text
        assert "Other" in line and not line.startswith(" f7 Count ") and line.rstrip().endswith("^p palette")
        await pilot.click(KeyFooter, offset=(column_of(app, "Other"), 0))
        await pilot.click(KeyFooter, offset=(column_of(app, "palette"), 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


async def test_clicking_a_key_in_the_app_footer_opens_its_area(demo_engine):
    app = ConvenorApp(demo_engine, demo=True, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click(KeyFooter, offset=(column_of(app, "Actions"), 0))
        await settle(pilot)
        assert app.screen.sub_title == "Actions"
        assert "Export log" in footer(app).render_line(0).text


async def test_the_footer_is_drawn_again_in_a_new_theme():
    app = KeysApp()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        dark = style_at(app, column_of(app, "Count"))
        app.theme = "textual-light"
        await pilot.pause()
        assert style_at(app, column_of(app, "Count")) != dark
