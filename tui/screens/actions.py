"""The Actions area: the action log, overdue actions highlighted, filtered by body and status.

`e` exports the log as shown (same filters) to .docx or .csv.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Label, Select, Static

from models.actions import ActionProblem
from models.browse import ACTION_FILTERS, OUTSTANDING, body_names, filtered_action_log, filtered_actions
from models.db import DatabaseError
from models.formats import day_label, short_date
from models.queries import NotFound
from models.text import visible
from models.views import ActionRow
from tui.data import Notice, deliver, reading, sentence, today_of
from tui.screens.action_tools import ActionTools
from tui.screens.export_form import ExportForm, ExportRequest


def status_words(status: str) -> str:
    """``in_progress`` -> "in progress"."""
    return status.replace("_", " ")


class ActionTable(DataTable[Any]):
    """The action log; overdue rows use the ``action-table--overdue`` style."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"action-table--overdue"}


class ActionsScreen(ActionTools):
    """Every action, soonest due first (the working keys are ActionTools')."""

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

    class Loaded(Message):
        """The body names and the actions for the filters were read."""

        def __init__(self, bodies: list[str], rows: list[ActionRow]) -> None:
            super().__init__()
            self.bodies = bodies
            self.rows = rows

    class Failed(Notice):
        """Reading or exporting failed."""

    class Exported(Notice):
        """The log was written; ``text`` says where."""

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
            yield Select(ACTION_FILTERS, prompt="All statuses", value=OUTSTANDING, id="filter-status")
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

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        """Read the actions for the current filters, and the body names."""
        body, status, extra = self._body, self._status, self.extra_filter()
        try:
            with reading(self.app) as session:
                bodies = body_names(session)
                rows = filtered_actions(session, body, status, today_of(self.app), extra)
        except (NotFound, ActionProblem, DatabaseError) as exc:
            deliver(self, self.Failed(sentence(exc), "Could not read the actions"))
            return
        deliver(self, self.Loaded(bodies, rows))

    def on_actions_screen_loaded(self, message: Loaded) -> None:
        bodies, rows = message.bodies, message.rows
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
                status = status_words(r.status) + (" (OVERDUE)" if r.overdue else "")
                cells = [visible(r.reference), short_date(r.due), status, visible(r.owner or ""),
                         visible(r.description.replace("\n", " ")), visible(r.body)]
                table.add_row(*(Text(c, style=overdue) if r.overdue else c for c in cells), key=r.reference)
        self.apply_sort()
        if keep in self._rows:
            table.move_cursor(row=table.get_row_index(keep))
        self._show_detail()
        count = len(rows)
        table.border_title = f"{count} action{'s' if count != 1 else ''}"
        self.data_ready = True

    def on_actions_screen_failed(self, message: Failed) -> None:
        self.notify(message.text, title=message.title, severity="error")

    def _sync_filters(self) -> None:
        body_select = self.query_one("#filter-body", Select)
        with body_select.prevent(Select.Changed):
            body_select.set_options([(visible(b), b) for b in self._bodies])
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
        v = visible
        text = Text()
        text.append(f"{v(row.reference)}  ", style="bold")
        text.append(v(row.description))
        text.append(f"\n{v(row.body)}; owner {v(row.owner or 'not named')}; due {short_date(row.due) or 'no date'}; "
                    f"{status_words(row.status)}{' and OVERDUE' if row.overdue else ''}.")
        raised = []
        if row.meeting_date:
            raised.append(f"raised at the {v(row.body)} meeting on {day_label(row.meeting_date)}")
        if row.item_title:
            raised.append(f"under “{v(row.item_title)}”" + (" (exempt item)" if row.exempt else ""))
        if raised:
            line = ", ".join(raised)
            text.append("\n" + line[0].upper() + line[1:] + ".")
        for update in row.updates[-3:]:
            text.append(f"\n{day_label(update.on)}: {v(update.note)}")
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

    @work(thread=True, exclusive=True, group="save")
    def write_log(self, request: ExportRequest) -> None:
        """Write the action log for the current filters."""
        from exporters.action_log import write_action_log
        from exporters.files import ExportError

        body, status, today, extra = self._body, self._status, today_of(self.app), self.extra_filter()
        try:
            with reading(self.app) as session:
                log = filtered_action_log(session, body, status, today, public=request.public, extra=extra)
            path = write_action_log(log, request.path)
        except (ExportError, NotFound, ActionProblem, DatabaseError) as exc:
            deliver(self, self.Failed(sentence(exc), "Nothing was written"))
            return
        deliver(self, self.Exported(f"Wrote {len(log.actions)} actions to {path}."))

    def on_actions_screen_exported(self, message: Exported) -> None:
        self.notify(message.text, title="Exported", timeout=8)
