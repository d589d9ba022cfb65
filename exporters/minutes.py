"""Meeting minutes as a Word document (.docx).

The full minutes carry every item; ``public=True`` replaces each exempt
(Part II) item by one line citing Schedule 12A, and nothing else of that item
(title, presenter, minute, resolutions, actions) is written anywhere in the
file.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.shared import Pt

from exporters.docx_common import (
    OVERDUE_FILL,
    add_label_line,
    add_runs,
    add_table,
    add_text,
    exempt_citation,
    long_date,
    meeting_document,
    short_date,
    split_paragraphs,
    status_label,
    time_range,
    to_bytes,
    write_document,
)
from exporters.text import clean_line
from models.views import (
    ROLE_LABELS,
    ActionRow,
    AgendaItemView,
    AttendanceRow,
    MeetingView,
)

EXEMPT_LINE = "Exempt item \u2014 not for publication"
_IN_ATTENDANCE = {"adviser", "participant_observer", "officer"}


def build_minutes(meeting: MeetingView, *, public: bool = False, now: datetime | None = None) -> bytes:
    """Return the minutes of ``meeting`` as .docx bytes."""
    subject = f"Minutes of the {clean_line(meeting.body)} meeting held on {long_date(meeting.date)}"
    doc = meeting_document(meeting, kind="minutes", subject=subject, public=public, now=now)
    if meeting.minutes_status == "draft":
        doc.sections[0].header.paragraphs[0].add_run(" \u2014 DRAFT").bold = True
    _title_block(doc, meeting, public=public)
    _attendance(doc, meeting)
    _declarations(doc, meeting, public=public)
    doc.add_heading("Minutes", level=1)
    if not meeting.items:
        add_text(doc, "No items were minuted.")
    for item in meeting.items:
        if item.exempt and public:
            _exempt_placeholder(doc, item)
        else:
            _minute(doc, item, public=public)
    _action_table(doc, _published_actions(meeting, public=public))
    return to_bytes(doc)


def write_minutes(
    meeting: MeetingView, output: str | Path, *, public: bool = False, now: datetime | None = None
) -> Path:
    """Write the minutes to ``output`` (.docx), all or nothing."""
    return write_document(output, lambda: build_minutes(meeting, public=public, now=now), suffixes=(".docx",))


# ----------------------------------------------------------------- title and attendance
def _title_block(doc: DocxDocument, meeting: MeetingView, *, public: bool) -> None:
    partnership = doc.add_paragraph()
    run = partnership.add_run(clean_line(meeting.partnership.name))
    run.bold = True
    run.font.size = Pt(12)
    doc.add_paragraph(clean_line(meeting.body), style="Title")
    subtitle = "Draft minutes" if meeting.minutes_status == "draft" else "Minutes"
    if meeting.title:
        subtitle += f" \u2014 {clean_line(meeting.title)}"
    doc.add_paragraph(subtitle, style="Subtitle")
    add_label_line(doc, "Date", long_date(meeting.date))
    add_label_line(doc, "Time", time_range(meeting.start, meeting.end))
    if meeting.location:
        add_label_line(doc, "Venue", meeting.location)
    if meeting.chair:
        add_label_line(doc, "Chair", meeting.chair.name)
    if meeting.status == "cancelled":
        add_text(doc, "This meeting was cancelled.", bold=True)
    if public and meeting.has_exempt_items:
        add_text(doc, "Public version: exempt items are not published.")


def _describe(row: AttendanceRow, meeting: MeetingView) -> str:
    """``Daniel Moss (deputising for Helen Price), Deputy Chief Nurse, NHS Northmoor ICB``."""
    person = row.person
    text = clean_line(person.name)
    if row.status == "deputy" and row.deputy_for is not None:
        text += f" (deputising for {clean_line(row.deputy_for.name)})"
    details = [clean_line(person.title), clean_line(person.organisation)]
    role = _role_of(person.name, meeting)
    if role and not any(role.lower() in detail.lower() for detail in details if detail):
        details.append(role)
    text += "".join(f", {detail}" for detail in details if detail)
    is_chair = row.capacity == "chair" or (meeting.chair is not None and meeting.chair.name == person.name)
    if is_chair:
        text += " (Chair)"
    if row.capacity == "participant_observer":
        text += " \u2014 participant observer (non-voting)"
    elif row.capacity == "adviser":
        text += " \u2014 adviser (non-voting)" if not row.voting else " \u2014 adviser"
    elif row.capacity == "officer":
        text += " \u2014 officer"
    elif not row.voting:
        text += " \u2014 non-voting"
    return text


def _role_of(name: str, meeting: MeetingView) -> str:
    for invitee in meeting.invitees:
        if invitee.person.name == name and invitee.role and invitee.role != "other":
            return ROLE_LABELS.get(invitee.role, clean_line(invitee.role))
    return ""


def _in_attendance(row: AttendanceRow) -> bool:
    return row.capacity in _IN_ATTENDANCE or (not row.voting and row.capacity != "chair")


def _attendance(doc: DocxDocument, meeting: MeetingView) -> None:
    attended = [row for row in meeting.attendance if row.status in ("present", "deputy")]
    groups = [
        ("Present", [row for row in attended if not _in_attendance(row)]),
        ("In attendance", [row for row in attended if _in_attendance(row)]),
        ("Apologies", [row for row in meeting.attendance if row.status == "apologies"]),
    ]
    for heading, rows in groups:
        if heading == "In attendance" and not rows:
            continue
        doc.add_heading(heading, level=1)
        if not rows:
            add_text(doc, "None." if heading == "Apologies" else "Attendance was not recorded.")
        for row in rows:
            add_text(doc, _describe(row, meeting), style="List Bullet")


def _declarations(doc: DocxDocument, meeting: MeetingView, *, public: bool) -> None:
    """Declarations of interest; on an exempt item the public version does not name the item."""
    if not meeting.declarations:
        return
    doc.add_heading("Declarations of interest", level=1)
    for dec in meeting.declarations:
        if dec.item_title is None:
            where = ""
        elif dec.item_exempt and public:
            where = " (on an exempt item)"
        else:
            where = f" (item: {clean_line(dec.item_title)})"
        add_text(doc, f"{clean_line(dec.person)}{where}: {clean_line(dec.nature)}", style="List Bullet")


# ----------------------------------------------------------------- items
def _exempt_placeholder(doc: DocxDocument, item: AgendaItemView) -> None:
    """The single line that stands in for an exempt item in public minutes."""
    doc.add_heading(f"{item.number}. {EXEMPT_LINE} {exempt_citation(item.exempt_paragraph)}", level=2)


def _minute(doc: DocxDocument, item: AgendaItemView, *, public: bool) -> None:
    heading = f"{item.number}. {clean_line(item.title)}"
    doc.add_heading(heading, level=2)
    if item.exempt:
        note = doc.add_paragraph()
        add_runs(note, f"Exempt item {exempt_citation(item.exempt_paragraph)}", bold=True)
        if item.exempt_reason:
            add_runs(note, f": {clean_line(item.exempt_reason)}")
        add_runs(note, ". Not for publication.")
    if item.presenter:
        add_runs(doc.add_paragraph(), f"Presented by {clean_line(item.presenter)}.", italic=True)
    if item.state in ("deferred", "withdrawn"):
        add_text(doc, "Deferred to the next meeting." if item.state == "deferred" else "Withdrawn.", bold=True)
    for text in split_paragraphs(item.minute):
        add_text(doc, text)
    if item.resolutions:
        add_text(doc, "Resolved:", bold=True)
        for index, resolution in enumerate(item.resolutions, 1):
            add_text(doc, f"({index})\t{clean_line(resolution)}", style="Resolution")
    actions = [action for action in item.actions if not (public and action.exempt)]
    if actions:
        add_text(doc, "Actions arising:", bold=True)
        for action in actions:
            add_text(doc, _action_sentence(action), style="List Bullet")


def _action_sentence(action: ActionRow) -> str:
    """``EXEC-2026-004 — Circulate the strategy (owner: Kemi Adeyemi; due 27 February 2026)``."""
    parts = []
    if action.owner:
        parts.append(f"owner: {clean_line(action.owner)}")
    if action.due:
        parts.append(f"due {long_date(action.due)}")
    tail = f" ({'; '.join(parts)})" if parts else ""
    return f"{clean_line(action.reference)} \u2014 {clean_line(action.description)}{tail}"


def _published_actions(meeting: MeetingView, *, public: bool) -> list[ActionRow]:
    actions: list[ActionRow] = []
    for item in meeting.items:
        if public and item.exempt:
            continue
        actions.extend(action for action in item.actions if not (public and action.exempt))
    return actions


def _action_table(doc: DocxDocument, actions: list[ActionRow]) -> None:
    doc.add_heading("Action table", level=1)
    if not actions:
        add_text(doc, "No actions were recorded at this meeting.")
        return
    rows = []
    fills: list[str | None] = []
    for action in actions:
        status = status_label(action.status)
        if action.overdue:
            status = f"OVERDUE \u2014 {status}"
        rows.append(
            [
                clean_line(action.reference),
                clean_line(action.description),
                clean_line(action.owner),
                short_date(action.due),
                status,
            ]
        )
        fills.append(OVERDUE_FILL if action.overdue else None)
    add_table(
        doc,
        ["Reference", "Action", "Owner", "Due date", "Status"],
        rows,
        widths_cm=[3.0, 5.6, 3.0, 2.2, 2.8],
        row_fills=fills,
    )
