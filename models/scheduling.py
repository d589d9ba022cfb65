"""Creating the meetings that bodies' cadences call for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, or_, select

from models.audit import record_change
from models.queries import body_cadence, find_body
from models.rules.cadence import meeting_dates
from models.tables import Body, Meeting


@dataclass(frozen=True)
class Scheduled:
    meeting_id: int
    body: str
    date: date
    created: bool  # False: a meeting was already there (perhaps moved or cancelled by hand)
    moved_from: date | None = None  # the cadence's date when a bank holiday or weekend moved it


def schedule(session: Session, start: date, end: date, body: str | None = None) -> list[Scheduled]:
    """Create, inside the caller's transaction, the meetings due from ``start`` to ``end``.

    A meeting already recorded for the body on that day, or one created for
    that cadence date and since moved or cancelled by hand, is left alone; one
    deleted by hand is not created again.
    """
    from models.deletes import deleted_meeting_dates

    deleted = deleted_meeting_dates(session)
    bodies = [find_body(session, body)] if body else list(session.exec(select(Body).where(Body.active).order_by(Body.name)))
    results: list[Scheduled] = []
    for b in bodies:
        cadence = body_cadence(b)
        if cadence is None:
            continue
        for when in meeting_dates(cadence, start, end):
            if (b.id, when.date) in deleted:
                continue
            existing = session.exec(select(Meeting).where(
                Meeting.body_id == b.id, or_(Meeting.date == when.date, Meeting.cadence_date == when.date))).first()
            if existing is not None:
                results.append(Scheduled(existing.id, b.name, existing.date, False, when.moved_from))
                continue
            meeting = Meeting(
                body_id=b.id, date=when.date, cadence_date=when.date, start_time=cadence.time,
                duration_minutes=cadence.duration_minutes, location=cadence.location,
                online_link=cadence.online_link, status="planned",
            )
            session.add(meeting)
            session.flush()
            results.append(Scheduled(meeting.id, b.name, when.date, True, when.moved_from))
    created = [r for r in results if r.created]
    if created:
        record_change(session, "schedule", "meeting", None,
                      f"Scheduled {len(created)} meeting{'s' if len(created) != 1 else ''} from {start} to {end}",
                      {"meetings": [r.meeting_id for r in created]})
    results.sort(key=lambda r: (r.date, r.body))
    return results
