"""A body's chair terms as a timeline: past, current and next."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.widgets import Static

from models.formats import short_date
from models.records import TimelineRow
from models.text import visible


class ChairTimeline(Static):
    """One line per chair term, marked past, current or next; a gap says nobody is in post."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "chair-timeline--past", "chair-timeline--current", "chair-timeline--next", "chair-timeline--gap",
    }
    DEFAULT_CSS = """
    ChairTimeline {
        height: auto;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
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
        out = Text()
        marks = {"past": "○ past", "current": "● now ", "next": "◌ next"}
        for row in rows:
            style = self.get_component_rich_style(f"chair-timeline--{row.when}")
            if row.start is None:
                when = "fixed chair"
            else:
                when = f"{short_date(row.start)} – {short_date(row.end) if row.end else 'open-ended'}"
            out.append(f"{marks[row.when]}  {when:<26} ", style=style)
            if row.person:
                out.append(f"{visible(row.person):<22}", style=style)
            else:
                out.append(f"{'nobody in post':<22}", style=self.get_component_rich_style("chair-timeline--gap"))
            out.append(f" {visible(row.organisation or '')}\n", style=style)
        out.rstrip()
        self.update(out)
