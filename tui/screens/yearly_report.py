"""The yearly-report evidence screen: the pack's figures for a year chosen by keys.

`p` and `n` move the period a year back or on (it starts on the last complete
April-to-March year); `e` writes the Word pack. The figures come from
:func:`models.yearly_report.yearly_report`, the same as the export and
``convenor export yearly-report --json``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static

from models.formats import plain_date
from models.text import visible
from models.yearly_report import default_period, shift_period
from tui.data import Notice, deliver, read_into, reading, sentence, today_of
from tui.screens.export_form import ExportForm, ExportRequest
from tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from models.yearly_report import BodyYear, Rate, YearlyReport

BAR_WIDTH = 40


def _percent(rate: "Rate") -> str:
    return "—" if rate.percent is None else f"{rate.percent:g}%"


def attendance_bars(partners: list["Rate"]) -> Text:
    """Attendance by statutory partner as a bar chart in the terminal."""
    text = Text()
    width = max((len(visible(r.name)) for r in partners), default=0)
    for rate in partners:
        filled = round(BAR_WIDTH * (rate.percent or 0) / 100)
        text.append(f"{visible(rate.name):<{width}} ")
        text.append("█" * filled, style="bold green" if (rate.percent or 0) >= 75 else "bold yellow")
        text.append("░" * (BAR_WIDTH - filled), style="dim")
        text.append(f" {_percent(rate)} ({rate.attended}/{rate.expected})\n")
    return text


def _body_table(b: "BodyYear") -> Table:
    table = Table(title=visible(b.body), title_justify="left", title_style="bold", box=box.SIMPLE_HEAD)
    for column in ("Planned", "Held", "Cancelled", "Quorate", "Not quorate", "Chairs", "Handovers",
                   "Actions opened", "Completed", "Overdue at year end", "Escalated", "Forward plan taken"):
        table.add_column(column, justify="right")
    table.add_row(*map(str, (b.planned, b.held, b.cancelled, b.quorum_met, b.quorum_missed, len(b.chairs),
                             b.handovers, b.actions_opened, b.actions_completed, b.actions_overdue_at_end,
                             b.actions_escalated)), f"{len(b.forward_plan_taken)} of {b.forward_plan_items}")
    return table


class YearlyReportScreen(Screen[None]):
    """The figures of the evidence pack for one period."""

    SUB_TITLE = "Yearly report evidence"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "shift(-1)", "Previous year", id="yearly.previous", tooltip="Show the year before"),
        Binding("n", "shift(1)", "Next year", id="yearly.next", tooltip="Show the year after"),
        Binding("e", "export", "Export Word pack", id="yearly.export",
                tooltip="Write the evidence pack for this period (.docx) with its attendance chart"),
        Binding("escape", "back", "Back", id="yearly.back", tooltip="Back to the statutory clock"),
    ]

    class Loaded(Message):
        def __init__(self, report: "YearlyReport") -> None:
            super().__init__()
            self.report = report

    class Failed(Notice):
        """The figures could not be read, or the pack not written."""

    class Saved(Notice):
        """The pack was written; ``text`` says where."""

    def __init__(self, start: date | None = None, end: date | None = None) -> None:
        super().__init__()
        self._period = (start, end) if start and end else None
        self.data_ready = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="yearly-period")
        with VerticalScroll(id="yearly-body"):
            yield Static("", id="yearly-chart")
            yield Static("", id="yearly-checkpoints")
            yield Static("", id="yearly-bodies")
        yield KeyFooter()

    def on_mount(self) -> None:
        if self._period is None:
            self._period = default_period(today_of(self.app))
        self.load()

    @property
    def period(self) -> tuple[date, date]:
        assert self._period is not None
        return self._period

    def action_shift(self, years: int) -> None:
        self._period = shift_period(*self.period, years)
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        from models.yearly_report import yearly_report

        start, end = self.period
        today = today_of(self.app)
        read_into(self, lambda session: yearly_report(session, start, end, today), self.Loaded)

    def on_yearly_report_screen_failed(self, message: Failed) -> None:
        self.notify(message.text, title="Nothing was written", severity="error")

    def on_yearly_report_screen_loaded(self, message: Loaded) -> None:
        r = message.report
        self.query_one("#yearly-period", Static).update(
            f"{visible(r.partnership)}: {plain_date(r.start)} to {plain_date(r.end)}.  "
            "p: previous year   n: next year   e: export Word pack")
        chart = Text("Attendance by statutory partner\n", style="bold")
        chart.append_text(attendance_bars(r.partners) if r.partners else
                          Text("No attendance recorded at a held meeting in this period.\n"))
        self.query_one("#yearly-chart", Static).update(chart)
        c = r.checkpoints
        self.query_one("#yearly-checkpoints", Static).update(
            f"Statutory checkpoints due in the period: {c.on_time} met on time, {c.late} met late, "
            f"{c.missed} missed, {c.open} still open.")
        note = [] if r.escalation_recorded else [Text("Escalation is not recorded yet: escalated shows 0.",
                                                      style="italic")]
        self.query_one("#yearly-bodies", Static).update(Group(*(_body_table(b) for b in r.bodies), *note))
        self.data_ready = True

    def action_export(self) -> None:
        start, end = self.period
        form = ExportForm("Export the yearly-report evidence pack",
                          Path.cwd() / f"yearly-report-{start.isoformat()}-to-{end.isoformat()}.docx",
                          suffixes=(".docx",), note="Tables for each body and the attendance chart.")
        self.app.push_screen(form, lambda request: request and self.write_pack(request))

    @work(thread=True, exclusive=True, group="save")
    def write_pack(self, request: ExportRequest) -> None:
        from exporters.files import ExportError
        from exporters.yearly_report import write_yearly_report
        from models.db import DatabaseError
        from models.queries import partnership_info
        from models.yearly_report import yearly_report

        start, end = self.period
        try:
            with reading(self.app) as session:
                report = yearly_report(session, start, end, today_of(self.app))
                info = partnership_info(session)
            path = write_yearly_report(report, info, request.path)
        except (ExportError, DatabaseError) as exc:
            deliver(self, self.Failed(sentence(exc)))
            return
        deliver(self, self.Saved(f"Wrote {path}."))

    def on_yearly_report_screen_saved(self, message: Saved) -> None:
        self.notify(message.text, title="Done", timeout=8)
