"""Creating a one-off (extraordinary) meeting and rescheduling a meeting.

Errors (unknown body, end not after start, a date far from today, a second
meeting of the body on the same day) raise :class:`RecordErrors`, one
sentence per field. Warnings (a bank holiday, a weekend, another meeting of
the same body within a week) raise :class:`NeedsConfirmation` unless the
caller passes ``confirmed=True``; nothing is written until then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, select

from models.formats import clock, plain_date, weekday
from models.editing import EditError, apply_changes
from models.meetings.common import NeedsConfirmation, created, meeting_of
from models.queries import NotFound, find_body
from models.records import RecordErrors
from models.rules.working_days import is_bank_holiday
from models.rules.vocab import VocabError, parse_date, parse_time
from models.tables import Body, Meeting

YEARS_EITHER_SIDE = 10
CLASH_DAYS = 7


@dataclass(frozen=True)
class MeetingTimes:
    """The checked date and times of a meeting."""

    day: date
    start: time
    duration_minutes: int


def _parsed(value: object, parse: Any, name: str, errors: dict[str, str]) -> Any:
    """A date or time as given, or parsed from a form's text (None when blank)."""
    if not isinstance(value, str):
        return value
    if not value.strip():
        return None
    try:
        return parse(value.strip())
    except VocabError as exc:
        errors[name] = f"{str(exc)[0].upper()}{str(exc)[1:]}."
        return None


def check_times(day: object, start: object, end: object, today: date) -> MeetingTimes:
    """The meeting's date and times (objects, or text as typed), or :class:`RecordErrors` naming each problem."""
    errors: dict[str, str] = {}
    day = _parsed(day, parse_date, "date", errors)
    start = _parsed(start, parse_time, "start", errors)
    end = _parsed(end, parse_time, "end", errors)
    if day is None and "date" not in errors:
        errors["date"] = "Give the date of the meeting (YYYY-MM-DD)."
    elif isinstance(day, date) and abs(day.year - today.year) > YEARS_EITHER_SIDE:
        errors["date"] = f"{plain_date(day)} is more than {YEARS_EITHER_SIDE} years from today; check the year."
    if start is None and "start" not in errors:
        errors["start"] = "Give the start time (HH:MM)."
    if end is None and "end" not in errors:
        errors["end"] = "Give the end time (HH:MM)."
    if start is not None and end is not None and end <= start:
        errors["end"] = f"The meeting must end after it starts ({clock(start)})."
    if errors:
        raise RecordErrors(errors)
    assert isinstance(day, date) and isinstance(start, time) and isinstance(end, time)
    minutes = (datetime.combine(day, end) - datetime.combine(day, start)) // timedelta(minutes=1)
    return MeetingTimes(day, start, minutes)


def meeting_warnings(session: Session, body: Body, day: date, own_id: int | None = None) -> list[str]:
    """What the user should confirm before a meeting of ``body`` is put on ``day``."""
    warnings = []
    if is_bank_holiday(day):
        warnings.append(f"{plain_date(day)} is a bank holiday.")
    elif day.weekday() >= 5:
        warnings.append(f"{plain_date(day)} is a {weekday(day)}.")
    near = session.exec(select(Meeting).where(
        Meeting.body_id == body.id, Meeting.status != "cancelled",
        Meeting.date >= day - timedelta(days=CLASH_DAYS), Meeting.date <= day + timedelta(days=CLASH_DAYS),
    ).order_by(Meeting.date)).all()
    for other in near:
        if other.id != own_id and other.date != day:
            warnings.append(f"{body.name} also meets on {plain_date(other.date)}.")
    return warnings


def _same_day(session: Session, body: Body, day: date, own_id: int | None) -> None:
    other = session.exec(select(Meeting).where(Meeting.body_id == body.id, Meeting.date == day)).first()
    if other is not None and other.id != own_id:
        state = " (cancelled; reinstate or move it instead)" if other.status == "cancelled" else ""
        raise RecordErrors({"date": f"{body.name} already has a meeting on {plain_date(day)}{state}."})


def create_meeting(session: Session, body: str, day: object, start: object, end: object, *,
                   location: str | None = None, online_link: str | None = None, title: str | None = "Extraordinary meeting",
                   today: date, confirmed: bool = False) -> int:
    """Create a one-off meeting of ``body``; its id."""
    try:
        found = find_body(session, body)
    except NotFound as exc:
        raise RecordErrors({"body": str(exc)}) from exc
    times = check_times(day, start, end, today)
    _same_day(session, found, times.day, None)
    warnings = meeting_warnings(session, found, times.day)
    if warnings and not confirmed:
        raise NeedsConfirmation(warnings)
    meeting = Meeting(body_id=found.id, date=times.day, start_time=times.start, duration_minutes=times.duration_minutes,
                      location=(location or "").strip() or None, online_link=(online_link or "").strip() or None,
                      title=(title or "").strip() or None, status="planned")
    return created(session, meeting, f"Created a meeting of {found.name} on {plain_date(times.day)}", {
        "body": found.name, "date": times.day, "start_time": times.start, "duration_minutes": times.duration_minutes,
        "location": meeting.location, "title": meeting.title})


def reschedule_meeting(session: Session, meeting_id: int, expected_version: int, day: object,
                       start: object, end: object, *, location: str | None = None,
                       online_link: str | None = None, today: date, confirmed: bool = False) -> bool:
    """Move a meeting (its invite SEQUENCE rises); False if nothing changed."""
    meeting = meeting_of(session, meeting_id)
    if meeting.status in ("held", "cancelled"):
        raise EditError(f"This meeting is {meeting.status}, so it cannot be rescheduled.")
    body = session.get(Body, meeting.body_id)
    assert body is not None
    times = check_times(day, start, end, today)
    _same_day(session, body, times.day, meeting.id)
    warnings = meeting_warnings(session, body, times.day, meeting.id) if times.day != meeting.date else []
    if warnings and not confirmed:
        raise NeedsConfirmation(warnings)
    changes = {"date": times.day, "start_time": times.start, "duration_minutes": times.duration_minutes,
               "location": (location or "").strip() or None, "online_link": (online_link or "").strip() or None}
    if meeting.cadence_date is None and times.day != meeting.date and meeting.title is None:
        changes["cadence_date"] = meeting.date  # keep the date the cadence gave, so schedule leaves it moved
    return apply_changes(session, meeting, changes, expected_version=expected_version, operation="reschedule")
