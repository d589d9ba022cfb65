"""Writing the meetings, attendance, agenda items and actions of an arrangements file.

Changes go through :func:`models.editing.apply_changes`, like every other
edit, so a meeting's invite SEQUENCE rises for the same fields whoever
changes them, and the audit log names each changed field. The items of a
held meeting keep the numbers they were minuted with; new items go at the
end.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from sqlmodel import Session, select

from models.checks import check_completed
from models.editing import apply_changes
from models.plan import LoadSummary, Problem
from models.record_base import create_record
from models.references import next_reference
from models.rules.cadence_table import parse_cadence
from models.tables import Action, ActionUpdate, AgendaItem, Attendance, Body, Meeting, Person, Resolution

_MEETING_FIELDS = {"time": "start_time", "duration_minutes": "duration_minutes", "title": "title",
                   "status": "status", "location": "location", "online_link": "online_link",
                   "minutes_approved_on": "minutes_approved_on", "notes": "notes"}


def upsert(session: Session, counts: LoadSummary, kind: str, record: Any, model: type, values: dict[str, Any],
           summary: str) -> Any:
    """Create or change a record that no form writes (yet), counting the outcome."""
    if record is None:
        record = create_record(session, model(**values), summary, values)
        counts.count(kind, "created")
    else:
        counts.count(kind, "updated" if apply_changes(session, record, values) else "unchanged")
    return record


class MinutesWriter:
    def __init__(self, session: Session, summary: LoadSummary, problems: list[Problem], today: date):
        self.s = session
        self.summary = summary
        self.problems = problems
        self.today = today
        self.people = {name: id_ for name, id_ in session.exec(select(Person.name, Person.id))}
        self.bodies = {b.name: b for b in session.exec(select(Body))}

    def upsert(self, kind: str, record: Any, model: type, values: dict[str, Any], summary: str) -> Any:
        return upsert(self.s, self.summary, kind, record, model, values, summary)

    def person_id(self, name: str | None) -> int | None:
        return self.people.get(name) if name else None

    # ----------------------------------------------------------- meetings

    def meeting(self, entry: dict[str, Any]) -> None:
        body = self.bodies[entry["body"]]
        existing = self.s.exec(select(Meeting).where(Meeting.body_id == body.id, Meeting.date == entry["date"])).first()
        values = {column: entry[key] for key, column in _MEETING_FIELDS.items() if key in entry}
        if existing is None:
            cadence = parse_cadence(body.cadence)[0] if body.cadence else None
            values = {
                "body_id": body.id, "date": entry["date"],
                "start_time": (cadence.time if cadence else time(10, 0)),
                "duration_minutes": cadence.duration_minutes if cadence else 120,
                "location": cadence.location if cadence else None,
                **{k: v for k, v in values.items() if v is not None},
            }
            values.setdefault("status", "held" if entry["date"] < self.today else "planned")
        for key in ("start_time", "duration_minutes", "status"):
            if key in values and values[key] is None:
                del values[key]  # required settings cannot be cleared
        name = f'{body.name} on {entry["date"].isoformat()}'
        meeting = self.upsert("meeting", existing, Meeting, values, f'Added meeting "{name}"')
        for row in entry["attendance"]:
            self.attendance(meeting, row)
        self.items(meeting, body, entry["items"])

    def attendance(self, meeting: Meeting, row: dict[str, Any]) -> None:
        person_id = self.person_id(row["person"])
        existing = self.s.exec(select(Attendance).where(
            Attendance.meeting_id == meeting.id, Attendance.person_id == person_id)).first()
        values = {"meeting_id": meeting.id, "person_id": person_id, "status": row["status"],
                  "deputy_for_id": self.person_id(row["deputy_for"]), "capacity": row["capacity"]}
        self.upsert("attendance", existing, Attendance, values, f'Recorded {row["person"]} as {row["status"]}')

    def _positions(self, meeting: Meeting, entries: list[dict[str, Any]]) -> dict[str, int]:
        """The number each item will have: a held meeting's items keep theirs, new ones go at the end."""
        current = list(self.s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)
                                   .order_by(AgendaItem.position)))
        titles = [e["title"] for e in entries]
        if meeting.status == "held":
            order = [i.title for i in current] + [t for t in titles if t not in {i.title for i in current}]
        else:
            order = titles + [i.title for i in current if i.title not in titles]
        wanted = {title: n for n, title in enumerate(order, start=1)}
        moving = [i for i in current if i.position != wanted[i.title]]
        for item in moving:  # out of the way first: each number is used once per meeting
            item.position = -item.id
            self.s.add(item)
        self.s.flush()
        for item in moving:
            if item.title not in titles:
                apply_changes(self.s, item, {"position": wanted[item.title]})
        return wanted

    def items(self, meeting: Meeting, body: Body, entries: list[dict[str, Any]]) -> None:
        positions = self._positions(meeting, entries)
        for entry in entries:
            existing = self.s.exec(select(AgendaItem).where(
                AgendaItem.meeting_id == meeting.id, AgendaItem.title == entry["title"])).first()
            values: dict[str, Any] = {"position": positions[entry["title"]]}
            for key in ("presenter", "duration_minutes", "standing", "minute", "purpose", "papers"):
                if key in entry:
                    values[key] = entry[key]
            if "exempt" in entry:
                exempt = entry["exempt"] or {}
                values.update(exempt=bool(entry["exempt"]), exempt_paragraph=exempt.get("paragraph"),
                              exempt_reason=exempt.get("reason"))
            if existing is None:
                values.update(meeting_id=meeting.id, title=entry["title"])
                values["standing"] = bool(values.get("standing"))
            item = self.upsert("agenda item", existing, AgendaItem, values, f'Added item "{entry["title"]}"')
            if "resolutions" in entry:
                self._resolutions(item, entry["resolutions"], counted=existing is not None)
            for action in entry["actions"]:
                self.action(action, body, meeting, item)

    def _resolutions(self, item: AgendaItem, texts: list[str], *, counted: bool) -> None:
        current = self.s.exec(select(Resolution).where(Resolution.item_id == item.id).order_by(Resolution.position)).all()
        if [r.text for r in current] == texts:
            return
        for resolution in current:
            self.s.delete(resolution)
        self.s.flush()
        for number, text in enumerate(texts, start=1):
            self.s.add(Resolution(item_id=item.id, position=number, text=text))
        if counted and self.summary.unchanged["agenda item"] > 0:
            self.summary.unchanged["agenda item"] -= 1
            self.summary.updated["agenda item"] += 1

    # ----------------------------------------------------------- actions

    def action(self, entry: dict[str, Any], body: Body, meeting: Meeting | None, item: AgendaItem | None) -> None:
        place = entry["place"]
        existing = None
        if entry["reference"]:
            existing = self.s.exec(select(Action).where(Action.reference == entry["reference"])).first()
            if existing is not None and existing.body_id != body.id:
                owner = self.s.get(Body, existing.body_id)
                self.problems.append(Problem(f"{place}.reference", (
                    f'the action "{entry["reference"]}" belongs to "{owner.name if owner else "another body"}", '
                    f'not "{body.name}"; give a new reference, or that body')))
                return
        if existing is None and "description" in entry:
            query = select(Action).where(Action.body_id == body.id, Action.description == entry["description"])
            query = query.where(Action.item_id == item.id) if item is not None else query.where(Action.item_id.is_(None))
            existing = self.s.exec(query).first()
        values: dict[str, Any] = {}
        for key, column in (("description", "description"), ("due", "due"), ("status", "status"),
                            ("completed", "completed_on")):
            if key in entry:
                values[column] = entry[key]
        if "owner" in entry:
            values["owner_id"] = self.person_id(entry["owner"])
        status = values.get("status") or (existing.status if existing else "open")
        values["status"] = status
        if "completed_on" not in values and status != "completed":
            values["completed_on"] = None  # reopened: no completed date
        trouble = check_completed(status, values.get("completed_on", existing.completed_on if existing else None))
        if trouble:
            self.problems.append(Problem(f"{place}.completed", trouble))
            return
        if existing is None:
            if "description" not in entry:
                self.problems.append(Problem(f"{place}.description", "description is required for a new action"))
                return
            year = (meeting.date if meeting else entry.get("due") or self.today).year
            values.update(body_id=body.id, meeting_id=meeting.id if meeting else None,
                          item_id=item.id if item else None,
                          reference=entry["reference"] or next_reference(self.s, body, year))
        elif item is not None:
            values.update(meeting_id=meeting.id if meeting else None, item_id=item.id)
        action = self.upsert("action", existing, Action, values, f'Added action "{values.get("reference", "")}"')
        if "updates" in entry:
            self._updates(action, entry["updates"])

    def _updates(self, action: Action, updates: list[dict[str, Any]]) -> None:
        have = self.s.exec(select(ActionUpdate).where(ActionUpdate.action_id == action.id)
                           .order_by(ActionUpdate.on, ActionUpdate.id)).all()
        wanted = sorted(updates, key=lambda u: u["on"])
        if [(u.on, u.note, u.status) for u in have] == [(u["on"], u["note"], u["status"]) for u in wanted]:
            return
        for update in have:
            self.s.delete(update)
        self.s.flush()
        for update in wanted:
            self.s.add(ActionUpdate(action_id=action.id, on=update["on"], note=update["note"], status=update["status"]))
