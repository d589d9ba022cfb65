"""Minutes forms: a resolution, an action arising."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from textual.suggester import SuggestFromList
from textual.widgets import Input, TextArea

from tui.forms.workspace_base import WorkspaceForm
from tui.widgets.form_field import FormField


class ResolutionForm(WorkspaceForm):
    """The text of the item's next numbered resolution ("That …")."""

    def __init__(self, save: Callable[..., Any], number: int, *, confirmable: bool = False) -> None:
        super().__init__(save, confirmable=confirmable)
        self.heading = f"Resolution ({number})"

    def fields(self) -> Iterable[FormField]:
        yield FormField("text", "Resolved:", TextArea(""), hint="e.g. That the strategy be approved for consultation.")


class ActionForm(WorkspaceForm):
    """An action arising: what, who (from the roster), by when."""

    heading = "Action arising"

    def __init__(self, save: Callable[..., Any], people: Sequence[str], *, confirmable: bool = False) -> None:
        super().__init__(save, confirmable=confirmable)
        self.people = list(people)

    def fields(self) -> Iterable[FormField]:
        yield FormField("description", "Action", Input("", placeholder="what is to be done"))
        yield FormField("owner", "Owner", Input("", placeholder="start typing a name; → accepts the suggestion",
                                                suggester=SuggestFromList(self.people, case_sensitive=False)))
        yield FormField("due", "Due", Input("", placeholder="YYYY-MM-DD"))
