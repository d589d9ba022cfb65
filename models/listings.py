"""The rows behind the listing commands (`convenor meetings --json`, `convenor chairs --json`).

Each reads the shared names and role holdings once (as
:func:`models.meeting_views.meeting_views` does), and attendance for quorum once
for every meeting listed, not once per meeting.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlmodel import Session, select

from models.queries import (
    Directory,
    body_chair_rule,
    chair_of,
    find_body,
    holdings,
    in_window,
    meeting_end,
    meeting_start,
    quorum_result,
)
from models.rules.rotation import chair_terms
from models.tables import Attendance, Meeting


def meeting_rows(session: Session, body: str | None = None, start: date | None = None, end: date | None = None, *,
                 quorum: bool = True) -> list[dict]:
    """The rows of `convenor meetings --json`, sorted by date then body.

    With ``quorum=False`` (the Meetings screen, which does not show it) the
    rows have no "quorum" and attendance is not read; otherwise attendance
    is read once for every meeting selected.
    """
    d = Directory.read(session)
    hold = holdings(session, d)
    attendance: dict[int, list[Attendance]] = defaultdict(list)
    if quorum:
        joined = select(Attendance).join(Meeting, Attendance.meeting_id == Meeting.id)  # type: ignore[arg-type]
        for row in session.exec(in_window(session, joined, body, start, end).order_by(Attendance.id)):
            attendance[row.meeting_id].append(row)
    rows = []
    for meeting in session.exec(in_window(session, select(Meeting), body, start, end)):
        b = d.bodies[meeting.body_id]
        term = chair_of(b, meeting.date, hold)
        rows.append({
            "id": meeting.id,
            "body": b.name,
            "date": meeting.date.isoformat(),
            "start": meeting_start(meeting).strftime("%Y-%m-%dT%H:%M"),
            "end": meeting_end(meeting).strftime("%Y-%m-%dT%H:%M"),
            "status": meeting.status,
            "location": meeting.location,
            "chair": term.person if term else None,
            "quorum": quorum_result(session, attendance[meeting.id], meeting, b, d, hold) if quorum else None,
            "title": meeting.title,
            "sequence": meeting.sequence,
        })
        if not quorum:
            del rows[-1]["quorum"]
    rows.sort(key=lambda r: (r["date"], r["body"], r["start"]))
    return rows


def chair_rows(session: Session, body: str | None = None, start: date | None = None, end: date | None = None) -> list[dict]:
    """The `convenor chairs --json` rows, sorted by date then body."""
    d = Directory.read(session)
    hold = holdings(session, d)
    bodies = [find_body(session, body)] if body else sorted(d.bodies.values(), key=lambda b: b.name)
    rows = []
    for b in bodies:
        rule = body_chair_rule(b)
        if rule is None:
            continue
        for term in chair_terms(rule, hold, start, end, organisations=d.person_organisations()):
            rows.append({
                "body": b.name, "organisation": term.organisation, "person": term.person,
                "from": term.start.isoformat(), "to": term.end.isoformat() if term.end else None,
            })
    rows.sort(key=lambda r: (r["from"], r["body"]))
    return rows
