"""The Convenor Textual application: six areas switched by single keys.

Each area (Dashboard, Roster, Structure, Meetings, Actions, Statutory clock) is a Textual
mode with its own screen stack, so a form open in one area stays there
while the user looks at another. Screens import models lazily and read the
database in thread workers after they mount, so the first frame comes as
fast as a bare Textual app.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.screen import ModalScreen, Screen

from tui.data import DatabaseUnavailable, load_database_stack

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


def _dashboard() -> Screen[Any]:
    # The dashboard imports models in its worker: the first frame does not wait.
    from tui.screens.dashboard import DashboardScreen

    return DashboardScreen()


def _roster() -> Screen[Any]:
    load_database_stack()
    from tui.screens.roster import RosterScreen

    return RosterScreen()


def _structure() -> Screen[Any]:
    load_database_stack()
    from tui.screens.structure import StructureScreen

    return StructureScreen()


def _meetings() -> Screen[Any]:
    load_database_stack()
    from tui.screens.meetings import MeetingsScreen

    return MeetingsScreen()


def _actions() -> Screen[Any]:
    load_database_stack()
    from tui.screens.actions import ActionsScreen

    return ActionsScreen()


def _clock() -> Screen[Any]:
    load_database_stack()
    from tui.screens.deadlines import DeadlinesScreen

    return DeadlinesScreen()


def _palette() -> type[Provider]:
    load_database_stack()
    from tui.palette import ConvenorProvider

    return ConvenorProvider


AREAS = ("dashboard", "roster", "structure", "meetings", "actions", "clock")


class ConvenorApp(App[None]):
    """Keyboard-first governance manager for a safeguarding partnership."""

    TITLE = "Convenor"
    CSS_PATH = "app.tcss"
    MODES: ClassVar[dict[str, Any]] = {
        "dashboard": _dashboard,
        "roster": _roster,
        "structure": _structure,
        "meetings": _meetings,
        "actions": _actions,
        "clock": _clock,
    }
    COMMANDS = App.COMMANDS | {_palette}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "area('dashboard')", "Dashboard", id="area.dashboard",
                tooltip="Upcoming meetings, actions due, roster gaps, chair handovers and obligations"),
        Binding("r", "area('roster')", "Roster", id="area.roster",
                tooltip="Organisations, people, appointments and who holds each role on a date"),
        Binding("s", "area('structure')", "Structure", id="area.structure",
                tooltip="Governance bodies by who they report to, with cadence, chair and members"),
        Binding("m", "area('meetings')", "Meetings", id="area.meetings",
                tooltip="Every meeting with its agenda and attendance; invites, agendas and minutes"),
        Binding("a", "area('actions')", "Actions", id="area.actions",
                tooltip="The action log with overdue actions highlighted; filter and export"),
        Binding("o", "area('clock')", "Statutory clock", id="area.clock",
                tooltip="Statutory deadlines: serious incident checkpoints, yearly report, arrangements review"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help",
                tooltip="Show every key for this screen"),
    ]

    def __init__(self, engine: "Engine | None" = None, *, url: str | None = None, demo: bool = False,
                 today: date | None = None, prepare: "Callable[[Engine], None] | None" = None) -> None:
        """Open on ``engine``, or on the database at ``url`` (opened by the first worker
        that needs it, so the first frame does not wait for the database); ``prepare``
        runs once on a freshly opened engine (the demo loads its partnership there)."""
        super().__init__()
        self._engine = engine
        self._url = url
        self._prepare = prepare
        self._opening = threading.Lock()
        self._open_error: str | None = None  # why the database could not be opened
        self.demo = demo
        self.today = today or date.today()
        self.partnership_name = ""

    @property
    def engine(self) -> "Engine":
        """The database engine; opened on first use, from a worker thread.

        Raises DatabaseUnavailable (after asking the app to close with the
        reason) when the database cannot be opened.
        """
        with self._opening:
            if self._open_error is not None:
                raise DatabaseUnavailable(self._open_error)
            load_database_stack()
            if self._engine is None:
                from models.db import DatabaseError, demo_url, open_database

                try:
                    engine = open_database(self._url or (demo_url() if self.demo else None))
                    if self._prepare is not None:
                        self._prepare(engine)
                except DatabaseError as exc:
                    self._open_error = str(exc)
                    self.call_from_thread(self.exit, return_code=1, message=f"convenor: {exc}")
                    raise DatabaseUnavailable(str(exc)) from exc
                self._engine = engine
            return self._engine

    def on_mount(self) -> None:
        if self.demo:
            self.sub_title = "DEMO"
        self.switch_mode("dashboard")
        self._read_partnership_name()

    @work(thread=True, exclusive=True, group="app-title")
    def _read_partnership_name(self) -> None:
        from tui.data import reading

        try:
            with reading(self) as session:
                from models.queries import partnership_info

                name = partnership_info(session).name
        except DatabaseUnavailable:
            return  # the engine property has already asked the app to close with the reason
        self.call_from_thread(self._set_partnership_name, name)

    def _set_partnership_name(self, name: str) -> None:
        self.partnership_name = name
        self.title = f"{name} — DEMO" if self.demo else name

    def on_data_saved(self, message: Any) -> None:
        """A write finished that no screen reported (e.g. the feed export)."""
        self.notify(message.summary, title="Done", timeout=8)

    def on_data_failed(self, message: Any) -> None:
        """A worker failed and no screen reported it."""
        self.notify(message.error, title="Nothing was written", severity="error")

    # ------------------------------------------------------------ moving about

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Area keys do nothing while a form or dialog is open over the screen."""
        if action in ("area", "help") and isinstance(self.screen, ModalScreen):
            return False
        return True

    async def action_area(self, area: str) -> None:
        """Show one of the six areas."""
        await self.switch_mode(area)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.push_screen(HelpScreen.for_screen(self.screen))

    async def open_meeting(self, meeting_id: int) -> None:
        """Show the Meetings area with the meeting ``meeting_id`` selected."""
        await self.switch_mode("meetings")
        self.screen.select_meeting(meeting_id)  # type: ignore[attr-defined]

    async def open_actions(self, body: str | None = None) -> None:
        """Show the Actions area, filtered to ``body`` when given."""
        await self.switch_mode("actions")
        self.screen.show_body(body)  # type: ignore[attr-defined]

    async def open_body(self, name: str) -> None:
        """Show the Structure area on the body called ``name``."""
        await self.switch_mode("structure")
        self.screen.show_body(name)  # type: ignore[attr-defined]

    async def open_person(self, name: str) -> None:
        """Show the Roster area on the person called ``name``."""
        await self.switch_mode("roster")
        self.screen.show_person(name)  # type: ignore[attr-defined]

    async def open_checkpoint(self, checkpoint_id: str) -> None:
        """Show the Statutory clock area with the checkpoint ``checkpoint_id`` highlighted."""
        await self.switch_mode("clock")
        self.screen.select_checkpoint(checkpoint_id)  # type: ignore[attr-defined]

    async def open_roster(self) -> None:
        """Show the Roster area (for a gap in today's roster)."""
        await self.switch_mode("roster")
