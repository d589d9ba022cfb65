"""The Actions area: the action log, overdue actions highlighted, filtered by body, status and a
search box, sorted by any column.

Only the rows on screen are read: the table (tui.widgets.virtual_table) asks
for pages of ``models.actions.window.action_window`` as it scrolls, and the
count is read after the first page is shown. `e` exports the log as shown (same
filters) to .docx or .csv, with a progress bar.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.worker import Worker
from textual.widgets import Header, Input, Label, Select, Static

from models.actions import ActionFilter, ActionProblem, describe_filter
from models.actions.window import ActionQuery, action_window, count_actions
from models.browse import ACTION_FILTERS, OUTSTANDING, body_names, filtered_action_log
from models.db import DatabaseError
from models.formats import day_label, short_date
from models.queries import NotFound
from models.text import visible
from models.views import ActionRow
from tui.data import Notice, deliver, reading, sentence, today_of
from tui.screens.action_tools import ActionTools
from tui.screens.export_form import ExportForm, ExportRequest
from tui.widgets.key_footer import KeyFooter
from tui.widgets.virtual_table import PAGE, VirtualTable
from tui.widgets.work_progress import WorkProgress

COLUMNS = (("Reference", "reference", 14), ("Due", "due", 11), ("Status", "status", 21), ("Owner", "owner", 18),
           ("Description", "description", 40), ("Body", "body", 22))


def status_words(status: str) -> str:
    """``in_progress`` -> "in progress"."""
    return status.replace("_", " ")


def describe_row(row: ActionRow) -> tuple[str, Sequence[str], bool]:
    """A row of the table: its key, its cells, and whether it is drawn as overdue."""
    status = status_words(row.status) + (" (OVERDUE)" if row.overdue else "")
    return row.reference, (visible(row.reference), short_date(row.due), status, visible(row.owner or ""),
                           visible(row.description.replace("\n", " ")), visible(row.body)), row.overdue


class ActionsScreen(ActionTools):
    """Every action, soonest due first (the working keys are ActionTools')."""

    SUB_TITLE = "Actions"
    AUTO_FOCUS = "#actions-table"  # (focused as the screen mounts; not the first filter, then the table)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "export", "Export log", id="actions.export",
                tooltip="Write the action log as shown (.docx or .csv)"),
        Binding("b", "focus_filter('#filter-body')", "Body filter", id="actions.filter_body",
                tooltip="Choose which body's actions to show"),
        Binding("t", "focus_filter('#filter-status')", "Status filter", id="actions.filter_status",
                tooltip="Show outstanding, overdue or one status"),
        Binding("slash", "focus_filter('#filter-search')", "Search", show=False, id="actions.search",
                tooltip="Type words found in the reference, description or progress notes"),
        Binding("f5", "refresh", "Refresh", id="actions.refresh", tooltip="Read the actions again"),
    ]

    class Loaded(Message):
        """The body names and the first page of actions for ``query`` were read."""

        def __init__(self, bodies: list[str], query: ActionQuery, rows: list[ActionRow]) -> None:
            super().__init__()
            self.bodies, self.query, self.rows = bodies, query, rows

    class Counted(Message):
        """How many actions pass ``query``'s filters."""

        def __init__(self, query: ActionQuery, total: int) -> None:
            super().__init__()
            self.query, self.total = query, total

    class Failed(Notice):
        """Reading or exporting failed."""

    class Exported(Notice):
        """The log was written; ``text`` says where."""

    def __init__(self) -> None:
        super().__init__()
        self._body: str | None = None
        self._status: str | None = OUTSTANDING
        self._bodies: list[str] = []
        self._shown: ActionQuery | None = None  # the query whose rows are on screen
        self.data_ready = False  # True once the first reading is on screen and counted
        self._reading: Worker[None] | None = None  # the read started since the screen was last shown
        self._detail_shown: Text | str | None = None

    def compose(self) -> ComposeResult:
        self._read_on_show()  # the first page is read while the screen is built
        yield Header()
        with Horizontal(id="actions-filters"):
            yield Label("Body", classes="filter-label")
            yield Select([], prompt="All bodies", id="filter-body")
            yield Label("Status", classes="filter-label")
            yield Select(ACTION_FILTERS, prompt="All statuses", value=OUTSTANDING, id="filter-status")
            yield Label("Search", classes="filter-label")
            yield Input(placeholder="words to find", id="filter-search")
        yield VirtualTable(COLUMNS, describe_row, id="actions-table")
        yield Static("", id="action-detail", classes="detail-pane")
        yield WorkProgress(id="actions-progress")
        yield KeyFooter()

    def on_screen_resume(self) -> None:
        self._read_on_show()

    def on_screen_suspend(self) -> None:
        self._reading = None  # coming back reads again

    def _read_on_show(self) -> None:
        """Read the actions as the screen is shown, once each time (Textual resumes a mode's
        new screen twice, and the first read starts at compose, before either)."""
        if self._reading is None:
            self._reading = self.load()

    def action_refresh(self) -> None:
        self.load()

    def action_focus_filter(self, selector: str) -> None:
        self.query_one(selector).focus()

    def show_body(self, body: str | None) -> None:
        """Show only ``body``'s actions (None: every body)."""
        self._body = body
        if body is not None and body not in self._bodies:
            self._bodies.append(body)
        self._sync_filters()
        self.load()

    def _query(self) -> ActionQuery:
        column, reverse = getattr(self, "_sort", (None, False))
        return ActionQuery(self._body, self._status, self.extra_filter(), column, reverse)

    def _selected_reference(self) -> str | None:
        row = self.query_one("#actions-table", VirtualTable).cursor_item
        return row.reference if row is not None else None

    # ------------------------------------------------------------ reading

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        """Read the first page of actions for the current filters, show it, then count them all."""
        query, today = self._query(), today_of(self.app)
        try:
            with reading(self.app) as session:
                bodies = body_names(session)
                rows = action_window(session, query, today, 0, PAGE)
            if not deliver(self, self.Loaded(bodies, query, rows)):
                return
            total = len(rows)
            if total == PAGE:
                with reading(self.app) as session:
                    total = count_actions(session, query, today)
        except (NotFound, ActionProblem, DatabaseError) as exc:
            deliver(self, self.Failed(sentence(exc), "Could not read the actions"))
            return
        deliver(self, self.Counted(query, total))

    def _pages(self, query: ActionQuery):
        """The table's ``fetch(offset, limit)`` for ``query``: runs in the table's thread worker."""
        today = today_of(self.app)

        def fetch(offset: int, limit: int) -> list[ActionRow]:
            try:
                with reading(self.app) as session:
                    return action_window(session, query, today, offset, limit)
            except (NotFound, ActionProblem, DatabaseError) as exc:
                self.post_message(self.Failed(sentence(exc), "Could not read the actions"))
                return []

        return fetch

    def on_actions_screen_loaded(self, message: Loaded) -> None:
        if message.bodies != self._bodies:
            self._bodies = message.bodies
            self._sync_filters()
        table = self.query_one("#actions-table", VirtualTable)
        keep = self._selected_reference()
        counting = len(message.rows) == PAGE  # until counted, keep the old extent (and the cursor's row)
        same = message.query == self._shown  # read again (after a save): stay where the user was
        self._shown = message.query
        table.reset(self._pages(message.query), message.rows,
                    max(table.row_count, PAGE) if counting else len(message.rows), keep, keep_row=same)
        if counting:
            table.border_title = "Counting the actions…"
        self._show_marks()
        self._show_detail()

    def on_actions_screen_counted(self, message: Counted) -> None:
        table = self.query_one("#actions-table", VirtualTable)
        table.set_total(message.total)
        table.border_title = f"{message.total} action{'s' if message.total != 1 else ''}"
        self._show_detail()
        self.data_ready = True

    def on_actions_screen_failed(self, message: Failed) -> None:
        self.notify(message.text, title=message.title, severity="error")
        self.query_one("#actions-progress", WorkProgress).finish()

    def _sync_filters(self) -> None:
        body_select = self.query_one("#filter-body", Select)
        with body_select.prevent(Select.Changed):
            body_select.set_options([(visible(b), b) for b in self._bodies])
            body_select.value = self._body if self._body is not None else Select.NULL
        search = self.query_one("#filter-search", Input)
        wanted = (self.extra_filter() or ActionFilter()).search or ""
        if search.value.strip() != wanted.strip():
            with search.prevent(Input.Changed):
                search.value = wanted

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        value = None if event.value is Select.NULL else str(event.value)
        if value == (self._body if event.select.id == "filter-body" else self._status):
            return  # (a Select tells its first value as it mounts: nothing to read again)
        if event.select.id == "filter-body":
            self._body = value
        else:
            self._status = value
        self.load()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "filter-search":
            return
        event.stop()
        wanted = replace(self.extra_filter() or ActionFilter(), search=event.value.strip() or None)
        self._extra = wanted if describe_filter(wanted) else None
        self._show_marks()
        self.load()

    def on_virtual_table_highlighted(self, event: VirtualTable.Highlighted) -> None:
        event.stop()
        self._show_detail()

    def _show_detail(self) -> None:
        table = self.query_one("#actions-table", VirtualTable)
        detail = self.query_one("#action-detail", Static)
        row = table.cursor_item
        if row is None:
            self._update_detail(detail, "No actions match the filters." if not table.row_count else "")
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
        self._update_detail(detail, text)

    def _update_detail(self, detail: Static, content: Text | str) -> None:
        """Show ``content`` unless it is already shown (each update lays the screen out again,
        and the cursor is announced several times as the rows and their count arrive)."""
        if content != self._detail_shown:
            self._detail_shown = content
            detail.update(content)

    # ------------------------------------------------------------ export

    def action_export(self) -> None:
        today = today_of(self.app)
        name = f"Action log {today.isoformat()}" + (f" {self._body}" if self._body else "") + ".docx"
        shown = "every body" if self._body is None else self._body
        form = ExportForm("Export the action log", Path.cwd() / name, suffixes=(".docx", ".csv"), offer_public=True,
                          note=f"Writes the actions shown ({shown}). End the name in .csv for a spreadsheet. "
                               "The public version leaves out actions raised under exempt items.")
        self.app.push_screen(form, lambda request: request and self._export(request))

    def _export(self, request: ExportRequest) -> None:
        progress = self.query_one("#actions-progress", WorkProgress).start(f"Writing {request.path.name}")
        self.write_log(request, progress)

    @work(thread=True, exclusive=True, group="save")
    def write_log(self, request: ExportRequest, progress=None) -> None:
        """Write the action log for the current filters, telling ``progress`` how far it has got."""
        from exporters.action_log import write_action_log
        from exporters.files import ExportError

        body, status, today, extra = self._body, self._status, today_of(self.app), self.extra_filter()
        try:
            with reading(self.app) as session:
                log = filtered_action_log(session, body, status, today, public=request.public, extra=extra)
            path = write_action_log(log, request.path, progress=progress)
        except (ExportError, NotFound, ActionProblem, DatabaseError) as exc:
            deliver(self, self.Failed(sentence(exc), "Nothing was written"))
            return
        deliver(self, self.Exported(f"Wrote {len(log.actions)} actions to {path}."))

    def on_actions_screen_exported(self, message: Exported) -> None:
        self.query_one("#actions-progress", WorkProgress).finish()
        self.notify(message.text, title="Exported", timeout=8)
