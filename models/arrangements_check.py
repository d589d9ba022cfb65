"""Checking a whole arrangements document: every problem, each with its place.

``check_arrangements(doc, known)`` returns a :class:`~models.plan.Plan` and
the problems found. Each entry of the plan holds only the settings the file
gives, so a record's other fields keep their values when it is written.
Meetings and actions are checked in :mod:`models.arrangements_minutes`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from models.arrangements_fields import FieldChecker, kind_of
from models.arrangements_minutes import check_action, check_meetings, check_references_unique
from models.checks import check_email, check_partnership, describe_cycle, reports_to_cycle
from models.obligations_file import check_obligations
from models.plan import Known, Plan, Problem
from models.rules.cadence_table import cadence_to_dict, parse_cadence
from models.rules.quorum import parse_quorum, quorum_rule_to_dict
from models.rules.rotation import chair_rule_to_dict, parse_chair
from models.rules.vocab import (
    BODY_KINDS,
    CAPACITIES,
    ORG_KINDS,
    PER_ORGANISATION_ROLES,
    ROLES,
    parse_month,
    show,
    votes_by_default,
)

SECTIONS = ("partnership", "organisations", "people", "appointments", "bodies", "forward_plan", "meetings", "actions",
            "obligations")


def check_arrangements(doc: Mapping[str, Any], known: Known | None = None) -> tuple[Plan, list[Problem]]:
    """Check a whole arrangements document; return the plan and every problem."""
    c = FieldChecker(known or Known())
    plan = Plan()
    c.keys(doc, "", SECTIONS)

    organisations = c.tables(doc, "organisations")
    people = c.tables(doc, "people")
    bodies = c.tables(doc, "bodies")
    c.unique(organisations, "organisation", c.organisations)
    c.unique(people, "person", c.people)
    c.unique(bodies, "body", c.bodies)

    if "partnership" in doc:
        plan.partnership = _check_partnership(c, doc["partnership"])
    for place, table in organisations:
        c.keys(table, place, ("name", "short_name", "kind", "statutory", "category"))
        entry: dict[str, Any] = {"name": c.text(table, "name", place, required=True, kind="name")}
        c.given(entry, table, "short_name", lambda: c.text(table, "short_name", place))
        c.given(entry, table, "kind", lambda: c.choice(table, "kind", place, ORG_KINDS, "kind of organisation"))
        c.given(entry, table, "statutory", lambda: c.flag(table, "statutory", place, False))
        c.given(entry, table, "category", lambda: c.text(table, "category", place))
        plan.organisations.append(entry)
    for place, table in people:
        c.keys(table, place, ("name", "title", "organisation", "email", "phone"))
        entry = {"name": c.text(table, "name", place, required=True, kind="name")}
        c.given(entry, table, "title", lambda: c.text(table, "title", place))
        c.given(entry, table, "organisation", lambda: c.ref(table, "organisation", place, c.organisations, "organisation"))
        c.given(entry, table, "email", lambda: _email(c, table, place))
        c.given(entry, table, "phone", lambda: c.text(table, "phone", place))
        plan.people.append(entry)
    seen: dict[tuple, str] = {}
    for place, table in c.tables(doc, "appointments"):
        entry = _check_appointment(c, place, table)
        key = (entry["person"], entry["role"], entry["organisation"], entry["start"])
        if None not in (entry["person"], entry["role"], entry["start"]):
            if key in seen:
                c.problem(place, f"the same appointment is already given at {seen[key]}; give each record once")
            seen[key] = place
        plan.appointments.append(entry)
    for place, table in bodies:
        plan.bodies.append(_check_body(c, place, table))
    _check_hierarchy(c, plan, bodies)
    _check_forward_plan(c, doc, plan)
    plan.meetings = check_meetings(c, doc)
    for place, table in c.tables(doc, "actions"):
        plan.actions.append(check_action(c, place, table, top_level=True))
    check_references_unique(c, plan)
    if "obligations" in doc:
        checked = check_obligations(doc["obligations"], "obligations")
        plan.obligations, plan.warnings = checked.entries, plan.warnings + checked.warnings
        c.problems.extend(Problem(place, message) for place, message in checked.problems)
    return plan, c.problems


def _email(c: FieldChecker, table: Mapping[str, Any], place: str) -> str | None:
    email = c.text(table, "email", place)
    trouble = check_email(email) if email is not None else None
    if trouble:
        c.problem(f"{place}.email", trouble)
        return None
    return email


def _check_partnership(c: FieldChecker, value: object) -> dict[str, Any] | None:
    table = c.table(value, "partnership")
    if table is None:
        return None
    place = "partnership"
    c.keys(table, place, ("name", "short_name", "areas", "timezone", "bank_holidays", "business_manager", "protective_marking"))
    tz = c.text(table, "timezone", place) or "Europe/London"
    if tz != "Europe/London":
        c.problem(f"{place}.timezone", f'"{tz}" is not supported; partnerships in England use "Europe/London"')
    holidays_ = c.text(table, "bank_holidays", place) or "england"
    if holidays_.lower() not in ("england", "england-and-wales", "england_and_wales"):
        c.problem(f"{place}.bank_holidays", f'"{holidays_}" is not supported; use "england" (England and Wales bank holidays)')
    entry: dict[str, Any] = {"name": c.text(table, "name", place, required=True, kind="name")}
    trouble = check_partnership(c.known.partnership, entry["name"])
    if trouble:
        c.problem(f"{place}.name", trouble)
    c.given(entry, table, "short_name", lambda: c.text(table, "short_name", place))
    c.given(entry, table, "areas", lambda: c.text_list(table, "areas", place))
    c.given(entry, table, "business_manager", lambda: c.ref(table, "business_manager", place, c.people, "person"))
    c.given(entry, table, "protective_marking", lambda: c.text(table, "protective_marking", place) or "OFFICIAL")
    return entry


def _check_appointment(c: FieldChecker, place: str, table: Mapping[str, Any]) -> dict[str, Any]:
    c.keys(table, place, ("person", "role", "organisation", "from", "to", "notes"))
    start = c.a_date(table, "from", place, required=True)
    end = c.a_date(table, "to", place)
    if start and end and end < start:
        c.problem(f"{place}.to", f"the appointment ends ({end}) before it starts ({start})")
    role = c.choice(table, "role", place, ROLES, "role")
    if table.get("role") is None:
        c.problem(f"{place}.role", "role is required")
    organisation = c.ref(table, "organisation", place, c.organisations, "organisation")
    if role in PER_ORGANISATION_ROLES and table.get("organisation") is None:
        c.problem(f"{place}.organisation", "a safeguarding partner role needs the organisation it is held for")
    entry = {
        "person": c.ref(table, "person", place, c.people, "person", required=True),
        "role": role,
        "organisation": organisation,
        "start": start,
        "place": place,
    }
    c.given(entry, table, "to", lambda: end, "end")
    c.given(entry, table, "notes", lambda: c.text(table, "notes", place, kind="long"))
    return entry


def _check_rule(c: FieldChecker, table, key, place, parse, to_dict) -> Any:
    raw = c.table(table[key], f"{place}.{key}")
    if raw is None or not raw:
        return None  # {} clears the rule
    rule, problems = parse(raw)
    for where, message in problems:
        c.problem(f"{place}.{key}.{where}" if where else f"{place}.{key}", message)
    return to_dict(rule) if rule is not None else None


def _check_body(c: FieldChecker, place: str, table: Mapping[str, Any]) -> dict[str, Any]:
    c.keys(table, place, ("name", "short_name", "kind", "reports_to", "cadence", "chair", "members", "quorum",
                          "standing_items", "minute_numbering"))
    entry: dict[str, Any] = {"name": c.text(table, "name", place, required=True, kind="name"), "place": place}
    c.given(entry, table, "short_name", lambda: c.text(table, "short_name", place))
    c.given(entry, table, "kind", lambda: c.choice(table, "kind", place, BODY_KINDS, "kind of body"))
    c.given(entry, table, "cadence", lambda: _check_rule(c, table, "cadence", place, parse_cadence, cadence_to_dict))
    c.given(entry, table, "chair", lambda: _check_rule(c, table, "chair", place, parse_chair, chair_rule_to_dict))
    c.given(entry, table, "quorum", lambda: _check_rule(c, table, "quorum", place, parse_quorum, quorum_rule_to_dict))
    chair = entry.get("chair")
    if chair:
        if chair.get("person"):
            c.ref_value(chair["person"], f"{place}.chair.person", c.people, "person")
        for index, org in enumerate(chair.get("rotation") or []):
            c.ref_value(org, f"{place}.chair.rotation[{index}]", c.organisations, "organisation")
    if "reports_to" in table:
        entry["reports_to"] = c.ref(table, "reports_to", place, c.bodies, "body")
        if entry["reports_to"] is not None and entry["reports_to"] == entry["name"]:
            c.problem(f"{place}.reports_to", "a body cannot report to itself")
    if "members" in table:
        entry["members"] = _check_members(c, table, place)
    c.given(entry, table, "standing_items", lambda: _standing_items(c, table, place))
    c.given(entry, table, "minute_numbering", lambda: c.choice(
        table, "minute_numbering", place, ("per_meeting", "per_year"), "way of numbering minutes"))
    return entry


def _standing_items(c: FieldChecker, table: Mapping[str, Any], place: str) -> list[str]:
    titles = c.text_list(table, "standing_items", place)
    for index, title in enumerate(titles):
        if titles.index(title) != index:
            c.problem(f"{place}.standing_items[{index}]", f'"{title}" is listed twice')
    return titles


def _check_members(c: FieldChecker, table: Mapping[str, Any], place: str) -> list[dict[str, Any]]:
    members = []
    raw_members = table["members"]
    if not isinstance(raw_members, list):
        c.problem(f"{place}.members", f"should be a list of members, not {kind_of(raw_members)}")
        return []
    for index, raw in enumerate(raw_members):
        where = f"{place}.members[{index}]"
        member = c.table(raw, where)
        if member is None:
            continue
        c.keys(member, where, ("person", "role", "organisation", "capacity", "voting"))
        if ("person" in member) == ("role" in member):
            c.problem(where, "give either person or role")
        capacity = c.choice(member, "capacity", where, CAPACITIES, "capacity", default="member")
        members.append({
            "person": c.ref(member, "person", where, c.people, "person"),
            "role": c.choice(member, "role", where, ROLES, "role"),
            "organisation": c.ref(member, "organisation", where, c.organisations, "organisation"),
            "capacity": capacity,
            "voting": c.flag(member, "voting", where, votes_by_default(capacity)),
        })
    return members


def _check_hierarchy(c: FieldChecker, plan: Plan, bodies: list[tuple[str, Mapping[str, Any]]]) -> None:
    """No loop of bodies reporting to one another, counting what the database holds."""
    parents = dict(c.known.body_parents)
    for entry in plan.bodies:
        if entry["name"] and "reports_to" in entry:
            parents[entry["name"]] = entry["reports_to"]
    for entry in plan.bodies:
        if entry["name"] and entry.get("reports_to"):
            loop = reports_to_cycle(parents, entry["name"])
            if loop:
                c.problem(f"{entry['place']}.reports_to", describe_cycle(loop))


def _check_forward_plan(c: FieldChecker, doc: Mapping[str, Any], plan: Plan) -> None:
    seen: dict[tuple, str] = {}
    for place, table in c.tables(doc, "forward_plan"):
        c.keys(table, place, ("body", "title", "month", "recurring", "due", "notes"))
        recurring = table.get("recurring")
        if recurring is not None and recurring not in ("annual", "none"):
            c.problem(f"{place}.recurring", f'{show(recurring)} is not a repeat (use "annual")')
        entry: dict[str, Any] = {
            "body": c.ref(table, "body", place, c.bodies, "body", required=True),
            "title": c.text(table, "title", place, required=True, kind="name"),
        }
        key = (entry["body"], entry["title"])
        if None not in key:
            if key in seen:
                c.problem(f"{place}.title", f'"{entry["title"]}" is already in the forward plan at {seen[key]}')
            seen[key] = place
        c.given(entry, table, "month", lambda: c.parsed(table, "month", place, parse_month))
        c.given(entry, table, "recurring", lambda: "annual" if recurring == "annual" else None)
        c.given(entry, table, "due", lambda: c.a_date(table, "due", place))
        c.given(entry, table, "notes", lambda: c.text(table, "notes", place, kind="long"))
        plan.forward_plan.append(entry)
