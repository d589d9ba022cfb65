"""The action log as a Word document (.docx) or a spreadsheet-friendly CSV.

The Word log has one heading and one table per body; overdue actions say
"OVERDUE" in their status and are shaded. The CSV is UTF-8 with a byte order
mark (so Excel shows names such as "Siân" correctly), one row per action,
ISO dates.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from docx.shared import Pt

from exporters.docx_common import (
    OVERDUE_FILL,
    add_label_line,
    add_text,
    document_marking,
    long_date,
    new_document,
    short_date,
    status_label,
    to_bytes,
    utc_now,
)
from exporters.docx_bulk import add_bulk_table
from exporters.files import ExportError, atomic_write, resolve_output
from exporters.text import clean_line
from models.progress import Progress, every, report
from models.views import ActionLog, ActionRow

CSV_COLUMNS = ("reference", "body", "description", "owner", "due", "status", "overdue", "meeting_date", "item",
               "latest_update_on", "latest_update", "escalated_from", "escalated_to")
_FORMULA_START = ("=", "+", "-", "@")


def sorted_actions(actions: tuple[ActionRow, ...] | list[ActionRow]) -> list[ActionRow]:
    """Actions by body, then due date (undated last), then reference."""
    return sorted(actions, key=lambda a: (a.body, a.due is None, a.due or date.max, a.reference))


def build_action_log_docx(log: ActionLog, *, now: datetime | None = None, progress: Progress | None = None) -> bytes:
    """Return the action log as .docx bytes, grouped by body; ``progress`` hears the actions done."""
    stamp = utc_now(now)
    produced = log.generated_on or stamp.astimezone(ZoneInfo(log.partnership.timezone)).date()
    title = clean_line(log.title) or "Action log"
    doc = new_document(
        log.partnership,
        title=f"{title}, {long_date(produced)}",
        subject=f"{title} of {clean_line(log.partnership.name)}",
        marking=document_marking(log.partnership, sensitive=any(a.exempt for a in log.actions)),
        footer_note=f"{title} \u2014 {short_date(produced)}",
        now=now,
        landscape=True,
    )
    partnership = doc.add_paragraph()
    run = partnership.add_run(clean_line(log.partnership.name))
    run.bold = True
    run.font.size = Pt(12)
    doc.add_paragraph(title, style="Title")
    add_label_line(doc, "Produced", long_date(produced))
    overdue = sum(1 for a in log.actions if a.overdue)
    add_label_line(doc, "Actions", f"{len(log.actions)} ({overdue} overdue)")
    if not log.actions:
        add_text(doc, "There are no actions to show.")
    groups: dict[str, list[ActionRow]] = {}
    for action in sorted_actions(log.actions):
        groups.setdefault(action.body, []).append(action)
    done = 0
    for body, actions in groups.items():
        doc.add_heading(clean_line(body) or "No body", level=1)
        rows = [_docx_row(action) for action in actions]
        add_bulk_table(
            doc,
            ["Reference", "Action", "Owner", "Due", "Status", "Raised"],
            rows,
            widths_cm=[3.2, 8.3, 4.4, 2.4, 3.0, 3.9],
            row_fills=[OVERDUE_FILL if a.overdue else None for a in actions],
            bold_cells=[(index, 4) for index, a in enumerate(actions) if a.overdue],
        )
        done += len(actions)
        report(progress, done, len(log.actions))
    return to_bytes(doc)


def _docx_row(action: ActionRow) -> list[str]:
    description = clean_line(action.description)
    latest = action.latest_update
    if latest is not None:
        description += f"\nLatest update ({short_date(latest.on)}): {clean_line(latest.note)}"
    status = status_label(action.status)
    if action.overdue:
        status = f"OVERDUE \u2014 {status}"
    raised = short_date(action.meeting_date)
    if action.item_title:
        raised = f"{raised}\n{clean_line(action.item_title)}" if raised else clean_line(action.item_title)
    if action.escalated_from:
        escalated = f"Escalated from {clean_line(action.escalated_from)} to {clean_line(action.escalated_to)}"
        escalated += f" on {short_date(action.escalated_on)}" if action.escalated_on else ""
        raised = f"{raised}\n{escalated}" if raised else escalated
    return [
        clean_line(action.reference),
        description,
        clean_line(action.owner),
        short_date(action.due),
        status,
        raised,
    ]


def _csv_cell(value: str | None) -> str:
    """Clean a cell and stop spreadsheets reading it as a formula."""
    text = clean_line(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _csv_latest(action: ActionRow) -> list[str]:
    """The latest progress note (date, text) and the escalation, for the CSV's last columns."""
    latest = action.latest_update
    return [latest.on.isoformat() if latest else "", _csv_cell(latest.note if latest else None),
            _csv_cell(action.escalated_from), _csv_cell(action.escalated_from and action.escalated_to)]


def build_action_log_csv(log: ActionLog, *, progress: Progress | None = None) -> bytes:
    """Return the action log as CSV bytes (UTF-8 with BOM, header row, ISO dates)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    tick = every(progress, len(log.actions))
    for done, action in enumerate(sorted_actions(log.actions), start=1):
        writer.writerow(
            [
                _csv_cell(action.reference),
                _csv_cell(action.body),
                _csv_cell(action.description),
                _csv_cell(action.owner),
                action.due.isoformat() if action.due else "",
                action.status,
                "yes" if action.overdue else "no",
                action.meeting_date.isoformat() if action.meeting_date else "",
                _csv_cell(action.item_title),
                *_csv_latest(action),
            ]
        )
        tick(done)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_action_log(log: ActionLog, output: str | Path, *, now: datetime | None = None,
                     progress: Progress | None = None) -> Path:
    """Write the log to ``output``: Word for .docx, CSV for .csv; all or nothing.

    ``progress(done, total)`` hears how many actions are written (see :mod:`models.progress`).
    """
    path = resolve_output(output, suffixes=(".docx", ".csv"))
    if path.suffix.lower() == ".csv":
        data = build_action_log_csv(log, progress=progress)
    elif path.suffix.lower() == ".docx":
        data = build_action_log_docx(log, now=now, progress=progress)
    else:  # resolve_output already refuses other suffixes
        raise ExportError(f"{path.name!r} should end in .docx or .csv.")
    return atomic_write(path, data)
