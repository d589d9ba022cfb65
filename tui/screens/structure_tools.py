"""The Structure area's highlight-report key.

:class:`StructureTools` is the base of the Structure screen; it relies on the
screen's ``detail`` (the body shown) and ``today``.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

from tui.data import today_of


class StructureTools(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "highlight_report", "Highlight report", id="structure.highlight",
                tooltip="Write the body's highlight report to the body it reports to (.docx) for a period"),
    ]

    def action_highlight_report(self) -> None:
        from tui.forms.highlight import HighlightForm

        detail = getattr(self, "detail", None)
        if detail is None:
            return

        def written(path: str | None) -> None:
            if path:
                self.notify(f"Wrote {path}", title="Exported", timeout=8)

        self.app.push_screen(HighlightForm(detail.name, detail.reports_to, today_of(self.app)), written)
