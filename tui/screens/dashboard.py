"""The Dashboard: what needs the business manager's attention today.

Upcoming meetings (eight weeks), overdue and due-soon actions by body,
roster gaps, chair handovers (90 days) and recurring obligations. Enter on
any row opens its record in the area it belongs to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, Static

from models.formats import clock, day_label, long_date
from models.text import visible
from models.views import ROLE_LABELS
from tui.data import Notice, load_database_stack, read_into, today_of

if TYPE_CHECKING:
    from models.dashboard import Dashboard

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

    class Failed(Notice):
        """The dashboard could not be read."""

    def __init__(self) -> None:
        super().__init__()
        self._targets: dict[str, dict[str, tuple[str, Any]]] = {}
        self.data_ready = False  # True once the first reading is on screen

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="dashboard-date")
        with VerticalScroll(id="dashboard-sections"):
            for section, title, columns, empty in SECTIONS:
                yield Label(title, classes="section-title")
                table: DataTable[Any] = DataTable(id=f"dash-{section}", cursor_type="row", zebra_stripes=True)
                table.add_columns(*columns)
                yield table
                yield Static(empty, id=f"dash-{section}-empty", classes="empty-note")
        yield Footer()

    def on_mount(self) -> None:
        for section, *_ in SECTIONS:
            self.query_one(f"#dash-{section}-empty").display = False
        self.query_one("#dash-meetings", DataTable).focus()

    def on_screen_resume(self) -> None:
        self.load()

    def action_refresh(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        """Read the whole dashboard for the app's today."""
        # The database stack is imported in this worker, so the first frame
        # is painted without waiting for it.
        load_database_stack()
        from models.dashboard import dashboard

        today = today_of(self.app)
        read_into(self, lambda session: dashboard(session, today), self.Loaded)

    def on_dashboard_screen_failed(self, message: Failed) -> None:
        self.notify(message.text, title="Could not read the dashboard", severity="error")

    def on_dashboard_screen_loaded(self, message: Loaded) -> None:
        from models.obligations import checkpoint_label

        data = message.data
        alert = self.get_component_rich_style("dashboard--alert")
        self.query_one("#dashboard-date", Label).update(
            f"Today: {long_date(data.today)}.  Tab moves between lists; Enter opens the highlighted row.")
        v = visible
        rows: dict[str, list[tuple[str, tuple[str, Any], tuple[Any, ...]]]] = {
            "meetings": [
                (f"m{m.id}", ("meeting", m.id),
                 (day_label(m.date), clock(m.start), v(m.body), v(m.chair) if m.chair else "—",
                  Text(m.status, style=alert) if m.status == "cancelled" else m.status))
                for m in data.meetings
            ],
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
