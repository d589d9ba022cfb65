"""The Actions area's working keys: add, update, escalate, select several and
update them together, see an action's history, delete one entered in error.

:class:`ActionTools` is the base of the Actions screen; it relies on the
screen's table (``#actions-table``, a VirtualTable of ActionRows), ``_bodies``,
``_body``, ``_selected_reference()``, ``_show_detail()`` and ``load()``. Sorting
reads again in the chosen order (models.actions.window); selected actions are
kept by reference with the row read when they were selected. Database work runs in
workers that post the nested messages back; forms do their own saving.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen

from models.actions.window import SORT_COLUMNS
from tui.data import deliver, reading, sentence, today_of, writing
from tui.forms.history import HistoryView
from tui.screens.export_form import ConfirmDialog


class ActionTools(Screen[None]):
    """Keys beyond add and update stay out of the footer (so the area keys still fit); help lists them all."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "add_action", "Add action", id="actions.add",
                tooltip="Add an action to a body's log (body, description, owner, due date)"),
        Binding("u", "update_action", "Update action", id="actions.update",
                tooltip="Change the highlighted action's status, owner or due date with a dated note"),
        Binding("l", "escalate_action", "Escalate", show=False, id="actions.escalate",
                tooltip="Escalate the highlighted action to the body its body reports to, or another"),
        Binding("c", "raise_concern", "Escalate concern", show=False, id="actions.concern",
                tooltip="Escalate a concern from a body to the body it reports to, as an action in that body's log"),
        Binding("space", "mark_action", "Select", show=False, id="actions.mark",
                tooltip="Select or unselect the highlighted action for a bulk update"),
        Binding("U", "bulk_update", "Update selected", key_display="shift+u", show=False, id="actions.bulk_update",
                tooltip="Give the selected actions the same status, due date or owner"),
        Binding("O", "sort_actions", "Sort", key_display="shift+o", show=False, id="actions.sort",
                tooltip="Sort by the next column (clicking a column heading sorts by it; again reverses)"),
        Binding("h", "action_history", "History", show=False, id="actions.history",
                tooltip="Who changed the highlighted action, when, and what (old → new)"),
        Binding("f", "filter_actions", "Filter", show=False, id="actions.filter",
                tooltip="Filter by text, owner, the owner's organisation or due within N days"),
        Binding("delete", "delete_action", "Delete action", show=False, id="actions.delete",
                tooltip="Delete the highlighted action if it was entered in error (not one from approved minutes)"),
    ]

    _marked: dict[str, Any]  # reference -> the action's row when it was selected

    class Prepared(Message):
        """Names a form needs (people, each body's parent), read for ``form``."""

        def __init__(self, form: str, people: list[str], parents: dict[str, str | None],
                     organisations: list[str]) -> None:
            super().__init__()
            self.form, self.people, self.parents, self.organisations = form, people, parents, organisations

    class HistoryRead(Message):
        def __init__(self, reference: str, rows: list[Any]) -> None:
            super().__init__()
            self.reference, self.rows = reference, rows

    class Done(Message):
        """A change was saved; ``text`` says what."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Refused(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    # ------------------------------------------------------------ helpers

    def _current(self) -> Any:
        return self.query_one("#actions-table").cursor_item  # type: ignore[attr-defined]

    def _marks(self) -> dict[str, Any]:
        if not hasattr(self, "_marked"):
            self._marked = {}
        return self._marked

    def extra_filter(self) -> Any:
        """The filters beyond body and status (models.actions.ActionFilter), kept while the app runs."""
        return getattr(self, "_extra", None)

    def _show_marks(self) -> None:
        from models.actions import describe_filter

        marked = sorted(self._marks())
        parts = [f"filtered by {describe_filter(self.extra_filter())}"] if self.extra_filter() else []
        column, reverse = getattr(self, "_sort", (None, False))
        parts += [f"sorted by {column}{' (reversed)' if reverse else ''}"] if column else []
        parts += [f"{len(marked)} selected: {', '.join(marked)}"] if marked else []
        self.query_one("#actions-table").border_subtitle = " — ".join(parts)

    def _saved(self, text: str | None) -> None:
        if text:
            self.notify(text, title="Saved")
        self.load()  # type: ignore[attr-defined]

    # ------------------------------------------------------------ sorting

    def _sort_by(self, column: str) -> None:
        current, reverse = getattr(self, "_sort", (None, False))
        self._sort = (column, not reverse if column == current else False)
        self._show_marks()
        self.load()  # type: ignore[attr-defined]

    def action_sort_actions(self) -> None:
        current, _ = getattr(self, "_sort", (None, False))
        order = list(SORT_COLUMNS)
        self._sort_by(order[(order.index(current) + 1) % len(order)] if current in order else order[0])

    def on_virtual_table_header_selected(self, event: Any) -> None:
        event.stop()
        if event.column in SORT_COLUMNS:
            self._sort_by(event.column)

    # ------------------------------------------------------------ keys

    def action_add_action(self) -> None:
        self._prepare("add")

    def action_update_action(self) -> None:
        if self._current() is not None:
            self._prepare("update")

    def action_escalate_action(self) -> None:
        if self._current() is not None:
            self._prepare("escalate")

    def action_raise_concern(self) -> None:
        self._prepare("concern")

    def action_mark_action(self) -> None:
        row = self._current()
        if row is not None:
            if self._marks().pop(row.reference, None) is None:
                self._marks()[row.reference] = row
            self._show_marks()

    def action_bulk_update(self) -> None:
        if not self._marks():
            self.notify("Select actions with the space bar first.", title="Nothing selected")
            return
        self._prepare("bulk")

    def action_action_history(self) -> None:
        row = self._current()
        if row is not None:
            self._read_history(row.reference)

    def action_filter_actions(self) -> None:
        self._prepare("filter")

    def _filtered(self, wanted: Any) -> None:
        if wanted is None:
            return
        from models.actions import describe_filter

        self._extra = wanted if describe_filter(wanted) else None
        self._sync_filters()  # type: ignore[attr-defined]
        self._show_marks()
        self.load()  # type: ignore[attr-defined]

    def action_delete_action(self) -> None:
        row = self._current()
        if row is None:
            return
        question = f"Delete {row.reference} ({row.description})? Only an action entered in error should be deleted."
        self.app.push_screen(ConfirmDialog(question, yes="Delete (y)", no="Keep (esc)"), lambda yes: yes and self._delete(row.reference, row.version))

    # ------------------------------------------------------------ workers

    @work(thread=True, exclusive=True, group="actions-prepare")
    def _prepare(self, form: str) -> None:
        from models.actions import body_parents
        from models.roster_views import organisation_names, people_names

        try:
            with reading(self.app) as session:
                people, parents, organisations = people_names(session), body_parents(session), organisation_names(session)
        except Exception as exc:  # shown to the user as one sentence
            deliver(self, self.Refused(sentence(exc)))
            return
        deliver(self, self.Prepared(form, people, parents, organisations))

    @work(thread=True, exclusive=True, group="actions-history")
    def _read_history(self, reference: str) -> None:
        from models.history import action_history

        try:
            with reading(self.app) as session:
                rows = action_history(session, reference)
        except Exception as exc:  # shown to the user as one sentence
            deliver(self, self.Refused(sentence(exc)))
            return
        deliver(self, self.HistoryRead(reference, rows))

    @work(thread=True, exclusive=True, group="actions-delete")
    def _delete(self, reference: str, version: int) -> None:
        from models.deletes import delete_action

        try:
            with writing(self.app) as session:
                delete_action(session, reference, version)
        except Exception as exc:  # a refusal names what holds it; shown as one sentence
            deliver(self, self.Refused(sentence(exc)))
            return
        deliver(self, self.Done(f"Deleted {reference}."))

    # ------------------------------------------------------------ messages

    def on_action_tools_prepared(self, message: Prepared) -> None:
        from models.actions import ActionFilter
        from tui.forms.action import (
            AddActionForm,
            BulkUpdateForm,
            ConcernForm,
            EscalateForm,
            FilterForm,
            UpdateActionForm,
        )

        message.stop()
        today = today_of(self.app)
        row = self._current()
        if message.form == "add":
            form: Any = AddActionForm(self._bodies, message.people, today, self._body)  # type: ignore[attr-defined]
            self.app.push_screen(form, lambda ref: self._saved(ref and f"Added {ref}."))
        elif message.form == "update" and row is not None:
            form = UpdateActionForm(row, message.people, today)
            self.app.push_screen(form, lambda note: self._saved(note and f"{row.reference}: {note}"))
        elif message.form == "escalate" and row is not None:
            parent = message.parents.get(row.escalated_to or row.body)
            form = EscalateForm(row, list(message.parents), parent, today)
            self.app.push_screen(form, lambda to: self._saved(to and f"Escalated {row.reference} to {to}."))
        elif message.form == "bulk":
            rows = [self._marks()[r] for r in sorted(self._marks())]
            form = BulkUpdateForm(rows, message.people, today)
            self.app.push_screen(form, self._bulk_saved)
        elif message.form == "concern":
            form = ConcernForm(list(message.parents), message.people, today, self._body)  # type: ignore[attr-defined]
            self.app.push_screen(form, lambda ref: self._saved(ref and f"Escalated the concern as {ref}."))
        elif message.form == "filter":
            form = FilterForm(self.extra_filter() or ActionFilter(), message.people, message.organisations)
            self.app.push_screen(form, self._filtered)

    def _bulk_saved(self, count: int | None) -> None:
        if count is None:
            return
        self._marks().clear()
        self._show_marks()
        self._saved(f"Updated {count} action{'s' if count != 1 else ''}.")

    def on_action_tools_history_read(self, message: HistoryRead) -> None:
        message.stop()
        self.app.push_screen(HistoryView(f"History of {message.reference}", message.rows))

    def on_action_tools_done(self, message: Done) -> None:
        message.stop()
        self._saved(message.text)

    def on_action_tools_refused(self, message: Refused) -> None:
        message.stop()
        self.notify(message.text, title="Not done", severity="error")
