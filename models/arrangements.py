"""The arrangements file: validate all of it, then write all of it or nothing.

``check_arrangements(doc, known)`` returns a :class:`Plan` and every problem
found, each with its place (``bodies[2].cadence.months``) and one plain
sentence. ``load_arrangements(engine, path)`` reads the TOML, checks it
against the file itself and what the database already holds, and writes it
in one transaction. Names are the keys, so loading the same file twice
changes nothing and an edited file updates records by name.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from models.rules.cadence import cadence_to_dict, parse_cadence
from models.text import visible

if TYPE_CHECKING:
    from models.loader import LoadSummary
from models.rules.quorum import parse_quorum, quorum_rule_to_dict
from models.rules.rotation import chair_rule_to_dict, parse_chair
from models.rules.vocab import (
    BODY_KINDS,
    CAPACITIES,
    ORG_KINDS,
    ROLES,
    VocabError,
    did_you_mean,
    parse_choice,
    parse_date,
    parse_month,
    parse_time,
    show,
)

MEETING_STATUSES = ("planned", "confirmed", "held", "cancelled", "postponed")
ATTENDANCE_STATUSES = ("present", "apologies", "absent", "deputy")
ACTION_STATUSES = ("open", "in_progress", "completed", "cancelled")
SECTIONS = ("partnership", "organisations", "people", "appointments", "bodies", "forward_plan", "meetings", "actions",
            "obligations")


@dataclass(frozen=True)
class Problem:
    place: str
    message: str

    def __str__(self) -> str:
        return visible(f"{self.place}: {self.message}" if self.place else self.message)


NUL_PROBLEM = "contains a NUL character (\\x00), which cannot be stored"


class ArrangementsError(Exception):
    """The file has problems; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = len(problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} found; nothing was loaded.")


@dataclass
class Known:
    """Names the database already holds, so a file may refer to them."""

    organisations: set[str] = field(default_factory=set)
    people: set[str] = field(default_factory=set)
    bodies: set[str] = field(default_factory=set)
    person_organisation: dict[str, str | None] = field(default_factory=dict)


@dataclass
class Plan:
    """The checked content of a file, in plain values ready to write."""

    partnership: dict[str, Any] | None = None
    organisations: list[dict[str, Any]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    appointments: list[dict[str, Any]] = field(default_factory=list)
    bodies: list[dict[str, Any]] = field(default_factory=list)
    forward_plan: list[dict[str, Any]] = field(default_factory=list)
    meetings: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)  # top-level [[actions]]
    obligations: list[dict[str, Any]] = field(default_factory=list)  # models.obligations_file
    warnings: list[str] = field(default_factory=list)  # loaded anyway, e.g. a case reference like a name


# ----------------------------------------------------------------- checking


class _Checker:
    def __init__(self, known: Known):
        self.known = known
        self.problems: list[Problem] = []
        self.organisations: set[str] = set(known.organisations)
        self.people: set[str] = set(known.people)
        self.bodies: set[str] = set(known.bodies)

    def problem(self, place: str, message: str) -> None:
        self.problems.append(Problem(place, message))

    # -- shapes

    def table(self, value: object, place: str) -> Mapping[str, Any] | None:
        if isinstance(value, Mapping):
            return value
        self.problem(place, f"should be a table of settings, not {_kind(value)}")
        return None

    def tables(self, doc: Mapping[str, Any], key: str) -> list[tuple[str, Mapping[str, Any]]]:
        value = doc.get(key, [])
        if not isinstance(value, list):
            self.problem(key, f"should be a list of [[{key}]] tables, not {_kind(value)}")
            return []
        result = []
        for index, entry in enumerate(value):
            table = self.table(entry, f"{key}[{index}]")
            if table is not None:
                result.append((f"{key}[{index}]", table))
        return result

    def keys(self, table: Mapping[str, Any], place: str, allowed: Iterable[str]) -> None:
        allowed = list(allowed)
        for key in table:
            if key not in allowed:
                guess = did_you_mean(key, allowed)
                hint = f' (did you mean "{guess}"?)' if guess else ""
                self.problem(f"{place}.{key}", f'unknown setting "{key}"{hint}')

    def text(self, table: Mapping[str, Any], key: str, place: str, *, required: bool = False) -> str | None:
        value = table.get(key)
        if value is None:
            if required:
                self.problem(f"{place}.{key}", f"{key} is required")
            return None
        if not isinstance(value, str):
            self.problem(f"{place}.{key}", f"should be text in quotes, not {_kind(value)}")
            return None
        if "\x00" in value:
            self.problem(f"{place}.{key}", NUL_PROBLEM)
            return None
        value = value.strip()
        if required and not value:
            self.problem(f"{place}.{key}", f"{key} must not be empty")
            return None
        return value or None

    def flag(self, table: Mapping[str, Any], key: str, place: str, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            self.problem(f"{place}.{key}", f"should be true or false, not {show(value)}")
            return default
        return value

    def number(self, table: Mapping[str, Any], key: str, place: str, *, low: int = 0, high: int = 10**6) -> int | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(f"{place}.{key}", f"should be a whole number, not {show(value)}")
            return None
        if not low <= value <= high:
            self.problem(f"{place}.{key}", f"should be between {low} and {high}, not {value}")
            return None
        return value

    def parsed(self, table: Mapping[str, Any], key: str, place: str, parse: Callable[[object], Any], *, required: bool = False) -> Any:
        value = table.get(key)
        if value is None:
            if required:
                self.problem(f"{place}.{key}", f"{key} is required")
            return None
        try:
            return parse(value)
        except VocabError as exc:
            self.problem(f"{place}.{key}", str(exc))
            return None

    def a_date(self, table, key, place, *, required=False) -> date | None:
        return self.parsed(table, key, place, parse_date, required=required)

    def choice(self, table, key, place, choices, what, *, default=None) -> str | None:
        if table.get(key) is None:
            return default
        return self.parsed(table, key, place, lambda v: parse_choice(v, choices, what))

    def text_list(self, table, key, place) -> list[str]:
        value = table.get(key, [])
        if not isinstance(value, list):
            self.problem(f"{place}.{key}", f"should be a list of texts, not {_kind(value)}")
            return []
        result = []
        for index, entry in enumerate(value):
            if not isinstance(entry, str) or not entry.strip():
                self.problem(f"{place}.{key}[{index}]", f"should be text in quotes, not {show(entry)}")
            elif "\x00" in entry:
                self.problem(f"{place}.{key}[{index}]", NUL_PROBLEM)
            else:
                result.append(entry.strip())
        return result

    # -- references

    def ref(self, table, key, place, pool: set[str], what: str, *, required: bool = False) -> str | None:
        name = self.text(table, key, place, required=required)
        if name is None:
            return None
        return self.ref_value(name, f"{place}.{key}", pool, what)

    def ref_value(self, name: str, place: str, pool: set[str], what: str) -> str | None:
        if name in pool:
            return name
        guess = did_you_mean(name, pool)
        hint = f' (did you mean "{guess}"?)' if guess else ""
        self.problem(place, f'no {what} named "{name}"{hint}')
        return None

    def unique(self, entries: list[tuple[str, Mapping[str, Any]]], what: str, pool: set[str]) -> None:
        seen: dict[str, str] = {}
        for place, table in entries:
            name = table.get("name")
            if not isinstance(name, str) or not name.strip():
                continue
            name = name.strip()
            if name in seen:
                self.problem(f"{place}.name", f'{what} "{name}" is already defined at {seen[name]}')
            else:
                seen[name] = place
                pool.add(name)


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, date):
        return "a date"
    return type(value).__name__


def check_arrangements(doc: Mapping[str, Any], known: Known | None = None) -> tuple[Plan, list[Problem]]:
    """Check a whole arrangements document; return the plan and every problem."""
    c = _Checker(known or Known())
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
        plan.organisations.append({
            "name": c.text(table, "name", place, required=True),
            "short_name": c.text(table, "short_name", place),
            "kind": c.choice(table, "kind", place, ORG_KINDS, "kind of organisation", default="relevant_agency"),
            "statutory": c.flag(table, "statutory", place, False),
            "category": c.text(table, "category", place),
        })
    person_org: dict[str, str | None] = dict(c.known.person_organisation)
    for place, table in people:
        c.keys(table, place, ("name", "title", "organisation", "email", "phone"))
        email = c.text(table, "email", place)
        if email is not None and not looks_like_email(email):
            c.problem(f"{place}.email", f'"{email}" is not an e-mail address')
        entry = {
            "name": c.text(table, "name", place, required=True),
            "title": c.text(table, "title", place),
            "organisation": c.ref(table, "organisation", place, c.organisations, "organisation"),
            "email": email,
            "phone": c.text(table, "phone", place),
        }
        plan.people.append(entry)
        if entry["name"]:
            person_org[entry["name"]] = entry["organisation"]
    for place, table in c.tables(doc, "appointments"):
        plan.appointments.append(_check_appointment(c, place, table))
    for place, table in bodies:
        plan.bodies.append(_check_body(c, place, table))
    for place, table in c.tables(doc, "forward_plan"):
        c.keys(table, place, ("body", "title", "month", "recurring", "due", "notes"))
        recurring = table.get("recurring")
        if recurring is not None and recurring not in ("annual", "none"):
            c.problem(f"{place}.recurring", f'{show(recurring)} is not a repeat (use "annual")')
        plan.forward_plan.append({
            "body": c.ref(table, "body", place, c.bodies, "body", required=True),
            "title": c.text(table, "title", place, required=True),
            "month": c.parsed(table, "month", place, parse_month),
            "recurring": "annual" if recurring == "annual" else None,
            "due": c.a_date(table, "due", place),
            "notes": c.text(table, "notes", place),
        })
    seen_meetings: dict[tuple[str, date], str] = {}
    for place, table in c.tables(doc, "meetings"):
        meeting = _check_meeting(c, place, table)
        key = (meeting["body"], meeting["date"])
        if meeting["body"] and meeting["date"]:
            if key in seen_meetings:
                c.problem(f"{place}.date", f'"{meeting["body"]}" already has a meeting on {meeting["date"]} at {seen_meetings[key]}')
            seen_meetings[key] = place
        plan.meetings.append(meeting)
    for place, table in c.tables(doc, "actions"):
        action = _check_action(c, place, table, top_level=True)
        plan.actions.append(action)
    _check_references_unique(c, plan)
    if "obligations" in doc:
        from models.obligations_file import check_obligations

        checked = check_obligations(doc["obligations"], "obligations")
        plan.obligations, plan.warnings = checked.entries, plan.warnings + checked.warnings
        c.problems.extend(Problem(place, message) for place, message in checked.problems)
    return plan, c.problems


def looks_like_email(value: str) -> bool:
    """A plain check that an e-mail address has a name, an @ and a dotted domain."""
    local, at, domain = value.partition("@")
    return bool(at and local and "." in domain and " " not in value and not domain.startswith(".") and not domain.endswith("."))


def _check_partnership(c: _Checker, value: object) -> dict[str, Any] | None:
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
    return {
        "name": c.text(table, "name", place, required=True),
        "short_name": c.text(table, "short_name", place),
        "areas": c.text_list(table, "areas", place),
        "timezone": "Europe/London",
        "bank_holidays": "england",
        "business_manager": c.ref(table, "business_manager", place, c.people, "person"),
        "protective_marking": c.text(table, "protective_marking", place) or "OFFICIAL",
    }


def _check_appointment(c: _Checker, place: str, table: Mapping[str, Any]) -> dict[str, Any]:
    c.keys(table, place, ("person", "role", "organisation", "from", "to", "notes"))
    start = c.a_date(table, "from", place, required=True)
    end = c.a_date(table, "to", place)
    if start and end and end < start:
        c.problem(f"{place}.to", f"the appointment ends ({end}) before it starts ({start})")
    role = c.choice(table, "role", place, ROLES, "role")
    if table.get("role") is None:
        c.problem(f"{place}.role", "role is required")
    organisation = c.ref(table, "organisation", place, c.organisations, "organisation")
    if role in ("lead_safeguarding_partner", "delegated_safeguarding_partner") and table.get("organisation") is None:
        c.problem(f"{place}.organisation", "a safeguarding partner role needs the organisation it is held for")
    return {
        "person": c.ref(table, "person", place, c.people, "person", required=True),
        "role": role,
        "organisation": organisation,
        "start": start,
        "end": end,
        "notes": c.text(table, "notes", place),
    }


def _check_rule(c: _Checker, table, key, place, parse) -> dict[str, Any] | None:
    value = table.get(key)
    if value is None:
        return None
    raw = c.table(value, f"{place}.{key}")
    if raw is None:
        return None
    rule, problems = parse(raw)
    for where, message in problems:
        c.problem(f"{place}.{key}.{where}" if where else f"{place}.{key}", message)
    return rule


def _check_body(c: _Checker, place: str, table: Mapping[str, Any]) -> dict[str, Any]:
    c.keys(table, place, ("name", "short_name", "kind", "reports_to", "cadence", "chair", "members", "quorum", "standing_items", "minute_numbering"))
    cadence = _check_rule(c, table, "cadence", place, parse_cadence)
    for key in ("location", "online_link"):
        if cadence is not None and "\x00" in (getattr(cadence, key) or ""):
            c.problem(f"{place}.cadence.{key}", NUL_PROBLEM)
    chair = _check_rule(c, table, "chair", place, parse_chair)
    quorum = _check_rule(c, table, "quorum", place, parse_quorum)
    if chair is not None:
        if chair.person:
            c.ref_value(chair.person, f"{place}.chair.person", c.people, "person")
        for index, org in enumerate(chair.rotation):
            c.ref_value(org, f"{place}.chair.rotation[{index}]", c.organisations, "organisation")
    reports_to = c.ref(table, "reports_to", place, c.bodies, "body")
    if reports_to is not None and reports_to == table.get("name"):
        c.problem(f"{place}.reports_to", "a body cannot report to itself")
    members = []
    raw_members = table.get("members", [])
    if not isinstance(raw_members, list):
        c.problem(f"{place}.members", f"should be a list of members, not {_kind(raw_members)}")
        raw_members = []
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
            "voting": c.flag(member, "voting", where, capacity in ("member", "chair")),
        })
    numbering = c.choice(table, "minute_numbering", place, ("per_meeting", "per_year"), "way of numbering minutes", default="per_meeting")
    return {
        "name": c.text(table, "name", place, required=True),
        "short_name": c.text(table, "short_name", place),
        "kind": c.choice(table, "kind", place, BODY_KINDS, "kind of body", default="delivery_group"),
        "reports_to": reports_to,
        "cadence": cadence_to_dict(cadence) if cadence is not None else None,
        "chair_rule": chair_rule_to_dict(chair) if chair is not None else None,
        "quorum_rule": quorum_rule_to_dict(quorum) if quorum is not None else None,
        "members": members,
        "standing_items": c.text_list(table, "standing_items", place),
        "minute_numbering": numbering,
    }


def _check_meeting(c: _Checker, place: str, table: Mapping[str, Any]) -> dict[str, Any]:
    c.keys(table, place, ("body", "date", "time", "duration_minutes", "title", "status", "location", "online_link", "attendance", "items", "minutes_approved_on", "notes"))
    meeting = {
        "body": c.ref(table, "body", place, c.bodies, "body", required=True),
        "date": c.a_date(table, "date", place, required=True),
        "time": c.parsed(table, "time", place, parse_time),
        "duration_minutes": c.number(table, "duration_minutes", place, low=5, high=24 * 60),
        "title": c.text(table, "title", place),
        "status": c.choice(table, "status", place, MEETING_STATUSES, "meeting status"),
        "location": c.text(table, "location", place),
        "online_link": c.text(table, "online_link", place),
        "minutes_approved_on": c.a_date(table, "minutes_approved_on", place),
        "notes": c.text(table, "notes", place),
        "attendance": [],
        "items": [],
    }
    seen_people: dict[str, str] = {}
    for index, raw in enumerate(_list(c, table, "attendance", place)):
        where = f"{place}.attendance[{index}]"
        row = c.table(raw, where)
        if row is None:
            continue
        c.keys(row, where, ("person", "status", "deputy_for", "capacity"))
        person = c.ref(row, "person", where, c.people, "person", required=True)
        status = c.choice(row, "status", where, ATTENDANCE_STATUSES, "attendance status", default="present")
        deputy_for = c.ref(row, "deputy_for", where, c.people, "person")
        if status == "deputy" and row.get("deputy_for") is None:
            c.problem(f"{where}.deputy_for", "a deputy needs deputy_for: the person they stand in for")
        if status != "deputy" and row.get("deputy_for") is not None:
            c.problem(f"{where}.status", f'deputy_for is given, so status should be "deputy", not "{status}"')
        if person:
            if person in seen_people:
                c.problem(f"{where}.person", f'"{person}" is already recorded at {seen_people[person]}')
            seen_people[person] = where
        meeting["attendance"].append({
            "person": person, "status": status, "deputy_for": deputy_for,
            "capacity": c.choice(row, "capacity", where, CAPACITIES, "capacity"),
        })
    titles: dict[str, str] = {}
    for index, raw in enumerate(_list(c, table, "items", place)):
        where = f"{place}.items[{index}]"
        item = c.table(raw, where)
        if item is None:
            continue
        c.keys(item, where, ("title", "presenter", "duration_minutes", "standing", "minute", "resolutions", "actions", "exempt"))
        title = c.text(item, "title", where, required=True)
        if title:
            if title in titles:
                c.problem(f"{where}.title", f'"{title}" is already an item of this meeting at {titles[title]}')
            titles[title] = where
        exempt = None
        if item.get("exempt") not in (None, False):
            raw_exempt = item["exempt"]
            if raw_exempt is True:
                raw_exempt = {}
            exempt_table = c.table(raw_exempt, f"{where}.exempt")
            if exempt_table is not None:
                c.keys(exempt_table, f"{where}.exempt", ("paragraph", "reason"))
                paragraph = c.number(exempt_table, "paragraph", f"{where}.exempt", low=1, high=7)
                if exempt_table.get("paragraph") is None:
                    c.problem(f"{where}.exempt.paragraph", "an exempt item needs the paragraph of Schedule 12A (1 to 7)")
                exempt = {"paragraph": paragraph, "reason": c.text(exempt_table, "reason", f"{where}.exempt")}
        minute = item.get("minute")
        if minute is not None and not isinstance(minute, str):
            c.problem(f"{where}.minute", f"should be text in quotes, not {_kind(minute)}")
            minute = None
        elif isinstance(minute, str) and "\x00" in minute:
            c.problem(f"{where}.minute", NUL_PROBLEM)
            minute = None
        meeting["items"].append({
            "title": title,
            "presenter": c.text(item, "presenter", where),
            "duration_minutes": c.number(item, "duration_minutes", where, low=1, high=24 * 60),
            "standing": c.flag(item, "standing", where, False),
            "minute": minute.strip() if isinstance(minute, str) and minute.strip() else None,
            "resolutions": c.text_list(item, "resolutions", where),
            "exempt": exempt,
            "actions": [_check_action(c, f"{where}.actions[{n}]", a, top_level=False)
                        for n, a in enumerate(_list(c, item, "actions", where)) if c.table(a, f"{where}.actions[{n}]") is not None],
        })
    return meeting


def _list(c: _Checker, table: Mapping[str, Any], key: str, place: str) -> list[Any]:
    value = table.get(key, [])
    if not isinstance(value, list):
        c.problem(f"{place}.{key}", f"should be a list, not {_kind(value)}")
        return []
    return value


def _check_action(c: _Checker, place: str, table: Mapping[str, Any], *, top_level: bool) -> dict[str, Any]:
    allowed = ["description", "owner", "due", "reference", "status", "completed", "updates"]
    if top_level:
        allowed.append("body")
    c.keys(table, place, allowed)
    status = c.choice(table, "status", place, ACTION_STATUSES, "action status", default="open")
    completed = c.a_date(table, "completed", place)
    updates = []
    for index, raw in enumerate(_list(c, table, "updates", place)):
        where = f"{place}.updates[{index}]"
        update = c.table(raw, where)
        if update is None:
            continue
        c.keys(update, where, ("on", "note", "status"))
        updates.append({
            "on": c.a_date(update, "on", where, required=True),
            "note": c.text(update, "note", where, required=True),
            "status": c.choice(update, "status", where, ACTION_STATUSES, "action status"),
        })
    reference = c.text(table, "reference", place)
    return {
        "body": c.ref(table, "body", place, c.bodies, "body", required=True) if top_level else None,
        "description": c.text(table, "description", place, required=True),
        "owner": c.ref(table, "owner", place, c.people, "person"),
        "due": c.a_date(table, "due", place),
        "reference": reference.upper() if reference else None,
        "status": status,
        "completed": completed,
        "updates": updates,
        "place": place,
    }


def _check_references_unique(c: _Checker, plan: Plan) -> None:
    seen: dict[str, str] = {}
    for action in _all_actions(plan):
        ref = action["reference"]
        if ref:
            if ref in seen:
                c.problem(f"{action['place']}.reference", f'the reference "{ref}" is already used at {seen[ref]}')
            seen[ref] = action["place"]


def _all_actions(plan: Plan) -> Iterable[dict[str, Any]]:
    for meeting in plan.meetings:
        for item in meeting["items"]:
            yield from item["actions"]
    yield from plan.actions


# ----------------------------------------------------------------- reading


def read_toml(path: str | Path) -> dict[str, Any]:
    """Parse a TOML file, turning any failure into an ArrangementsError."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ArrangementsError([Problem("", f'there is no file "{path}"')]) from None
    except OSError as exc:
        raise ArrangementsError([Problem("", f'"{path}" cannot be read: {exc.strerror}')]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ArrangementsError([Problem(path.name, "the file is not UTF-8 text")]) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ArrangementsError([Problem(path.name, f"not valid TOML: {exc}")]) from None


def known_names(session: Session) -> Known:
    from models.tables import Body, Organisation, Person

    known = Known()
    organisations = {o.id: o.name for o in session.exec(select(Organisation))}
    known.organisations = set(organisations.values())
    for person in session.exec(select(Person)):
        known.people.add(person.name)
        known.person_organisation[person.name] = organisations.get(person.organisation_id)
    known.bodies = {b.name for b in session.exec(select(Body))}
    return known


def load_arrangements(engine: Engine, path: str | Path) -> "LoadSummary":
    """Check the file at ``path`` and write it in one transaction.

    Raises ArrangementsError listing every problem; the database is then
    untouched.
    """
    from models.loader import write_plan  # the loader imports Plan from here

    doc = read_toml(path)
    with Session(engine, expire_on_commit=False) as session:
        plan, problems = check_arrangements(doc, known_names(session))
        if problems:
            raise ArrangementsError(problems)
        try:
            summary = write_plan(session, plan, source=Path(path).name)
            session.commit()
        except IntegrityError as exc:
            session.rollback()
            raise ArrangementsError([Problem("", "another officer changed the same records while this file was "
                                                 "loading; nothing was written, so load it again")]) from exc
        except BaseException:
            session.rollback()
            raise
    return summary


__all__ = [
    "ArrangementsError", "Known", "Plan", "Problem", "check_arrangements", "load_arrangements", "read_toml",
]


