"""The agenda front sheet as a Word document (.docx).

Items are numbered as the models layer numbers them and each gets a start
time. Exempt items are listed under "Part II — exempt items"; with
``public=True`` that section is left out and one sentence says which item
numbers are exempt business taken in private (no titles, presenters or
reasons).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.shared import Pt

from exporters.docx_common import (
    SCHEDULE_12A,
    add_label_line,
    add_table,
    add_text,
    clock,
    long_date,
    meeting_document,
    time_range,
    to_bytes,
    write_document,
)
from exporters.text import clean_line
from models.views import AgendaItemView, MeetingView

EXCLUSION_NOTE = (
    "The Chair will move that the press and public be excluded from the meeting for the "
    "following item(s) of business because they are likely to involve the disclosure of "
    f"exempt information as defined in {SCHEDULE_12A}."
)


def item_start_times(meeting: MeetingView) -> list[datetime | None]:
    """The start time of each item, in agenda order.

    An item's own ``start`` wins; otherwise it starts when the item before it
    ends (meeting start plus the durations so far). After an item with no
    duration the clock is unknown until an item with its own ``start``.
    """
    times: list[datetime | None] = []
    clock_at: datetime | None = meeting.start
    for item in meeting.items:
        start = item.start or clock_at
        times.append(start)
        if start is not None and item.duration_minutes is not None:
            clock_at = start + timedelta(minutes=item.duration_minutes)
        else:
            clock_at = None
    return times


def build_agenda(meeting: MeetingView, *, public: bool = False, now: datetime | None = None) -> bytes:
    """Return the agenda of ``meeting`` as .docx bytes."""
    subject = f"Agenda for the {clean_line(meeting.body)} meeting on {long_date(meeting.date)}"
    doc = meeting_document(meeting, kind="agenda", subject=subject, public=public, now=now)
    if meeting.agenda_status == "revised":
        doc.sections[0].header.paragraphs[0].add_run(" \u2014 REVISED").bold = True
    _front_sheet(doc, meeting)
    times = item_start_times(meeting)
    timed = list(zip(meeting.items, times))
    open_items = [(item, start) for item, start in timed if not item.exempt]
    exempt_items = [(item, start) for item, start in timed if item.exempt]

    doc.add_heading("Part I \u2014 items of business" if exempt_items and not public else "Items of business", 1)
    if open_items:
        _items_table(doc, open_items, exempt=False)
    else:
        add_text(doc, "There are no items of business in public.")
    if exempt_items and public:
        add_text(doc, _public_exempt_note([item for item, _ in exempt_items]))
    elif exempt_items:
        doc.add_heading("Part II \u2014 exempt items", level=1)
        add_text(doc, EXCLUSION_NOTE)
        _items_table(doc, exempt_items, exempt=True)
    return to_bytes(doc)


def write_agenda(
    meeting: MeetingView, output: str | Path, *, public: bool = False, now: datetime | None = None
) -> Path:
    """Write the agenda to ``output`` (.docx), all or nothing."""
    return write_document(output, lambda: build_agenda(meeting, public=public, now=now), suffixes=(".docx",))


def _front_sheet(doc: DocxDocument, meeting: MeetingView) -> None:
    partnership = doc.add_paragraph()
    run = partnership.add_run(clean_line(meeting.partnership.name))
    run.bold = True
    run.font.size = Pt(12)
    doc.add_paragraph(clean_line(meeting.body), style="Title")
    subtitle = "Revised agenda" if meeting.agenda_status == "revised" else "Agenda"
    if meeting.title:
        subtitle += f" \u2014 {clean_line(meeting.title)}"
    doc.add_paragraph(subtitle, style="Subtitle")
    add_label_line(doc, "Date", long_date(meeting.date))
    add_label_line(doc, "Time", time_range(meeting.start, meeting.end))
    if meeting.location:
        add_label_line(doc, "Venue", meeting.location)
    if meeting.online_link:
        add_label_line(doc, "Join online", meeting.online_link)
    if meeting.chair:
        add_label_line(doc, "Chair", meeting.chair.name)
    if meeting.status in ("cancelled", "postponed"):
        add_text(doc, f"This meeting has been {meeting.status}.", bold=True)
    manager = meeting.partnership.business_manager
    if manager:
        contact = clean_line(manager)
        if meeting.partnership.business_manager_email:
            contact += f" ({clean_line(meeting.partnership.business_manager_email)})"
        add_text(doc, f"Apologies and papers: {contact}.")


def _items_table(doc: DocxDocument, items: list[tuple[AgendaItemView, datetime | None]], *, exempt: bool) -> None:
    headers = ["Item", "Time", "Title", "Presenter"]
    widths = [1.3, 1.6, 9.6, 4.1]
    if exempt:
        headers.append("Exempt under")
        widths = [1.3, 1.6, 7.1, 3.6, 3.0]
    rows = []
    for item, start in items:
        row = [
            str(item.number),
            clock(start) if start is not None else "",
            clean_line(item.title),
            clean_line(item.presenter),
        ]
        if exempt:
            row.append("Schedule 12A" if item.exempt_paragraph is None else f"Paragraph {item.exempt_paragraph}")
        rows.append(row)
    add_table(doc, headers, rows, widths_cm=widths)


def _public_exempt_note(items: list[AgendaItemView]) -> str:
    """One sentence naming the exempt item numbers, and nothing else about them."""
    numbers = [str(item.number) for item in items]
    if len(numbers) == 1:
        listed = f"Item {numbers[0]} is"
    else:
        listed = f"Items {', '.join(numbers[:-1])} and {numbers[-1]} are"
    return (
        f"{listed} exempt business ({SCHEDULE_12A}) that the meeting may take in private; "
        "it is not described in this public agenda."
    )
