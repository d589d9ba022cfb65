"""Writing a checked arrangements plan into the database, keyed by names.

Each record is created, updated (only the fields that differ; its version
rises) or left alone, and counted, so a second load of the same file reports
that nothing changed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from sqlmodel import Session, select

from models.arrangements import Plan
from models.audit import record_change
from models.references import next_reference
from models.tables import (
    Action,
    ActionUpdate,
    AgendaItem,
    Appointment,
    Attendance,
    Body,
    BodyMember,
    ForwardPlanItem,
    Meeting,
    Organisation,
    Partnership,
    Person,
    Resolution,
    StandingItem,
    utcnow,
)

_LABELS = {
    "partnership": ("partnership", "partnerships"),
    "organisation": ("organisation", "organisations"),
    "person": ("person", "people"),
    "appointment": ("appointment", "appointments"),
    "body": ("body", "bodies"),
    "forward plan item": ("forward plan item", "forward plan items"),
    "meeting": ("meeting", "meetings"),
    "agenda item": ("agenda item", "agenda items"),
    "attendance": ("attendance record", "attendance records"),
    "action": ("action", "actions"),
    "obligation": ("obligation", "obligations"),
    "checkpoint rule": ("checkpoint rule", "checkpoint rules"),
}


@dataclass
class LoadSummary:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)  # e.g. a case reference that looks like a name

    def count(self, kind: str, outcome: str) -> None:
        getattr(self, outcome)[kind] += 1

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) + sum(self.updated.values()))

    def line(self, source: str = "") -> str:
        """One line for the terminal, e.g. 'Loaded northmoor.toml: created 5 organisations, ...'."""
        def part(counter: Counter, verb: str) -> str | None:
            items = [f"{n} {_LABELS.get(k, (k, k + 's'))[n != 1]}" for k, n in counter.items() if n]
            return f"{verb} " + ", ".join(items) if items else None

        parts = [p for p in (part(self.created, "created"), part(self.updated, "updated")) if p]
        head = f"Loaded {source}: " if source else "Loaded: "
        text = head + ("; ".join(parts) + "." if parts else "nothing changed (everything was already up to date).")
        return "\n".join([text, *(f"Warning: {w}" for w in self.warnings)])


def _apply(record: Any, values: dict[str, Any]) -> bool:
    """Set the fields that differ; return True when anything changed."""
    changed = False
    for key, value in values.items():
        if getattr(record, key) != value:
            setattr(record, key, value)
            changed = True
    if changed and hasattr(record, "version"):
        record.version = (record.version or 0) + 1
        record.updated_at = utcnow()
    return changed


class _Writer:
    def __init__(self, session: Session, summary: LoadSummary):
        self.s = session
        self.summary = summary
        self.last = "unchanged"  # outcome of the latest upsert
        self.orgs = {o.name: o for o in session.exec(select(Organisation))}
        self.people = {p.name: p for p in session.exec(select(Person))}
        self.bodies = {b.name: b for b in session.exec(select(Body))}

    def upsert(self, kind: str, record: Any | None, model: type, values: dict[str, Any]) -> Any:
        if record is None:
            record = model(**values)
            self.last = "created"
        elif _apply(record, values):
            self.last = "updated"
        else:
            self.last = "unchanged"
        if self.last != "unchanged":
            self.s.add(record)
            self.s.flush()
        self.summary.count(kind, self.last)
        return record

    def org_id(self, name: str | None) -> int | None:
        return self.orgs[name].id if name else None

    def person_id(self, name: str | None) -> int | None:
        return self.people[name].id if name else None

    # ----------------------------------------------------------- sections

    def partnership(self, entry: dict[str, Any]) -> None:
        existing = self.s.exec(select(Partnership)).first()
        values = {k: v for k, v in entry.items() if k != "business_manager"}
        values["business_manager_id"] = self.person_id(entry["business_manager"])
        self.upsert("partnership", existing, Partnership, values)

    def organisation(self, entry: dict[str, Any]) -> None:
        self.orgs[entry["name"]] = self.upsert("organisation", self.orgs.get(entry["name"]), Organisation, entry)

    def person(self, entry: dict[str, Any]) -> None:
        values = {k: v for k, v in entry.items() if k != "organisation"}
        values["organisation_id"] = self.org_id(entry["organisation"])
        self.people[entry["name"]] = self.upsert("person", self.people.get(entry["name"]), Person, values)

    def appointment(self, entry: dict[str, Any]) -> None:
        values = {
            "person_id": self.person_id(entry["person"]),
            "role": entry["role"],
            "organisation_id": self.org_id(entry["organisation"]),
            "start": entry["start"],
            "end": entry["end"],
            "notes": entry["notes"],
        }
        existing = self.s.exec(select(Appointment).where(
            Appointment.person_id == values["person_id"], Appointment.role == values["role"],
            Appointment.organisation_id == values["organisation_id"], Appointment.start == values["start"],
        )).first()
        self.upsert("appointment", existing, Appointment, values)

    def body(self, entry: dict[str, Any]) -> None:
        values = {k: entry[k] for k in ("name", "short_name", "kind", "cadence", "chair_rule", "quorum_rule", "minute_numbering")}
        body = self.upsert("body", self.bodies.get(entry["name"]), Body, values)
        self.bodies[entry["name"]] = body
        outcome = self.last
        changed = self._replace_members(body, entry["members"])
        changed |= self._replace_standing_items(body, entry["standing_items"])
        if changed and outcome == "unchanged":
            body.version += 1
            body.updated_at = utcnow()
            self.s.add(body)
            self._recount("body")

    def _recount(self, kind: str) -> None:
        """A record counted unchanged whose child rows changed is an update."""
        self.summary.unchanged[kind] -= 1
        self.summary.updated[kind] += 1

    def _replace_members(self, body: Body, members: list[dict[str, Any]]) -> bool:
        wanted = [
            (self.person_id(m["person"]), m["role"], self.org_id(m["organisation"]), m["capacity"], m["voting"])
            for m in members
        ]
        current = self.s.exec(select(BodyMember).where(BodyMember.body_id == body.id).order_by(BodyMember.id)).all()
        have = [(m.person_id, m.role, m.organisation_id, m.capacity, m.voting) for m in current]
        if have == wanted:
            return False
        for member in current:
            self.s.delete(member)
        self.s.flush()
        for person_id, role, org_id, capacity, voting in wanted:
            self.s.add(BodyMember(body_id=body.id, person_id=person_id, role=role, organisation_id=org_id, capacity=capacity, voting=voting))
        return True

    def _replace_standing_items(self, body: Body, titles: list[str]) -> bool:
        current = self.s.exec(select(StandingItem).where(StandingItem.body_id == body.id).order_by(StandingItem.position)).all()
        if [s.title for s in current] == titles:
            return False
        for item in current:
            self.s.delete(item)
        self.s.flush()
        for position, title in enumerate(titles, start=1):
            self.s.add(StandingItem(body_id=body.id, position=position, title=title))
        return True

    def reports_to(self, entry: dict[str, Any]) -> None:
        body = self.bodies[entry["name"]]
        parent = self.bodies[entry["reports_to"]].id if entry["reports_to"] else None
        if body.reports_to_id != parent:
            body.reports_to_id = parent
            self.s.add(body)

    def forward_plan(self, entry: dict[str, Any]) -> None:
        body_id = self.bodies[entry["body"]].id
        values = {k: v for k, v in entry.items() if k != "body"}
        values["body_id"] = body_id
        existing = self.s.exec(select(ForwardPlanItem).where(
            ForwardPlanItem.body_id == body_id, ForwardPlanItem.title == entry["title"])).first()
        self.upsert("forward plan item", existing, ForwardPlanItem, values)

    def meeting(self, entry: dict[str, Any], today: date) -> None:
        from models.rules.cadence import parse_cadence

        body = self.bodies[entry["body"]]
        cadence = parse_cadence(body.cadence)[0] if body.cadence else None
        existing = self.s.exec(select(Meeting).where(Meeting.body_id == body.id, Meeting.date == entry["date"])).first()
        status = entry["status"] or (existing.status if existing else ("held" if entry["date"] < today else "planned"))
        values: dict[str, Any] = {
            "body_id": body.id,
            "date": entry["date"],
            "start_time": entry["time"] or (existing.start_time if existing else (cadence.time if cadence else time(10, 0))),
            "duration_minutes": entry["duration_minutes"] or (existing.duration_minutes if existing else (cadence.duration_minutes if cadence else 120)),
            "status": status,
            "location": entry["location"] or (existing.location if existing else (cadence.location if cadence else None)),
        }
        for key in ("title", "online_link", "minutes_approved_on", "notes"):
            if entry[key] is not None or existing is None:
                values[key] = entry[key]
        if existing is not None and any(getattr(existing, k) != values[k] for k in ("date", "start_time", "duration_minutes", "status", "location")):
            values["sequence"] = existing.sequence + 1
        meeting = self.upsert("meeting", existing, Meeting, values)
        for row in entry["attendance"]:
            self.attendance(meeting, row)
        for position, item in enumerate(entry["items"], start=1):
            self.item(meeting, body, position, item)

    def attendance(self, meeting: Meeting, row: dict[str, Any]) -> None:
        person_id = self.person_id(row["person"])
        existing = self.s.exec(select(Attendance).where(
            Attendance.meeting_id == meeting.id, Attendance.person_id == person_id)).first()
        values = {
            "meeting_id": meeting.id, "person_id": person_id, "status": row["status"],
            "deputy_for_id": self.person_id(row["deputy_for"]), "capacity": row["capacity"],
        }
        self.upsert("attendance", existing, Attendance, values)

    def item(self, meeting: Meeting, body: Body, position: int, entry: dict[str, Any]) -> None:
        existing = self.s.exec(select(AgendaItem).where(
            AgendaItem.meeting_id == meeting.id, AgendaItem.title == entry["title"])).first()
        if existing is None or existing.position != position:
            clash = self.s.exec(select(AgendaItem).where(
                AgendaItem.meeting_id == meeting.id, AgendaItem.position == position)).first()
            if clash is not None and clash is not existing:
                # Move the old occupant out of the way; it is renumbered when its own entry is written.
                clash.position = -clash.id
                self.s.add(clash)
                self.s.flush()
        exempt = entry["exempt"] or {}
        values = {
            "meeting_id": meeting.id, "position": position, "title": entry["title"],
            "presenter": entry["presenter"], "duration_minutes": entry["duration_minutes"],
            "standing": entry["standing"], "minute": entry["minute"],
            "exempt": bool(entry["exempt"]), "exempt_paragraph": exempt.get("paragraph"),
            "exempt_reason": exempt.get("reason"),
        }
        item = self.upsert("agenda item", existing, AgendaItem, values)
        outcome = self.last
        current = self.s.exec(select(Resolution).where(Resolution.item_id == item.id).order_by(Resolution.position)).all()
        if [r.text for r in current] != entry["resolutions"]:
            for resolution in current:
                self.s.delete(resolution)
            self.s.flush()
            for number, text in enumerate(entry["resolutions"], start=1):
                self.s.add(Resolution(item_id=item.id, position=number, text=text))
            if outcome == "unchanged":
                self._recount("agenda item")
        for action in entry["actions"]:
            self.action(action, body, meeting, item)

    def action(self, entry: dict[str, Any], body: Body, meeting: Meeting | None, item: AgendaItem | None) -> None:
        existing = None
        if entry["reference"]:
            existing = self.s.exec(select(Action).where(Action.reference == entry["reference"])).first()
        if existing is None:
            query = select(Action).where(Action.body_id == body.id, Action.description == entry["description"])
            query = query.where(Action.item_id == item.id) if item is not None else query.where(Action.item_id.is_(None))
            existing = self.s.exec(query).first()
        status = entry["status"]
        values: dict[str, Any] = {
            "body_id": body.id,
            "meeting_id": meeting.id if meeting else None,
            "item_id": item.id if item else None,
            "description": entry["description"],
            "owner_id": self.person_id(entry["owner"]),
            "due": entry["due"],
            "status": status,
            "completed_on": entry["completed"],
        }
        if entry["reference"]:
            values["reference"] = entry["reference"]
        elif existing is None:
            year = (meeting.date if meeting else entry["due"] or date.today()).year
            values["reference"] = next_reference(self.s, body, year)
        action = self.upsert("action", existing, Action, values)
        have = self.s.exec(select(ActionUpdate).where(ActionUpdate.action_id == action.id).order_by(ActionUpdate.on, ActionUpdate.id)).all()
        wanted = sorted(entry["updates"], key=lambda u: u["on"])
        if [(u.on, u.note, u.status) for u in have] != [(u["on"], u["note"], u["status"]) for u in wanted]:
            for update in have:
                self.s.delete(update)
            self.s.flush()
            for update in wanted:
                self.s.add(ActionUpdate(action_id=action.id, on=update["on"], note=update["note"], status=update["status"]))


def write_plan(session: Session, plan: Plan, *, source: str = "", today: date | None = None) -> LoadSummary:
    """Write a checked plan inside the caller's transaction (the caller commits)."""
    today = today or date.today()
    summary = LoadSummary()
    w = _Writer(session, summary)
    for entry in plan.organisations:
        w.organisation(entry)
    for entry in plan.people:
        w.person(entry)
    if plan.partnership:
        w.partnership(plan.partnership)
    for entry in plan.appointments:
        w.appointment(entry)
    for entry in plan.bodies:
        w.body(entry)
    for entry in plan.bodies:
        w.reports_to(entry)
    for entry in plan.forward_plan:
        w.forward_plan(entry)
    for entry in sorted(plan.meetings, key=lambda m: m["date"]):
        w.meeting(entry, today)
    for entry in plan.actions:
        w.action(entry, w.bodies[entry["body"]], None, None)
    if plan.obligations:
        from models.obligations_file import write_obligations

        for kind, outcome in write_obligations(session, plan.obligations):
            summary.count(kind, outcome)
    summary.warnings = list(plan.warnings)
    session.flush()
    if summary.changed:
        record_change(session, "load", "arrangements", None, summary.line(source),
                      {"created": dict(summary.created), "updated": dict(summary.updated)})
    return summary
