"""The command palette's places (ctrl+p): go to any body, person or upcoming meeting; export the feed.

The current screen's keys are offered by :class:`tui.keys.KeysProvider`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any, Callable

from textual.command import DiscoveryHit, Hit, Hits, Provider

from models.browse import PaletteTarget, palette_targets
from models.db import DatabaseError
from models.formats import clock, day_label
from models.text import visible
from tui.data import reading, sentence, today_of


@dataclass(frozen=True)
class Destination:
    """One palette entry: what the user reads, and where it leads."""

    text: str
    help: str
    kind: str  # body | person | meeting | feed
    value: Any = None


def destination(target: PaletteTarget) -> Destination:
    """How the palette words a body, person or meeting (stored names made visible)."""
    name, detail = visible(target.name), visible(target.detail)
    if target.kind == "body":
        return Destination(f"Go to {name}", f"Structure: {detail}", "body", target.name)
    if target.kind == "person":
        return Destination(f"Go to {name}", f"Roster: {detail}" if detail else "Roster", "person", target.name)
    assert target.day is not None and target.start is not None
    return Destination(f"Meeting: {name}, {day_label(target.day)}", f"Meetings: {clock(target.start)}, {detail}",
                       "meeting", target.meeting_id)


FEED = Destination("Export calendar feed", "Write every meeting to one subscribable .ics file", "feed")


class ConvenorProvider(Provider):
    """Offers the partnership's bodies, people and upcoming meetings by name, and the feed export."""

    async def startup(self) -> None:
        app: Any = self.app
        worker = app.run_worker(partial(self._read, app), thread=True, exclusive=True, group="palette")
        entries, problem = await worker.wait()
        self._entries: list[Destination] = [FEED, *entries]
        if problem:
            app.notify(problem, title="Could not read the places to go", severity="error")

    @staticmethod
    def _read(app: Any) -> tuple[list[Destination], str]:
        """The destinations (in a worker thread), or none and the sentence saying why."""
        try:
            with reading(app) as session:
                targets = palette_targets(session, today_of(app))
        except DatabaseError as exc:
            return [], sentence(exc)
        return [destination(t) for t in targets], ""

    def _command(self, entry: Destination) -> Callable[[], Any]:
        app: Any = self.app
        if entry.kind == "feed":
            return app.export_feed
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
