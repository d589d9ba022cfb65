"""The Actions area's working keys driven headless on the demo: add, update twice,
reassign, escalate (found for the parent body's next agenda), update three
together, history, delete."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select
from textual.widgets import DataTable

from models.actions import escalations_for
from models.queries import action_rows, find_body
from models.tables import Action
from tests.tui_support import SIZE, TODAY, settle, type_into
from tui.app import ConvenorApp
from tui.widgets.virtual_table import VirtualTable
from tui.forms.history import HistoryView
from tui.screens.export_form import ConfirmDialog
from tui.widgets.form_field import FormField

NEGLECT = "Neglect Delivery Group"
EXECUTIVE = "Safeguarding Partnership Executive"


@pytest.fixture
def engine(demo_engine):
    return demo_engine


@pytest.fixture
def app(engine):
    return ConvenorApp(engine, demo=True, today=TODAY)


def choose(pilot, key: str, value: str) -> None:
    pilot.app.screen.query_one(f"#field-{key}", FormField).control.value = value


async def highlight(pilot, reference: str) -> None:
    table = pilot.app.screen.query_one("#actions-table", VirtualTable)
    table.focus()
    table.move_cursor(row=table.get_row_index(reference))
    await pilot.pause()


async def save(pilot) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


def row(engine, reference: str):
    with Session(engine) as session:
        return next(r for r in action_rows(session, today=TODAY) if r.reference == reference)


@pytest.mark.slow
async def test_add_update_twice_reassign_and_escalate_to_the_next_agenda(app, engine):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_actions(NEGLECT)
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_into(pilot, "description", "Audit neglect referrals from schools")
        await type_into(pilot, "owner", "Nadia Brennan")
        await type_into(pilot, "due", "2026-12-18")
        await save(pilot)
        table = app.screen.query_one("#actions-table", VirtualTable)
        assert "NDG-2026-007" in {str(table.get_row_at(i)[0]) for i in range(table.row_count)}

        await highlight(pilot, "NDG-2026-007")
        await pilot.press("u")
        await settle(pilot)
        choose(pilot, "status", "in_progress")
        await type_into(pilot, "note", "Sample of forty referrals chosen")
        await save(pilot)
        await highlight(pilot, "NDG-2026-007")
        await pilot.press("u")
        await settle(pilot)
        await type_into(pilot, "note", "Half of the sample read")
        await save(pilot)
        await highlight(pilot, "NDG-2026-007")
        await pilot.press("u")
        await settle(pilot)
        await type_into(pilot, "owner", "Lucy Ferreira")
        await save(pilot)
        detail = str(app.screen.query_one("#action-detail").render())
        assert "Owner changed from Nadia Brennan to Lucy Ferreira" in detail

        await highlight(pilot, "NDG-2026-007")
        await pilot.press("l")
        await settle(pilot)
        assert app.screen.query_one("#field-to_body", FormField).value == EXECUTIVE  # the body it reports to
        await type_into(pilot, "note", "Schools are not referring")
        await save(pilot)

        await highlight(pilot, "NDG-2026-007")
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryView)
        history = app.screen.query_one("#history-table", DataTable)
        cells = {str(c) for i in range(history.row_count) for c in history.get_row_at(i)}
        assert {"Nadia Brennan", "Lucy Ferreira", "test-officer"} <= cells
        await pilot.press("escape")

    added = row(engine, "NDG-2026-007")
    assert (added.status, added.owner, added.due) == ("in_progress", "Lucy Ferreira", date(2026, 12, 18))
    assert [u.note for u in added.updates][:2] == [
        "Status changed from open to in progress. Sample of forty referrals chosen", "Half of the sample read"]
    assert added.escalated_to == EXECUTIVE and added.escalated_on == TODAY
    with Session(engine) as session:
        executive = find_body(session, EXECUTIVE)
        in_parent_log = [r.reference for r in action_rows(session, EXECUTIVE, today=TODAY)]
        next_agenda = escalations_for(session, executive.id, date(2027, 1, 12))
    assert "NDG-2026-007" in in_parent_log
    assert [(e.reference, e.from_body) for e in next_agenda] == [("NDG-2026-007", NEGLECT)]


async def test_three_actions_updated_together(app, engine):
    references = ["NDG-2026-002", "NDG-2026-003", "NDG-2026-005"]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_actions(NEGLECT)
        await settle(pilot)
        for reference in references:
            await highlight(pilot, reference)
            await pilot.press("space")
        assert app.screen.query_one("#actions-table").border_subtitle == "3 selected: " + ", ".join(references)
        await pilot.press("U")
        await settle(pilot)
        await type_into(pilot, "due", "2027-01-29")
        await type_into(pilot, "owner", "Farid Haddad")
        await save(pilot)
    for reference in references:
        r = row(engine, reference)
        assert (r.due, r.owner) == (date(2027, 1, 29), "Farid Haddad")


async def test_delete_is_refused_for_approved_minutes_and_done_for_a_new_action(app, engine):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_actions(NEGLECT)
        await settle(pilot)
        await highlight(pilot, "NDG-2026-003")  # raised on 20 Apr 2026, minutes approved 15 Jun 2026
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert any("comes from approved minutes" in n.message for n in app._notifications)
        await pilot.press("n")
        await settle(pilot)
        await type_into(pilot, "description", "Entered by mistake")
        await save(pilot)
        await highlight(pilot, "NDG-2026-007")
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
    with Session(engine) as session:
        refs = set(session.exec(select(Action.reference)))
    assert "NDG-2026-003" in refs and "NDG-2026-007" not in refs


async def test_filter_by_text_and_by_organisation_is_kept_when_coming_back(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_actions(None)
        await settle(pilot)
        table = app.screen.query_one("#actions-table", VirtualTable)
        everything = table.row_count
        await pilot.press("f")
        await settle(pilot)
        await type_into(pilot, "search", "graded care")
        await save(pilot)
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == ["NDG-2026-005", "NDG-2026-002"]  # by due date
        assert table.border_title == "2 actions" and 'text "graded care"' in table.border_subtitle
        await pilot.press("f")
        await settle(pilot)
        await type_into(pilot, "search", " ")
        await type_into(pilot, "organisation", "Brackwater Constabulary")
        await save(pilot)
        owners = {str(table.get_row_at(i)[3]) for i in range(table.row_count)}
        assert owners and owners <= {"Liam Oduya", "Paula Nkemelu", "Rebecca Thorne", "Gareth Llewellyn"}
        assert table.row_count < everything
        shown = table.row_count
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert app.screen.query_one("#actions-table", VirtualTable).row_count == shown
        await pilot.press("f")
        await settle(pilot)
        await type_into(pilot, "organisation", "Brackwater Police")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert 'did you mean' in app.screen.query_one("#field-organisation", FormField).error


async def test_delete_a_person_who_holds_nothing_and_be_refused_for_an_appointment_holder(engine):
    from models.records import create_person
    from models.tables import Person
    from tui.screens.roster import RosterScreen

    create_person(engine, name="Ann Typo")
    app = ConvenorApp(engine, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        app.screen.show_person("Siân Rhydderch")
        await pilot.pause()
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        status = str(app.screen.query_one("#roster-status").render())
        assert status.startswith("Siân Rhydderch cannot be deleted: they hold 1 appointment")
        app.screen.show_person("Ann Typo")
        await pilot.pause()
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        table = app.screen.query_one("#people-table", DataTable)
        names = {str(table.get_row_at(i)[0]) for i in range(table.row_count)}
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryView)
    assert "Ann Typo" not in names and "Siân Rhydderch" in names
    with Session(engine) as session:
        assert session.exec(select(Person).where(Person.name == "Ann Typo")).first() is None
        assert session.exec(select(Person).where(Person.name == "Siân Rhydderch")).first() is not None


async def test_structure_writes_a_body_highlight_report(engine, tmp_path):
    from docx import Document

    app = ConvenorApp(engine, today=TODAY)
    out = tmp_path / "ndg.docx"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_body(NEGLECT)
        await settle(pilot)
        await pilot.press("H")
        await settle(pilot)
        await type_into(pilot, "start", "2026-01-01")
        await type_into(pilot, "end", "2026-10-31")
        await type_into(pilot, "path", str(out))
        await save(pilot)
    text = "\n".join(p.text for p in Document(out).paragraphs)
    assert "Highlight report: Neglect Delivery Group" in text
    assert "Opened 6, completed 3, overdue at the end of the period 1, escalated 0." in text


async def test_a_concern_is_escalated_as_an_action_of_the_parent(app, engine):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_actions(NEGLECT)
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await type_into(pilot, "description", "No funding for the Graded Care Profile licence")
        await type_into(pilot, "note", "Licence expires in December")
        await save(pilot)
    with Session(engine) as session:
        executive = find_body(session, EXECUTIVE)
        found = escalations_for(session, executive.id, date(2027, 1, 12))
    assert [(e.reference, e.from_body, e.description) for e in found] == [
        ("EXEC-2026-013", NEGLECT, "No funding for the Graded Care Profile licence")]


async def test_any_column_sorts_and_the_order_survives_a_reload(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_actions(NEGLECT)
        await settle(pilot)
        table = app.screen.query_one("#actions-table", VirtualTable)

        def column(index: int) -> list[str]:
            return [str(table.get_row_at(i)[index]) for i in range(table.row_count)]

        await pilot.press("O")  # reference: the actions are read again in that order
        await settle(pilot)
        assert column(0) == sorted(column(0)) and len(column(0)) > 2
        for _ in range(3):  # due, status, owner
            await pilot.press("O")
        await settle(pilot)
        assert column(3) == sorted(column(3)) and "sorted by owner" in table.border_subtitle
        await pilot.press("O", "O", "O", "O", "O")  # description, body, reference, due, status … back to owner
        await pilot.press("O")
        await pilot.press("f5")
        await settle(pilot)
        assert column(3) == sorted(column(3))


async def test_help_lists_the_keys_the_footer_leaves_out(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_actions(NEGLECT)
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        keys = app.screen.query_one("#help-keys", DataTable)
        described = {str(keys.get_row_at(i)[1]) for i in range(keys.row_count)}
    assert {"Add action", "Escalate", "Escalate concern", "Update selected", "Sort", "History", "Filter",
            "Delete action", "Export log"} <= described
