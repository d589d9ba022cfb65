"""What every record form shares: fields with their errors, saving in a worker, asking before discarding.

A form subclass lists its fields in :meth:`RecordForm.fields` (each a
:class:`~tui.widgets.form_field.FormField`) and saves in :meth:`submit`,
which runs in a thread worker and calls a ``models.records`` function. The
worker posts :class:`RecordForm.Saved`, :class:`RecordForm.Refused` (errors
by field) or :class:`RecordForm.Failed` (one sentence, e.g. someone else
saved first); only the handlers touch widgets. What the user typed is never
cleared by a refused save.

While a save runs the form shows "Saving…" (the ``-saving`` class) and
ignores further saves (ctrl+s or the button), so one form never starts two
transactions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Generic, TypeVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from models.db import DatabaseError, database_errors
from models.editing import StaleEdit
from models.records import RecordErrors
from models.text import visible
from tui.data import Notice, deliver, sentence
from tui.forms.confirm import ConfirmDiscard
from tui.widgets.form_field import FormField

T = TypeVar("T")


class RecordForm(ModalScreen[T], Generic[T]):
    """A modal form that dismisses with what it saved (or None when cancelled)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="form.save", tooltip="Check and save the form in one transaction"),
        Binding("escape", "cancel", "Cancel", id="form.cancel",
                tooltip="Close the form (asks first when something was changed)"),
    ]
    heading = "Edit"

    class Saved(Message):
        """The save was committed; ``result`` is what the form dismisses with."""

        def __init__(self, result: Any) -> None:
            super().__init__()
            self.result = result

    class Refused(Message):
        """The values were refused; ``errors`` maps field key to one sentence."""

        def __init__(self, errors: Mapping[str, str]) -> None:
            super().__init__()
            self.errors = dict(errors)

    class Failed(Notice):
        """The save could not be made (a newer version, a database problem)."""

    def __init__(self) -> None:
        super().__init__()
        self._initial: dict[str, Any] = {}
        self.saving = False  # True from the first save until its answer arrives

    # ------------------------------------------------------------ to override

    def fields(self) -> Iterable[FormField]:
        """The form's fields, in order."""
        raise NotImplementedError

    def submit(self, values: dict[str, Any]) -> Any:
        """Save ``values`` (runs in a worker thread); return what the form dismisses with."""
        raise NotImplementedError

    def intro(self) -> str:
        """A line under the heading (e.g. what is being ended)."""
        return ""

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box dialog"):
            yield Label(visible(self.heading), classes="form-heading")  # headings name stored records
            if self.intro():
                yield Static(visible(self.intro()), classes="form-intro")
            with VerticalScroll(classes="form-fields"):
                yield from self.fields()
            yield Static("", id="form-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="form-save", variant="primary")
                yield Button("Cancel (esc)", id="form-cancel")

    def on_mount(self) -> None:
        self._initial = self.values()
        first = self.query(FormField).first().control
        first.focus()

    def values(self) -> dict[str, Any]:
        return {f.key: f.value for f in self.query(FormField)}

    @property
    def changed(self) -> bool:
        """True when something differs from what the form opened with."""
        return self.values() != self._initial

    # ------------------------------------------------------------ saving

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "form-save":
            self.action_save()
        elif event.button.id == "form-cancel":
            self.action_cancel()

    def action_save(self) -> None:
        """Check and save in a worker; a second save while one runs is ignored."""
        if self.saving:
            return
        self._show_saving(True)
        message = self.query_one("#form-message", Static)
        message.update("Saving…")
        message.set_class(False, "-error")
        self._save(self.values())

    def _show_saving(self, saving: bool) -> None:
        self.saving = saving
        self.set_class(saving, "-saving")
        self.query_one("#form-save", Button).disabled = saving

    @work(thread=True, exclusive=True, group="save")
    def _save(self, values: dict[str, Any]) -> None:
        try:
            with database_errors():
                result = self.submit(values)
        except RecordErrors as err:
            deliver(self, self.Refused(err.errors))
        except (StaleEdit, DatabaseError) as err:
            deliver(self, self.Failed(sentence(err)))
        else:
            deliver(self, self.Saved(result))

    def on_record_form_saved(self, message: Saved) -> None:
        self.dismiss(message.result)

    def on_record_form_refused(self, message: Refused) -> None:
        self._show_saving(False)
        unplaced = []
        fields = {f.key: f for f in self.query(FormField)}
        for key, field in fields.items():
            error = message.errors.get(key)
            field.show_error(visible(error) if error else None)  # errors may quote what was typed
        for key, text in message.errors.items():
            if key not in fields:
                unplaced.append(visible(text))
        count = len(message.errors)
        summary = f"Not saved: {'one problem' if count == 1 else f'{count} problems'} to put right."
        self.query_one("#form-message", Static).update(" ".join([summary, *unplaced]))
        self.query_one("#form-message").set_class(True, "-error")
        invalid = [f for f in fields.values() if f.error]
        if invalid:
            invalid[0].control.focus()

    def on_record_form_failed(self, message: Failed) -> None:
        self._show_saving(False)
        self.query_one("#form-message", Static).update(message.text)
        self.query_one("#form-message").set_class(True, "-error")

    # ------------------------------------------------------------ leaving

    def action_cancel(self) -> None:
        if self.saving:
            return  # the save under way decides: the form closes when it is committed
        if not self.changed:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDiscard(), answered)
