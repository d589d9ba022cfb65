"""Saving records from the forms: validation, one transaction, audit log, version checks."""

from __future__ import annotations

import shutil
import uuid
from datetime import date

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from models import records
from models.db import open_database
from models.editing import StaleEdit
from models.queries import roster_for
from models.tables import Appointment, AuditEntry, Body, BodyMember, Organisation, Person, StandingItem
from models.demo import prepare_demo
from tests.templates import POSTGRES, postgres_database

TODAY = date(2026, 11, 23)
ICB = "NHS Fellmouth and Brackwater Integrated Care Board"
POLICE = "Brackwater Constabulary"
EXEC = "Safeguarding Partnership Executive"


@pytest.fixture(scope="module")
def demo_once(tmp_path_factory):
    """The demo partnership built once for this module: a SQLite file, or a PostgreSQL template database."""
    if POSTGRES:
        url, drop = postgres_database()
        engine = open_database(url)
        prepare_demo(engine, today=TODAY)
        engine.dispose()
        yield url
        drop()
    else:
        path = tmp_path_factory.mktemp("records-demo") / "demo.db"
        engine = open_database(str(path))
        prepare_demo(engine, today=TODAY)
        engine.dispose()
        yield path


@pytest.fixture
def engine(demo_once, tmp_path):
    """A private copy of the demo for one test, on SQLite or PostgreSQL."""
    if POSTGRES:
        admin_url = make_url(POSTGRES)
        name = f"convenor_test_{uuid.uuid4().hex[:12]}"
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{make_url(demo_once).database}"'))
        engine = open_database(admin_url.set(database=name).render_as_string(hide_password=False))
        yield engine
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    else:
        shutil.copy(demo_once, tmp_path / "x.db")
        engine = open_database(str(tmp_path / "x.db"))
        yield engine
        engine.dispose()


def one(engine, model, **where):
    with Session(engine) as s:
        query = select(model)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return s.exec(query).one_or_none()


def audit(engine) -> list[AuditEntry]:
    with Session(engine) as s:
        return list(s.exec(select(AuditEntry).order_by(AuditEntry.id)))


def test_create_person_saves_and_audits(engine):
    before = len(audit(engine))
    new_id = records.create_person(engine, name=" Priya Shah ", title="Head of Service", organisation=POLICE,
                                   email="priya.shah@brackwater-police.example", phone="")
    person = one(engine, Person, name="Priya Shah")
    assert person.id == new_id and person.title == "Head of Service" and person.phone is None
    assert one(engine, Organisation, id=person.organisation_id).name == POLICE
    entries = audit(engine)[before:]
    assert [(e.operation, e.table_name, e.record_id) for e in entries] == [("create", "person", new_id)]
    assert entries[0].actor == "test-officer"


@pytest.mark.parametrize("values, field, words", [
    ({"name": "  "}, "name", "Give the person's name."),
    ({"name": "Marcus Feld"}, "name", 'There is already a person named "Marcus Feld".'),
    ({"name": "New Person", "email": "not-an-address"}, "email", '"not-an-address" is not an e-mail address'),
    ({"name": "New Person", "organisation": "Nowhere"}, "organisation", 'There is no organisation named "Nowhere".'),
])
def test_person_validation_saves_nothing(engine, values, field, words):
    before = len(audit(engine))
    with pytest.raises(records.RecordErrors) as caught:
        records.create_person(engine, **values)
    assert caught.value.errors[field].startswith(words)
    assert one(engine, Person, name="New Person") is None
    assert len(audit(engine)) == before


def test_update_person_refuses_stale_version_and_keeps_data(engine):
    person = one(engine, Person, name="Hannah Greaves")
    assert records.update_person(engine, person.id, person.version, name="Hannah Greaves", email="hg@fbicb.example")
    with pytest.raises(StaleEdit, match="while you were editing"):
        records.update_person(engine, person.id, person.version, name="Hannah Greaves", title="Changed")
    fresh = one(engine, Person, id=person.id)
    assert fresh.email == "hg@fbicb.example" and fresh.title == person.title and fresh.version == person.version + 1


def test_organisation_create_and_update(engine):
    org_id = records.create_organisation(engine, name="Fellmouth Youth Justice Service", kind="Relevant agency",
                                         statutory=False, category="Criminal Justice")
    org = one(engine, Organisation, id=org_id)
    assert (org.kind, org.statutory, org.category) == ("relevant_agency", False, "Criminal Justice")
    with pytest.raises(records.RecordErrors) as caught:
        records.update_organisation(engine, org_id, org.version, name=POLICE, kind="polise")
    assert caught.value.errors == {"name": f'There is already an organisation named "{POLICE}".',
                                   "kind": '"polise" is not a kind of organisation (did you mean "police"?).'}


def test_appointment_end_before_start_and_overlap_are_refused(engine):
    with pytest.raises(records.RecordErrors) as caught:
        records.create_appointment(engine, person="Liam Oduya", role="delegated_safeguarding_partner",
                                   organisation=POLICE, start="2027-01-01", end="2026-12-01")
    assert caught.value.errors == {"end": "The appointment ends (2026-12-01) before it starts (2027-01-01)."}
    with pytest.raises(records.RecordErrors) as caught:
        records.create_appointment(engine, person="Liam Oduya", role="delegated_safeguarding_partner",
                                   organisation=POLICE, start="2027-01-01")
    assert caught.value.errors["start"].startswith(
        f"Rebecca Thorne already holds delegated safeguarding partner for {POLICE} from 2024-12-01")
    with pytest.raises(records.RecordErrors) as caught:
        records.create_appointment(engine, person="Liam Oduya", role="delegated_safeguarding_partner", start="2027-01")
    assert set(caught.value.errors) == {"organisation", "start"}
    assert one(engine, Appointment, person_id=one(engine, Person, name="Liam Oduya").id) is None


def test_end_appointment_with_successor_in_one_save(engine):
    person = one(engine, Person, name="Rebecca Thorne")
    old = one(engine, Appointment, person_id=person.id)
    new_id = records.end_appointment(engine, old.id, old.version, "2026-12-31", successor="Liam Oduya")
    ended = one(engine, Appointment, id=old.id)
    successor = one(engine, Appointment, id=new_id)
    assert ended.end == date(2026, 12, 31)
    assert (successor.role, successor.start, successor.end) == ("delegated_safeguarding_partner", date(2027, 1, 1), None)
    with Session(engine) as s:
        assert roster_for(s, date(2027, 1, 1)).statutory_partners[2].delegated == "Liam Oduya"
        assert roster_for(s, date(2026, 12, 31)).statutory_partners[2].delegated == "Rebecca Thorne"
    ops = [(e.operation, e.table_name) for e in audit(engine)[-2:]]
    assert ops == [("end", "appointment"), ("create", "appointment")]


def test_end_appointment_refuses_bad_successor_and_changes_nothing(engine):
    old = one(engine, Appointment, person_id=one(engine, Person, name="Rebecca Thorne").id)
    with pytest.raises(records.RecordErrors) as caught:
        records.end_appointment(engine, old.id, old.version, "2026-12-31", successor="Nobody Known",
                                successor_start="2026-12-01")
    assert caught.value.errors == {"successor_start": "The successor must start after 2026-12-31, the day the appointment ends."}
    with pytest.raises(records.RecordErrors) as caught:
        records.end_appointment(engine, old.id, old.version, "2026-12-31", successor="Nobody Known")
    assert caught.value.errors == {"successor_person": 'There is no person named "Nobody Known".'}
    assert one(engine, Appointment, id=old.id).end is None


def test_ending_leaves_a_gap_in_the_roster(engine):
    old = one(engine, Appointment, person_id=one(engine, Person, name="Rebecca Thorne").id)
    assert records.end_appointment(engine, old.id, old.version, date(2026, 12, 31)) is None
    with Session(engine) as s:
        gaps = roster_for(s, date(2027, 2, 1)).gaps
    assert [(g.organisation, g.role) for g in gaps] == [(POLICE, "delegated_safeguarding_partner")]


def test_update_body_replaces_rules_members_and_standing_items(engine):
    body = one(engine, Body, name=EXEC)
    detail = body_detail(engine, body.id)
    changed = records.update_body(
        engine, body.id, body.version,
        cadence={"frequency": "bimonthly", "months": "Feb, Apr, Jun, Aug, Oct, Dec".split(", "), "weekday": "Wed", "week": 1},
        chair={"person": "Eleri Vaughan"},
        members=[*detail.member_lines[:2], "Hannah Greaves | adviser"],
        standing_items=["Welcome and apologies", "Action log", "Any other business"],
    )
    assert changed
    body = one(engine, Body, name=EXEC)
    assert body.cadence["frequency"] == "bimonthly" and body.cadence["weekday"] == "Wednesday"
    assert body.chair_rule == {"person": "Eleri Vaughan"}
    with Session(engine) as s:
        titles = [i.title for i in s.exec(select(StandingItem).where(StandingItem.body_id == body.id).order_by(StandingItem.position))]
        members = list(s.exec(select(BodyMember).where(BodyMember.body_id == body.id).order_by(BodyMember.id)))
    assert titles == ["Welcome and apologies", "Action log", "Any other business"]
    assert [(m.role, m.capacity, m.voting) for m in members] == [
        ("delegated_safeguarding_partner", "member", True), ("education_lead", "member", True), (None, "adviser", False)]
    assert {e.table_name for e in audit(engine)[-3:]} == {"body", "bodymember", "standingitem"}


def test_update_body_reports_each_problem_by_field(engine):
    body = one(engine, Body, name=EXEC)
    with pytest.raises(records.RecordErrors) as caught:
        records.update_body(engine, body.id, body.version,
                            cadence={"frequency": "quartrly"},
                            chair={"rotation": [ICB, "Nowhere Council"], "term_months": 18, "starts": "2025-04-01"},
                            members=["education_lead", "chief_cook | member"], standing_items=["A", "A"])
    errors = caught.value.errors
    assert errors["cadence.frequency"] == '"quartrly" is not a frequency (did you mean "quarterly"?).'
    assert errors["chair.rotation"] == 'There is no organisation named "Nowhere Council".'
    assert errors["members"] == 'Line 2: "chief_cook" is neither a person nor a role.'
    assert errors["standing_items"] == '"A" is listed twice.'
    assert one(engine, Body, name=EXEC).version == body.version


def test_update_body_stale_when_only_standing_items_change(engine):
    body = one(engine, Body, name=EXEC)
    detail = body_detail(engine, body.id)
    keep = dict(cadence=detail.cadence_table, chair=detail.chair_table, members=detail.member_lines)
    records.update_body(engine, body.id, body.version, **keep, standing_items=["Apologies"])
    with pytest.raises(StaleEdit):
        records.update_body(engine, body.id, body.version, **keep, standing_items=["Other"])
    assert body_detail(engine, body.id).standing_items == ["Apologies"]


def test_body_detail_chair_timeline_marks_past_current_next(engine):
    detail = body_detail(engine, one(engine, Body, name=EXEC).id)
    assert [(r.when, r.person, r.start.isoformat()) for r in detail.timeline[:3]] == [
        ("past", "Siân Rhydderch", "2025-04-01"),
        ("current", "Zoë Castellano", "2026-10-01"),
        ("next", "Rebecca Thorne", "2028-04-01"),
    ]


def body_detail(engine, body_id):
    with Session(engine) as s:
        return records.body_detail(s, body_id, TODAY)
