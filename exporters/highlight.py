"""A body's highlight report to the body above it (.docx).

Sections, each under a real Word heading: meetings (held, cancelled,
quorum), attendance by statutory partner, actions (opened, completed,
overdue, escalated, with the overdue ones listed) and the forward plan. It is
written to be attached to the parent body's next agenda as a paper, so the
text of actions raised under exempt (Part II) items is withheld.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.shared import Pt

from exporters.docx_common import (
    OVERDUE_FILL,
    add_label_line,
    add_table,
    add_text,
    document_marking,
    long_date,
    new_document,
    short_date,
    status_label,
    to_bytes,
    write_document,
)
from exporters.text import clean_line
from models.highlight import HighlightReport
from models.views import ActionRow

WITHHELD = "Exempt (Part II) action: text withheld"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _period(report: HighlightReport) -> str:
    return f"{long_date(report.start)} to {long_date(report.end)}"


def build_highlight(report: HighlightReport, *, now: datetime | None = None) -> bytes:
    """Return the highlight report as .docx bytes."""
    body = clean_line(report.body)
    title = f"Highlight report: {body}"
    doc = new_document(
        report.partnership,
        title=f"{title}, {short_date(report.start)} to {short_date(report.end)}",
        subject=f"Highlight report of {body}" + (f" to {clean_line(report.reports_to)}" if report.reports_to else ""),
        marking=document_marking(report.partnership, sensitive=False),
        footer_note=f"{title} \u2014 {short_date(report.start)} to {short_date(report.end)}",
        now=now,
    )
    partnership = doc.add_paragraph()
    run = partnership.add_run(clean_line(report.partnership.name))
    run.bold = True
    run.font.size = Pt(12)
    doc.add_paragraph(title, style="Title")
    if report.reports_to:
        add_label_line(doc, "To", report.reports_to)
    add_label_line(doc, "Period", _period(report))
    _meetings(doc, report)
    _attendance(doc, report)
    _actions(doc, report)
    _forward_plan(doc, report)
    return to_bytes(doc)


def _meetings(doc: DocxDocument, report: HighlightReport) -> None:
    doc.add_heading("Meetings", level=1)
    unassessed = report.held - report.quorum_met - report.quorum_missed
    summary = (f"{_plural(report.held, 'meeting')} held and {report.cancelled} cancelled. "
               f"Quorum met at {report.quorum_met} and missed at {report.quorum_missed}")
    summary += f"; not assessed at {unassessed}." if unassessed else "."
    add_text(doc, summary)
    if not report.meetings:
        return
    rows = []
    for m in report.meetings:
        if m.status != "held":
            quorum = ""
        elif m.quorum is None:
            quorum = "Not assessed"
        else:
            quorum = "Met" if m.quorum else "Missed: " + ", ".join(clean_line(o) for o in m.missing)
        rows.append([long_date(m.date), m.status.capitalize(), quorum])
    add_table(doc, ["Date", "Meeting", "Quorum"], rows, widths_cm=[6.0, 3.5, 7.5])


def _attendance(doc: DocxDocument, report: HighlightReport) -> None:
    doc.add_heading("Attendance by statutory partner", level=1)
    if not report.attendance or not report.held:
        add_text(doc, "No meetings were held in the period.")
        return
    add_text(doc, f"Of the {_plural(report.held, 'meeting')} held:")
    rows = [[clean_line(a.organisation), str(a.represented), str(a.apologies), str(a.not_represented)]
            for a in report.attendance]
    add_table(doc, ["Statutory partner", "Represented", "Apologies only", "Not represented"], rows,
              widths_cm=[8.0, 3.0, 3.0, 3.0])


def _action_cells(action: ActionRow) -> list[str]:
    description = WITHHELD if action.exempt else clean_line(action.description)
    latest = action.latest_update
    if latest is not None and not action.exempt:
        description += f"\nLatest update ({short_date(latest.on)}): {clean_line(latest.note)}"
    return [clean_line(action.reference), description, clean_line(action.owner), short_date(action.due),
            status_label(action.status)]


def _actions(doc: DocxDocument, report: HighlightReport) -> None:
    doc.add_heading("Actions", level=1)
    add_text(doc, f"Opened {len(report.opened)}, completed {len(report.completed)}, overdue at the end of the "
                  f"period {len(report.overdue)}, escalated {len(report.escalated)}.")
    doc.add_heading("Overdue actions", level=2)
    if report.overdue:
        add_table(doc, ["Reference", "Action", "Owner", "Due", "Status"],
                  [_action_cells(a) for a in report.overdue], widths_cm=[2.8, 7.2, 3.2, 2.3, 2.3],
                  row_fills=[OVERDUE_FILL] * len(report.overdue))
    else:
        add_text(doc, "No actions were overdue at the end of the period.")
    if report.escalated:
        doc.add_heading("Escalated", level=2)
        add_table(doc, ["Reference", "Action", "Escalated to", "On"],
                  [[clean_line(a.reference), WITHHELD if a.exempt else clean_line(a.description),
                    clean_line(a.escalated_to), short_date(a.escalated_on)] for a in report.escalated],
                  widths_cm=[2.8, 8.2, 4.5, 2.3])


def _forward_plan(doc: DocxDocument, report: HighlightReport) -> None:
    doc.add_heading("Forward plan", level=1)
    if not report.forward_plan:
        add_text(doc, "No forward-plan items were due or taken in the period.")
        return
    for item in report.taken:
        add_text(doc, f"{clean_line(item.title)}: taken on {long_date(item.taken_on)}.",  # type: ignore[arg-type]
                 style="List Bullet")
    for item in report.not_taken:
        add_text(doc, f"{clean_line(item.title)}: due in the period, not yet taken.", style="List Bullet")


def write_highlight(report: HighlightReport, output: str | Path, *, now: datetime | None = None) -> Path:
    """Write the report to ``output`` (.docx), all or nothing."""
    return write_document(output, lambda: build_highlight(report, now=now), suffixes=(".docx",))
