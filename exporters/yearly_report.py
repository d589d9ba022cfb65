"""The yearly-report evidence pack as a Word document (.docx).

Tables a report author can paste from (Word's built-in "Table Grid" style
with a repeating header row), one per subject, each body in turn; and one
chart, attendance by statutory partner, drawn with matplotlib (imported only
here, when the pack is built). The figures come from
:func:`models.yearly_report.yearly_report`.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from exporters.docx_common import (
    add_label_line,
    add_table,
    add_text,
    document_marking,
    long_date,
    new_document,
    short_date,
    to_bytes,
    write_document,
)
from exporters.text import clean_line
from models.progress import Progress
from models.progress import report as tell
from models.views import PartnershipInfo
from models.yearly_report import BodyYear, Rate, YearlyReport

CHART_TITLE = "Attendance by statutory partner"


def _percent(rate: Rate) -> str:
    return "—" if rate.percent is None else f"{rate.percent:g}%"


def attendance_chart_png(partners: list[Rate]) -> bytes:
    """A bar chart of each statutory partner's attendance rate, as PNG bytes."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    names = [clean_line(r.name) for r in partners]
    values = [r.percent or 0 for r in partners]
    figure, axes = plt.subplots(figsize=(6.4, 0.6 + 0.55 * max(len(names), 1)), dpi=150)
    try:
        bars = axes.barh(names, values, color="#1f4e79")
        axes.invert_yaxis()
        axes.set_xlim(0, 100)
        axes.set_xlabel("Meetings attended (%)")
        axes.set_title(CHART_TITLE)
        for bar, rate in zip(bars, partners):
            inside = bar.get_width() > 75
            axes.text(bar.get_width() - 1 if inside else bar.get_width() + 1, bar.get_y() + bar.get_height() / 2,
                      f"{_percent(rate)} ({rate.attended}/{rate.expected})", va="center", fontsize=8,
                      ha="right" if inside else "left", color="white" if inside else "black")
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    finally:
        plt.close(figure)
    return buffer.getvalue()


def _alt_text(doc, text: str) -> None:
    """Give the last inline picture a description (read aloud by screen readers)."""
    pictures = list(doc.element.body.iter(qn("wp:docPr")))
    pictures[-1].set("descr", text)


def _body_section(doc, b: BodyYear) -> None:
    doc.add_heading(clean_line(b.body), level=1)
    add_table(doc, ["Meetings planned", "Held", "Cancelled or postponed", "Quorate", "Not quorate"],
              [[str(b.planned), str(b.held), str(b.cancelled), str(b.quorum_met), str(b.quorum_missed)]],
              widths_cm=[3.4, 2.6, 4.2, 2.8, 2.8])
    if b.partners:
        doc.add_heading("Attendance by statutory partner", level=2)
        add_table(doc, ["Statutory partner", "Represented", "Expected", "Rate"],
                  [[clean_line(r.name), str(r.attended), str(r.expected), _percent(r)] for r in b.partners],
                  widths_cm=[7.5, 3, 3, 2.5])
    if b.people:
        doc.add_heading("Attendance by person", level=2)
        add_table(doc, ["Person", "Attended", "Invited", "Rate"],
                  [[clean_line(r.name), str(r.attended), str(r.expected), _percent(r)] for r in b.people],
                  widths_cm=[7.5, 3, 3, 2.5])
    if b.chairs:
        doc.add_heading(f"Chairs in office ({b.handovers} handover{'s' if b.handovers != 1 else ''})", level=2)
        add_table(doc, ["Chair", "Organisation", "From", "To"],
                  [[clean_line(c.person) or "Nobody in post", clean_line(c.organisation), short_date(c.start),
                    short_date(c.end) if c.end else "—"] for c in b.chairs],
                  widths_cm=[5, 5.5, 3, 3])
    doc.add_heading("Actions and forward plan", level=2)
    add_table(doc, ["Opened", "Completed", "Overdue at year end", "Escalated", "Forward-plan items taken"],
              [[str(b.actions_opened), str(b.actions_completed), str(b.actions_overdue_at_end),
                str(b.actions_escalated), f"{len(b.forward_plan_taken)} of {b.forward_plan_items}"]],
              widths_cm=[2.6, 2.8, 3.6, 2.6, 4.4])
    if b.forward_plan_taken:
        add_text(doc, "Taken: " + "; ".join(clean_line(t) for t in b.forward_plan_taken) + ".")


def build_yearly_report_docx(report: YearlyReport, info: PartnershipInfo, *, now: datetime | None = None,
                             progress: Progress | None = None) -> bytes:
    """The evidence pack as .docx bytes; ``progress`` hears how many bodies' sections are written."""
    period = f"{long_date(report.start)} to {long_date(report.end)}"
    doc = new_document(info, title=f"Yearly report evidence, {period}",
                       subject=f"Evidence for the yearly report of {clean_line(info.name)}",
                       marking=document_marking(info, sensitive=False),
                       footer_note=f"Yearly report evidence \u2014 {short_date(report.start)} to {short_date(report.end)}",
                       now=now)
    heading = doc.add_paragraph()
    run = heading.add_run(clean_line(info.name))
    run.bold = True
    run.font.size = Pt(12)
    doc.add_paragraph("Yearly report evidence pack", style="Title")
    add_label_line(doc, "Period", period)
    add_label_line(doc, "Bodies", str(len(report.bodies)))
    add_text(doc, "Cancelled meetings are left out of every attendance figure; a deputy counts for the "
                  "statutory partner they stand in for, not for the person.")
    doc.add_heading(CHART_TITLE, level=1)
    if report.partners:
        doc.add_picture(io.BytesIO(attendance_chart_png(report.partners)), width=Cm(15))
        _alt_text(doc, "Bar chart of attendance by statutory partner: " + "; ".join(
            f"{clean_line(r.name)} {_percent(r)}" for r in report.partners) + ".")
        add_table(doc, ["Statutory partner", "Represented", "Expected", "Rate"],
                  [[clean_line(r.name), str(r.attended), str(r.expected), _percent(r)] for r in report.partners],
                  widths_cm=[7.5, 3, 3, 2.5])
    else:
        add_text(doc, "No attendance was recorded at a held meeting in this period.")
    doc.add_heading("Statutory checkpoints due in the period", level=1)
    c = report.checkpoints
    add_table(doc, ["Met on time", "Met late", "Missed", "Still open"],
              [[str(c.on_time), str(c.late), str(c.missed), str(c.open)]], widths_cm=[4, 4, 4, 4])
    for done, body in enumerate(report.bodies, start=1):
        _body_section(doc, body)
        tell(progress, done, len(report.bodies))
    if not report.escalation_recorded:
        add_text(doc, "Escalated actions: escalation is not recorded in Convenor yet, so every body shows 0.")
    return to_bytes(doc)


def write_yearly_report(report: YearlyReport, info: PartnershipInfo, output: str | Path, *,
                        now: datetime | None = None, progress: Progress | None = None) -> Path:
    """Write the pack to ``output`` (.docx), all or nothing (``progress``: see :mod:`models.progress`)."""
    return write_document(output, lambda: build_yearly_report_docx(report, info, now=now, progress=progress),
                          suffixes=(".docx",))
