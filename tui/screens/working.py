"""A small dialog with a progress bar, over whatever screen is showing, while the app
does long work that belongs to no one screen (the calendar feed from the palette).

``dialog = WorkingDialog("Writing the calendar feed")``; push it; give
``dialog.progress`` (models.progress's ``progress(done, total)``, safe to call from
a thread worker) to the long function; ``dialog.close()`` when the worker reports.
Escape hides the dialog; the work goes on and still reports when it ends.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.widgets.work_progress import WorkProgress


class WorkingDialog(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "hide", "Hide", id="working.hide",
                tooltip="Hide this dialog; the work goes on and says when it is done"),
    ]

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label
        self._pending: list[tuple[int, int]] = []
        self._reporter = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.label, id="working-label")
            yield WorkProgress(id="working-progress")
            yield Static("Escape hides this; you are told when it is done.", classes="hint")

    def on_mount(self) -> None:
        self._reporter = self.query_one(WorkProgress).start("")
        for done, total in self._pending:
            self._reporter(done, total)

    def progress(self, done: int, total: int) -> None:
        """``progress(done, total)`` for a worker: safe to call from any thread."""
        if self._reporter is None:  # before the dialog is mounted
            self._pending[:] = [(done, total)]
        else:
            self._reporter(done, total)

    def action_hide(self) -> None:
        self.close()

    def close(self) -> None:
        if self.is_attached and self.app.screen is self:
            self.dismiss(None)
