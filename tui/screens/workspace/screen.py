"""The meeting workspace: a header (body, date, time, place, chair, status,
live quorum) over four tabs, Agenda, Attendance, Minutes and Actions, on keys 1–4.

Every change runs a ``models.meetings`` function in a save worker (one
transaction) and the workspace is read again; only message handlers touch
widgets. A change the models want confirmed (a weekend date, amending
approved minutes) is asked about, then made with ``confirmed=True``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static, TabbedContent, TabPane

from models.db import DatabaseError
from models.editing import EditError, StaleEdit
from models.formats import day_label, short_date
from models.meetings import NeedsConfirmation
from models.meetings.record import Workspace, workspace
from models.queries import NotFound
from models.records import RecordErrors
from models.text import visible
from tui.data import deliver, reading, sentence, today_of, writing
from tui.screens.export_form import ConfirmDialog
from tui.screens.workspace.actions_tab import ActionsTab
from tui.screens.workspace.agenda_tab import AgendaTab
from tui.screens.workspace.attendance_tab import AttendanceTab
from tui.screens.workspace.minutes_tab import MinutesTab
from tui.widgets.key_footer import KeyFooter

TABS = ("agenda", "attendance", "minutes", "actions")


def quorum_words(quorum: dict | None) -> Text:
    if quorum is None:
        return Text("quorum: attendance not recorded", style="dim")
    if quorum["met"]:
        return Text("quorum: met", style="bold green")
    missing = ", ".join(visible(m) for m in quorum["missing"])
    return Text(f"quorum: NOT MET — {missing} not represented" if missing else "quorum: NOT MET", style="bold red")


def header_text(ws: Workspace) -> Text:
    """Two lines: what and when and where; then chair, status, agenda, minutes and quorum."""
    from datetime import date

    r = ws.record
    day = date.fromisoformat(r["date"])
    text = Text()
    text.append(visible(r["body"]), style="bold")
    text.append(f" — {day_label(day)} {r['start'][11:]}–{r['end'][11:]}")
    text.append(f" · {visible(r['location'] or 'no location')}")
    if r.get("title"):
        text.append(f" · {visible(r['title'])}", style="italic")
    agenda = {"draft": "agenda draft", "issued": f"agenda issued {r.get('agenda_issued_on') or ''}".strip(),
              "revised": "agenda REVISED since issue"}[r["agenda_status"]]
    minutes = {"none": "no minutes yet", "draft": "minutes draft",
               "approved": f"minutes approved {r['minutes_approved_on']}"}[r["minutes_status"]]
    text.append(f"\nChair: {visible(r['chair'] or 'nobody in the chair')} · {r['status']} · {agenda} · {minutes} · ")
    text.append_text(quorum_words(r["quorum"]))
    return text


class WorkspaceScreen(Screen[None]):
    """One meeting, worked on with the keyboard."""

    SUB_TITLE = "Meeting workspace"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "tab('agenda')", "Agenda", id="workspace.agenda", tooltip="Show the agenda tab"),
        Binding("2", "tab('attendance')", "Attendance", id="workspace.attendance", tooltip="Show the attendance tab"),
        Binding("3", "tab('minutes')", "Minutes", id="workspace.minutes", tooltip="Show the minutes tab"),
        Binding("4", "tab('actions')", "Actions", id="workspace.actions", tooltip="Show the actions tab"),
        Binding("H", "held", "Mark meeting held", id="workspace.held",
                tooltip="Record the meeting as held (once attendance is recorded)"),
        Binding("A", "approve_last", "Approve last minutes", id="workspace.approve",
                tooltip="Approve the minutes of the body's previous meeting at this one"),
        Binding("G", "export_agenda", "Export agenda", id="workspace.export_agenda",
                tooltip="Write the agenda (.docx), full or public"),
        Binding("M", "export_minutes", "Export minutes", id="workspace.export_minutes",
                tooltip="Write the minutes (.docx): full, or public without exempt items"),
        Binding("I", "export_invite", "Export invite", id="workspace.export_invite",
                tooltip="Write the calendar invite (.ics) for this meeting"),
        Binding("escape", "back", "Back to meetings", id="workspace.back", tooltip="Return to the Meetings list"),
    ]

    class Loaded(Message):
        def __init__(self, data: Workspace) -> None:
            super().__init__()
            self.data = data

    class Failed(Message):
        def __init__(self, text: str, title: str = "Nothing was changed") -> None:
            super().__init__()
            self.text = text
            self.title = title

    class Saved(Message):
        def __init__(self, summary: str) -> None:
            super().__init__()
            self.summary = summary

    class Confirm(Message):
        """The models asked for confirmation; ``retry`` makes the change with confirmed=True."""

        def __init__(self, question: str, retry: Callable[[], None]) -> None:
            super().__init__()
            self.question = question
            self.retry = retry

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.data: Workspace | None = None
        self.data_ready = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Reading the meeting…", id="workspace-header")
        with TabbedContent(id="workspace-tabs"):
            with TabPane("1 Agenda", id="agenda"):
                yield AgendaTab()
            with TabPane("2 Attendance", id="attendance"):
                yield AttendanceTab()
            with TabPane("3 Minutes", id="minutes"):
                yield MinutesTab()
            with TabPane("4 Actions", id="actions"):
                yield ActionsTab()
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        if self.data is not None:
            self.load()

    # ------------------------------------------------------------ reading

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        try:
            with reading(self.app) as session:
                data = workspace(session, self.meeting_id, today=today_of(self.app))
        except (NotFound, DatabaseError) as exc:
            deliver(self, self.Failed(sentence(exc), "Could not read the meeting"))
            return
        deliver(self, self.Loaded(data))

    def on_workspace_screen_loaded(self, message: Loaded) -> None:
        message.stop()
        self.data = message.data
        self.query_one("#workspace-header", Static).update(header_text(message.data))
        for tab in (AgendaTab, AttendanceTab, MinutesTab, ActionsTab):
            self.query_one(tab).show(message.data)
        if not self.data_ready:
            self.action_tab(self.query_one(TabbedContent).active or "agenda")
        self.data_ready = True

    def on_workspace_screen_failed(self, message: Failed) -> None:
        message.stop()
        self.notify(message.text, title=message.title, severity="error", timeout=10)

    def on_workspace_screen_saved(self, message: Saved) -> None:
        message.stop()
        if message.summary:
            self.notify(message.summary, timeout=6)
        self.load()

    def on_workspace_screen_confirm(self, message: Confirm) -> None:
        message.stop()
        self.app.push_screen(ConfirmDialog(message.question, yes="Go ahead"), lambda yes: yes and message.retry())

    # ------------------------------------------------------------ writing

    def change(self, summary: str | Callable[[Any], str], func: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """Run ``func(session, *args, **kwargs)`` in one transaction, then read the meeting again."""
        self._change(summary, func, args, kwargs)

    @work(thread=True, exclusive=True, group="save")
    def _change(self, summary: str | Callable[[Any], str], func: Callable[..., Any], args: tuple, kwargs: dict) -> None:
        try:
            with writing(self.app) as session:
                result = func(session, *args, **kwargs)
        except NeedsConfirmation as exc:
            deliver(self, self.Confirm(" ".join(exc.warnings),
                                       partial(self.change, summary, func, *args, **{**kwargs, "confirmed": True})))
            return
        except RecordErrors as exc:
            deliver(self, self.Failed(" ".join(exc.errors.values())))
            return
        except (EditError, StaleEdit, NotFound, ValueError, DatabaseError) as exc:
            deliver(self, self.Failed(sentence(exc)))
            return
        deliver(self, self.Saved(summary(result) if callable(summary) else summary))

    # ------------------------------------------------------------ keys

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        pane = self.query_one(f"#{tab}", TabPane)
        # Focus once the pane is shown: a hidden widget cannot take focus.
        self.call_after_refresh(pane.query_one(".workspace-tab").focus_main)  # type: ignore[attr-defined]

    def action_back(self) -> None:
        self.query_one(MinutesTab).flush_on_leave()
        self.dismiss(None)

    def action_held(self) -> None:
        from models.meetings.minutes import mark_held

        self.change("The meeting is recorded as held; its minutes are now a draft.", mark_held, self.meeting_id,
                    today_of(self.app))

    def action_approve_last(self) -> None:
        if self.data is None or self.data.awaiting_approval is None:
            self.notify("The body's previous meeting has no minutes awaiting approval.", severity="warning")
            return
        from models.meetings.minutes import approve_minutes

        previous = self.data.awaiting_approval
        question = (f"Record that this meeting approved the minutes of the meeting on {previous['date']} "
                    "as a correct record? The resolution is added under \"Minutes of the last meeting\".")
        self.app.push_screen(ConfirmDialog(question, yes="Approve"), lambda yes: yes and self.change(
            lambda day: f"The minutes of {previous['date']} are approved as of {short_date(day)}.",
            approve_minutes, previous["id"]))

    def action_export_agenda(self) -> None:
        self._export("agenda")

    def action_export_minutes(self) -> None:
        self._export("minutes")

    def action_export_invite(self) -> None:
        self._export("invite")

    def _export(self, kind: str) -> None:
        from tui.screens.workspace.exports import ask_and_export

        ask_and_export(self, kind, Path.cwd())
