"""The Actions area: the action log, overdue actions highlighted, filtered by body and status.

`e` exports the log as shown (same filters) to .docx or .csv.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import select
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Label, Select, Static

from models.actions import ActionFilter, ActionProblem, filter_actions
from models.queries import OPEN_ACTION_STATUSES, NotFound, action_log, action_rows
from models.tables import Body
from models.views import ACTION_STATUSES, ActionLog, ActionRow
from tui.data import DataFailed, DataLoaded, DataSaved, deliver, reading, sentence, today_of
from tui.screens.action_tools import ActionTools
from tui.screens.dashboard import day_label
from tui.screens.export_form import ExportForm, ExportRequest

OUTSTANDING = "outstanding"
OVERDUE = "overdue"
STATUS_CHOICES = [
    ("Outstanding (open or in progress)", OUTSTANDING),
    ("Overdue", OVERDUE),
    *[(s.replace("_", " ").capitalize(), s) for s in ACTION_STATUSES],
]


def keep_action(row: ActionRow, status: str | None) -> bool:
    """Whether ``row`` passes the status filter (None: every action)."""
    if status is None:
        return True
    if status == OUTSTANDING:
        return row.status in OPEN_ACTION_STATUSES
    if status == OVERDUE:
        return row.overdue
    return row.status == status


def read_actions(session: Any, body: str | None, status: str | None, today: date,
                 extra: ActionFilter | None = None) -> list[ActionRow]:
    """Actions for the filters (``extra``: owner, organisation, due within, text), in due-date order."""
    exact = status if status in ACTION_STATUSES else None
    rows = (filter_actions(session, replace(extra, body=body, status=exact), today) if extra
            else action_rows(session, body, exact, today=today))
    return [r for r in rows if keep_action(r, status)]


def short_date(day: date | None) -> str:
    """e.g. "9 Jan 2026" (blank for no date)."""
    return f"{day.day} {day:%b %Y}" if day else ""


class ActionTable(DataTable[Any]):
    """The action log; overdue rows use the ``action-table--overdue`` style."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"action-table--overdue"}


class ActionsScreen(ActionTools):
    """Every action, soonest due first (the working keys are ActionTools')."""

    CSS_PATH = "actions.tcss"
    SUB_TITLE = "Actions"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "export", "Export log", id="actions.export",
                tooltip="Write the action log as shown (.docx or .csv)"),
        Binding("b", "focus_filter('#filter-body')", "Body filter", id="actions.filter_body",
                tooltip="Choose which body's actions to show"),
        Binding("t", "focus_filter('#filter-status')", "Status filter", id="actions.filter_status",
                tooltip="Show outstanding, overdue or one status"),
        Binding("f5", "refresh", "Refresh", id="actions.refresh", tooltip="Read the actions again"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._body: str | None = None
        self._status: str | None = OUTSTANDING
        self._bodies: list[str] = []
        self._rows: dict[str, ActionRow] = {}
        self.data_ready = False  # True once the first reading is on screen

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="actions-filters"):
            yield Label("Body", classes="filter-label")
            yield Select([], prompt="All bodies", id="filter-body")
            yield Label("Status", classes="filter-label")
            yield Select(STATUS_CHOICES, prompt="All statuses", value=OUTSTANDING, id="filter-status")
        table = ActionTable(id="actions-table", cursor_type="row", zebra_stripes=True)
        for label, width in (("Reference", 14), ("Due", 11), ("Status", 21), ("Owner", 18), ("Description", 40),
                             ("Body", 22)):
            table.add_column(label, key=label.lower(), width=width)
        yield table
        yield Static("", id="action-detail", classes="detail-pane")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#actions-table").focus()

    def on_screen_resume(self) -> None:
        self.load()

    def action_refresh(self) -> None:
        self.load()

    def action_focus_filter(self, selector: str) -> None:
        self.query_one(selector, Select).focus()

    def show_body(self, body: str | None) -> None:
        """Show only ``body``'s actions (None: every body)."""
        self._body = body
        if body is not None and body not in self._bodies:
            self._bodies.append(body)
        self._sync_filters()
        self.load()

    # ------------------------------------------------------------ reading

    @work(thread=True, exclusive=True, group="actions-load")
    def load(self) -> None:
        """Read the actions for the current filters, and the body names."""
        body, status, extra = self._body, self._status, self.extra_filter()
        try:
            with reading(self.app) as session:
                bodies = sorted(session.exec(select(Body.name)).all())
                rows = read_actions(session, body, status, today_of(self.app), extra)
        except (NotFound, ActionProblem, SQLAlchemyError) as exc:
            deliver(self, DataFailed("actions", sentence(exc)))
            return
        deliver(self, DataLoaded("actions", (bodies, rows)))

    def on_data_loaded(self, message: DataLoaded) -> None:
        message.stop()
        bodies, rows = message.data
        if bodies != self._bodies:
            self._bodies = bodies
            self._sync_filters()
        table = self.query_one("#actions-table", ActionTable)
        overdue = table.get_component_rich_style("action-table--overdue")
        keep = self._selected_reference()
        self._rows = {r.reference: r for r in rows}
        with self.app.batch_update():
            table.clear()
            for r in rows:
                status = r.status.replace("_", " ") + (" (OVERDUE)" if r.overdue else "")
                cells = [r.reference, short_date(r.due), status, r.owner or "",
                         r.description.replace("\n", " "), r.body]
                table.add_row(*(Text(c, style=overdue) if r.overdue else c for c in cells), key=r.reference)
        self.apply_sort()
        if keep in self._rows:
            table.move_cursor(row=table.get_row_index(keep))
        self._show_detail()
        count = len(rows)
        table.border_title = f"{count} action{'s' if count != 1 else ''}"
        self.data_ready = True

    def on_data_failed(self, message: DataFailed) -> None:
        message.stop()
        title = "Nothing was written" if message.topic == "export" else "Could not read the actions"
        self.notify(message.error, title=title, severity="error")

    def _sync_filters(self) -> None:
        body_select = self.query_one("#filter-body", Select)
        with body_select.prevent(Select.Changed):
            body_select.set_options([(b, b) for b in self._bodies])
            body_select.value = self._body if self._body is not None else Select.NULL

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        value = None if event.value is Select.NULL else str(event.value)
        if event.select.id == "filter-body":
            self._body = value
        else:
            self._status = value
        self.load()

    def _selected_reference(self) -> str | None:
        table = self.query_one("#actions-table", ActionTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#action-detail", Static)
        row = self._rows.get(self._selected_reference() or "")
        if row is None:
            detail.update("No actions match the filters." if not self._rows else "")
            return
        text = Text()
        text.append(f"{row.reference}  ", style="bold")
        text.append(row.description)
        text.append(f"\n{row.body}; owner {row.owner or 'not named'}; due {short_date(row.due) or 'no date'}; "
                    f"{row.status.replace('_', ' ')}{' and OVERDUE' if row.overdue else ''}.")
        raised = []
        if row.meeting_date:
            raised.append(f"raised at the {row.body} meeting on {day_label(row.meeting_date)}")
        if row.item_title:
            raised.append(f"under “{row.item_title}”" + (" (exempt item)" if row.exempt else ""))
        if raised:
            line = ", ".join(raised)
            text.append("\n" + line[0].upper() + line[1:] + ".")
        for update in row.updates[-3:]:
            text.append(f"\n{day_label(update.on)}: {update.note}")
        detail.update(text)

    # ------------------------------------------------------------ export

    def action_export(self) -> None:
        today = today_of(self.app)
        name = f"Action log {today.isoformat()}" + (f" {self._body}" if self._body else "") + ".docx"
        shown = "every body" if self._body is None else self._body
        form = ExportForm("Export the action log", Path.cwd() / name, suffixes=(".docx", ".csv"), offer_public=True,
                          note=f"Writes the actions shown ({shown}). End the name in .csv for a spreadsheet. "
                               "The public version leaves out actions raised under exempt items.")
        self.app.push_screen(form, lambda request: request and self.write_log(request))

    @work(thread=True, exclusive=True, group="actions-export")
    def write_log(self, request: ExportRequest) -> None:
        """Write the action log for the current filters."""
        from exporters.action_log import write_action_log
        from exporters.files import ExportError

        body, status, today, extra = self._body, self._status, today_of(self.app), self.extra_filter()
        try:
            with reading(self.app) as session:
                log: ActionLog = action_log(session, body, None, today=today)
                shown = {r.reference for r in read_actions(session, body, status, today, extra)}
                actions = tuple(a for a in log.actions if a.reference in shown and not (request.public and a.exempt))
            path = write_action_log(replace(log, actions=actions), request.path)
        except (ExportError, NotFound, ActionProblem, SQLAlchemyError) as exc:
            deliver(self, DataFailed("export", sentence(exc)))
            return
        deliver(self, DataSaved("export", f"Wrote {len(actions)} actions to {path}.", [path]))

    def on_data_saved(self, message: DataSaved) -> None:
        message.stop()
        self.notify(message.summary, title="Exported", timeout=8)
