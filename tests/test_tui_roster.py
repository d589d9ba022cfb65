"""The Roster screen driven from the keyboard: forms, validation, ending with a successor, gaps."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select
from textual.widgets import DataTable, Static

from models import records
from models.tables import Appointment, AuditEntry, Person
from tests.tui_support import TODAY, settle, type_into
from tui.app import ConvenorApp
from tui.forms.base import RecordForm
from tui.forms.confirm import ConfirmDiscard
from tui.screens.roster import RosterScreen
from tui.widgets.form_field import FormField

POLICE = "Brackwater Constabulary"


def RosterApp(engine) -> ConvenorApp:
    """The real app over ``engine`` with a pinned today; tests open the area with its key."""
    return ConvenorApp(engine, today=TODAY)


@pytest.fixture
def engine(demo_engine):
    return demo_engine


def field_error(app, key: str) -> str:
    return app.screen.query_one(f"#field-{key}", FormField).error


def person(engine, name: str) -> Person | None:
    with Session(engine) as s:
        return s.exec(select(Person).where(Person.name == name)).first()


def appointments_of(engine, name: str) -> list[Appointment]:
    with Session(engine) as s:
        found = s.exec(select(Person).where(Person.name == name)).one()
        return list(s.exec(select(Appointment).where(Appointment.person_id == found.id).order_by(Appointment.start)))


@pytest.mark.slow
async def test_add_person_then_appointment_through_forms(engine):
    app = RosterApp(engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("3", "n")
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)
        await type_into(pilot, "name", "Priya Shah")
        await type_into(pilot, "organisation", POLICE)
        await type_into(pilot, "email", "priya.shah@brackwater-police.example")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        saved = person(engine, "Priya Shah")
        assert saved is not None and saved.email == "priya.shah@brackwater-police.example"
        people = app.screen.query_one("#people-table", DataTable)
        assert "Priya Shah" in [people.get_row_at(i)[0] for i in range(people.row_count)]

        await pilot.press("4", "n")
        await pilot.pause()
        await type_into(pilot, "person", "Priya Shah")
        app.screen.query_one("#field-role", FormField).control.focus()
        await pilot.press("enter", *["down"] * 6, "enter")  # the sixth role: Education Lead
        await type_into(pilot, "start", "2027-01-04")
        await pilot.press("ctrl+s")
        await settle(pilot)
        [appointment] = appointments_of(engine, "Priya Shah")
        assert (appointment.role, appointment.start, appointment.end) == ("education_lead", date(2027, 1, 4), None)
        with Session(engine) as s:
            entries = s.exec(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(2)).all()
        assert [(e.operation, e.table_name) for e in entries] == [("create", "appointment"), ("create", "person")]


async def test_validation_errors_show_beside_fields_and_nothing_is_saved(engine):
    app = RosterApp(engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("3", "n")
        await pilot.pause()
        await type_into(pilot, "email", "priya at police")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RecordForm)
        assert field_error(app, "name") == "Give the person's name."
        assert field_error(app, "email").startswith('"priya at police" is not an e-mail address')
        assert app.screen.query_one("#field-email", FormField).value == "priya at police"
        assert person(engine, "priya at police") is None

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)


async def test_overlapping_single_holder_role_is_refused(engine):
    app = RosterApp(engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("4", "n")
        await pilot.pause()
        await type_into(pilot, "person", "Liam Oduya")
        app.screen.query_one("#field-role", FormField).control.focus()
        await pilot.press("enter", "down", "down", "enter")  # Delegated Safeguarding Partner
        await type_into(pilot, "organisation", POLICE)
        await type_into(pilot, "start", "2027-01-01")
        await type_into(pilot, "end", "2026-01-01")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert field_error(app, "end") == "The appointment ends (2026-01-01) before it starts (2027-01-01)."
        await type_into(pilot, "end", "2027-06-30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert field_error(app, "end") == ""
        assert field_error(app, "start").startswith(f"Rebecca Thorne already holds delegated safeguarding partner for {POLICE}")
        assert appointments_of(engine, "Liam Oduya") == []


async def test_end_appointment_and_appoint_successor_in_one_form(engine):
    app = RosterApp(engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("4")
        table = app.screen.query_one("#appointments-table", DataTable)
        row = next(i for i in range(table.row_count) if table.get_row_at(i)[0] == "Rebecca Thorne")
        table.move_cursor(row=row)
        await pilot.press("x")
        await pilot.pause()
        assert "Rebecca Thorne, Delegated Safeguarding Partner for Brackwater Constabulary" in str(
            app.screen.query_one(".form-intro", Static).content)
        await type_into(pilot, "end", "2026-12-31")
        await type_into(pilot, "successor_person", "Liam Oduya")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        [ended] = appointments_of(engine, "Rebecca Thorne")
        [successor] = appointments_of(engine, "Liam Oduya")
        assert ended.end == date(2026, 12, 31)
        assert (successor.role, successor.start, successor.end) == ("delegated_safeguarding_partner", date(2027, 1, 1), None)


async def test_roster_on_a_date_highlights_a_gap(engine):
    [thorne] = appointments_of(engine, "Rebecca Thorne")
    records.end_appointment(engine, thorne.id, thorne.version, "2027-01-31")
    app = RosterApp(engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("r")
        await settle(pilot)
        partners = app.screen.query_one("#roster-partners", DataTable)
        assert str(partners.get_row(POLICE)[2]) == "Rebecca Thorne"
        await pilot.press("t")
        await pilot.pause()
        await type_into(pilot, "date", "2027-02-01")
        await pilot.press("enter")
        await settle(pilot)
        assert str(app.screen.query_one("#roster-date-title").content) == "Statutory partners on Monday 1 February 2027"
        assert str(partners.get_row(POLICE)[2]) == "— no DSP (gap) —"
        gaps = app.screen.query_one("#roster-gaps", Static)
        assert gaps.has_class("-gaps")
        assert str(gaps.content) == f"{POLICE} has no Delegated Safeguarding Partner."


async def test_stale_save_shows_message_and_keeps_typed_values(engine):
    app = RosterApp(engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("3")
        table = app.screen.query_one("#people-table", DataTable)
        table.move_cursor(row=next(i for i in range(table.row_count) if table.get_row_at(i)[0] == "Hannah Greaves"))
        await pilot.press("e")
        await pilot.pause()
        greaves = person(engine, "Hannah Greaves")
        records.update_person(engine, greaves.id, greaves.version, phone="01234 567890")  # another officer
        await type_into(pilot, "title", "Named Nurse")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RecordForm)
        assert "while you were editing" in str(app.screen.query_one("#form-message", Static).content)
        assert app.screen.query_one("#field-title", FormField).value == "Named Nurse"
        assert person(engine, "Hannah Greaves").title == "Designated Nurse for Safeguarding Children"
