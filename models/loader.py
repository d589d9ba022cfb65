"""Writing a checked arrangements plan: through the same commands the forms use.

People, organisations, appointments and bodies are saved by
:mod:`models.records` and :mod:`models.bodies`, exactly as the forms save
them, so the file cannot hold what a form would refuse. Meetings, agenda
items and actions are written by :mod:`models.loader_minutes`. Each record
is created, updated (only the settings the file gives; its version rises
and the audit log names the fields) or left alone, and counted, so a
second load of the same file reports that nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from sqlmodel import Session, select

from models.audit import record_change
from models.bodies import save_body
from models.loader_minutes import MinutesWriter, upsert
from models.name_index import deferred_creations, names_held
from models.obligations_file import write_obligations
from models.progress import Progress
from models.plan import ArrangementsError, LoadSummary, Plan, Problem
from models.record_base import RecordErrors, named
from models.records import find_appointment, save_appointment, save_organisation, save_person
from models.tables import Body, ForwardPlanItem, Organisation, Partnership, Person

__all__ = ["LoadSummary", "write_plan"]

_APPOINTMENT_FIELDS = {"start": "from", "end": "to"}


class _Writer:
    def __init__(self, session: Session, summary: LoadSummary):
        self.s = session
        self.summary = summary
        self.problems: list[Problem] = []
        self.last = "unchanged"  # the outcome of the latest save

    def save(self, kind: str, place: str, write: Callable[[], tuple[Any, str]],
             fields: Mapping[str, str] | None = None) -> Any:
        """Run one record's command; a refusal becomes a located problem."""
        try:
            record, outcome = write()
        except RecordErrors as err:
            for key, message in err.errors.items():
                key = (fields or {}).get(key, key)
                self.problems.append(Problem(f"{place}.{key}", message))
            return None
        self.summary.count(kind, outcome)
        self.last = outcome
        return record

    def checkpoint(self) -> None:
        if self.problems:
            raise ArrangementsError(self.problems)

    def upsert(self, kind: str, record: Any, model: type, values: dict[str, Any], summary: str) -> Any:
        return upsert(self.s, self.summary, kind, record, model, values, summary)

    # ----------------------------------------------------------- sections

    def partnership(self, entry: dict[str, Any]) -> None:
        existing = self.s.exec(select(Partnership)).first()
        values = {k: v for k, v in entry.items() if k != "business_manager"}
        if "business_manager" in entry:
            manager = named(self.s, Person, entry["business_manager"])
            values["business_manager_id"] = manager.id if manager else None
        self.upsert("partnership", existing, Partnership, values, f'Added partnership "{entry["name"]}"')

    def organisations(self, plan: Plan) -> None:
        for index, entry in enumerate(plan.organisations):
            existing = named(self.s, Organisation, entry["name"])
            self.save("organisation", f"organisations[{index}]",
                      lambda: save_organisation(self.s, entry, existing))  # noqa: B023

    def people(self, plan: Plan) -> None:
        for index, entry in enumerate(plan.people):
            existing = named(self.s, Person, entry["name"])
            self.save("person", f"people[{index}]", lambda: save_person(self.s, entry, existing))  # noqa: B023

    def appointments(self, plan: Plan) -> None:
        # Earlier appointments first, so one that ends is ended before its successor starts.
        for entry in sorted(plan.appointments, key=lambda e: e["start"]):
            values = {k: v for k, v in entry.items() if k != "place"}
            existing = find_appointment(self.s, entry["person"], entry["role"], entry["organisation"], entry["start"])
            self.save("appointment", entry["place"], lambda: save_appointment(self.s, values, existing),  # noqa: B023
                      _APPOINTMENT_FIELDS)

    def bodies(self, plan: Plan) -> None:
        first: dict[str, str] = {}
        for entry in plan.bodies:
            values = {k: v for k, v in entry.items() if k not in ("place", "reports_to")}
            existing = named(self.s, Body, entry["name"])
            if self.save("body", entry["place"], lambda: save_body(self.s, values, existing)) is not None:  # noqa: B023
                first[entry["name"]] = self.last
        self.checkpoint()
        parents = {e["name"]: e["reports_to"] for e in plan.bodies if "reports_to" in e}
        for entry in plan.bodies:
            if "reports_to" not in entry:
                continue
            body = named(self.s, Body, entry["name"])
            try:
                _, outcome = save_body(self.s, {"reports_to": entry["reports_to"]}, body, parents=parents)
            except RecordErrors as err:
                self.problems.extend(Problem(f"{entry['place']}.{k}", m) for k, m in err.errors.items())
                continue
            if outcome == "updated" and first.get(entry["name"]) == "unchanged":
                self.summary.unchanged["body"] -= 1  # counted unchanged above; only its parent changed
                self.summary.updated["body"] += 1

    def forward_plan(self, plan: Plan) -> None:
        for entry in plan.forward_plan:
            body = named(self.s, Body, entry["body"])
            existing = self.s.exec(select(ForwardPlanItem).where(
                ForwardPlanItem.body_id == body.id, ForwardPlanItem.title == entry["title"])).first()
            values = {k: v for k, v in entry.items() if k != "body"}
            values["body_id"] = body.id
            self.upsert("forward plan item", existing, ForwardPlanItem, values,
                        f'Added "{entry["title"]}" to the forward plan of "{body.name}"')


def write_plan(session: Session, plan: Plan, *, source: str = "", today: date | None = None,
               progress: Progress | None = None) -> LoadSummary:
    """Write a checked plan inside the caller's transaction (the caller commits or rolls back).

    Raises ArrangementsError with located problems when a record is refused;
    the caller then rolls back, so nothing is written.
    """
    summary = LoadSummary()
    # Names are looked up in memory and new people flushed together (models.name_index); each
    # other command flushes what it writes.
    with session.no_autoflush, names_held(session, Organisation, Person, Body):
        _write(session, plan, summary, today or date.today(), progress)
    session.flush()
    if summary.changed:
        record_change(session, "load", "arrangements", None, summary.line(source),
                      {"created": dict(summary.created), "updated": dict(summary.updated)})
    return summary


def _write(session: Session, plan: Plan, summary: LoadSummary, today: date, progress: Progress | None) -> None:
    w = _Writer(session, summary)
    with deferred_creations(session):
        w.organisations(plan)
    w.checkpoint()
    with deferred_creations(session):
        w.people(plan)
    w.checkpoint()
    if plan.partnership:
        w.partnership(plan.partnership)
    w.appointments(plan)
    w.checkpoint()
    w.bodies(plan)
    w.checkpoint()
    w.forward_plan(plan)
    session.flush()
    minutes = MinutesWriter(session, summary, w.problems, today, progress)
    minutes.write(sorted(plan.meetings, key=lambda m: m["date"]), plan.actions)
    w.checkpoint()
    if plan.obligations:
        for kind, outcome in write_obligations(session, plan.obligations):
            summary.count(kind, outcome)
    summary.warnings = list(plan.warnings)
