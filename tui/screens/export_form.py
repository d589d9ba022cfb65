"""A small form that asks where to write an export; it writes nothing itself.

The form returns an :class:`ExportRequest` through ``dismiss()`` (or None
when the user cancels); the screen that opened it writes the file in a
worker with the exporters.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static


@dataclass(frozen=True)
class ExportRequest:
    """Where to write, and whether the public version was asked for."""

    path: Path
    public: bool = False


def check_path(text: str, suffixes: tuple[str, ...]) -> str | None:
    """The problem with a typed output path, as one sentence, or None if it looks right."""
    text = text.strip()
    if not text:
        return "Give a file name to write to."
    path = Path(text).expanduser()
    if suffixes and path.suffix.lower() not in suffixes:
        return f"The file name should end in {' or '.join(suffixes)}."
    folder = path.parent
    if not folder.is_dir():
        return f"The folder {str(folder)!r} does not exist."
    if path.is_dir():
        return f"{text!r} is a folder; give a file name."
    return None


class ExportForm(ModalScreen["ExportRequest | None"]):
    """Asks for the output path (and optionally the public version)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel", tooltip="Close the form without writing anything"),
    ]

    def __init__(self, title: str, path: Path | str, *, suffixes: tuple[str, ...], note: str = "",
                 offer_public: bool = False, public: bool = False) -> None:
        super().__init__()
        self._title = title
        self._path = str(path)
        self._suffixes = suffixes
        self._note = note
        self._offer_public = offer_public
        self._public = public

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Label(self._title, classes="section-title")
            if self._note:
                yield Static(self._note, id="export-note")
            yield Label("Save as", classes="field-label")
            yield Input(self._path, id="export-path")
            yield Static("", id="export-error", classes="field-error")
            if self._offer_public:
                yield Checkbox("Public version (leave out exempt Part II items)", self._public, id="export-public")
            with Horizontal(id="export-buttons"):
                yield Button("Export", id="export-ok", variant="primary")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        self.query_one("#export-error").display = False
        path_input = self.query_one("#export-path", Input)
        path_input.focus()
        path_input.cursor_position = len(path_input.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#export-error").display = False

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export-ok":
            self._submit()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _submit(self) -> None:
        text = self.query_one("#export-path", Input).value
        problem = check_path(text, self._suffixes)
        if problem:
            error = self.query_one("#export-error", Static)
            error.update(problem)
            error.display = True
            return
        public = self.query_one("#export-public", Checkbox).value if self._offer_public else False
        self.dismiss(ExportRequest(path=Path(text.strip()).expanduser(), public=public))


class ConfirmDialog(ModalScreen[bool]):
    """Asks a yes/no question; dismisses with True only when the user confirms."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer(False)", "Keep", id="confirm.no", tooltip="Close without changing anything"),
        Binding("y", "answer(True)", "Yes", id="confirm.yes", tooltip="Go ahead"),
    ]

    def __init__(self, question: str, *, yes: str, no: str = "Keep it") -> None:
        super().__init__()
        self._question = question
        self._yes = yes
        self._no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(self._question, id="confirm-text")
            with Horizontal(id="confirm-buttons"):
                yield Button(self._yes, id="confirm-yes", variant="error")
                yield Button(self._no, id="confirm-no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
