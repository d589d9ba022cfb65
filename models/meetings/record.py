"""One meeting read whole, as `convenor meeting ID --json` prints it and the
workspace shows it (the ``meeting`` JSON contract in DESIGN.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, select

from models.meetings.attendance import AttendanceLine, attendance_lines
from models.meetings.common import items_of, meeting_of
from models.meetings.minutes import last_minutes_to_approve
from models.meeting_views import meeting_view
from models.queries import Directory, action_rows, quorum_of
from models.tables import AgendaItem, Declaration, Person
from models.views import OPEN_ACTION_STATUSES, ActionRow


def _clock(moment: Any) -> str | None:
    return moment.strftime("%Y-%m-%dT%H:%M") if moment is not None else None


def item_source(item: AgendaItem) -> str:
    """Where an item came from; items written before sources were kept read as standing or added."""
    return item.source or ("standing" if item.standing else "added")


def meeting_record(session: Session, meeting_id: int, *, today: date | None = None) -> dict[str, Any]:
    """The meeting as plain JSON-ready values, items in agenda order."""
    meeting = meeting_of(session, meeting_id)
    view = meeting_view(session, meeting_id, today=today)
    rows = items_of(session, meeting.id)
    titles = {r.id: r.title for r in rows}
    items = []
    for row, shown in zip(rows, view.items):
        items.append({
            "id": row.id, "number": shown.number, "title": row.title, "presenter": row.presenter,
            "minutes_allotted": row.duration_minutes, "start": _clock(shown.start), "purpose": row.purpose,
            "source": item_source(row), "exempt": row.exempt,
            "exempt_paragraph": row.exempt_paragraph if row.exempt else None,
            "papers": list(row.papers or []), "minute": row.minute, "resolutions": list(shown.resolutions),
            "state": row.state,
            "actions": [{"reference": a.reference, "owner": a.owner, "due": a.due.isoformat() if a.due else None,
                         "description": a.description} for a in shown.actions],
        })
    people = {p.id: p.name for p in session.exec(select(Person))}
    declarations = [{"person": people.get(dec.person_id), "item": titles.get(dec.item_id) if dec.item_id else None,
                     "nature": dec.nature}
                    for dec in session.exec(select(Declaration).where(Declaration.meeting_id == meeting.id)
                                            .order_by(Declaration.id))]
    return {
        "id": meeting.id, "body": view.body, "date": meeting.date.isoformat(), "start": _clock(view.start),
        "end": _clock(view.end), "status": meeting.status, "location": meeting.location,
        "online_link": meeting.online_link, "title": meeting.title,
        "chair": view.chair.name if view.chair else None, "quorum": quorum_of(session, meeting),
        "agenda_status": view.agenda_status,
        "agenda_issued_on": meeting.agenda_issued_on.isoformat() if meeting.agenda_issued_on else None,
        "minutes_status": view.minutes_status,
        "minutes_approved_on": meeting.minutes_approved_on.isoformat() if meeting.minutes_approved_on else None,
        "sequence": meeting.sequence,
        "items": items,
        "attendance": [{"person": a.person.name, "organisation": a.person.organisation, "status": a.status,
                        "deputy_for": a.deputy_for.name if a.deputy_for else None, "capacity": a.capacity}
                       for a in view.attendance],
        "declarations": declarations,
    }


@dataclass(frozen=True)
class Workspace:
    """What the meeting workspace shows: the meeting whole, plus what its forms need."""

    record: dict[str, Any]
    version: int  # the meeting's version, for rescheduling
    item_versions: dict[int, int]  # agenda item id -> version, for version-checked saves
    attendance: list[AttendanceLine]
    people: list[str]  # roster names, for completion
    open_actions: list[ActionRow] = field(default_factory=list)  # the body's open actions (the action log)
    awaiting_approval: dict[str, Any] | None = None  # the previous meeting, held, minutes not yet approved


def workspace(session: Session, meeting_id: int, *, today: date) -> Workspace:
    meeting = meeting_of(session, meeting_id)
    record = meeting_record(session, meeting_id, today=today)
    d = Directory.read(session)
    previous = last_minutes_to_approve(session, meeting_id)
    return Workspace(
        record=record, version=meeting.version,
        item_versions={i.id: i.version for i in items_of(session, meeting.id)},  # type: ignore[misc]
        attendance=attendance_lines(session, meeting_id),
        people=sorted(p.name for p in d.people.values()),
        open_actions=[a for a in action_rows(session, body=record["body"], today=today)
                      if a.status in OPEN_ACTION_STATUSES],
        awaiting_approval={"id": previous.id, "date": previous.date.isoformat()} if previous else None,
    )
