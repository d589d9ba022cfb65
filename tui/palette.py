"""The command palette (ctrl+p): go to any body, person or upcoming meeting; export the feed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any, Callable

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, select
from textual.command import DiscoveryHit, Hit, Hits, Provider

from models.queries import meeting_ids, meeting_views, partnership_info
from models.tables import Body, Meeting, Organisation, Person
from tui.data import DataFailed, DataSaved, deliver, reading, sentence, today_of

UPCOMING_DAYS = 90


@dataclass(frozen=True)
class Destination:
    """One palette entry: what the user reads, and where it leads."""

    text: str
    help: str
    kind: str  # body | person | meeting | feed
    value: Any = None


def destinations(session: Session, today: Any) -> list[Destination]:
    """Every body, person and meeting in the next 90 days, plus the feed export."""
    found = [Destination("Export calendar feed", "Write every meeting to one subscribable .ics file", "feed")]
    for name, kind in session.exec(select(Body.name, Body.kind).order_by(Body.name)):
        found.append(Destination(f"Go to {name}", f"Structure: {kind.replace('_', ' ')}", "body", name))
    orgs = {o.id: o.name for o in session.exec(select(Organisation))}
    for person in session.exec(select(Person).order_by(Person.name)):
        where = ", ".join(x for x in (person.title, orgs.get(person.organisation_id)) if x)  # type: ignore[arg-type]
        found.append(Destination(f"Go to {person.name}", f"Roster: {where}" if where else "Roster", "person", person.name))
    bodies = {b.id: b.name for b in session.exec(select(Body))}
    query = select(Meeting).where(Meeting.date >= today, Meeting.date <= today + timedelta(days=UPCOMING_DAYS))
    for m in sorted(session.exec(query), key=lambda m: (m.date, m.start_time)):
        when = f"{m.date:%a} {m.date.day} {m.date:%b %Y}"
        found.append(Destination(f"Meeting: {bodies[m.body_id]}, {when}", f"Meetings: {m.start_time:%H:%M}, {m.status}",
                                 "meeting", m.id))
    return found


class ConvenorProvider(Provider):
    """Offers the partnership's bodies, people and upcoming meetings by name."""

    async def startup(self) -> None:
        app: Any = self.app
        worker = app.run_worker(partial(self._read, app), thread=True, exclusive=True, group="palette")
        self._entries: list[Destination] = await worker.wait()

    @staticmethod
    def _read(app: Any) -> list[Destination]:
        with reading(app) as session:
            return destinations(session, today_of(app))

    def _command(self, entry: Destination) -> Callable[[], Any]:
        app: Any = self.app
        if entry.kind == "feed":
            return lambda: export_feed(app)
        opener = {"body": app.open_body, "person": app.open_person, "meeting": app.open_meeting}[entry.kind]
        return lambda: app.run_worker(opener(entry.value), group="navigate", exclusive=True)

    async def discover(self) -> Hits:
        for entry in self._entries:
            if entry.kind in ("feed", "meeting"):
                yield DiscoveryHit(entry.text, self._command(entry), help=entry.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self._entries:
            score = matcher.match(entry.text)
            if score > 0:
                yield Hit(score, matcher.highlight(entry.text), self._command(entry), help=entry.help)


def export_feed(app: Any) -> None:
    """Ask where to write the calendar feed of every meeting, then write it in a worker."""
    from tui.screens.export_form import ExportForm

    name = app.partnership_name or "Meetings"
    form = ExportForm("Export the calendar feed", Path.cwd() / f"{name} meetings.ics", suffixes=(".ics",),
                      note="One subscribable calendar (METHOD:PUBLISH) of every meeting, without attendee lists. "
                           "Publish it where members can subscribe; their calendars follow changes.")
    app.push_screen(form, lambda request: request and app.run_worker(
        partial(_write_feed, app, request.path), thread=True, exclusive=True, group="feed-export"))


def _write_feed(app: Any, path: Path) -> None:
    """Write the feed (in a worker thread) and report where it went."""
    from exporters.files import ExportError
    from exporters.ics import export_ics

    try:
        with reading(app) as session:
            views = meeting_views(session, meeting_ids(session), today=today_of(app))
            name = partnership_info(session).name
        if not views:
            raise ExportError("There are no meetings to put in the feed.")
        paths, _ = export_ics(views, "publish", path, calendar_name=name)
    except (ExportError, SQLAlchemyError) as exc:
        deliver(app, DataFailed("feed", sentence(exc)))
        return
    deliver(app, DataSaved("feed", f"Wrote {len(views)} meetings to {paths[0]}.", paths))
