"""What the Meetings area does beyond listing: open the workspace, create a one-off
meeting, reschedule (offering the updated invite), filter, schedule a period."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from models.meetings.calendar import create_meeting, reschedule_meeting
from models.meetings.listing import MeetingFilter
from tui.data import today_of
from tui.screens.export_form import ConfirmDialog

if TYPE_CHECKING:
    from tui.screens.meetings import MeetingsScreen


def _bodies(screen: "MeetingsScreen") -> list[str]:
    return sorted({r["body"] for r in screen.all_rows})


def open_workspace(screen: "MeetingsScreen", meeting_id: int | None) -> None:
    if meeting_id is None:
        screen.notify("There is no meeting here to open.", severity="warning")
        return
    from tui.screens.workspace import WorkspaceScreen

    screen.app.push_screen(WorkspaceScreen(meeting_id))


def new_meeting(screen: "MeetingsScreen") -> None:
    from tui.forms.meeting import MeetingForm

    today = today_of(screen.app)

    def save(session: Any, values: dict[str, Any], **kw: Any) -> int:
        return create_meeting(session, values["body"], values["date"], values["start"], values["end"],
                              location=values["location"], online_link=values["online_link"], today=today, **kw)

    def done(meeting_id: int | None) -> None:
        if meeting_id:
            screen.notify("Created the meeting; Enter opens its workspace.", timeout=6)
            screen.select_meeting(meeting_id)
            screen.load()

    screen.app.push_screen(MeetingForm(save, _bodies(screen)), done)


def reschedule(screen: "MeetingsScreen") -> None:
    from tui.forms.meeting import MeetingForm

    meeting_id = screen.selected_id
    row = next((r for r in screen.all_rows if r["id"] == meeting_id), None)
    view = screen.selected_view_quietly()
    if row is None or view is None:
        screen.notify("Select a meeting first.", severity="warning")
        return
    if row["status"] in ("held", "cancelled"):
        screen.notify(f"This meeting is {row['status']}, so it cannot be rescheduled.", severity="warning")
        return
    today = today_of(screen.app)
    values = {**row, "online_link": view.online_link}

    def save(session: Any, values: dict[str, Any], **kw: Any) -> bool:
        return reschedule_meeting(session, row["id"], view.version, values["date"], values["start"], values["end"],
                                  location=values["location"], online_link=values["online_link"], today=today, **kw)

    def done(changed: bool | None) -> None:
        if not changed:
            return
        screen.load()
        question = ("The meeting is rescheduled and its invite sequence has risen. Write the updated invitation "
                    "(METHOD:REQUEST) now, so calendars move the existing entry?")
        screen.app.push_screen(ConfirmDialog(question, yes="Write the invite"),
                               lambda yes: yes and screen.action_invite())

    screen.app.push_screen(MeetingForm(save, _bodies(screen), values), done)


def filter_meetings(screen: "MeetingsScreen") -> None:
    from tui.forms.meeting import FilterForm

    current = screen.meeting_filter
    shown = {"body": current.body, "status": current.status,
             "start": current.start.isoformat() if current.start else "",
             "end": current.end.isoformat() if current.end else ""}

    def done(chosen: MeetingFilter | None) -> None:
        if chosen is not None:
            screen.meeting_filter = chosen
            screen.sub_title = "Meetings" if not chosen.active else f"Meetings: {chosen.describe()}"
            screen.load()

    screen.app.push_screen(FilterForm(_bodies(screen), shown), done)


def schedule_period(screen: "MeetingsScreen") -> None:
    from tui.screens.schedule_period import SchedulePeriodScreen

    def done(summary: str | None) -> None:
        if summary:
            screen.notify(summary, title="Scheduled", timeout=10)
            screen.load()

    screen.app.push_screen(SchedulePeriodScreen(), done)
