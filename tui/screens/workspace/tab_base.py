"""What the four workspace tabs share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.containers import Vertical
from textual.widgets import DataTable

if TYPE_CHECKING:
    from models.meetings.record import Workspace
    from tui.screens.workspace.screen import WorkspaceScreen


class WorkspaceTab(Vertical):
    """A tab showing part of the :class:`Workspace`; keys act on its highlighted row."""

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

    def focus_main(self) -> None:
        self.query(DataTable).first().focus()

    def highlighted_key(self, table: DataTable[Any]) -> str | None:
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None

    def refill(self, table: DataTable[Any], rows: list[tuple[str, list[Any]]]) -> None:
        """Replace the rows, keeping the cursor on the same key where it still exists."""
        keep = self.select_next or self.highlighted_key(table)
        self.select_next = None
        row = table.cursor_row
        table.clear()
        for key, cells in rows:
            table.add_row(*cells, key=key)
        keys = [k for k, _ in rows]
        if keep in keys:
            table.move_cursor(row=keys.index(keep))
        elif rows:
            table.move_cursor(row=min(row, len(rows) - 1))
