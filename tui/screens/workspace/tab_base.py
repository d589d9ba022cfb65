"""What the four workspace tabs share."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from tui.widgets.measured_table import MeasuredTable
from tui.data import Notice, deliver, reading, sentence

if TYPE_CHECKING:
    from models.history import HistoryRow
    from models.meetings.record import Workspace
    from tui.screens.workspace.screen import WorkspaceScreen


class WorkspaceTab(Vertical):
    """A tab showing part of the :class:`Workspace`; keys act on its highlighted row.

    ``COLUMNS`` are (label, width) with one width None: that column takes the
    room the terminal leaves, so narrow terminals shorten it (with an
    ellipsis) before other columns are lost.
    """

    class HistoryRead(Message):
        """A worker read the audit trail of the highlighted row."""

        def __init__(self, title: str, rows: "list[HistoryRow]") -> None:
            super().__init__()
            self.title, self.rows = title, rows

    class HistoryFailed(Notice):
        """The history could not be read."""

    COLUMNS: tuple[tuple[str, int | None], ...] = ()
    MIN_FLEX = 16
    TABLE_ID = ""  # the tab's table
    NOTES: tuple[str, ...] = ()  # ids of the lines under it

    def compose(self) -> ComposeResult:
        yield MeasuredTable(id=self.TABLE_ID, cursor_type="row", zebra_stripes=True)
        for note in self.NOTES:
            yield Static("", id=note, classes="workspace-note")

    def __init__(self) -> None:
        super().__init__(classes="workspace-tab")
        self.data: Workspace | None = None
        self.select_next: str | None = None  # the row to highlight once the meeting is read again

    @property
    def workspace(self) -> "WorkspaceScreen":
        return self.screen  # type: ignore[return-value]

    def show(self, data: "Workspace") -> None:
        self.data = data

    def after_form(self, result: Any, summary: str) -> None:
        """A form closed: when it saved, say so and read the meeting again."""
        if result is not None:
            if isinstance(result, int) and not isinstance(result, bool):
                self.select_next = str(result)  # a new record's id
            self.notify(summary, timeout=5)
            self.workspace.load()

    @work(thread=True, exclusive=True, group="history")
    def read_history(self, title: str, read: "Callable[[Any], list[HistoryRow]]") -> None:
        """``read(session)`` (a models.history function) in a worker; the history dialog shows the rows."""
        from models.db import DatabaseError
        from models.queries import NotFound

        try:
            with reading(self.app) as session:
                rows = read(session)
        except (DatabaseError, NotFound) as exc:
            deliver(self, self.HistoryFailed(sentence(exc), "Could not read the history"))
            return
        deliver(self, self.HistoryRead(title, rows))

    def on_workspace_tab_history_read(self, message: HistoryRead) -> None:
        message.stop()
        from tui.forms.history import HistoryView

        self.app.push_screen(HistoryView(message.title, message.rows))

    def on_workspace_tab_history_failed(self, message: HistoryFailed) -> None:
        message.stop()
        self.notify(message.text, title=message.title, severity="error")

    def focus_main(self) -> None:
        self.query(DataTable).first().focus()

    def highlighted_key(self, table: DataTable[Any]) -> str | None:
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None

    def _flex_width(self) -> int:
        fixed = sum(w for _, w in self.COLUMNS if w is not None)
        room = (self.size.width or self.app.size.width) - fixed - 2 * len(self.COLUMNS) - 2
        return max(self.MIN_FLEX, room)

    def set_columns(self, table: DataTable[Any]) -> None:
        """(Re)make the columns for the current width."""
        flex = self._flex_width()
        if table.columns and getattr(self, "_flex", None) == flex:
            return
        self._flex = flex
        table.clear(columns=True)
        for label, width in self.COLUMNS:
            table.add_column(label, width=width if width is not None else flex)

    def on_resize(self) -> None:
        if self.COLUMNS and self.data is not None and getattr(self, "_flex", None) != self._flex_width():
            self.show(self.data)

    def refill(self, table: DataTable[Any], rows: list[tuple[str, list[Any]]]) -> None:
        """Replace the rows, keeping the cursor on the same key where it still exists."""
        keep = self.select_next or self.highlighted_key(table)
        self.select_next = None
        row = table.cursor_row
        if self.COLUMNS:
            self.set_columns(table)
        table.clear()
        for key, cells in rows:
            table.add_row(*cells, key=key)
        keys = [k for k, _ in rows]
        if keep in keys:
            table.move_cursor(row=keys.index(keep))
        elif rows:
            table.move_cursor(row=min(row, len(rows) - 1))
