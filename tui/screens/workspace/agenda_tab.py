"""The Agenda tab: items in order with computed start times, source, purpose and Part."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from models.meetings.agenda import add_item, build_agenda, edit_item, issue_agenda, move_item, remove_item
from models.meetings.common import SOURCE_LABELS
from models.text import visible
from tui.data import today_of
from tui.screens.export_form import ConfirmDialog
from tui.screens.workspace.tab_base import WorkspaceTab

COLUMNS: tuple[tuple[str, int | None], ...] = (
    ("#", 3), ("Start", 5), ("Mins", 4), ("Title", None), ("Presenter", 14), ("Purpose", 10), ("Part", 5))


class AgendaTab(WorkspaceTab):
    COLUMNS = COLUMNS
    TABLE_ID = "agenda-table"
    NOTES = ('agenda-note',)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add agenda item", id="agenda.add", tooltip="Add an item (before any other business)"),
        Binding("enter", "edit", "Edit agenda item", id="agenda.edit", tooltip="Edit the highlighted item"),
        Binding("delete", "remove", "Delete agenda item", id="agenda.remove",
                tooltip="Delete the highlighted item (asks first; only an item not yet minuted, of a meeting not held)"),
        Binding("ctrl+up", "move(-1)", "Move item up", id="agenda.up", tooltip="Move the highlighted item up one place"),
        Binding("ctrl+down", "move(1)", "Move item down", id="agenda.down",
                tooltip="Move the highlighted item down one place"),
        Binding("x", "exempt", "Mark exempt", id="agenda.exempt",
                tooltip="Make the item exempt (Part II, with its Schedule 12A paragraph) or open again"),
        Binding("b", "build", "Build agenda from plan", id="agenda.build",
                tooltip="Fill an empty agenda: standing items, forward plan, deferred items, escalations"),
        Binding("i", "issue", "Issue agenda", id="agenda.issue",
                tooltip="Record the agenda as issued today; later changes mark it revised"),
        Binding("h", "history", "History", id="agenda.history",
                tooltip="Who changed the highlighted item, when, and what: added, edited, moved, deferred or "
                        "withdrawn, minute written or amended, resolutions, actions raised"),
    ]

    def show(self, data: Any) -> None:
        super().show(data)
        rows = []
        for item in data.record["items"]:
            title = Text(visible(item["title"]))
            if item["source"] not in ("standing", "added"):
                title.append(f"  ({SOURCE_LABELS[item['source']]})", style="dim")
            if item["state"] != "listed":
                title.append(f"  [{item['state']}]", style="italic")
            part = f"II ¶{item['exempt_paragraph']}" if item["exempt"] else "I"
            rows.append((str(item["id"]), [
                str(item["number"]), item["start"][11:], str(item["minutes_allotted"] or ""), title,
                visible(item["presenter"] or ""), item["purpose"] or "—", part]))
        self.refill(self.query_one(DataTable), rows)
        note = ("No agenda yet: press b to build it from the standing items and the forward plan, or a to add an item."
                if not rows else f"{len(rows)} items; agenda {data.record['agenda_status']}.")
        self.query_one("#agenda-note", Static).update(note)

    def _item(self) -> dict[str, Any] | None:
        key = self.highlighted_key(self.query_one(DataTable))
        if self.data is None or key is None:
            self.notify("There is no agenda item here yet.", severity="warning")
            return None
        return next((i for i in self.data.record["items"] if str(i["id"]) == key), None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_add(self) -> None:
        from tui.forms.agenda_item import AgendaItemForm

        if self.data is None:
            return
        meeting_id = self.workspace.meeting_id
        form = AgendaItemForm(lambda session, values: add_item(session, meeting_id, values), self.data.people)
        self.app.push_screen(form, lambda result: self.after_form(result, "Added the item."))

    def action_edit(self) -> None:
        from tui.forms.agenda_item import AgendaItemForm

        item = self._item()
        if item is None or self.data is None:
            return
        version = self.data.item_versions[item["id"]]
        form = AgendaItemForm(lambda session, values: edit_item(session, item["id"], version, values), self.data.people, item)
        self.app.push_screen(form, lambda result: self.after_form(result, "Saved the item."))

    def action_remove(self) -> None:
        item = self._item()
        if item is None:
            return
        version = self.data.item_versions.get(item["id"]) if self.data is not None else None
        question = (f'Delete "{visible(item["title"])}" from the agenda? Only an item not yet minuted can be deleted; '
                    "one already discussed is deferred or withdrawn instead.")
        self.app.push_screen(ConfirmDialog(question, yes="Delete (y)", no="Keep (esc)"),
                             lambda yes: yes and self.workspace.change("Deleted the item.", remove_item, item["id"],
                                                                       version))

    def action_move(self, step: int) -> None:
        item = self._item()
        if item is not None:
            self.workspace.change("", move_item, item["id"], step)

    def action_exempt(self) -> None:
        item = self._item()
        if item is None or self.data is None:
            return
        version = self.data.item_versions[item["id"]]
        if item["exempt"]:
            self.workspace.change("The item is in Part I (open) again.", edit_item, item["id"], version, {"exempt": False})
            return
        from tui.forms.agenda_item import ExemptForm

        form = ExemptForm(lambda session, values: edit_item(session, item["id"], version, {"exempt": True, **values}))
        self.app.push_screen(form, lambda result: self.after_form(result, "The item is exempt (Part II)."))

    def action_history(self) -> None:
        from models.history import agenda_item_history

        item = self._item()
        if item is not None:
            item_id = item["id"]
            self.read_history(f'History of item {item["number"]}: {visible(item["title"])}',
                              lambda session: agenda_item_history(session, item_id))

    def action_build(self) -> None:
        self.workspace.change(lambda count: f"Built the agenda: {count} items.", build_agenda, self.workspace.meeting_id)

    def action_issue(self) -> None:
        self.workspace.change("The agenda is recorded as issued; later changes mark it revised.", issue_agenda,
                              self.workspace.meeting_id, today_of(self.app))
