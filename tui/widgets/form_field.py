"""A labelled form field with its validation message underneath."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea


class FormField(Vertical):
    """``label`` over ``control``, with a one-sentence error shown below when set.

    ``key`` names the field in the values a form saves and in the errors it
    gets back (``models.records.RecordErrors.errors``).
    """

    DEFAULT_CSS = """
    FormField {
        height: auto;
        margin-bottom: 1;
    }
    FormField > .form-field--label {
        color: $text-muted;
        padding: 0 1;
    }
    FormField > .form-field--hint {
        color: $text-muted;
        text-style: italic;
        padding: 0 1;
    }
    FormField > .form-field--error {
        display: none;
        color: $text-error;
        text-style: bold;
        padding: 0 1;
    }
    FormField.-invalid > .form-field--error {
        display: block;
    }
    FormField.-invalid > Input, FormField.-invalid > TextArea, FormField.-invalid > Select {
        border: tall $error;
    }
    """

    def __init__(self, key: str, label: str, control: Widget, *, hint: str = "") -> None:
        super().__init__(id=f"field-{key.replace('.', '-')}")
        self.key = key
        self.label = label
        self.control = control
        self.hint = hint

    def compose(self) -> ComposeResult:
        yield Label(self.label, classes="form-field--label")
        yield self.control
        if self.hint:
            yield Static(self.hint, classes="form-field--hint")
        yield Static("", classes="form-field--error")

    @property
    def value(self) -> Any:
        """What the control holds: text, a chosen value (None when blank), or a tick."""
        control = self.control
        if isinstance(control, Input):
            return control.value
        if isinstance(control, TextArea):
            return control.text
        if isinstance(control, Select):
            return None if control.value is Select.NULL else control.value
        if isinstance(control, Checkbox):
            return control.value
        raise TypeError(f"{type(control).__name__} is not a form control.")

    @property
    def error(self) -> str:
        return str(self.query_one(".form-field--error", Static).content) if self.has_class("-invalid") else ""

    def show_error(self, message: str | None) -> None:
        """Show ``message`` under the field, or clear it with None."""
        self.query_one(".form-field--error", Static).update(message or "")
        self.set_class(bool(message), "-invalid")
