"""The Dashboard: what needs the business manager's attention today.

Upcoming meetings (eight weeks), overdue and due-soon actions by body,
roster gaps, chair handovers (90 days) and recurring obligations. Enter on
any row opens its record in the area it belongs to.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Header, Label, Static
from textual.worker import get_current_worker

from models.formats import clock, day_label, long_date
from models.text import visible
from tui.data import Notice, deliver, load_database_stack, read_into, today_of
from tui.widgets.key_footer import KeyFooter
from tui.widgets.measured_table import MeasuredTable

if TYPE_CHECKING:
    from models.dashboard import Dashboard
    from models.firstview import FirstView, UpcomingMeeting

SECTIONS = (
    # id, title, columns, message when empty
    ("checkpoints", "Statutory deadlines (overdue first, then the next due)",
     ("Due", "Obligation", "Checkpoint", "Working days left"), "No statutory checkpoints due."),
    ("meetings", "Upcoming meetings (next 8 weeks)", ("Date", "Time", "Body", "Chair", "Status"),
     "No meetings in the next eight weeks."),
    ("actions", "Actions overdue or due in the next 14 days, by body", ("Body", "Overdue", "Due soon"),
     "No actions overdue or due soon."),
    ("gaps", "Roster gaps today", ("Statutory partner", "Missing role"),
     "No gaps: every statutory partner has a lead and a delegated safeguarding partner."),
    ("handovers", "Chair handovers (next 90 days)", ("Date", "Body", "Chair now", "Chair from then", "Organisation"),
     "No change of chair in the next 90 days."),
    ("obligations", "Recurring obligations (forward plan)", ("Next due", "Obligation", "Body"),
     "No forward-plan obligations."),
)


FIRST_SECTION = "meetings"  # composed at once; the others are mounted once the first data is on screen
FIRST_VIEW_PAUSE = 0.05  # seconds between painting the first view and importing the database stack
FIRST_PAINT_WAIT = 2.0  # seconds the rest's reading waits at most for that


def _section_widgets(section: str, title: str, columns: tuple[str, ...], empty: str) -> list[Widget]:
    table: DataTable[Any] = MeasuredTable(id=f"dash-{section}", cursor_type="row", zebra_stripes=True)
    table.add_columns(*columns)
    note = Static(empty, id=f"dash-{section}-empty", classes="empty-note")
    note.display = False
    return [Label(title, classes="section-title"), table, note]


class DashboardScreen(Screen[None]):
    """The first screen: today's view of the partnership."""

    SUB_TITLE = "Dashboard"
    COMPONENT_CLASSES: ClassVar[set[str]] = {"dashboard--alert"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "refresh", "Refresh", id="dashboard.refresh", tooltip="Read the dashboard again from the database"),
    ]

    class Loaded(Message):
        """The dashboard for the app's today was read."""

        def __init__(self, data: "Dashboard") -> None:
            super().__init__()
            self.data = data

    class FirstViewRead(Message):
        """The first view (upcoming meetings) was read quickly; the whole dashboard follows."""

        def __init__(self, view: "FirstView") -> None:
            super().__init__()
            self.view = view

    class Failed(Notice):
        """The dashboard could not be read."""

    def __init__(self) -> None:
        super().__init__()
        self._targets: dict[str, dict[str, tuple[str, Any]]] = {}
        self.data_ready = False  # True once the first reading is on screen
        self._quick_tried = False
        self._first_shown = False
        self._started = False
        self._all_sections = False
        self._painted = threading.Event()  # set once the first view has been painted
        self._shown: "Dashboard | None" = None  # the reading on screen, filled again in a new theme

    def compose(self) -> ComposeResult:
        # With a first view already read (convenor on a SQLite file), only the upcoming
        # meetings at first: the first frame, with the first view in it, comes sooner;
        # the other sections follow with their data. Otherwise every section at once.
        self._all_sections = getattr(self.app, "first_view", None) is None
        yield Header()
        yield Label("", id="dashboard-date")
        with VerticalScroll(id="dashboard-sections"):
            for section in SECTIONS:
                if self._all_sections or section[0] == FIRST_SECTION:
                    yield from _section_widgets(*section)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self.query_one(f"#dash-{FIRST_SECTION}", DataTable).focus()
        view = getattr(self.app, "first_view", None)  # read by the app while this screen was composed
        if view is not None:
            self._show_first_view(view)

    def _theme_changed(self, _theme: object) -> None:
        """Alerts are coloured as the rows are filled: fill them again once the new theme's styles apply."""
        if self._shown is not None:
            shown = self._shown
            self.call_after_refresh(lambda: self.post_message(self.Loaded(shown)))

    async def _mount_sections(self) -> None:
        """Mount the other sections (once), in their order around the first one."""
        if self._all_sections:
            return
        self._all_sections = True
        box = self.query_one("#dashboard-sections")
        at = [s[0] for s in SECTIONS].index(FIRST_SECTION)
        before = [w for s in SECTIONS[:at] for w in _section_widgets(*s)]
        after = [w for s in SECTIONS[at + 1:] for w in _section_widgets(*s)]
        if before:
            await box.mount_all(before, before=0)
        if after:
            await box.mount_all(after)

    def on_screen_resume(self) -> None:
        if self.data_ready:
            self.load()
        elif not self._started:  # (not again while the first reading is on its way)
            self._started = True
            if self._first_shown:
                self._read_the_rest()
            else:
                self.load()

    def action_refresh(self) -> None:
        self.load()

    def load(self) -> None:
        """Read the dashboard in a worker (the first time, its first view first)."""
        first = not self._quick_tried and not self.data_ready and not self._first_shown
        self._quick_tried = True
        self._read(first)

    @work(thread=True, exclusive=True, group="load")
    def _read(self, first: bool, after_paint: bool = False) -> None:
        """Read the whole dashboard for the app's today.

        The first time, on SQLite, the first view (upcoming meetings) is read
        quickly without the database stack and shown first; the whole
        dashboard is read once that is on screen (``after_paint``: this
        worker waits for it and FIRST_VIEW_PAUSE, so the import does not hold
        the interpreter while the app starts; see docs/architecture.md). Then
        the app imports the other areas' screens, in this worker.
        """
        today = today_of(self.app)
        if after_paint:
            self._painted.wait(FIRST_PAINT_WAIT)
        if first:
            wait = getattr(self.app, "wait_first_view", None)  # the app reads the first view as it starts
            view = wait() if wait is not None else None
            if view is not None:
                deliver(self, self.FirstViewRead(view))
                return  # its handler asks for the rest once the first view is painted
        # The database stack is imported in this worker, so the first frame
        # is painted without waiting for it.
        load_database_stack()
        from models.dashboard import dashboard

        read_into(self, lambda session: dashboard(session, today), self.Loaded)
        import_areas = getattr(self.app, "import_areas", None)
        if import_areas is not None and not get_current_worker().is_cancelled:
            import_areas()

    def on_dashboard_screen_first_view_read(self, message: FirstViewRead) -> None:
        if self._show_first_view(message.view):
            self._read_the_rest()

    def _show_first_view(self, view: "FirstView") -> bool:
        """Paint the first view (once, and never over the whole dashboard); whether it was."""
        if self.data_ready or self._first_shown:
            return False
        self._first_shown = True
        show_name = getattr(self.app, "show_partnership_name", None)
        if show_name is not None:
            show_name(view.partnership)
        self.query_one("#dashboard-date", Label).update(
            f"Today: {long_date(view.today)}.  Reading the rest of the dashboard…")
        with self.app.batch_update():
            self._fill("meetings", self._meeting_rows(view.meetings))
        # The rest is read once the first view is on screen and a moment has passed, so that the
        # import does not hold the interpreter while the app starts (the other sections are
        # mounted with their data).
        self.call_after_refresh(self.set_timer, FIRST_VIEW_PAUSE, self._painted.set)
        return True

    def _read_the_rest(self) -> None:
        """Read the whole dashboard once the first view is painted (the worker waits for it)."""
        if self.data_ready:
            return
        self._quick_tried = True
        self._read(False, after_paint=True)

    def _meeting_rows(self, meetings: "list[UpcomingMeeting]") -> list[tuple[str, tuple[str, Any], tuple[Any, ...]]]:
        alert = self.get_component_rich_style("dashboard--alert", partial=True)
        v = visible
        return [(f"m{m.id}", ("meeting", m.id),
                 (day_label(m.date), clock(m.start), v(m.body), v(m.chair) if m.chair else "—",
                  Text(m.status, style=alert) if m.status == "cancelled" else m.status))
                for m in meetings]

    def _fill(self, section: str, entries: list[tuple[str, tuple[str, Any], tuple[Any, ...]]]) -> None:
        """Put ``entries`` (row key, target, cells) in a section's table, keeping the cursor's row."""
        table = self.query_one(f"#dash-{section}", DataTable)
        keep = table.cursor_row
        table.clear()
        self._targets[section] = {}
        for key, target, cells in entries:
            table.add_row(*cells, key=key)
            self._targets[section][key] = target
        table.display = bool(entries)
        self.query_one(f"#dash-{section}-empty").display = not entries
        if entries:
            table.move_cursor(row=min(keep, len(entries) - 1))

    def on_dashboard_screen_failed(self, message: Failed) -> None:
        self.notify(message.text, title="Could not read the dashboard", severity="error")

    async def on_dashboard_screen_loaded(self, message: Loaded) -> None:
        from models.obligations import checkpoint_label
        from models.views import ROLE_LABELS

        await self._mount_sections()

        data = self._shown = message.data
        alert = self.get_component_rich_style("dashboard--alert", partial=True)
        self.query_one("#dashboard-date", Label).update(
            f"Today: {long_date(data.today)}.  Tab moves between lists; Enter opens the highlighted row.")
        v = visible
        rows: dict[str, list[tuple[str, tuple[str, Any], tuple[Any, ...]]]] = {
            "meetings": self._meeting_rows(data.meetings),
            "obligations": [
                (f"o{i}", ("meeting", o.meeting_id) if o.meeting_id else ("body", o.body),
                 (day_label(o.due), v(o.title), v(o.body)))
                for i, o in enumerate(data.obligations)
            ],
            "checkpoints": [
                (f"c{i}", ("checkpoint", c.id),
                 (day_label(c.due), visible(c.case_reference or checkpoint_label(c.obligation)),
                  checkpoint_label(c.checkpoint),
                  Text(f"{-c.working_days_left} overdue", style=alert) if c.state == "overdue" else str(c.working_days_left)))
                for i, c in enumerate(data.checkpoints)
            ],
            "actions": [
                (f"a{i}", ("actions", a.body),
                 (v(a.body), Text(str(a.overdue), style=alert) if a.overdue else "0", str(a.due_soon)))
                for i, a in enumerate(data.actions)
            ],
            "gaps": [
                (f"g{i}", ("roster", g.organisation),
                 (v(g.organisation), Text(ROLE_LABELS.get(g.role, g.role), style=alert)))
                for i, g in enumerate(data.gaps)
            ],
            "handovers": [
                (f"h{i}", ("body", h.body),
                 (day_label(h.on), v(h.body), v(h.outgoing) if h.outgoing else "nobody",
                  v(h.incoming) if h.incoming else Text("nobody in post", style=alert), v(h.organisation or "")))
                for i, h in enumerate(data.handovers)
            ],
        }
        with self.app.batch_update():
            for section, entries in rows.items():
                self._fill(section, entries)
        self.data_ready = True

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        section = (event.data_table.id or "").removeprefix("dash-")
        target = self._targets.get(section, {}).get(str(event.row_key.value))
        if target is not None:
            self._open(target)

    def _open(self, target: tuple[str, Any]) -> None:
        kind, value = target
        app: Any = self.app
        opener = {
            "meeting": app.open_meeting,
            "body": app.open_body,
            "actions": app.open_actions,
            "roster": lambda _value: app.open_roster(),
            "checkpoint": app.open_checkpoint,
        }[kind]
        self.app.run_worker(opener(value), group="navigate", exclusive=True)
