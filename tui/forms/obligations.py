"""Forms of the statutory clock: add a case, record a checkpoint met, set up the recurring obligations.

The checks are the ones the arrangements file gets (:mod:`models.obligations`);
the writing is :mod:`models.obligations_write`, in the form's save worker.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from textual.widgets import Input, Static

from models.formats import plain_date
from models.obligations import PERSONAL_DATA_NOTE, ObligationError, personal_data_warning
from models.obligations_write import add_case, record_met, set_recurring
from models.records import RecordErrors
from tui.data import today_of, writing
from tui.forms.base import RecordForm
from tui.widgets.form_field import FormField

if TYPE_CHECKING:
    from models.obligations import Checkpoint, RecurringRow


class CaseForm(RecordForm[str]):
    """A new serious incident; dismisses with a sentence saying what was saved."""

    heading = "New serious incident"

    def intro(self) -> str:
        return PERSONAL_DATA_NOTE

    def fields(self) -> Iterable[FormField]:
        yield FormField("case_reference", "Case reference", Input(placeholder="e.g. RR-2027-01"),
                        hint="The partnership's own reference for the case.")
        yield Static("", id="case-warning", classes="form-warning")
        yield FormField("trigger", "Became aware on", Input(placeholder="YYYY-MM-DD"),
                        hint="Notification is due 5 working days after this day.")
        yield FormField("notified", "Notified the national panel on (optional)", Input(placeholder="YYYY-MM-DD"))

    def on_input_changed(self, event: Input.Changed) -> None:
        field = event.input.parent
        if isinstance(field, FormField) and field.key == "case_reference":
            self.query_one("#case-warning", Static).update(personal_data_warning(event.value) or "")

    def submit(self, values: dict[str, Any]) -> str:
        with writing(self.app) as session:
            _, warnings = add_case(session, values)
        saved = f'Added the case "{values["case_reference"].strip()}".'
        return " ".join([saved, *warnings])


class MetForm(RecordForm[str]):
    """Record one checkpoint as met on a date; dismisses with what was recorded."""

    heading = "Record a checkpoint as met"

    def __init__(self, checkpoint: "Checkpoint") -> None:
        super().__init__()
        self.checkpoint = checkpoint

    def intro(self) -> str:
        c = self.checkpoint
        return f"{c.label}, due {plain_date(c.due)}."

    def fields(self) -> Iterable[FormField]:
        yield FormField("met_on", "Met on", Input(today_of(self.app).isoformat(), placeholder="YYYY-MM-DD"))

    def submit(self, values: dict[str, Any]) -> str:
        from models.rules.vocab import VocabError, parse_date

        try:
            met_on = parse_date(values["met_on"])
        except VocabError as exc:
            raise RecordErrors({"met_on": f"{exc}."}) from exc
        try:
            with writing(self.app) as session:
                return record_met(session, self.checkpoint.id, met_on, today_of(self.app),
                                  expected_version=self.checkpoint.version)
        except ObligationError as exc:
            raise RecordErrors({"met_on": str(exc)}) from exc


class RecurringForm(RecordForm[str]):
    """When each recurring obligation was last met, and how often it recurs."""

    heading = "Recurring obligations"

    def __init__(self, rows: Sequence["RecurringRow"]) -> None:
        super().__init__()
        self.rows = list(rows)

    def intro(self) -> str:
        return "Each is due its number of months after the day it was last met; leave a date blank if not set up."

    def fields(self) -> Iterable[FormField]:
        for row in self.rows:
            yield FormField(f"{row.kind}.last_met", f"{row.label}: last met on",
                            Input(row.last_met.isoformat() if row.last_met else "", placeholder="YYYY-MM-DD"))
            yield FormField(f"{row.kind}.every_months", f"{row.label}: every how many months",
                            Input(str(row.every_months)))

    def submit(self, values: dict[str, Any]) -> str:
        errors: dict[str, str] = {}
        changed = []
        with writing(self.app) as session:
            for row in self.rows:
                last_met = values[f"{row.kind}.last_met"].strip()
                every = values[f"{row.kind}.every_months"].strip()
                if not last_met and row.version is None:
                    continue
                try:
                    set_recurring(session, {"kind": row.kind, "last_met": last_met or None, "every_months": every},
                                  expected_version=row.version)
                    changed.append(row.label.lower())
                except RecordErrors as err:
                    errors.update({f"{row.kind}.{k}": v for k, v in err.errors.items()})
            if errors:
                raise RecordErrors(errors)  # rolls back every change of this form
        return f"Saved the {', '.join(changed)}." if changed else "Nothing to save."

