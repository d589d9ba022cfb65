"""A DataTable whose lines drawn before its columns were measured are never shown again.

Textual's DataTable measures new rows' column widths when its message queue
runs dry (``_on_idle``), but keys its cache of drawn lines by an update count
that measuring does not change. A line drawn between adding rows and
measuring them, typically the header on a busy machine, then stays as it was
drawn, with columns as wide as their labels, until the cursor moves.
:class:`MeasuredTable` counts a measurement as an update, so every line is
drawn again with the measured widths.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import DataTable


class MeasuredTable(DataTable[Any]):
    """A DataTable that draws every line again once new rows are measured."""

    async def _on_idle(self, event: events.Idle) -> None:
        if not (self._require_update_dimensions or self._updated_cells):
            return
        widths = [column.content_width for column in self.ordered_columns]
        await super()._on_idle(event)  # measures (DataTable's own handler then finds nothing left)
        if widths != [column.content_width for column in self.ordered_columns]:
            self._update_count += 1  # part of the keys of the drawn-line caches
            self.refresh()
