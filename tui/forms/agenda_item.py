"""Adding or editing an agenda item, and making one exempt."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from textual.suggester import SuggestFromList
from textual.widgets import Checkbox, Input, Select, TextArea

from models.meetings.common import PURPOSES
from tui.forms.workspace_base import WorkspaceForm
from tui.widgets.form_field import FormField


class AgendaItemForm(WorkspaceForm):
    """Title, presenter (roster names suggested; free text allowed), minutes, purpose, exempt, papers."""

    def __init__(self, save: Callable[..., Any], people: Sequence[str], item: dict[str, Any] | None = None) -> None:
        super().__init__(save)
        self.people = list(people)
        self.item = item or {}
        self.heading = f'Edit item {self.item["number"]}' if item else "New agenda item"

    def fields(self) -> Iterable[FormField]:
        i = self.item
        yield FormField("title", "Title", Input(i.get("title", ""), placeholder="e.g. Neglect strategy refresh"))
        yield FormField("presenter", "Presenter", Input(
            i.get("presenter") or "", placeholder="a name from the roster (→ accepts) or any text",
            suggester=SuggestFromList(self.people, case_sensitive=False)))
        yield FormField("minutes", "Minutes allotted", Input(str(i.get("minutes_allotted") or ""), placeholder="e.g. 20",
                                                              type="integer"))
        yield FormField("purpose", "Purpose", Select([(p.capitalize(), p) for p in PURPOSES],
                                                     value=i.get("purpose") or Select.NULL, prompt="—"))
        yield FormField("exempt", "Exempt (Part II)", Checkbox("Exempt from publication", value=bool(i.get("exempt"))))
        yield FormField("exempt_paragraph", "Schedule 12A paragraph (1–7, required when exempt)",
                        Input(str(i.get("exempt_paragraph") or ""), type="integer"))
        yield FormField("papers", "Papers (one title a line)", TextArea("\n".join(i.get("papers") or [])))


class ExemptForm(WorkspaceForm):
    """Asks for the Schedule 12A paragraph (and reason) when an item becomes exempt."""

    heading = "Make the item exempt (Part II)"

    def fields(self) -> Iterable[FormField]:
        yield FormField("exempt_paragraph", "Schedule 12A paragraph (1–7)", Input("", type="integer"),
                        hint="e.g. 2: information likely to reveal the identity of an individual")
        yield FormField("exempt_reason", "Reason (optional)", Input(""))
