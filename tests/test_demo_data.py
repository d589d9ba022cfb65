"""The bundled demo partnership holds what issue 2 promises, read back with tomllib."""

from __future__ import annotations

import tomllib
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any, Iterator

import pytest

DEMO = Path(__file__).resolve().parent.parent / "models" / "demo" / "demo_partnership.toml"
SHARED_EXAMPLE = Path(__file__).resolve().parent / "data" / "northmoor.toml"
TODAY = date(2026, 11, 23)
YEAR_START, YEAR_END = date(2025, 12, 1), date(2026, 11, 30)
STATUTORY_KINDS = {"local_authority", "health", "police"}


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    with DEMO.open("rb") as handle:
        return tomllib.load(handle)


def _actions(doc: dict[str, Any]) -> Iterator[tuple[dict, dict, dict]]:
    """Yield (meeting, item, action) for every action in the file."""
    for meeting in doc["meetings"]:
        for item in meeting.get("items", []):
            for action in item.get("actions", []):
                yield meeting, item, action


def _holders(doc: dict[str, Any], role: str, org: str, on: date) -> list[str]:
    return [
        a["person"]
        for a in doc["appointments"]
        if a["role"] == role and a.get("organisation") == org and a["from"] <= on and a.get("to", date.max) >= on
    ]


def _body(doc: dict[str, Any], kind: str) -> dict[str, Any]:
    (found,) = [b for b in doc["bodies"] if b["kind"] == kind]
    return found


def test_three_statutory_partners_each_with_one_lsp_and_one_dsp_all_year(doc):
    statutory = [o for o in doc["organisations"] if o.get("statutory")]
    assert {o["kind"] for o in statutory} == STATUTORY_KINDS
    assert len(statutory) == 3
    for org in statutory:
        for day in (YEAR_START, date(2026, 6, 30), date(2026, 7, 1), TODAY):
            assert len(_holders(doc, "lead_safeguarding_partner", org["name"], day)) == 1, (org["name"], day)
            assert len(_holders(doc, "delegated_safeguarding_partner", org["name"], day)) == 1, (org["name"], day)


def test_exactly_one_dsp_change_during_the_year_with_a_successor_next_day(doc):
    dsp = [a for a in doc["appointments"] if a["role"] == "delegated_safeguarding_partner"]
    ended = [a for a in dsp if "to" in a and YEAR_START <= a["to"] <= YEAR_END]
    started = [a for a in dsp if YEAR_START <= a["from"] <= YEAR_END]
    assert len(ended) == 1 and len(started) == 1
    (old,), (new,) = ended, started
    assert new["organisation"] == old["organisation"]
    assert (new["from"] - old["to"]).days == 1
    assert new["person"] != old["person"]


def test_supporting_roles_are_appointed(doc):
    roles = Counter(a["role"] for a in doc["appointments"])
    assert roles["independent_scrutineer"] == 1
    assert roles["lead_member"] == 1
    assert roles["business_manager"] == 1
    assert roles["education_lead"] >= 1
    assert doc["partnership"]["business_manager"] in {a["person"] for a in doc["appointments"] if a["role"] == "business_manager"}


def test_relevant_agencies_cover_the_main_categories(doc):
    categories = {o.get("category") for o in doc["organisations"] if not o.get("statutory")}
    assert {"Health and Social Care", "Educational and Childcare", "Criminal Justice", "Voluntary and Community"} <= categories


def test_executive_is_quarterly_with_an_18_month_rotation_of_the_statutory_partners(doc):
    executive = _body(doc, "executive")
    assert executive["cadence"]["frequency"] == "quarterly"
    chair = executive["chair"]
    assert chair["term_months"] == 18
    assert chair["from_role"] == "delegated_safeguarding_partner"
    statutory = {o["name"] for o in doc["organisations"] if o.get("statutory")}
    assert sorted(chair["rotation"]) == sorted(statutory)
    assert "quorum" in executive
    observers = [m for m in executive["members"] if m.get("capacity") == "participant_observer"]
    assert observers and all(m["voting"] is False for m in observers)
    assert any(m.get("role") == "lead_member" for m in observers)


def test_lsp_group_meets_twice_a_year_with_a_quorum(doc):
    lsp = [b for b in doc["bodies"] if {"role": "lead_safeguarding_partner"} in b["members"]]
    twice = [b for b in lsp if b["cadence"]["frequency"] == "twice-yearly" and "quorum" in b]
    assert twice, "no twice-yearly body of lead safeguarding partners with a quorum"


def test_four_delivery_groups_report_up_to_the_executive_and_on_to_the_lsps(doc):
    groups = [b for b in doc["bodies"] if b["kind"] == "delivery_group"]
    assert len(groups) == 4
    executive = _body(doc, "executive")
    assert {g["reports_to"] for g in groups} == {executive["name"]}
    assert executive["reports_to"] == _body(doc, "strategic")["name"]
    names = " ".join(g["name"].lower() for g in groups)
    for theme in ("exploitation", "neglect", "education", "performance"):
        assert theme in names
    frequencies = {g["cadence"]["frequency"] for g in groups}
    assert "bimonthly" in frequencies and any(f.startswith("every-") for f in frequencies)
    assert any("day" in g["cadence"] for g in groups)
    assert any("Sept" in g["cadence"].get("months", []) for g in groups)


def test_every_body_has_a_short_name_and_standing_items_where_it_meets_formally(doc):
    short_names = [b["short_name"] for b in doc["bodies"]]
    assert len(set(short_names)) == len(short_names)
    for body in doc["bodies"]:
        if body["kind"] != "summit":
            assert body["standing_items"], body["name"]


def test_about_fifty_actions_in_every_status(doc):
    actions = [a for _, _, a in _actions(doc)]
    assert 45 <= len(actions) <= 60
    statuses = Counter(a["status"] for a in actions)
    assert set(statuses) == {"open", "in_progress", "completed", "cancelled"}
    overdue = [a for a in actions if a["status"] in ("open", "in_progress") and a["due"] < TODAY]
    due_soon = [a for a in actions if a["status"] in ("open", "in_progress") and TODAY <= a["due"] <= date(2026, 12, 7)]
    assert len(overdue) >= 3
    assert len(due_soon) >= 2


def test_action_references_are_unique_and_follow_body_and_meeting_year(doc):
    short = {b["name"]: b["short_name"] for b in doc["bodies"]}
    references = []
    for meeting, _, action in _actions(doc):
        prefix = f"{short[meeting['body']]}-{meeting['date'].year}-"
        assert action["reference"].startswith(prefix), action["reference"]
        assert len(action["reference"]) == len(prefix) + 3
        references.append(action["reference"])
    assert len(set(references)) == len(references)


def test_action_dates_fit_the_meeting_and_today(doc):
    for meeting, _, action in _actions(doc):
        assert action["due"] > meeting["date"], action["reference"]
        if action["status"] == "completed":
            assert meeting["date"] <= action["completed"] <= TODAY, action["reference"]
        else:
            assert "completed" not in action, action["reference"]
        for update in action.get("updates", []):
            assert meeting["date"] <= update["on"] <= TODAY, action["reference"]


def test_exempt_items_have_a_paragraph_a_reason_and_some_actions(doc):
    exempt = [i for m in doc["meetings"] for i in m.get("items", []) if "exempt" in i]
    assert len(exempt) >= 3
    for item in exempt:
        assert item["exempt"]["paragraph"] in range(1, 8)
        assert item["exempt"]["reason"].strip()
    assert len({i["exempt"]["paragraph"] for i in exempt}) >= 2
    assert any(i.get("actions") for i in exempt)


def test_a_year_of_held_meetings_with_attendance_and_minutes(doc):
    held = [m for m in doc["meetings"] if m["status"] == "held"]
    assert len(held) >= 15
    assert min(m["date"] for m in held) <= date(2025, 12, 31)
    assert all(YEAR_START <= m["date"] < TODAY for m in held)
    for meeting in held:
        assert meeting["attendance"], meeting["date"]
        assert all(item.get("minute", "").strip() for item in meeting["items"]), (meeting["body"], meeting["date"])
    statuses = Counter(m["status"] for m in doc["meetings"])
    assert statuses["cancelled"] == 1
    confirmed = [m for m in doc["meetings"] if m["status"] == "confirmed"]
    assert confirmed and all(m["date"] > TODAY and m["items"] for m in confirmed)
    assert not any(i.get("minute") for m in confirmed for i in m["items"])


def test_deputies_stand_in_for_someone_sent_apologies(doc):
    deputies = 0
    for meeting in doc["meetings"]:
        rows = {r["person"]: r for r in meeting.get("attendance", [])}
        for row in rows.values():
            if row["status"] == "deputy":
                deputies += 1
                assert rows[row["deputy_for"]]["status"] == "apologies", meeting["date"]
    assert deputies >= 2


def test_delegated_partners_attend_only_while_they_hold_the_role(doc):
    """A DSP who has no other appointment appears only while in post (the change of ICB DSP)."""
    by_person: dict[str, list[dict]] = {}
    for appointment in doc["appointments"]:
        by_person.setdefault(appointment["person"], []).append(appointment)
    dsp_only = {
        person: spans
        for person, spans in by_person.items()
        if {a["role"] for a in spans} == {"delegated_safeguarding_partner"}
    }
    for meeting in doc["meetings"]:
        for row in meeting.get("attendance", []):
            spans = dsp_only.get(row["person"])
            if spans:
                assert any(a["from"] <= meeting["date"] <= a.get("to", date.max) for a in spans), (row["person"], meeting["date"])


def test_every_name_referenced_exists(doc):
    people = {p["name"] for p in doc["people"]}
    orgs = {o["name"] for o in doc["organisations"]}
    bodies = {b["name"] for b in doc["bodies"]}
    assert doc["partnership"]["business_manager"] in people
    for person in doc["people"]:
        assert person.get("organisation", next(iter(orgs))) in orgs
    for appointment in doc["appointments"]:
        assert appointment["person"] in people
        assert appointment.get("organisation", next(iter(orgs))) in orgs
    for body in doc["bodies"]:
        assert body.get("reports_to", next(iter(bodies))) in bodies
        chair = body["chair"]
        if "person" in chair:
            assert chair["person"] in people
        else:
            assert set(chair["rotation"]) <= orgs
        for member in body["members"]:
            assert member.get("person", next(iter(people))) in people
    for item in doc["forward_plan"]:
        assert item["body"] in bodies
    for meeting in doc["meetings"]:
        assert meeting["body"] in bodies
        for row in meeting.get("attendance", []):
            assert row["person"] in people
            assert row.get("deputy_for", row["person"]) in people
        for item in meeting.get("items", []):
            assert item.get("presenter", next(iter(people))) in people
            for action in item.get("actions", []):
                assert action["owner"] in people


def test_names_are_invented_and_not_taken_from_the_shared_example(doc):
    text = DEMO.read_text(encoding="utf-8")
    with SHARED_EXAMPLE.open("rb") as handle:
        shared = tomllib.load(handle)
    for name in [p["name"] for p in shared["people"]] + [o["name"] for o in shared["organisations"]]:
        assert name not in text
    assert "Northmoor" not in text
    assert all(p["email"].endswith(".example") for p in doc["people"])
    assert any(not name.isascii() for name in (p["name"] for p in doc["people"]))


def test_forward_plan_holds_the_statutory_recurring_items(doc):
    titles = {item["title"]: item for item in doc["forward_plan"]}
    yearly = [t for t in titles if t.startswith("Yearly report")]
    assert yearly and titles[yearly[0]]["month"] == "July" and titles[yearly[0]]["recurring"] == "annual"
    assert titles["Review of the published safeguarding arrangements"]["recurring"] == "annual"
    assert "Threshold document review" in titles


def test_the_loader_accepts_the_demo_file_and_loads_it(doc, engine):
    from models.arrangements import check_arrangements, load_arrangements

    from sqlmodel import Session

    from models.listings import meeting_rows

    _, problems = check_arrangements(doc)
    assert [str(p) for p in problems] == []
    summary = load_arrangements(engine, DEMO)
    assert summary.created["meeting"] == len(doc["meetings"])
    assert summary.created["action"] == sum(1 for _ in _actions(doc))
    assert not load_arrangements(engine, DEMO).changed

    with Session(engine) as session:
        rows = meeting_rows(session, body=_body(doc, "executive")["name"])
    chairs = {row["date"]: row["chair"] for row in rows}
    old_dsp, new_dsp = "Siân Rhydderch", "Zoë Castellano"
    assert chairs["2026-07-14"] == old_dsp  # the council's 18 months run to 30 September 2026
    assert chairs["2026-10-13"] == new_dsp  # then the ICB's new delegated partner takes the chair
    assert all(row["quorum"]["met"] for row in rows if row["status"] == "held")
