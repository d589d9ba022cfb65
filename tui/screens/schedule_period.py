"""Creating the meetings that the cadences call for over a period, with progress and a summary."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, Static

from models.db import DatabaseError
from models.meetings.listing import schedule_period, schedule_summary
from models.queries import NotFound
from models.rules.vocab import VocabError, parse_date
from tui.data import deliver, sentence, today_of, writing


class SchedulePeriodScreen(ModalScreen["str | None"]):
    """Asks for the period, creates the meetings in a worker, shows what was created; dismisses with the summary."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "run", "Create meetings", id="schedule.run",
                tooltip="Create the meetings the cadences call for in the period"),
        Binding("escape", "close", "Close", id="schedule.close", tooltip="Close (meetings already created stay)"),
    ]

    class Progress(Message):
        def __init__(self, done: int, total: int, body: str) -> None:
            super().__init__()
            self.done, self.total, self.body = done, total, body

    class Done(Message):
        def __init__(self, summary: str, failed: bool = False) -> None:
            super().__init__()
            self.summary, self.failed = summary, failed

    def __init__(self) -> None:
        super().__init__()
        self._summary: str | None = None
        self._busy = False

    def compose(self) -> ComposeResult:
        today = today_of(self.app)
        with Vertical(classes="form-box dialog"):
            yield Label("Schedule meetings for a period", classes="form-heading")
            yield Static("Creates the meetings each body's cadence calls for, as `convenor schedule` does; "
                         "meetings already there (or moved or cancelled by hand) are left alone.", classes="form-intro")
            yield Label("From (YYYY-MM-DD)")
            yield Input(today.isoformat(), id="schedule-from")
            yield Label("To (YYYY-MM-DD)")
            yield Input(date(today.year, 12, 31).isoformat(), id="schedule-to")
            yield ProgressBar(id="schedule-progress", show_eta=False)
            yield Static("", id="form-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Create (ctrl+s)", id="schedule-run", variant="primary")
                yield Button("Close (esc)", id="schedule-close")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_run() if event.button.id == "schedule-run" else self.action_close()

    def action_run(self) -> None:
        if self._busy:
            return
        try:
            start = parse_date(self.query_one("#schedule-from", Input).value.strip())
            end = parse_date(self.query_one("#schedule-to", Input).value.strip())
        except VocabError as exc:
            self.query_one("#form-message", Static).update(sentence(exc))
            return
        self._busy = True
        self.query_one("#form-message", Static).update("Creating meetings…")
        self.create(start, end)

    @work(thread=True, exclusive=True, group="schedule")
    def create(self, start: date, end: date) -> None:
        try:
            with writing(self.app) as session:
                results = schedule_period(session, start, end,
                                          lambda done, total, body: self.post_message(self.Progress(done, total, body)))
        except (ValueError, NotFound, DatabaseError) as exc:
            deliver(self, self.Done(f"Nothing was created: {sentence(exc)}", failed=True))
            return
        deliver(self, self.Done(schedule_summary(results)))

    def on_schedule_period_screen_progress(self, message: Progress) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=message.total, progress=message.done)
        self.query_one("#form-message", Static).update(f"{message.body} ({message.done} of {message.total})")

    def on_schedule_period_screen_done(self, message: Done) -> None:
        self._busy = False
        self._summary = None if message.failed else message.summary
        self.query_one("#form-message", Static).update(message.summary)

    def action_close(self) -> None:
        if not self._busy:
            self.dismiss(self._summary)
