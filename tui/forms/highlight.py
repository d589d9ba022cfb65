"""Writing a body's highlight report from the Structure area: period and file."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta
from textual.widgets import Checkbox, Input

from models.record_base import RecordErrors
from tui.data import reading, writing
from tui.forms.base import RecordForm
from tui.screens.export_form import check_path
from tui.widgets.form_field import FormField


class HighlightForm(RecordForm[str]):
    """Dismisses with a sentence saying what was written (and attached)."""

    heading = "Highlight report"

    def __init__(self, body: str, parent: str | None, today: date, *, attach: bool = False) -> None:
        super().__init__()
        self.body, self.parent_body, self.today, self.attach = body, parent, today, attach

    def intro(self) -> str:
        to = f" to {self.parent_body}" if self.parent_body else ""
        return (f"{self.body}'s report{to}: meetings and quorum, attendance by statutory partner, actions "
                "and the forward plan, for the period given (Word).")

    def fields(self) -> Iterable[FormField]:
        start = self.today - relativedelta(months=3)
        name = f"Highlight report {self.body} {self.today.isoformat()}.docx"
        yield FormField("start", "From", Input(start.isoformat(), placeholder="YYYY-MM-DD"))
        yield FormField("end", "To", Input(self.today.isoformat(), placeholder="YYYY-MM-DD"))
        yield FormField("path", "Write to", Input(str(Path.cwd() / name)))
        if self.parent_body:
            yield FormField("attach", "Paper", Checkbox(f"Attach it to the next agenda of {self.parent_body}",
                                                        value=self.attach),
                            hint="Listed under the agenda's highlight reports; attaching again replaces it.")

    def submit(self, values: dict[str, Any]) -> str:
        from exporters.files import ExportError
        from exporters.highlight import write_highlight
        from models.highlight import PeriodError, highlight_report

        errors: dict[str, str] = {}
        days: dict[str, date] = {}
        for key in ("start", "end"):
            try:
                days[key] = date.fromisoformat(values[key].strip())
            except ValueError:
                errors[key] = f'"{values[key].strip()}" is not a date (write it as YYYY-MM-DD).'
        problem = check_path(values["path"], (".docx",))
        if problem:
            errors["path"] = problem
        if errors:
            raise RecordErrors(errors)
        output = Path(values["path"].strip()).expanduser()
        try:
            if values.get("attach"):
                return self._attach_report(days["start"], days["end"], output)
            with reading(self.app) as session:
                report = highlight_report(session, self.body, days["start"], days["end"])
            return f"Wrote {write_highlight(report, output)}."
        except PeriodError as exc:
            raise RecordErrors({"end": str(exc)}) from None
        except ExportError as exc:
            raise RecordErrors({"path": str(exc)}) from None

    def _attach_report(self, start: date, end: date, output: Path) -> str:
        from exporters.highlight import write_highlight
        from models.editing import EditError
        from models.highlight_paper import attach_highlight
        from models.queries import NotFound

        try:
            with writing(self.app) as session:
                attached = attach_highlight(session, self.body, start, end, output, today=self.today,
                                            write=write_highlight)
        except (EditError, NotFound) as exc:
            raise RecordErrors({"attach": str(exc)}) from None
        return attached.summary
