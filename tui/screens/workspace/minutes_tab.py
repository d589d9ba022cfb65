"""The Minutes tab: the items on one side, the highlighted item's minute (autosaved),
resolutions and actions arising on the other.

Autosave: a moment after typing stops, the minute is saved through the
version-checked path. One save runs at a time; text typed meanwhile is saved
next. If another officer changed the minute, that is reported, the user's
text stays in the editor (not saved), and ctrl+s saves it over theirs.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static, TextArea

from models.db import DatabaseError
from models.editing import EditError, StaleEdit
from models.meetings import NeedsConfirmation
from models.meetings.minutes import add_action, add_resolution, defer_item, reinstate_item, save_minute, withdraw_item
from models.queries import NotFound
from models.text import visible
from tui.widgets.measured_table import MeasuredTable
from tui.data import sentence, writing
from tui.screens.export_form import ConfirmDialog
from tui.screens.workspace.tab_base import WorkspaceTab

AUTOSAVE_DELAY = 0.8  # seconds after the last keystroke


def _save_after_leaving(app: Any, item_id: int, version: int, text: str, confirmed: bool) -> None:
    """Save a minute typed just before the workspace closed; a refusal is reported by the app."""
    try:
        with writing(app) as session:
            save_minute(session, item_id, version, text, confirmed=confirmed)
    except (StaleEdit, NeedsConfirmation, EditError, NotFound, DatabaseError) as exc:
        app.post_message(app.Failed(f"The last words typed in a minute were not saved: {sentence(exc)}"))


class MinutesTab(WorkspaceTab):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "resolution", "Add resolution", id="minutes.resolution",
                tooltip="Add the item's next numbered resolution"),
        Binding("n", "action", "Add action arising", id="minutes.action",
                tooltip="Raise an action under the item: description, owner, due date"),
        Binding("f", "defer", "Defer item", id="minutes.defer", tooltip="Carry the item to the body's next meeting"),
        Binding("w", "withdraw", "Withdraw item", id="minutes.withdraw",
                tooltip="Record the item as withdrawn (again: listed once more)"),
        Binding("e", "edit_minute", "Write minute", id="minutes.edit",
                tooltip="Type the item's minute (approved minutes ask first)"),
        Binding("ctrl+up", "step(-1)", "Previous item", id="minutes.previous",
                tooltip="Show the previous item, even from inside the editor"),
        Binding("ctrl+down", "step(1)", "Next item", id="minutes.next",
                tooltip="Show the next item, even from inside the editor"),
        Binding("ctrl+s", "save_mine", "Save my minute", id="minutes.save",
                tooltip="Save the minute now (after a conflict: your text over the other officer's)"),
        Binding("escape", "leave_editor", "Leave editor", id="minutes.leave", show=False,
                tooltip="Back from the editor to the list of items"),
    ]

    class MinuteSaved(Message):
        def __init__(self, item_id: int, version: int, text: str) -> None:
            super().__init__()
            self.item_id, self.version, self.text = item_id, version, text

    class MinuteRefused(Message):
        def __init__(self, item_id: int, text: str, stale: bool) -> None:
            super().__init__()
            self.item_id, self.text, self.stale = item_id, text, stale

    def __init__(self) -> None:
        super().__init__()
        self.item_id: int | None = None
        self.versions: dict[int, int] = {}
        self.pending: dict[int, str] = {}  # typed, not yet saved
        self.conflicts: set[int] = set()
        self.amend_ok = False  # the user confirmed changing approved minutes
        self._saving = False
        self._timer: Any = None
        self._shown = ""  # the text the editor was last filled with

    def compose(self) -> ComposeResult:
        with Horizontal(id="minutes-body"):
            table: DataTable[Any] = MeasuredTable(id="minutes-items", cursor_type="row", zebra_stripes=True)
            table.add_column("#", width=3)
            table.add_column("Item", width=30)
            yield table
            with Vertical(id="minutes-editor"):
                yield Static("", id="minutes-heading")
                yield TextArea("", id="minutes-text", soft_wrap=True, tab_behavior="focus")
                yield Static("", id="minutes-save-state")
                with VerticalScroll(id="minutes-extra-box"):
                    yield Static("", id="minutes-extra")

    def on_resize(self) -> None:
        self.set_class(self.size.width < 100, "-narrow")

    # ------------------------------------------------------------ showing

    def show(self, data: Any) -> None:
        super().show(data)
        for item_id, version in data.item_versions.items():
            if item_id not in self.pending and item_id not in self.conflicts:
                self.versions[item_id] = version
        rows = []
        for item in data.record["items"]:
            title = Text(visible(item["title"]))
            if item["exempt"]:
                title.append("  (Part II)", style="dim")
            if item["state"] != "listed":
                title.append(f"  [{item['state']}]", style="italic")
            rows.append((str(item["id"]), [str(item["number"]), title]))
        self.refill(self.query_one("#minutes-items", DataTable), rows)
        key = self.highlighted_key(self.query_one("#minutes-items", DataTable))
        self._show_item(int(key) if key else None)

    def _item(self, item_id: int | None = None) -> dict[str, Any] | None:
        wanted = self.item_id if item_id is None else item_id
        if self.data is None or wanted is None:
            return None
        return next((i for i in self.data.record["items"] if i["id"] == wanted), None)

    def _show_item(self, item_id: int | None) -> None:
        self.item_id = item_id
        item = self._item()
        editor = self.query_one("#minutes-text", TextArea)
        approved = self.data is not None and self.data.record["minutes_status"] == "approved"
        editor.read_only = item is None or (approved and not self.amend_ok)
        if item is None:
            self.query_one("#minutes-heading", Static).update("No agenda items yet (the Agenda tab adds them).")
            self._fill("")
            self.query_one("#minutes-extra", Static).update("")
            return
        self.query_one("#minutes-heading", Static).update(
            Text(f"{item['number']}. {visible(item['title'])}", style="bold"))
        text = self.pending.get(item["id"], item["minute"] or "")
        if editor.text != text:
            self._fill(text)
        self._show_state()
        self.query_one("#minutes-extra", Static).update(self._extra(item))

    def _fill(self, text: str) -> None:
        self._shown = text
        self.query_one("#minutes-text", TextArea).load_text(text)

    @staticmethod
    def _extra(item: dict[str, Any]) -> Text:
        text = Text()
        text.append("Resolved:" if item["resolutions"] else "No resolutions (r adds one).", style="bold")
        for number, words in enumerate(item["resolutions"], 1):
            text.append(f"\n  ({number}) {visible(words)}")
        text.append("\n\nActions arising:" if item["actions"] else "\n\nNo actions arising (n adds one).", style="bold")
        for a in item["actions"]:
            text.append(f"\n  {a['reference']} {visible(a['description'])} — {visible(a['owner'] or 'no owner')}, "
                        f"due {a['due'] or 'no date'}")
        return text

    def _show_state(self, note: str | None = None) -> None:
        state = self.query_one("#minutes-save-state", Static)
        item_id = self.item_id
        if item_id in self.conflicts:
            state.update(Text("Another officer changed this minute: your text is kept here, NOT saved. "
                              "ctrl+s saves yours over theirs.", style="bold red"))
        elif note:
            state.update(Text(note, style="dim"))
        elif item_id in self.pending:
            state.update(Text("Not saved yet…", style="dim"))
        elif self.data is not None and self.data.record["minutes_status"] == "approved" and not self.amend_ok:
            state.update(Text("Approved minutes: e to amend (asks first; the change is kept in the audit history).",
                              style="dim"))
        else:
            state.update(Text("All changes saved.", style="dim"))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.row_key.value is not None and int(event.row_key.value) != self.item_id:
            self._show_item(int(event.row_key.value))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit_minute()

    # ------------------------------------------------------------ autosave

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if self.item_id is None or event.text_area.read_only:
            return
        if event.text_area.text == self._shown and self.item_id not in self.pending:
            return  # the editor was filled, not typed into
        self.pending[self.item_id] = event.text_area.text
        self._show_state()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(AUTOSAVE_DELAY, self.save_pending)

    def save_pending(self) -> None:
        """Save the first pending minute that is not in conflict (one save at a time)."""
        if self._saving:
            return
        for item_id, text in self.pending.items():
            if item_id not in self.conflicts and item_id in self.versions:
                self._saving = True
                self._save(item_id, self.versions[item_id], text, self.amend_ok)
                return

    @work(thread=True, group="autosave")
    def _save(self, item_id: int, version: int, text: str, confirmed: bool) -> None:
        try:
            with writing(self.app) as session:
                new_version = save_minute(session, item_id, version, text, confirmed=confirmed)
        except StaleEdit:
            self.post_message(self.MinuteRefused(item_id, text, stale=True))
            return
        except (NeedsConfirmation, EditError, NotFound, DatabaseError) as exc:
            self.post_message(self.MinuteRefused(item_id, sentence(exc), stale=False))
            return
        self.post_message(self.MinuteSaved(item_id, new_version, text))

    def on_minutes_tab_minute_saved(self, message: MinuteSaved) -> None:
        message.stop()
        self._saving = False
        self.versions[message.item_id] = message.version
        if self.pending.get(message.item_id) == message.text:
            del self.pending[message.item_id]
        if self.item_id == message.item_id:
            self._show_state(f"Saved at {datetime.now():%H:%M:%S}." if message.item_id not in self.pending else None)
        if self.pending:
            self.save_pending()

    def on_minutes_tab_minute_refused(self, message: MinuteRefused) -> None:
        message.stop()
        self._saving = False
        if message.stale:
            self.conflicts.add(message.item_id)
            self.notify("Another officer saved a change to this minute while you were typing. Your text is kept "
                        "in the editor and was not saved; ctrl+s saves it over theirs.",
                        title="Minute not saved", severity="error", timeout=12)
            self.workspace.load()
        else:
            self.pending.pop(message.item_id, None)
            self.notify(message.text, title="Minute not saved", severity="error")
        self._show_state()

    def action_save_mine(self) -> None:
        item_id = self.item_id
        if item_id is None or self.data is None:
            return
        text = self.pending.get(item_id, self.query_one("#minutes-text", TextArea).text)
        self.pending[item_id] = text
        if item_id in self.conflicts:
            self.conflicts.discard(item_id)
            self.versions[item_id] = self.data.item_versions.get(item_id, self.versions.get(item_id, 1))
        self.save_pending()

    def flush(self) -> None:
        """Save what is typed now (leaving the editor)."""
        if self._timer is not None:
            self._timer.stop()
        self.save_pending()

    def flush_on_leave(self) -> None:
        """Save every pending minute in workers of the app, which outlive this screen."""
        if self._timer is not None:
            self._timer.stop()
        for item_id, text in list(self.pending.items()):
            if item_id not in self.conflicts and item_id in self.versions:
                self.app.run_worker(partial(_save_after_leaving, self.app, item_id, self.versions[item_id], text,
                                            self.amend_ok), thread=True, group=f"minute-{item_id}")
        self.pending.clear()

    # ------------------------------------------------------------ keys

    def focus_main(self) -> None:
        self.query_one("#minutes-items", DataTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_editor":
            return self.screen.focused is self.query_one("#minutes-text", TextArea)
        return True

    def action_leave_editor(self) -> None:
        self.flush()
        self.focus_main()

    def action_step(self, step: int) -> None:
        table = self.query_one("#minutes-items", DataTable)
        if table.row_count:
            in_editor = self.screen.focused is self.query_one("#minutes-text", TextArea)
            table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + step)))
            if in_editor:
                self.query_one("#minutes-text", TextArea).focus()

    def action_edit_minute(self) -> None:
        if self.item_id is None:
            return
        approved = self.data is not None and self.data.record["minutes_status"] == "approved"
        if approved and not self.amend_ok:
            question = ("These minutes were approved as a correct record. Amend them anyway? "
                        "Each change is kept in the audit history.")
            self.app.push_screen(ConfirmDialog(question, yes="Amend"), lambda yes: yes and self._allow_amend())
            return
        self.query_one("#minutes-text", TextArea).focus()

    def _allow_amend(self) -> None:
        self.amend_ok = True
        self.query_one("#minutes-text", TextArea).read_only = False
        self._show_state()
        self.query_one("#minutes-text", TextArea).focus()

    def action_resolution(self) -> None:
        from tui.forms.minutes import ResolutionForm

        item = self._item()
        if item is None:
            return
        form = ResolutionForm(lambda session, values, **kw: add_resolution(session, item["id"], values["text"], **kw),
                              len(item["resolutions"]) + 1, confirmable=True)
        self.app.push_screen(form, lambda result: self.after_form(result, f"Resolution ({result}) added."))

    def action_action(self) -> None:
        from tui.forms.minutes import ActionForm

        item = self._item()
        if item is None or self.data is None:
            return
        form = ActionForm(lambda session, values, **kw: add_action(
            session, item["id"], values["description"], values["owner"], values["due"], **kw),
            self.data.people, confirmable=True)
        self.app.push_screen(form, lambda result: self.after_form(result, f"Raised action {result}."))

    def action_defer(self) -> None:
        item = self._item()
        if item is not None:
            self.workspace.change(lambda day: f"Deferred; it is on the agenda of {day}." if day else
                                  "Deferred; it joins the next meeting's agenda when that is built.",
                                  defer_item, item["id"], **({"confirmed": True} if self.amend_ok else {}))

    def action_withdraw(self) -> None:
        item = self._item()
        if item is None:
            return
        func = reinstate_item if item["state"] == "withdrawn" else withdraw_item
        self.workspace.change("Listed again." if func is reinstate_item else "Recorded as withdrawn.", func, item["id"],
                              **({"confirmed": True} if self.amend_ok else {}))
