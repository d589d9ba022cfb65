"""Checking the meetings and actions of an arrangements file.

Meetings are keyed by body and date, attendance by person, agenda items by
title and actions by reference (or description); like every other record,
a setting left out keeps its value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from models.arrangements_fields import FieldChecker
from models.checks import check_completed, check_deputy, check_minutes_approved
from models.plan import Plan
from models.rules.vocab import CAPACITIES, parse_time
from models.views import ACTION_STATUSES, ATTENDANCE_STATUSES, ITEM_PURPOSES, MEETING_STATUSES


def check_meetings(c: FieldChecker, doc: Mapping[str, Any]) -> list[dict[str, Any]]:
    meetings = []
    seen: dict[tuple[str, date], str] = {}
    for place, table in c.tables(doc, "meetings"):
        meeting = _check_meeting(c, place, table)
        key = (meeting["body"], meeting["date"])
        if meeting["body"] and meeting["date"]:
            if key in seen:
                c.problem(f"{place}.date", f'"{meeting["body"]}" already has a meeting on {meeting["date"]} at {seen[key]}')
            seen[key] = place
        meetings.append(meeting)
    return meetings


def _check_meeting(c: FieldChecker, place: str, table: Mapping[str, Any]) -> dict[str, Any]:
    c.keys(table, place, ("body", "date", "time", "duration_minutes", "title", "status", "location", "online_link",
                          "attendance", "items", "minutes_approved_on", "notes"))
    meeting: dict[str, Any] = {
        "body": c.ref(table, "body", place, c.bodies, "body", required=True),
        "date": c.a_date(table, "date", place, required=True),
        "attendance": [],
        "items": [],
    }
    c.given(meeting, table, "time", lambda: c.parsed(table, "time", place, parse_time))
    c.given(meeting, table, "duration_minutes", lambda: c.number(table, "duration_minutes", place, low=5, high=24 * 60))
    c.given(meeting, table, "title", lambda: c.text(table, "title", place))
    c.given(meeting, table, "status", lambda: c.choice(table, "status", place, MEETING_STATUSES, "meeting status"))
    c.given(meeting, table, "location", lambda: c.text(table, "location", place))
    c.given(meeting, table, "online_link", lambda: c.text(table, "online_link", place))
    c.given(meeting, table, "minutes_approved_on", lambda: c.a_date(table, "minutes_approved_on", place))
    c.given(meeting, table, "notes", lambda: c.text(table, "notes", place, kind="long"))
    trouble = check_minutes_approved(meeting["date"], meeting.get("minutes_approved_on"))
    if trouble:
        c.problem(f"{place}.minutes_approved_on", trouble)
    seen_people: dict[str, str] = {}
    for index, raw in enumerate(c.list_of(table, "attendance", place)):
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
        trouble = check_deputy(person, deputy_for)
        if trouble:
            c.problem(f"{where}.deputy_for", trouble)
        if person:
            if person in seen_people:
                c.problem(f"{where}.person", f'"{person}" is already recorded at {seen_people[person]}')
            seen_people[person] = where
        meeting["attendance"].append({
            "person": person, "status": status, "deputy_for": deputy_for,
            "capacity": c.choice(row, "capacity", where, CAPACITIES, "capacity"),
        })
    titles: dict[str, str] = {}
    for index, raw in enumerate(c.list_of(table, "items", place)):
        where = f"{place}.items[{index}]"
        item = c.table(raw, where)
        if item is None:
            continue
        entry = _check_item(c, where, item)
        if entry["title"]:
            if entry["title"] in titles:
                c.problem(f"{where}.title", f'"{entry["title"]}" is already an item of this meeting at {titles[entry["title"]]}')
            titles[entry["title"]] = where
        meeting["items"].append(entry)
    return meeting


def _check_item(c: FieldChecker, where: str, item: Mapping[str, Any]) -> dict[str, Any]:
    c.keys(item, where, ("title", "presenter", "duration_minutes", "standing", "minute", "resolutions", "actions", "exempt",
                         "purpose", "papers"))
    entry: dict[str, Any] = {"title": c.text(item, "title", where, required=True, kind="name")}
    c.given(entry, item, "presenter", lambda: c.text(item, "presenter", where))
    c.given(entry, item, "duration_minutes", lambda: c.number(item, "duration_minutes", where, low=1, high=24 * 60))
    c.given(entry, item, "standing", lambda: c.flag(item, "standing", where, False))
    c.given(entry, item, "minute", lambda: c.text(item, "minute", where, kind="long"))
    c.given(entry, item, "resolutions", lambda: c.text_list(item, "resolutions", where, kind="long"))
    c.given(entry, item, "exempt", lambda: _exempt(c, where, item))
    c.given(entry, item, "purpose", lambda: c.choice(item, "purpose", where, ITEM_PURPOSES, "purpose"))
    c.given(entry, item, "papers", lambda: c.text_list(item, "papers", where))
    entry["actions"] = [check_action(c, f"{where}.actions[{n}]", a, top_level=False)
                        for n, a in enumerate(c.list_of(item, "actions", where))
                        if c.table(a, f"{where}.actions[{n}]") is not None]
    return entry


def _exempt(c: FieldChecker, where: str, item: Mapping[str, Any]) -> dict[str, Any] | None:
    raw = item["exempt"]
    if raw is False:
        return None
    exempt_table = c.table({} if raw is True else raw, f"{where}.exempt")
    if exempt_table is None:
        return None
    c.keys(exempt_table, f"{where}.exempt", ("paragraph", "reason"))
    paragraph = c.number(exempt_table, "paragraph", f"{where}.exempt", low=1, high=7)
    if exempt_table.get("paragraph") is None:
        c.problem(f"{where}.exempt.paragraph", "an exempt item needs the paragraph of Schedule 12A (1 to 7)")
    return {"paragraph": paragraph, "reason": c.text(exempt_table, "reason", f"{where}.exempt")}


def check_action(c: FieldChecker, place: str, table: Mapping[str, Any], *, top_level: bool) -> dict[str, Any]:
    allowed = ["description", "owner", "due", "reference", "status", "completed", "updates"]
    if top_level:
        allowed.append("body")
    c.keys(table, place, allowed)
    reference = c.text(table, "reference", place)
    action: dict[str, Any] = {
        "body": c.ref(table, "body", place, c.bodies, "body", required=True) if top_level else None,
        "reference": reference.upper() if reference else None,
        "place": place,
    }
    if "description" in table or not reference:
        action["description"] = c.text(table, "description", place, required=True, kind="long")
    c.given(action, table, "owner", lambda: c.ref(table, "owner", place, c.people, "person"))
    c.given(action, table, "due", lambda: c.a_date(table, "due", place))
    c.given(action, table, "status", lambda: c.choice(table, "status", place, ACTION_STATUSES, "action status"))
    c.given(action, table, "completed", lambda: c.a_date(table, "completed", place))
    if action.get("completed") is not None and action.get("status"):
        trouble = check_completed(action["status"], action["completed"])
        if trouble:
            c.problem(f"{place}.completed", trouble)
    if "updates" in table:
        action["updates"] = []
        for index, raw in enumerate(c.list_of(table, "updates", place)):
            where = f"{place}.updates[{index}]"
            update = c.table(raw, where)
            if update is None:
                continue
            c.keys(update, where, ("on", "note", "status"))
            action["updates"].append({
                "on": c.a_date(update, "on", where, required=True),
                "note": c.text(update, "note", where, required=True, kind="long"),
                "status": c.choice(update, "status", where, ACTION_STATUSES, "action status"),
            })
    return action


def check_references_unique(c: FieldChecker, plan: Plan) -> None:
    seen: dict[str, str] = {}
    for action in all_actions(plan):
        ref = action["reference"]
        if ref:
            if ref in seen:
                c.problem(f"{action['place']}.reference", f'the reference "{ref}" is already used at {seen[ref]}')
            seen[ref] = action["place"]


def all_actions(plan: Plan) -> Iterable[dict[str, Any]]:
    for meeting in plan.meetings:
        for item in meeting["items"]:
            yield from item["actions"]
    yield from plan.actions
