"""Writing the meetings, attendance, agenda items and actions of an arrangements file.

The rows a file may touch are read once, table by table, into dicts keyed
the way records are looked up (a meeting by body and date, an item by
meeting and title, an action by reference or by body, item and
description). New records are inserted in one statement per table, with
the audit entry :func:`models.record_base.create_record` would write;
records that differ from the file are changed through
:func:`models.editing.apply_changes`, like every other edit, so a meeting's
invite SEQUENCE rises for the same fields whoever changes them, and the
audit log names each changed field. The work runs in four passes (meetings,
then their attendance and items, then actions, then updates and
resolutions), so each pass knows the ids the one before it created. The
items of a held meeting keep the numbers they were minuted with; new items
go at the end.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from sqlalchemy import delete
from sqlalchemy import select as select_rows
from sqlmodel import Session, SQLModel, select

from models.bulk import Created, Row, columns, insert_plain, plain_rows, rows_where_in
from models.checks import check_completed
from models.editing import apply_changes
from models.plan import LoadSummary, Problem
from models.progress import Progress
from models.record_base import create_record
from models.references import ReferenceBook
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


def _action_key(row: Row) -> tuple[int, int | None, str]:
    return row["body_id"], row["item_id"], row["description"]


class MinutesWriter:
    def __init__(self, session: Session, summary: LoadSummary, problems: list[Problem], today: date,
                 tick: Progress | None = None):
        self.s = session
        self.summary = summary
        self.problems = problems
        self.today = today
        self.tick = tick or (lambda done, total: None)
        self.people = {name: id_ for name, id_ in session.exec(select(Person.name, Person.id))}
        self.bodies = {b.name: b for b in session.exec(select(Body))}
        self.body_names = {b.id: b.name for b in self.bodies.values()}
        self.created = Created()
        self.references = ReferenceBook(session)
        self.cadences: dict[int, Any] = {}
        self.new_resolutions: list[tuple[Row, list[str]]] = []
        self.new_updates: list[tuple[Row, list[dict[str, Any]]]] = []

    def person_id(self, name: str | None) -> int | None:
        return self.people.get(name) if name else None

    # ----------------------------------------------------------- the passes

    def write(self, meetings: list[dict[str, Any]], actions: list[dict[str, Any]]) -> None:
        """Write the file's meetings (in date order) and its top-level actions."""
        self._read(meetings, actions)
        total = len(meetings) + sum(len(m["items"]) for m in meetings) + sum(
            len(i["actions"]) for m in meetings for i in m["items"]) + len(actions)
        done = 0
        held = [(entry, self._meeting(entry)) for entry in meetings]
        self.created.write(self.s)
        done += len(meetings)
        self.tick(done, total)
        items = []
        for entry, meeting in held:
            for row in entry["attendance"]:
                self._attendance(meeting, row)
            items.append((meeting, self._items(meeting, entry["items"])))
            done += len(entry["items"])
            self.tick(done, total)
        self.created.write(self.s)
        for meeting, written in items:
            body = self.bodies[self.body_names[meeting["body_id"]]]
            for entry, item in written:
                for action in entry["actions"]:
                    self.action(action, body, meeting, item)
                done += len(entry["actions"]) + 1
            self.tick(done, total)
        for entry in actions:
            self.action(entry, self.bodies[entry["body"]], None, None)
        self.created.write(self.s)
        self.tick(total, total)
        insert_plain(self.s, Resolution, [{"item_id": item["id"], "position": number, "text": text}
                                          for item, texts in self.new_resolutions
                                          for number, text in enumerate(texts, start=1)])
        insert_plain(self.s, ActionUpdate, [{"action_id": action["id"], "on": u["on"], "note": u["note"],
                                             "status": u["status"], "by": None, "at": None, "changes": None}
                                            for action, wanted in self.new_updates for u in wanted])

    def _read(self, meetings: list[dict[str, Any]], actions: list[dict[str, Any]]) -> None:
        """The rows this file may touch, each table read once (index lookups by chunks of ids)."""
        self.meetings: dict[tuple[int, date], Row] = {}
        if meetings:
            table = Meeting.__table__  # type: ignore[attr-defined]
            dates = [m["date"] for m in meetings]
            query = select_rows(*columns(Meeting)).where(table.c.date >= min(dates), table.c.date <= max(dates))
            for row in plain_rows(self.s, query):
                self.meetings[(row["body_id"], row["date"])] = row
        meeting_ids = [row["id"] for row in self.meetings.values()]
        self.attendances = {(r["meeting_id"], r["person_id"]): r
                            for r in rows_where_in(self.s, Attendance, "meeting_id", meeting_ids)}
        self.items_of: dict[int, list[Row]] = {}
        for row in rows_where_in(self.s, AgendaItem, "meeting_id", meeting_ids, ("meeting_id", "position")):
            self.items_of.setdefault(row["meeting_id"], []).append(row)
        item_ids = [row["id"] for rows in self.items_of.values() for row in rows]
        self.resolutions: dict[int, list[str]] = {}
        for row in rows_where_in(self.s, Resolution, "item_id", item_ids, ("item_id", "position")):
            self.resolutions.setdefault(row["item_id"], []).append(row["text"])
        every = [a for m in meetings for i in m["items"] for a in i["actions"]] + actions
        given = {a["reference"] for a in every if a["reference"]}
        self.references.reserve(given)
        found = rows_where_in(self.s, Action, "reference", given) + rows_where_in(self.s, Action, "item_id", item_ids)
        bodies = {self.bodies[a["body"]].id for a in actions}
        if bodies:
            table = Action.__table__  # type: ignore[attr-defined]
            query = select_rows(*columns(Action)).where(table.c.item_id.is_(None), table.c.body_id.in_(sorted(bodies)))
            found += plain_rows(self.s, query.order_by(table.c.id))
        self.actions: dict[int, Row] = {}
        for row in found:
            self.actions.setdefault(row["id"], row)
        self.by_reference = {row["reference"]: row for row in self.actions.values()}
        self.by_description: dict[tuple[int, int | None, str], list[Row]] = {}
        for row in sorted(self.actions.values(), key=lambda r: r["id"]):
            self.by_description.setdefault(_action_key(row), []).append(row)
        self.updates_of: dict[int, list[tuple[date, str, str | None]]] = {}
        for row in rows_where_in(self.s, ActionUpdate, "action_id", list(self.actions), ("action_id", "on", "id")):
            self.updates_of.setdefault(row["action_id"], []).append((row["on"], row["note"], row["status"]))

    def _upsert(self, kind: str, model: type[SQLModel], existing: Row | None, values: dict[str, Any],
                summary: str) -> Row:
        """Queue a new record, or change an existing one through apply_changes when the file differs."""
        if existing is None:
            self.summary.count(kind, "created")
            return self.created.add(model, values, summary)
        if all(existing[key] == value for key, value in values.items()):
            self.summary.count(kind, "unchanged")
            return existing
        record = self.s.get(model, existing["id"])
        changed = apply_changes(self.s, record, values)
        self.summary.count(kind, "updated" if changed else "unchanged")
        existing.update({c.name: getattr(record, c.name) for c in model.__table__.columns})  # type: ignore[attr-defined]
        return existing

    # ----------------------------------------------------------- meetings

    def _cadence(self, body: Body) -> Any:
        if body.id not in self.cadences:
            self.cadences[body.id] = parse_cadence(body.cadence)[0] if body.cadence else None
        return self.cadences[body.id]

    def _meeting(self, entry: dict[str, Any]) -> Row:
        body = self.bodies[entry["body"]]
        existing = self.meetings.get((body.id, entry["date"]))
        values = {column: entry[key] for key, column in _MEETING_FIELDS.items() if key in entry}
        if existing is None:
            cadence = self._cadence(body)
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
        return self._upsert("meeting", Meeting, existing, values, f'Added meeting "{name}"')

    def _attendance(self, meeting: Row, row: dict[str, Any]) -> None:
        person_id = self.person_id(row["person"])
        existing = self.attendances.get((meeting["id"], person_id))
        values = {"meeting_id": meeting["id"], "person_id": person_id, "status": row["status"],
                  "deputy_for_id": self.person_id(row["deputy_for"]), "capacity": row["capacity"]}
        self._upsert("attendance", Attendance, existing, values, f'Recorded {row["person"]} as {row["status"]}')

    def _positions(self, meeting: Row, entries: list[dict[str, Any]]) -> dict[str, int]:
        """The number each item will have: a held meeting's items keep theirs, new ones go at the end."""
        current = self.items_of.get(meeting["id"], [])
        titles = [e["title"] for e in entries]
        if meeting["status"] == "held":
            order = [i["title"] for i in current] + [t for t in titles if t not in {i["title"] for i in current}]
        else:
            order = titles + [i["title"] for i in current if i["title"] not in titles]
        wanted = {title: n for n, title in enumerate(order, start=1)}
        moving = [(row, self.s.get(AgendaItem, row["id"])) for row in current if row["position"] != wanted[row["title"]]]
        if not moving:
            return wanted
        for row, item in moving:  # out of the way first: each number is used once per meeting
            item.position = row["position"] = -item.id
            self.s.add(item)
        self.s.flush()
        for row, item in moving:
            if item.title not in titles:
                apply_changes(self.s, item, {"position": wanted[item.title]})
                row["position"] = item.position
        return wanted

    def _items(self, meeting: Row, entries: list[dict[str, Any]]) -> list[tuple[dict[str, Any], Row]]:
        positions = self._positions(meeting, entries)
        by_title = {row["title"]: row for row in self.items_of.get(meeting["id"], [])}
        written = []
        for entry in entries:
            existing = by_title.get(entry["title"])
            values: dict[str, Any] = {"position": positions[entry["title"]]}
            for key in ("presenter", "duration_minutes", "standing", "minute", "purpose", "papers"):
                if key in entry:
                    values[key] = entry[key]
            if "exempt" in entry:
                exempt = entry["exempt"] or {}
                values.update(exempt=bool(entry["exempt"]), exempt_paragraph=exempt.get("paragraph"),
                              exempt_reason=exempt.get("reason"))
            if existing is None:
                values.update(meeting_id=meeting["id"], title=entry["title"])
                values["standing"] = bool(values.get("standing"))
            item = self._upsert("agenda item", AgendaItem, existing, values, f'Added item "{entry["title"]}"')
            if "resolutions" in entry:
                self._resolutions(item, existing is not None, entry["resolutions"])
            written.append((entry, item))
        return written

    def _resolutions(self, item: Row, counted: bool, texts: list[str]) -> None:
        if not counted:
            self.new_resolutions.append((item, texts))
            return
        if self.resolutions.get(item["id"], []) == texts:
            return
        self.s.execute(delete(Resolution).where(Resolution.item_id == item["id"]))
        self.new_resolutions.append((item, texts))
        if self.summary.unchanged["agenda item"] > 0:
            self.summary.unchanged["agenda item"] -= 1
            self.summary.updated["agenda item"] += 1

    # ----------------------------------------------------------- actions

    def _by_description(self, body: Body, item: Row | None, description: str) -> Row | None:
        key = (body.id, item["id"] if item else None, description)
        rows = [row for row in self.by_description.get(key, []) if _action_key(row) == key]
        return min(rows, key=lambda r: r.get("id") or float("inf")) if rows else None

    def action(self, entry: dict[str, Any], body: Body, meeting: Row | None, item: Row | None) -> None:
        place = entry["place"]
        existing = None
        if entry["reference"]:
            existing = self.by_reference.get(entry["reference"])
            if existing is not None and existing["body_id"] != body.id:
                owner = self.body_names.get(existing["body_id"])
                self.problems.append(Problem(f"{place}.reference", (
                    f'the action "{entry["reference"]}" belongs to "{owner or "another body"}", '
                    f'not "{body.name}"; give a new reference, or that body')))
                return
        if existing is None and "description" in entry:
            existing = self._by_description(body, item, entry["description"])
        values: dict[str, Any] = {}
        for key, column in (("description", "description"), ("due", "due"), ("status", "status"),
                            ("completed", "completed_on")):
            if key in entry:
                values[column] = entry[key]
        if "owner" in entry:
            values["owner_id"] = self.person_id(entry["owner"])
        status = values.get("status") or (existing["status"] if existing else "open")
        values["status"] = status
        if "completed_on" not in values and status != "completed":
            values["completed_on"] = None  # reopened: no completed date
        trouble = check_completed(status, values.get("completed_on", existing["completed_on"] if existing else None))
        if trouble:
            self.problems.append(Problem(f"{place}.completed", trouble))
            return
        if existing is None:
            if "description" not in entry:
                self.problems.append(Problem(f"{place}.description", "description is required for a new action"))
                return
            year = (meeting["date"] if meeting else entry.get("due") or self.today).year
            reference = entry["reference"]
            if reference:
                self.references.used(reference)
            else:
                reference = self.references.next(body, year)
            values.update(body_id=body.id, meeting_id=meeting["id"] if meeting else None,
                          item_id=item["id"] if item else None, reference=reference)
        elif item is not None:
            values.update(meeting_id=meeting["id"] if meeting else None, item_id=item["id"])
        before = _action_key(existing) if existing else None
        action = self._upsert("action", Action, existing, values, f'Added action "{values.get("reference", "")}"')
        if existing is None:
            self.by_reference[action["reference"]] = action
        if _action_key(action) != before:
            self.by_description.setdefault(_action_key(action), []).append(action)
        if "updates" in entry:
            self._updates(action, existing is not None, entry["updates"])

    def _updates(self, action: Row, existed: bool, updates: list[dict[str, Any]]) -> None:
        wanted = sorted(updates, key=lambda u: u["on"])
        have = self.updates_of.get(action["id"], []) if existed else []
        if have == [(u["on"], u["note"], u["status"]) for u in wanted]:
            return
        if existed:
            self.s.execute(delete(ActionUpdate).where(ActionUpdate.action_id == action["id"]))
        self.new_updates.append((action, wanted))
