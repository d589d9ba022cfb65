"""Asking before typed changes are thrown away."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class ConfirmDiscard(ModalScreen[bool]):
    """Returns True to discard the changes, False to keep editing."""


    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "keep", "Keep editing", id="discard.keep", tooltip="Go back to the form with your changes"),
        Binding("y", "discard", "Discard", id="discard.yes", tooltip="Close the form and lose the changes"),
        Binding("n", "keep", "Keep", id="discard.no", tooltip="Go back to the form with your changes"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="discard-box", classes="dialog"):
            yield Label("You have changes that are not saved. Discard them?", id="discard-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Discard (y)", id="discard-yes", variant="error")
                yield Button("Keep editing (n)", id="discard-no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#discard-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "discard-yes")

    def action_discard(self) -> None:
        self.dismiss(True)

    def action_keep(self) -> None:
        self.dismiss(False)
