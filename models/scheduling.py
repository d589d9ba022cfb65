"""Creating the meetings that bodies' cadences call for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, or_, select

from models.audit import record_change
from models.progress import Progress, report
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


def schedule(session: Session, start: date, end: date, body: str | None = None,
             progress: Progress | None = None) -> list[Scheduled]:
    """Create, inside the caller's transaction, the meetings due from ``start`` to ``end``.

    A meeting already recorded for the body on that day, or one created for
    that cadence date and since moved or cancelled by hand, is left alone; one
    deleted by hand is not created again. ``progress(done, total)`` hears how
    many bodies are done (see :mod:`models.progress`).
    """
    from models.deletes import deleted_meeting_dates

    deleted = deleted_meeting_dates(session)
    bodies = [find_body(session, body)] if body else list(session.exec(select(Body).where(Body.active).order_by(Body.name)))
    results: list[Scheduled] = []
    for done, b in enumerate(bodies, start=1):
        results.extend(_schedule_body(session, b, start, end, deleted))
        report(progress, done, len(bodies))
    created = [r for r in results if r.created]
    if created:
        record_change(session, "schedule", "meeting", None,
                      f"Scheduled {len(created)} meeting{'s' if len(created) != 1 else ''} from {start} to {end}",
                      {"meetings": [r.meeting_id for r in created]})
    results.sort(key=lambda r: (r.date, r.body))
    return results


def _schedule_body(session: Session, b: Body, start: date, end: date,
                   deleted: set[tuple[int, date]]) -> list[Scheduled]:
    """One body's meetings: its meetings in the period read once, new ones flushed together."""
    cadence = body_cadence(b)
    if cadence is None:
        return []
    due = [when for when in meeting_dates(cadence, start, end) if (b.id, when.date) not in deleted]
    if not due:
        return []
    low, high = min(w.date for w in due), max(w.date for w in due)
    known: dict[date, Meeting] = {}  # by date or by cadence date; the earliest recorded wins
    for meeting in session.exec(select(Meeting).where(
            Meeting.body_id == b.id, or_(Meeting.date.between(low, high), Meeting.cadence_date.between(low, high)))
            .order_by(Meeting.id.desc())):
        known[meeting.date] = meeting
        if meeting.cadence_date is not None:
            known[meeting.cadence_date] = meeting
    found: list[tuple[Meeting, object, bool]] = []
    for when in due:
        existing = known.get(when.date)
        if existing is not None:
            found.append((existing, when, False))
            continue
        meeting = Meeting(
            body_id=b.id, date=when.date, cadence_date=when.date, start_time=cadence.time,
            duration_minutes=cadence.duration_minutes, location=cadence.location,
            online_link=cadence.online_link, status="planned",
        )
        session.add(meeting)
        known[when.date] = meeting
        found.append((meeting, when, True))
    session.flush()
    return [Scheduled(m.id, b.name, m.date, created, when.moved_from)  # type: ignore[arg-type, attr-defined]
            for m, when, created in found]
