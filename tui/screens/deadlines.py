"""The Statutory clock area: every checkpoint with its due date, working days left and state.

Keys: `n` adds a serious incident (case reference only), `x` records the
highlighted checkpoint as met, `c` sets up the recurring obligations, `y`
opens the yearly-report evidence screen.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from models.formats import plain_date, short_date
from models.obligations import PERSONAL_DATA_NOTE, Checkpoint, RecurringRow, checkpoint_label
from models.text import visible
from tui.data import Notice, read_into, today_of
from tui.widgets.key_footer import KeyFooter


def state_text(c: Checkpoint) -> str:
    return f"met on {short_date(c.met_on)}" if c.met_on else c.state


def days_text(c: Checkpoint) -> str:
    if c.met_on:
        return ""
    if c.working_days_left < 0:
        return f"{-c.working_days_left} overdue"
    return "due today" if c.working_days_left == 0 else str(c.working_days_left)


class DeadlinesTable(DataTable[Any]):
    """Checkpoints; overdue rows and met rows have their own styles."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"deadlines-table--overdue", "deadlines-table--met"}


class DeadlinesScreen(Screen[None]):
    """Statutory checkpoints by due date."""

    SUB_TITLE = "Statutory clock"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "add_case", "Add case", id="deadlines.add_case",
                tooltip="Add a serious incident by its case reference (never a child's name)"),
        Binding("x", "record_met", "Record met", id="deadlines.record_met",
                tooltip="Record the highlighted checkpoint as met on a date"),
        Binding("c", "configure", "Recurring obligations", id="deadlines.configure",
                tooltip="Set when the yearly report, arrangements review and scrutiny were last met"),
        Binding("y", "yearly_report", "Yearly report", id="deadlines.yearly_report",
                tooltip="The yearly-report evidence: meetings, attendance, actions and checkpoints for a year"),
        Binding("f5", "refresh", "Refresh", id="deadlines.refresh", tooltip="Read the checkpoints again"),
    ]

    class Loaded(Message):
        def __init__(self, rows: list[Checkpoint]) -> None:
            super().__init__()
            self.rows = rows

    class Failed(Notice):
        """The checkpoints could not be read."""

    class RecurringRead(Message):
        def __init__(self, rows: list[RecurringRow]) -> None:
            super().__init__()
            self.rows = rows

    def __init__(self) -> None:
        super().__init__()
        self._rows: dict[str, Checkpoint] = {}
        self._wanted: str | None = None  # a checkpoint to highlight once the rows are read
        self.data_ready = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="deadlines-summary")
        table = DeadlinesTable(id="deadlines-table", cursor_type="row", zebra_stripes=True)
        for label, width in (("Due", 12), ("Obligation", 26), ("Checkpoint", 36), ("Working days left", 18),
                             ("State", 18), ("ID", 28)):
            table.add_column(label, key=label.lower(), width=width)
        yield table
        yield Static(PERSONAL_DATA_NOTE + " Working days are England and Wales working days.", id="deadlines-note")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#deadlines-table").focus()

    def on_screen_resume(self) -> None:
        self.load()

    def action_refresh(self) -> None:
        self.load()

    # ------------------------------------------------------------ reading

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        from models.obligations import obligation_checkpoints

        today = today_of(self.app)
        read_into(self, lambda session: obligation_checkpoints(session, today), self.Loaded)

    def on_deadlines_screen_failed(self, message: Failed) -> None:
        self.notify(message.text, title="Could not read the checkpoints", severity="error")

    def on_deadlines_screen_loaded(self, message: Loaded) -> None:
        table = self.query_one(DeadlinesTable)
        overdue = table.get_component_rich_style("deadlines-table--overdue", partial=True)
        met = table.get_component_rich_style("deadlines-table--met", partial=True)
        keep = table.cursor_row
        self._rows = {c.id: c for c in message.rows}
        counts = {s: sum(1 for c in message.rows if c.state == s) for s in ("overdue", "due", "met")}
        self.query_one("#deadlines-summary", Static).update(
            f"{counts['overdue']} overdue, {counts['due']} due, {counts['met']} met.  "
            "n: add case   x: record met   c: recurring obligations   y: yearly report")
        with self.app.batch_update():
            table.clear()
            for c in message.rows:
                style = overdue if c.state == "overdue" else met if c.state == "met" else None
                cells = (short_date(c.due), visible(c.case_reference or checkpoint_label(c.obligation)),
                         checkpoint_label(c.checkpoint), days_text(c), state_text(c), c.id)
                table.add_row(*(Text(cell, style=style) if style else cell for cell in cells), key=c.id)
            if message.rows:
                table.move_cursor(row=min(keep, len(message.rows) - 1))
            if self._wanted in self._rows:
                table.move_cursor(row=table.get_row_index(self._wanted))
        self._wanted = None
        self.data_ready = True

    def _highlighted(self) -> Checkpoint | None:
        table = self.query_one(DeadlinesTable)
        if not self._rows or table.cursor_row < 0:
            return None
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        return self._rows.get(str(key))

    def select_checkpoint(self, checkpoint_id: str) -> None:
        """Put the cursor on ``checkpoint_id`` (from the dashboard), now or once the rows are read."""
        self._wanted = checkpoint_id
        self.load()

    # ------------------------------------------------------------ forms

    def _saved(self, result: str | None) -> None:
        if result:
            self.notify(result, title="Saved", timeout=8)
        self.load()

    def action_add_case(self) -> None:
        from tui.forms.obligations import CaseForm

        self.app.push_screen(CaseForm(), self._saved)

    def action_record_met(self) -> None:
        from tui.forms.obligations import MetForm

        c = self._highlighted()
        if c is None:
            self.notify("There is no checkpoint to record.", severity="warning")
        elif c.met_on is not None:
            self.notify(f"{visible(c.label)} was already met on {plain_date(c.met_on)}.", severity="warning")
        else:
            self.app.push_screen(MetForm(c), self._saved)

    def action_configure(self) -> None:
        self._read_recurring()

    @work(thread=True, exclusive=True, group="load-recurring")
    def _read_recurring(self) -> None:
        from models.obligations import recurring_settings

        read_into(self, recurring_settings, self.RecurringRead)

    def on_deadlines_screen_recurring_read(self, message: RecurringRead) -> None:
        from tui.forms.obligations import RecurringForm

        self.app.push_screen(RecurringForm(message.rows), self._saved)

    def action_yearly_report(self) -> None:
        from tui.screens.yearly_report import YearlyReportScreen

        self.app.push_screen(YearlyReportScreen())
