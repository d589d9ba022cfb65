"""The Convenor Textual application: six areas switched by single keys.

Each area (Dashboard, Roster, Structure, Meetings, Actions, Statutory clock) is a Textual
mode with its own screen stack, so a form open in one area stays there
while the user looks at another. Screens import models lazily and read the
database in thread workers after they mount, so the first frame comes as
fast as a bare Textual app.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.message import Message
from textual.screen import ModalScreen

from tui.stylesheet import AppStylesheet, widget_classes
from tui.data import Notice, deliver, load_database_stack, reading, sentence, today_of
from tui.screens.areas import area_screen, import_areas

if TYPE_CHECKING:
    from models.db import Engine
    from models.firstview import FirstView
    from models.progress import Progress

T = TypeVar("T")


def _keys() -> type[Provider]:
    from tui.keys import KeysProvider  # (off the start-up path)

    return KeysProvider


def _palette() -> type[Provider]:
    load_database_stack()
    from tui.palette import ConvenorProvider

    return ConvenorProvider


# The app's stylesheet, then one per screen (see tests/test_tui_stylesheet.py: every .tcss is listed).
# The first two are all the first frame (the dashboard) needs; the others are read as soon as it
# is painted (before any key is handled: see ConvenorApp.on_mount).
STYLESHEETS = [str(Path(__file__).parent / name) for name in (
    "app.tcss", "screens/dashboard.tcss", "forms/forms.tcss", *(f"screens/{screen}.tcss" for screen in (
        "roster", "structure", "meetings", "actions", "deadlines", "yearly_report",
        "help", "export_form", "working")), "screens/workspace/workspace.tcss")]
FIRST_FRAME_STYLESHEETS = STYLESHEETS[:2]

AREAS = ("dashboard", "roster", "structure", "meetings", "actions", "clock")


class ConvenorApp(App[None]):
    """Keyboard-first governance manager for a safeguarding partnership."""

    TITLE = "Convenor"
    # Every stylesheet is read once: the dashboard's at start, the rest just after the first
    # frame. A screen naming its own CSS_PATH would make Textual re-read and re-apply all the
    # app's CSS the first time that screen opens (a visible pause on each area's first visit).
    CSS_PATH = FIRST_FRAME_STYLESHEETS
    MODES: ClassVar[dict[str, Any]] = {area: area_screen(area) for area in AREAS}
    COMMANDS = App.COMMANDS | {_keys, _palette}
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
        Binding("ctrl+p", "command_palette", "Palette", show=False, priority=True, id="app.palette",
                tooltip="Run any key of this screen by name; go to a body, person or meeting; export the feed"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit",
                tooltip="Leave Convenor (every change is already saved)"),
    ]

    class PartnershipRead(Message):
        """The partnership's name was read (for the title)."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    class KeymapRead(Message):
        """The user's key map was read: ``keymap`` to apply, ``problem`` a sentence to show (or "")."""

        def __init__(self, keymap: dict[str, str], problem: str = "") -> None:
            super().__init__()
            self.keymap = keymap
            self.problem = problem

    class Exported(Notice):
        """A file was written (the calendar feed); ``text`` says where."""

    class Failed(Notice):
        """An app-level write failed."""

    def __init__(self, engine: "Engine | None" = None, *, url: str | None = None, demo: bool = False,
                 today: date | None = None, prepare: "Callable[[Engine], None] | None" = None,
                 keymap: "Path | None" = None) -> None:
        """Open on ``engine``, or on the database at ``url`` (opened by the first worker
        that needs it, so the first frame does not wait for the database); ``prepare``
        runs once on a freshly opened engine (the demo loads its partnership there).
        ``keymap`` is the key map file (default: keymap.toml in Convenor's data folder)."""
        super().__init__()
        self.stylesheet = AppStylesheet(variables=self.get_css_variables())
        self._keymap_file = keymap
        self._engine = engine
        self._url = url
        self._prepare = prepare
        self._opening = threading.Lock()
        self._open_error: str | None = None  # why the database could not be opened
        self._switching_area = False  # an area switch holds frames itself (see delay_update)
        self.demo = demo
        self.today = today or date.today()
        self.partnership_name = ""
        # The dashboard's first view, read quickly by _read_first_view (None: not available).
        self.first_view: "FirstView | None" = None
        self._first_view_read = threading.Event()

    @property
    def engine(self) -> "Engine":
        """The database engine; opened on first use, from a worker thread.

        Raises ``models.db.DatabaseError`` (after asking the app to close
        with the reason) when the database cannot be opened.
        """
        with self._opening:
            load_database_stack()
            from models.db import DatabaseError, open_database
            from models.locations import demo_url

            if self._open_error is not None:
                raise DatabaseError(self._open_error)
            if self._engine is None:
                try:
                    engine = open_database(self._url or (demo_url() if self.demo else None))
                    if self._prepare is not None:
                        self._prepare(engine)
                except DatabaseError as exc:
                    self._open_error = str(exc)
                    self.call_from_thread(self.exit, return_code=1, message=f"convenor: {exc}")
                    raise
                self._engine = engine
            return self._engine

    async def on_mount(self) -> None:
        if self.demo:
            self.sub_title = "DEMO"
        if self.first_view is not None:  # read by the launcher before the app started
            self.show_partnership_name(self.first_view.partnership)
        else:
            self._read_first_view()  # started first: often ready for the dashboard's first frame
        # Not awaited (Textual's own pattern): the app is ready while the dashboard composes;
        # its first paint comes after its widgets are mounted, with the first view in them.
        self.switch_mode("dashboard")
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        """Once the first frame is painted (and before any key is handled): read the other
        screens' stylesheets (parsing only those: tui.stylesheet), and let the garbage
        collector work again if the launcher rested it (tui.cli.launch), leaving the
        objects made so far (Textual's and ours, all long-lived) out of its scans. Then
        read the user's key map (its thread would compete with the first frame)."""
        self.stylesheet.read_all([path for path in STYLESHEETS if path not in FIRST_FRAME_STYLESHEETS])
        self.stylesheet.parse()
        gc.freeze()
        gc.enable()
        self._read_keymap()

    def quick_read(self, read: "Callable[[Any], T]") -> "T | None":
        """``read(execute)`` on a SQLite database read-only without the database stack
        (models.plain_read), from a worker; None when that does not apply (PostgreSQL,
        the demo, an engine already open, a database to migrate) or fails."""
        if self._engine is not None or self._prepare is not None:
            return None
        from models.plain_read import read_quickly

        return read_quickly(self._url, read)

    @work(thread=True, exclusive=True, group="app-title")
    def _read_first_view(self) -> None:
        """The partnership's name (for the title) and, on SQLite, the dashboard's first view
        read quickly (models.firstview); otherwise the name through the database stack."""
        if not self._first_view_read.is_set():
            self.read_first_view()
        if self.first_view is not None:
            deliver(self, self.PartnershipRead(self.first_view.partnership))
            return
        load_database_stack()
        from models.db import DatabaseError
        from models.queries import partnership_info

        try:
            with reading(self) as session:
                name = partnership_info(session).name
        except DatabaseError:
            return  # the screens say why; an unopenable database has already closed the app
        deliver(self, self.PartnershipRead(name))

    def read_first_view(self) -> None:
        """Read the dashboard's first view quickly (see quick_read), once. The launcher calls
        this before the app runs, when there is no frame to wait on it and the read (a few
        milliseconds, read-only) puts real data in the first frame; otherwise the app's
        first worker does."""
        from models.firstview import first_view

        try:
            self.first_view = self.quick_read(lambda execute: first_view(execute, self.today))
        finally:
            self._first_view_read.set()

    def wait_first_view(self, timeout: float = 10.0) -> "FirstView | None":
        """The first view once _read_first_view has tried (from a worker); None if not available."""
        self._first_view_read.wait(timeout)
        return self.first_view

    def import_areas(self) -> None:
        """From a worker, once the dashboard is read: import the other areas' screens (and
        the models they use), so that the first visit to an area composes it at once
        instead of importing first while the app waits. Then, as show_partnership_name
        does, keep the collector from scanning those long-lived objects. The default CSS of
        the widgets those screens use is parsed here too (tui.stylesheet), and kept from
        the app's thread."""
        import_areas()  # (tui.screens.areas)
        parsed = self.stylesheet.parse_default_css(widget_classes())
        try:
            self.call_from_thread(self.stylesheet.keep_parsed, *parsed)
        except RuntimeError:  # the app has closed meanwhile: nothing to keep them for
            pass
        gc.freeze()

    def on_convenor_app_partnership_read(self, message: PartnershipRead) -> None:
        self.show_partnership_name(message.name)

    def show_partnership_name(self, partnership: str) -> None:
        """Title the app with the partnership's name."""
        from models.text import visible

        self.partnership_name = partnership
        name = visible(partnership)
        self.title = f"{name} — DEMO" if self.demo else name
        # The database stack is imported by now: its objects live as long as the app, so the
        # collector need not scan them again (a full collection over them pauses the app for
        # hundreds of milliseconds on a large partnership).
        gc.freeze()

    @work(thread=True, exclusive=True, group="keymap")
    def _read_keymap(self) -> None:
        """Read the user's key map (moving keys by binding id) and check every id exists."""
        from models.locations import data_dir
        from tui.keys import KEYMAP_FILE, KeymapError, binding_ids, read_keymap

        path = self._keymap_file or data_dir() / KEYMAP_FILE
        try:
            keymap = read_keymap(path)
        except KeymapError as exc:
            deliver(self, self.KeymapRead({}, sentence(exc)))
            return
        if not keymap:
            return
        from tui.screens import keyed_classes

        unknown = sorted(set(keymap) - binding_ids([type(self), *keyed_classes()]))
        problem = f"The key map {path} names keys that do not exist: {', '.join(unknown)}." if unknown else ""
        deliver(self, self.KeymapRead({k: v for k, v in keymap.items() if k not in unknown}, problem))

    def on_convenor_app_keymap_read(self, message: KeymapRead) -> None:
        if message.keymap:
            self.set_keymap(message.keymap)
        if message.problem:
            self.notify(message.problem, title="Key map", severity="warning", timeout=10)

    def export_feed(self) -> None:
        """Ask where to write the calendar feed of every meeting, then write it in a worker."""

        from tui.screens.export_form import ExportForm

        name = self.partnership_name or "Meetings"
        form = ExportForm("Export the calendar feed", Path.cwd() / f"{name} meetings.ics", suffixes=(".ics",),
                          note="One subscribable calendar (METHOD:PUBLISH) of every meeting, without attendee lists. "
                               "Publish it where members can subscribe; their calendars follow changes.")
        self.push_screen(form, lambda request: request and self._feed(request.path))

    def _feed(self, path: "Path") -> None:
        from tui.screens.working import WorkingDialog

        self._working = WorkingDialog(f"Writing the calendar feed to {path.name}")
        self.push_screen(self._working)
        self.write_feed(path, self._working.progress)

    @work(thread=True, exclusive=True, group="save")
    def write_feed(self, path: "Path", progress: "Progress | None" = None) -> None:
        """Write the feed and report where it went; ``progress(done, total)`` counts the meetings
        written (the bar pulses while they are read)."""
        from exporters.files import ExportError
        from exporters.ics import export_ics
        from models.db import DatabaseError
        from models.meeting_views import feed_views
        from models.queries import meeting_ids, partnership_info

        try:
            with reading(self) as session:
                views = feed_views(session, meeting_ids(session))  # a feed prints less, so reads less
                name = partnership_info(session).name
            if not views:
                raise ExportError("There are no meetings to put in the feed.")
            paths, _ = export_ics(views, "publish", path, calendar_name=name, progress=progress)
        except (ExportError, DatabaseError) as exc:
            deliver(self, self.Failed(sentence(exc)))
            return
        deliver(self, self.Exported(f"Wrote {len(views)} meetings to {paths[0]}."))

    def _close_working(self) -> None:
        working = getattr(self, "_working", None)
        if working is not None:
            working.close()
            self._working = None

    def on_convenor_app_exported(self, message: Exported) -> None:
        self._close_working()
        self.notify(message.text, title="Exported", timeout=8)

    def on_convenor_app_failed(self, message: Failed) -> None:
        self._close_working()
        self.notify(message.text, title="Nothing was written", severity="error")

    # ------------------------------------------------------------ moving about

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Area keys do nothing while a form or dialog is open over the screen."""
        if action in ("area", "help") and isinstance(self.screen, ModalScreen):
            return False
        return True

    async def action_area(self, area: str) -> None:
        """Show one of the six areas: nothing is drawn until its screen is mounted, then at once."""
        self._switching_area = True
        try:
            with self.batch_update():
                await self.switch_mode(area)
        finally:
            self._switching_area = False

    def delay_update(self, delay: float = 0.05) -> None:
        """Textual holds frames for ``delay`` on a mode switch, to hide a screen being built; an area
        switch holds them until its screen is mounted instead (action_area), then shows it at once."""
        if not self._switching_area:
            super().delay_update(delay)

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
