"""Forms of the meeting workspace: each saves through one ``models.meetings`` function.

A form is given ``save(session, values)``; it runs in the form's save worker
inside one transaction. Refusals show on the form (fields keep what was
typed). When the models ask for confirmation (a weekend date, a clash), the
warning is shown and a second ctrl+s goes ahead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from models.editing import EditError
from models.meetings import NeedsConfirmation
from models.queries import NotFound
from models.records import RecordErrors
from tui.data import writing
from tui.forms.base import RecordForm


class WorkspaceForm(RecordForm[Any]):
    """Dismisses with what ``save`` returned (None when cancelled)."""

    def __init__(self, save: Callable[..., Any], *, confirmable: bool = False) -> None:
        super().__init__()
        self._save_with = save
        self._confirmable = confirmable
        self._confirmed = False

    def submit(self, values: dict[str, Any]) -> Any:
        extra = {"confirmed": True} if self._confirmable and self._confirmed else {}
        try:
            with writing(self.app) as session:
                result = self._save_with(session, self.clean(values), **extra)
        except NeedsConfirmation as exc:
            self._confirmed = True
            raise RecordErrors({"_confirm": " ".join(exc.warnings) + " Press ctrl+s again to go ahead."}) from exc
        except (EditError, NotFound) as exc:
            raise RecordErrors({"_form": str(exc)}) from exc
        return True if result is None else result

    def clean(self, values: dict[str, Any]) -> dict[str, Any]:
        """The values as the models function takes them (override to convert)."""
        return values
