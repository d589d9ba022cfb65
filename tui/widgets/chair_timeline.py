"""A body's chair terms as a timeline: past, current and next."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from models.records import TimelineRow


def _day(d) -> str:  # type: ignore[no-untyped-def]
    return f"{d.day} {d:%b %Y}"


class ChairTimeline(Static):
    """One line per chair term, marked past, current or next; a gap says nobody is in post."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "chair-timeline--past", "chair-timeline--current", "chair-timeline--next", "chair-timeline--gap",
    }
    DEFAULT_CSS = """
    ChairTimeline {
        height: auto;
        padding: 0 1;
    }
    ChairTimeline > .chair-timeline--past { color: $text-muted; }
    ChairTimeline > .chair-timeline--current { color: $text-success; text-style: bold; }
    ChairTimeline > .chair-timeline--next { color: $text; }
    ChairTimeline > .chair-timeline--gap { color: $text-error; text-style: bold; }
    """

    def show(self, rows: Sequence[TimelineRow]) -> None:
        """Draw ``rows`` (already in date order)."""
        if not rows:
            self.update(Text("No chair rule, so no chair terms.", style="italic"))
            return
        table = Table.grid(padding=(0, 2))
        for _ in range(4):
            table.add_column()
        marks = {"past": "○ past", "current": "● now", "next": "◌ next"}
        for row in rows:
            style = self.get_component_rich_style(f"chair-timeline--{row.when}")
            who: Text = (Text(row.person, style=style) if row.person
                         else Text("nobody in post", style=self.get_component_rich_style("chair-timeline--gap")))
            until = _day(row.end) if row.end else "until changed"
            table.add_row(Text(marks[row.when], style=style), Text(f"{_day(row.start)} – {until}", style=style),
                          who, Text(row.organisation or "", style=style))
        self.update(table)
