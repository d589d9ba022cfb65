"""A one-off (extraordinary) meeting, rescheduling a meeting, filtering the list, scheduling a period."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from textual.suggester import SuggestFromList
from textual.widgets import Input, Select

from models.meetings.listing import parse_filter
from models.views import MEETING_STATUSES
from tui.forms.workspace_base import WorkspaceForm
from tui.widgets.form_field import FormField


class MeetingForm(WorkspaceForm):
    """Body (new meetings only), date, start, end, location and online link.

    A weekend, bank holiday or nearby meeting of the same body is shown as a
    warning; ctrl+s again goes ahead.
    """

    def __init__(self, save: Callable[..., Any], bodies: Sequence[str], meeting: dict[str, Any] | None = None) -> None:
        super().__init__(save, confirmable=True)
        self.bodies = list(bodies)
        self.meeting = meeting or {}
        self.heading = (f"Reschedule: {self.meeting['body']}, {self.meeting['date']}" if meeting
                        else "New one-off (extraordinary) meeting")

    def fields(self) -> Iterable[FormField]:
        m = self.meeting
        if not m:
            yield FormField("body", "Body", Input("", placeholder="start typing; → accepts the suggestion",
                                                  suggester=SuggestFromList(self.bodies, case_sensitive=False)))
        yield FormField("date", "Date", Input(m.get("date", ""), placeholder="YYYY-MM-DD"))
        yield FormField("start", "Starts", Input(m.get("start", "")[11:] or "10:00", placeholder="HH:MM"))
        yield FormField("end", "Ends", Input(m.get("end", "")[11:] or "12:00", placeholder="HH:MM"))
        yield FormField("location", "Location", Input(m.get("location") or ""))
        yield FormField("online_link", "Online link", Input(m.get("online_link") or "", placeholder="https://…"))


class FilterForm(WorkspaceForm):
    """Which meetings the list shows; dismisses with a MeetingFilter (nothing is saved)."""

    heading = "Filter the meetings"

    def __init__(self, bodies: Sequence[str], current: dict[str, Any]) -> None:
        super().__init__(lambda _session, values: parse_filter(values))
        self.bodies, self.current = list(bodies), current

    def submit(self, values: dict[str, Any]) -> Any:
        return parse_filter(values)

    def fields(self) -> Iterable[FormField]:
        c = self.current
        yield FormField("body", "Body (blank: every body)", Select([(b, b) for b in self.bodies],
                                                                   value=c.get("body") or Select.NULL, prompt="(every body)"))
        yield FormField("start", "From (blank: any)", Input(c.get("start") or "", placeholder="YYYY-MM-DD"))
        yield FormField("end", "To (blank: any)", Input(c.get("end") or "", placeholder="YYYY-MM-DD"))
        yield FormField("status", "Status", Select([(s, s) for s in MEETING_STATUSES],
                                                   value=c.get("status") or Select.NULL, prompt="(any status)"))
