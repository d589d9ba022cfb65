"""Attaching a body's highlight report to the next agenda of the body it reports to.

:func:`paper_target` finds where the report goes (or refuses in one
sentence): the earliest meeting of the parent body on or after today that is
neither cancelled nor postponed and not yet held. :func:`attach_highlight`
puts it there, in the caller's transaction:

- the item "Highlight report: <body> (<from>–<to>)" (purpose assurance,
  presented by the body's chair on the meeting's date) goes under the
  agenda's highlight-reports section (the item whose title speaks of
  highlight reports, after any reports already under it), else before the
  closing items; an agenda not built yet is built from the plan first;
- the report's file is listed as the item's paper,
  "Highlight report: <body> (<from>–<to>), file <name>";
- attaching again (any period) reuses the body's item: its title and paper
  are replaced, nothing is duplicated, and an issued agenda is marked
  revised, because the paper changed;
- every change is audited and version-checked (:func:`models.editing.apply_changes`).

The file itself is written by the caller's ``write`` (exporters.highlight,
which writes through a temporary file and a rename), last, so a file that
cannot be written rolls the whole attachment back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session, col, select

from models.audit import record_change
from models.editing import EditError, apply_changes
from models.formats import plain_date, short_date
from models.highlight import HighlightReport, highlight_report
from models.meetings.agenda import add_item, build_agenda, closing_position
from models.meetings.common import agenda_changed, items_of
from models.queries import Directory, body_chair_rule, find_body, holdings
from models.rules.rotation import chair_on
from models.tables import AgendaItem, Body, Meeting

PREFIX = "Highlight report: "
NOT_GOING_AHEAD = ("cancelled", "postponed")


class AttachRefused(EditError):
    """The report cannot be attached; one sentence saying why."""


@dataclass(frozen=True)
class PaperTarget:
    """Where a body's report goes: the parent body's next meeting, and the period it would cover by default."""

    body: str
    parent: str
    meeting_id: int
    meeting_date: date
    start: date  # the day after the parent's previous meeting (else three months back)
    end: date  # today

    @property
    def file_name(self) -> str:
        """The report's default file name: the same for every attachment to this meeting, so a re-attach replaces it."""
        return safe_file_name(f"{self.parent} {self.meeting_date.isoformat()} - Highlight report - {self.body}.docx")


@dataclass(frozen=True)
class Attached:
    """What :func:`attach_highlight` did."""

    target: PaperTarget
    item_id: int
    number: int  # the item's number on the agenda
    item_title: str
    paper: str
    path: Path
    created: bool  # False: the body's item was already there and was replaced
    built: int  # items added by building an empty agenda first (0: it was built already)
    revised: bool  # the agenda had been issued and is now marked revised

    @property
    def summary(self) -> str:
        t = self.target
        what = "Attached" if self.created else "Replaced"
        words = (f'{what} {t.body}\'s highlight report as item {self.number} ("{self.item_title}") of the agenda of '
                 f"{t.parent} for {plain_date(t.meeting_date)}; wrote {self.path}.")
        if self.built:
            words += f" The agenda was built first ({self.built} items)."
        if self.revised:
            words += " The agenda had been issued, so it is now marked revised."
        return words


def safe_file_name(name: str) -> str:
    """``name`` with characters no file system takes (slashes, colons, controls) made dashes."""
    return re.sub(r'[\x00-\x1f/\\:*?"<>|]+', "-", name).strip() or "highlight.docx"


def period_words(start: date, end: date) -> str:
    return f"{short_date(start)}\u2013{short_date(end)}"


def item_title(body: str, start: date, end: date) -> str:
    return f"{PREFIX}{body} ({period_words(start, end)})"


def paper_title(body: str, start: date, end: date, file_name: str) -> str:
    return f"{item_title(body, start, end)}, file {file_name}"


def _next_meeting(session: Session, body: Body, parent: Body, today: date) -> Meeting:
    meetings = session.exec(select(Meeting).where(
        Meeting.body_id == parent.id, Meeting.date >= today, col(Meeting.status).not_in(NOT_GOING_AHEAD),
    ).order_by(Meeting.date)).all()
    planned = next((m for m in meetings if m.status != "held"), None)
    if planned is not None:
        return planned
    if meetings:
        raise AttachRefused(f"{parent.name}'s meeting on {plain_date(meetings[0].date)} has been held, so its agenda "
                            f"is closed, and no later meeting is planned; schedule the next one to attach "
                            f"{body.name}'s report to it.")
    raise AttachRefused(f"{parent.name} has no meeting planned on or after {plain_date(today)}; schedule its next "
                        f"meeting to attach {body.name}'s report to it.")


def paper_target(session: Session, body: str, today: date) -> PaperTarget:
    """Where ``body``'s highlight report would be attached today, or :class:`AttachRefused`."""
    found = find_body(session, body)
    parent = session.get(Body, found.reports_to_id) if found.reports_to_id is not None else None
    if parent is None:
        raise AttachRefused(f"{found.name} reports to no other body, so its highlight report has no agenda to go on.")
    meeting = _next_meeting(session, found, parent, today)
    previous = session.exec(select(Meeting.date).where(
        Meeting.body_id == parent.id, Meeting.date < meeting.date, Meeting.date < today,
        col(Meeting.status).not_in(NOT_GOING_AHEAD),
    ).order_by(col(Meeting.date).desc())).first()
    start = previous + timedelta(days=1) if previous is not None else today - timedelta(days=91)
    return PaperTarget(found.name, parent.name, meeting.id, meeting.date, min(start, today), today)  # type: ignore[arg-type]


def _section_position(items: list[AgendaItem], body: str) -> int:
    """Where a new report goes: after the highlight-reports heading item and the reports under it,
    else before the closing items."""
    for index, item in enumerate(items):
        if "highlight report" in item.title.lower() and not item.title.startswith(PREFIX):
            at = index + 1
            while at < len(items) and items[at].title.startswith(PREFIX):
                at += 1
            return at
    return closing_position([i.title for i in items])


def _presenter(session: Session, body: Body, day: date) -> str | None:
    rule = body_chair_rule(body) if body.chair_rule else None
    if rule is None:
        return None
    d = Directory.read(session)
    term = chair_on(rule, holdings(session, d), day, d.person_organisations())
    return term.person if term is not None else None


def attach_highlight(session: Session, body: str, start: date, end: date, output: Path, *, today: date,
                     write: Callable[[HighlightReport, Path], Path]) -> Attached:
    """Attach ``body``'s report for ``start``..``end`` to its parent's next agenda, writing it to ``output``
    with ``write`` (called last, inside the caller's transaction)."""
    report = highlight_report(session, body, start, end)  # refuses a bad period or an unknown body first
    target = paper_target(session, body, today)
    output = Path(output)
    title = item_title(target.body, start, end)
    paper = paper_title(target.body, start, end, output.name)
    built = 0 if items_of(session, target.meeting_id) else build_agenda(session, target.meeting_id)
    meeting = session.get(Meeting, target.meeting_id)
    assert meeting is not None
    was_issued = meeting.agenda_issued_on is not None and not meeting.agenda_revised
    items = items_of(session, target.meeting_id)
    mine = f"{PREFIX}{target.body} ("
    existing = next((i for i in items if i.title.startswith(mine)), None)
    if existing is None:
        found = find_body(session, target.body)
        item_id = add_item(session, target.meeting_id, {
            "title": title, "presenter": _presenter(session, found, target.meeting_date), "minutes": 10,
            "purpose": "assurance", "papers": [paper]}, at=_section_position(items, target.body),
            source="highlight_report")
    else:
        item_id = existing.id  # type: ignore[assignment]
        papers = [paper] + [p for p in (existing.papers or []) if not p.startswith(mine)]
        changed = apply_changes(session, existing, {"title": title, "papers": papers},
                                expected_version=existing.version, operation="attach")
        if not changed:
            record_change(session, "attach", "agendaitem", item_id,
                          f'Replaced the paper "{paper}" with a newly written report')
        agenda_changed(session, meeting)
    session.flush()
    session.refresh(meeting)
    revised = was_issued and meeting.agenda_revised
    number = next(n for n, i in enumerate(items_of(session, target.meeting_id), start=1) if i.id == item_id)
    path = write(report, output)
    return Attached(target, item_id, number, title, paper, Path(path), existing is None, built, revised)
