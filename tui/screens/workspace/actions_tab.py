"""The Actions tab: actions raised at this meeting, then the body's other open actions."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from models.text import visible
from tui.screens.workspace.tab_base import WorkspaceTab

COLUMNS: tuple[tuple[str, int | None], ...] = (
    ("Reference", 13), ("Action", None), ("Owner", 16), ("Due", 10), ("Status", 11), ("Raised", 12))


class ActionsTab(WorkspaceTab):
    COLUMNS = COLUMNS
    TABLE_ID = "workspace-actions-table"
    NOTES = ('workspace-actions-note',)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open in Actions", id="workspace_actions.open",
                tooltip="Show the body's actions in the Actions area"),
    ]

    def show(self, data: Any) -> None:
        super().show(data)
        rows: list[tuple[str, list[Any]]] = []
        raised = []
        for item in data.record["items"]:
            for a in item["actions"]:
                raised.append(a["reference"])
                rows.append((a["reference"], [Text(a["reference"], style="bold"), visible(a["description"]),
                                              visible(a["owner"] or "—"), a["due"] or "—", "new", "this meeting"]))
        for a in data.open_actions:
            if a.reference in raised:
                continue
            due = Text(a.due.isoformat() if a.due else "—", style="bold red" if a.overdue else "")
            when = a.meeting_date.isoformat() if a.meeting_date else "—"
            rows.append((a.reference, [a.reference, visible(a.description), visible(a.owner or "—"), due,
                                       a.status.replace("_", " "), when]))
        self.refill(self.query_one(DataTable), rows)
        self.query_one("#workspace-actions-note", Static).update(
            f"{len(raised)} raised at this meeting; {len(rows) - len(raised)} other open actions of "
            f"{visible(data.record['body'])} (for the action log item).")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        if self.data is not None:
            body = self.data.record["body"]
            self.app.run_worker(self.app.open_actions(body), group="navigate", exclusive=True)  # type: ignore[attr-defined]
