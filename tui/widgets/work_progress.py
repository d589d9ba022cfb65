"""A progress bar for long work running in a thread worker.

``reporter = strip.start("Writing the action log")`` (on the app's thread)
shows the strip and gives a ``progress(done, total)`` callable (the convention
of models.progress) that a thread worker passes to the long function; each call
posts a message, so the bar is only touched on the app's thread. ``finish()``
hides the strip again. The label and the bar are made the first time work starts,
not with the screen: most screens that have a strip never show it.
"""

from __future__ import annotations

from typing import ClassVar

from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Label, ProgressBar

from models.progress import Progress


class WorkProgress(Horizontal):
    """A label and a bar, shown only while work is running."""

    DEFAULT_CSS: ClassVar[str] = """
    WorkProgress { height: 1; display: none; padding: 0 1; background: $boost; }
    WorkProgress.-running { display: block; }
    WorkProgress > Label { width: auto; padding-right: 2; }
    """

    class Advanced(Message):
        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done, self.total = done, total

    def start(self, label: str) -> Progress:
        """Show ``label`` and an empty bar; return the thread-safe ``progress(done, total)``."""
        if not self.children:  # the first time
            self.mount(Label(label, id="work-label"), ProgressBar(total=None, id="work-bar", show_eta=False))
        else:
            self.query_one("#work-label", Label).update(label)
            self.query_one("#work-bar", ProgressBar).update(total=None, progress=0)
        self.add_class("-running")

        def progress(done: int, total: int) -> None:
            self.post_message(self.Advanced(done, total))

        return progress

    def finish(self) -> None:
        self.remove_class("-running")

    def on_work_progress_advanced(self, message: Advanced) -> None:
        message.stop()
        self.query_one("#work-bar", ProgressBar).update(total=message.total, progress=message.done)
