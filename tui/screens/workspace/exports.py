"""Exports from the workspace: agenda and minutes (.docx, full or public) and the invite (.ics)."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING


from models.db import DatabaseError
from models.meeting_views import meeting_view
from models.queries import NotFound, partnership_info
from tui.data import deliver, reading, sentence, today_of
from tui.screens.export_form import ExportForm, ExportRequest

if TYPE_CHECKING:
    from tui.screens.workspace.screen import WorkspaceScreen

NOTES = {
    "agenda": "The public version leaves out exempt (Part II) items and says so in their place.",
    "minutes": "Full minutes include exempt (Part II) items; the public version leaves them out. "
               "Minutes not yet approved say DRAFT.",
    "invite": "An invitation (METHOD:REQUEST) for every member expected on the date; "
              "a cancelled meeting is written as a cancellation.",
}


def ask_and_export(screen: "WorkspaceScreen", kind: str, folder: Path) -> None:
    """Ask where (and, for documents, full or public), then write in a worker."""
    data = screen.data
    if data is None:
        screen.notify("The meeting is still being read.", severity="warning")
        return
    r = data.record
    base = f"{r['body']} {r['date']}"
    if kind == "invite":
        form = ExportForm(f"Invite: {r['body']}, {r['date']}", folder / f"{base}.ics", suffixes=(".ics",), note=NOTES[kind])
    else:
        form = ExportForm(f"{kind.capitalize()}: {r['body']}, {r['date']}", folder / f"{base} {kind}.docx",
                          suffixes=(".docx",), offer_public=True, note=NOTES[kind])
    screen.app.push_screen(form, lambda request: request and screen.run_worker(
        partial(_write, screen, kind, request), thread=True, exclusive=True, group="export"))


def _write(screen: "WorkspaceScreen", kind: str, request: ExportRequest) -> None:
    from exporters.files import ExportError

    try:
        with reading(screen.app) as session:
            view = meeting_view(session, screen.meeting_id, today=today_of(screen.app))
            calendar = partnership_info(session).name
        if kind == "invite":
            from exporters.ics import export_ics

            paths, warnings = export_ics([view], "cancel" if view.status == "cancelled" else "request", request.path,
                                         calendar_name=calendar)
            summary = " ".join([f"Wrote the invite to {paths[0]}.", *warnings])
        else:
            if kind == "minutes":
                from exporters.minutes import write_minutes as write
            else:
                from exporters.agenda import write_agenda as write
            path = write(view, request.path, public=request.public)
            summary = f"Wrote the {'public ' if request.public else ''}{kind} to {path}."
    except (ExportError, NotFound, DatabaseError) as exc:
        deliver(screen, screen.Failed(sentence(exc), "Nothing was written"))
        return
    deliver(screen, screen.Saved(summary))
