"""The Meetings area: every meeting, one selected with its agenda and attendance.

Keys on the selected meeting: `i` export its invite (.ics; a cancellation
for a cancelled meeting), `c` cancel it, `g` agenda and `x` minutes (.docx,
with a public version that leaves out exempt items), Delete delete it (a
planned meeting nobody was invited to) and `h` its history.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Header, Static
from textual.widgets.data_table import RowDoesNotExist

from models.db import DatabaseError
from models.editing import EditError, cancel_meeting
from models.formats import clock, day_label
from models.listings import meeting_rows
from models.meeting_views import meeting_view
from models.queries import NotFound, partnership_info
from models.text import visible
from models.views import MeetingView
from tui.widgets.measured_table import MeasuredTable
from tui.data import Notice, deliver, reading, sentence, today_of, writing
from tui.screens import meetings_tools
from tui.screens.meeting_records import MeetingRecordTools
from tui.screens.export_form import ConfirmDialog, ExportForm, ExportRequest
from tui.widgets.key_footer import KeyFooter
from tui.widgets.meeting_detail import describe_attendance, describe_meeting, status_word

COLUMNS = (("Date", 16), ("Body", 40), ("Time", 11), ("Status", 9), ("Chair", 18), ("Location", 30))


class MeetingsScreen(MeetingRecordTools):
    """All meetings in date order with the selected one's detail beside them."""

    SUB_TITLE = "Meetings"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("i", "invite", "Export invite", id="meetings.invite",
                tooltip="Export the calendar invite (.ics) for the selected meeting"),
        Binding("c", "cancel_meeting", "Cancel meeting", id="meetings.cancel",
                tooltip="Record the selected meeting as cancelled (asks first)"),
        Binding("g", "agenda", "Export agenda", id="meetings.agenda",
                tooltip="Export the agenda (.docx), with a public version that leaves out exempt items"),
        Binding("x", "minutes", "Export minutes", id="meetings.minutes",
                tooltip="Export the minutes (.docx), with a public version that leaves out exempt items"),
        Binding("f5", "refresh", "Refresh", id="meetings.refresh", tooltip="Read the meetings again"),
        Binding("enter", "open_workspace", "Open workspace", id="meetings.workspace",
                tooltip="Open the highlighted meeting's workspace: agenda, attendance, minutes, actions"),
        Binding("n", "new_meeting", "New one-off meeting", id="meetings.new",
                tooltip="Create an extraordinary meeting of a body"),
        Binding("t", "reschedule", "Reschedule meeting", id="meetings.reschedule",
                tooltip="Move the selected meeting (date, times, place); offers the updated invite"),
        Binding("S", "schedule_period", "Schedule a period", id="meetings.schedule",
                tooltip="Create the meetings the cadences call for over a period"),
        Binding("f", "filter", "Filter meetings", id="meetings.filter", tooltip="Show one body, period or status"),
    ]

    class RowsLoaded(Message):
        """Every meeting's row was read (plain dicts, as `convenor meetings --json` without quorum)."""

        def __init__(self, rows: list[dict[str, Any]]) -> None:
            super().__init__()
            self.rows = rows

    class DetailLoaded(Message):
        """One meeting's agenda, attendance and invitees were read."""

        def __init__(self, view: MeetingView) -> None:
            super().__init__()
            self.view = view

    class Failed(Notice):
        """Reading or writing failed."""

    class Saved(Notice):
        """A change or an export was made; ``changed``: the list must be read again."""

        def __init__(self, text: str, title: str, *, changed: bool = False) -> None:
            super().__init__(text, title)
            self.changed = changed

    def __init__(self) -> None:
        super().__init__()
        self._pending: int | None = None
        self._view: MeetingView | None = None
        self._rows: dict[int, dict[str, Any]] = {}
        self.data_ready = False  # True once the list and the selected meeting are on screen
        from models.meetings.listing import MeetingFilter

        self.meeting_filter = MeetingFilter()
        self.all_rows: list[dict[str, Any]] = []  # before filtering
        self._scroll_to_selected = False

    def compose(self) -> ComposeResult:
        yield Header()
        table: DataTable[Any] = MeasuredTable(id="meetings-table", cursor_type="row", zebra_stripes=True)
        for label, width in COLUMNS:
            table.add_column(label, width=width, key=label.lower())
        yield table
        with Horizontal(id="meeting-detail"):
            with VerticalScroll(id="meeting-detail-left"):
                yield Static("Reading the meetings…", id="meeting-detail-text")
            with VerticalScroll(id="meeting-detail-right"):
                yield Static("", id="meeting-attendance-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#meetings-table").focus()

    def on_screen_resume(self) -> None:
        self.load()

    def action_refresh(self) -> None:
        self.load()

    # ------------------------------------------------------------ reading

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        """Read every meeting (date, body, time, status, chair, location)."""
        try:
            with reading(self.app) as session:
                rows = meeting_rows(session, quorum=False)
        except DatabaseError as exc:
            deliver(self, self.Failed(sentence(exc), "Could not read the meetings"))
            return
        deliver(self, self.RowsLoaded(rows))

    @work(thread=True, exclusive=True, group="detail")
    def load_detail(self, meeting_id: int) -> None:
        """Read one meeting's agenda, attendance and invitees."""
        try:
            with reading(self.app) as session:
                view = meeting_view(session, meeting_id, today=today_of(self.app))
        except (NotFound, DatabaseError) as exc:
            deliver(self, self.Failed(sentence(exc), "Could not read the meeting"))
            return
        deliver(self, self.DetailLoaded(view))

    def on_meetings_screen_rows_loaded(self, message: RowsLoaded) -> None:
        from models.meetings.listing import filter_rows

        self.all_rows = message.rows
        self._show_rows(filter_rows(message.rows, self.meeting_filter))

    def on_meetings_screen_detail_loaded(self, message: DetailLoaded) -> None:
        view = message.view
        if view.id == self.selected_id:
            self._view = view
            self.data_ready = True
            if self._scroll_to_selected:
                self._scroll_to_selected = False
                self._scroll_selected_to_top()
            self.query_one("#meeting-detail-text", Static).update(describe_meeting(view))
            self.query_one("#meeting-attendance-text", Static).update(describe_attendance(view))

    def on_meetings_screen_failed(self, message: Failed) -> None:
        self.notify(message.text, title=message.title, severity="error")

    def _cells(self, r: dict[str, Any]) -> list[Any]:
        status = status_word(r["status"])
        return [day_label(date.fromisoformat(r["date"])), visible(r["body"]), f'{r["start"][11:]}–{r["end"][11:]}',
                Text(status, style="bold") if r["status"] == "cancelled" else status,
                visible(r["chair"]) if r["chair"] else "—", visible(r["location"] or "")]

    def _show_rows(self, rows: list[dict[str, Any]]) -> None:
        """Show ``rows``: changed cells only when the same meetings are listed, else the whole table."""
        table = self.query_one("#meetings-table", DataTable)
        keep = self._pending or self.selected_id
        self._pending = None
        previous = self._rows
        self._rows = {r["id"]: r for r in rows}
        same_meetings = list(previous) == [r["id"] for r in rows] and table.row_count == len(rows)
        with self.app.batch_update():
            if same_meetings:
                for r in rows:
                    if previous[r["id"]] != r:
                        for (label, _), value in zip(COLUMNS, self._cells(r)):
                            table.update_cell(str(r["id"]), label.lower(), value)
            else:
                table.clear()
                for r in rows:
                    table.add_row(*self._cells(r), key=str(r["id"]))
        if same_meetings and keep == self.selected_id and keep in self._rows:
            if previous.get(keep) != self._rows[keep] or self._view is None:
                self.load_detail(keep)
            return
        if not rows:
            self.data_ready = True
            self.query_one("#meeting-detail-text", Static).update("No meetings yet. Schedule them from the command line "
                                                                  "(convenor schedule) or load an arrangements file.")
            return
        if keep is None or keep not in self._rows:
            today = today_of(self.app).isoformat()
            keep = next((r["id"] for r in rows if r["date"] >= today), rows[-1]["id"])
        self._move_to(keep)

    def _scroll_selected_to_top(self, tries: int = 20) -> None:
        """Show the selected meeting near the top, with the ones after it below."""
        table = self.query_one("#meetings-table", DataTable)
        target = max(0, table.cursor_row - 3)
        if table.max_scroll_y < target and tries:
            table.call_after_refresh(self._scroll_selected_to_top, tries - 1)  # not laid out yet, or near the end
            return
        table.scroll_to(y=target, animate=False, immediate=True, force=True)

    def _move_to(self, meeting_id: int) -> None:
        table = self.query_one("#meetings-table", DataTable)
        try:
            row = table.get_row_index(str(meeting_id))
        except RowDoesNotExist:
            self.notify(f"There is no meeting with id {meeting_id}.", severity="warning")
            return
        table.move_cursor(row=row, scroll=True)
        self._scroll_to_selected = True  # done when its detail arrives and the table has its full height
        self.load_detail(meeting_id)

    def select_meeting(self, meeting_id: int) -> None:
        """Select the meeting ``meeting_id`` (now, or as soon as the list is read)."""
        if meeting_id in self._rows:
            self._move_to(meeting_id)
        self._pending = meeting_id

    @property
    def selected_id(self) -> int | None:
        """The id of the meeting under the cursor, if any."""
        table = self.query_one("#meetings-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(key.value) if key.value is not None else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.row_key.value is None:
            return
        meeting_id = int(event.row_key.value)
        if self._view is None or self._view.id != meeting_id:
            self.query_one("#meeting-detail-text", Static).update("Reading the meeting…")
        self.load_detail(meeting_id)

    # ------------------------------------------------------------ keys

    def _selected_view(self) -> MeetingView | None:
        if self._view is not None and self._view.id == self.selected_id:
            return self._view
        self.notify("Select a meeting first (its detail is still being read).", severity="warning")
        return None

    def selected_view_quietly(self) -> MeetingView | None:
        return self._view if self._view is not None and self._view.id == self.selected_id else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_workspace()

    def action_open_workspace(self) -> None:
        meetings_tools.open_workspace(self, self.selected_id)

    def action_new_meeting(self) -> None:
        meetings_tools.new_meeting(self)

    def action_reschedule(self) -> None:
        meetings_tools.reschedule(self)

    def action_schedule_period(self) -> None:
        meetings_tools.schedule_period(self)

    def action_filter(self) -> None:
        meetings_tools.filter_meetings(self)

    def action_invite(self) -> None:
        view = self._selected_view()
        if view is None:
            return
        from exporters.ics import invite_filename

        cancel = view.status == "cancelled"
        note = ("This meeting is cancelled: the file is a cancellation (METHOD:CANCEL) that removes it from calendars."
                if cancel else "An invitation (METHOD:REQUEST) for every member expected on the date.")
        form = ExportForm(f"Invite: {visible(view.body)}, {day_label(view.date)}", Path.cwd() / invite_filename(view),
                          suffixes=(".ics",), note=note)
        self.app.push_screen(form, lambda request: request and self.write_invite(view.id, request))

    def action_agenda(self) -> None:
        self._document("agenda")

    def action_minutes(self) -> None:
        self._document("minutes")

    def _document(self, kind: str) -> None:
        view = self._selected_view()
        if view is None:
            return
        from exporters.ics import invite_filename

        name = invite_filename(view).removesuffix(".ics") + f" {kind}.docx"
        form = ExportForm(f"{kind.capitalize()}: {visible(view.body)}, {day_label(view.date)}", Path.cwd() / name,
                          suffixes=(".docx",), offer_public=True,
                          note="The public version leaves out exempt (Part II) items and says so in their place.")
        self.app.push_screen(form, lambda request: request and self.write_document(kind, view.id, request))

    def action_cancel_meeting(self) -> None:
        view = self._selected_view()
        if view is None:
            return
        if view.status == "cancelled":
            self.notify("This meeting is already cancelled; press i to export the cancellation.")
            return
        question = (f"Cancel the {visible(view.body)} meeting on {day_label(view.date)} at {clock(view.start)}?\n\n"
                    "It stays in the list marked CANCELLED; its invite sequence rises so the cancellation "
                    "you then send (i) removes it from members' calendars.")
        self.app.push_screen(ConfirmDialog(question, yes="Cancel the meeting"),
                             lambda yes: yes and self.cancel(view.id))

    # ------------------------------------------------------------ writing

    @work(thread=True, exclusive=True, group="save")
    def cancel(self, meeting_id: int) -> None:
        """Record the meeting as cancelled, in one transaction."""
        try:
            with writing(self.app) as session:
                changed = cancel_meeting(session, meeting_id)
        except (NotFound, EditError, DatabaseError) as exc:
            deliver(self, self.Failed(sentence(exc), "The meeting was not cancelled"))
            return
        summary = ("The meeting is now cancelled; export its invite next to send the cancellation to calendars."
                   if changed else "The meeting was already cancelled.")
        deliver(self, self.Saved(summary, "Saved", changed=True))

    @work(thread=True, exclusive=True, group="export")
    def write_invite(self, meeting_id: int, request: ExportRequest) -> None:
        """Write the invite (or cancellation) for one meeting."""
        from exporters.files import ExportError
        from exporters.ics import export_ics

        try:
            with reading(self.app) as session:
                view = meeting_view(session, meeting_id, today=today_of(self.app))
                info = partnership_info(session)
            method = "cancel" if view.status == "cancelled" else "request"
            paths, warnings = export_ics([view], method, request.path, calendar_name=info.name)
        except (ExportError, NotFound, DatabaseError) as exc:
            deliver(self, self.Failed(sentence(exc), "Nothing was written"))
            return
        what = "cancellation" if method == "cancel" else "invite"
        summary = f"Wrote the {what} to {paths[0]}."
        if warnings:
            summary += " " + " ".join(visible(w) for w in warnings)
        deliver(self, self.Saved(summary, "Exported"))

    @work(thread=True, exclusive=True, group="export")
    def write_document(self, kind: str, meeting_id: int, request: ExportRequest) -> None:
        """Write the agenda or minutes (.docx) for one meeting."""
        from exporters.files import ExportError

        if kind == "minutes":
            from exporters.minutes import write_minutes as write
        else:
            from exporters.agenda import write_agenda as write
        try:
            with reading(self.app) as session:
                view = meeting_view(session, meeting_id, today=today_of(self.app))
            path = write(view, request.path, public=request.public)
        except (ExportError, NotFound, DatabaseError) as exc:
            deliver(self, self.Failed(sentence(exc), "Nothing was written"))
            return
        version = " (public version)" if request.public else ""
        deliver(self, self.Saved(f"Wrote the {kind}{version} to {path}.", "Exported"))

    def on_meetings_screen_saved(self, message: Saved) -> None:
        self.notify(message.text, title=message.title, timeout=8)
        if message.changed:
            self._view = None
            self.load()
