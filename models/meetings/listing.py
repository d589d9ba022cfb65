"""Narrowing the Meetings list, and creating a period's meetings body by body."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, select

from models.scheduling import Scheduled, schedule
from models.tables import Body


@dataclass(frozen=True)
class MeetingFilter:
    """Which meetings the list shows: a body, a period and a status (None: any)."""

    body: str | None = None
    start: date | None = None
    end: date | None = None
    status: str | None = None

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.body, self.start, self.end, self.status))

    def describe(self) -> str:
        parts = [p for p in (
            self.body, self.status,
            f"from {self.start.isoformat()}" if self.start else None,
            f"to {self.end.isoformat()}" if self.end else None) if p]
        return ", ".join(parts) if parts else "all meetings"


def filter_rows(rows: list[dict[str, Any]], wanted: MeetingFilter) -> list[dict[str, Any]]:
    """The rows of ``models.queries.meeting_rows`` that ``wanted`` keeps."""
    kept = []
    for row in rows:
        day = date.fromisoformat(row["date"])
        if wanted.body and row["body"] != wanted.body:
            continue
        if (wanted.start and day < wanted.start) or (wanted.end and day > wanted.end):
            continue
        if wanted.status and row["status"] != wanted.status:
            continue
        kept.append(row)
    return kept


def bodies_with_cadences(session: Session) -> list[str]:
    """Active bodies that meet on a cadence, by name (what `convenor schedule` goes through)."""
    return [b.name for b in session.exec(select(Body).where(Body.active).order_by(Body.name)) if b.cadence]


def schedule_period(session: Session, start: date, end: date,
                    progress: Callable[[int, int, str], None] | None = None) -> list[Scheduled]:
    """`convenor schedule --from start --to end`, body by body, reporting ``progress(done, total, body)``."""
    if end < start:
        raise ValueError("The period must end on or after the day it starts.")
    names = bodies_with_cadences(session)
    results: list[Scheduled] = []
    for done, name in enumerate(names, start=1):
        results += schedule(session, start, end, name)
        if progress is not None:
            progress(done, len(names), name)
    return results


def schedule_summary(results: list[Scheduled]) -> str:
    """"Created 5 meetings: Executive Group 2, …" or that none were needed."""
    created: dict[str, int] = {}
    for r in results:
        if r.created:
            created[r.body] = created.get(r.body, 0) + 1
    if not created:
        return f"No new meetings were needed ({len(results)} already recorded)."
    total = sum(created.values())
    each = ", ".join(f"{body} {count}" for body, count in sorted(created.items()))
    return f"Created {total} meeting{'s' if total != 1 else ''}: {each}."


def parse_filter(values: dict[str, Any]) -> MeetingFilter:
    """A filter from a form's values (dates as typed), or RecordErrors naming each bad field."""
    from models.records import RecordErrors
    from models.rules.vocab import VocabError, parse_date

    errors: dict[str, str] = {}
    days: dict[str, date | None] = {}
    for key in ("start", "end"):
        text = str(values.get(key) or "").strip()
        days[key] = None
        if text:
            try:
                days[key] = parse_date(text)
            except VocabError as exc:
                errors[key] = f"{str(exc)[0].upper()}{str(exc)[1:]}."
    if days["start"] and days["end"] and days["end"] < days["start"]:
        errors["end"] = "The period must end on or after the day it starts."
    if errors:
        raise RecordErrors(errors)
    return MeetingFilter(body=values.get("body") or None, start=days["start"], end=days["end"],
                         status=values.get("status") or None)
