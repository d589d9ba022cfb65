"""The one data path, as a user meets it: one save per form however often ctrl+s is pressed,
stored text shown harmlessly, and database failures told as a sentence."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import Session, select
from textual.widgets import DataTable, Static

from models import records
from models.db import session_scope
from models.tables import Organisation, Person
from tests.tui_support import SIZE, TODAY, search_palette, settle
from tui.app import ConvenorApp
from tui.forms.base import RecordForm
from tui.screens.roster import RosterScreen
from tui.widgets.form_field import FormField

HOSTILE = "Eve \x1b]0;pwned\x07Mallory\u202egnp.exe"


@pytest.fixture
def engine(demo_engine):
    return demo_engine


def people_named(engine, name: str) -> list[Person]:
    with Session(engine) as s:
        return list(s.exec(select(Person).where(Person.name == name)))


async def test_a_second_ctrl_s_while_saving_starts_no_second_transaction(engine, monkeypatch):
    started, release = threading.Event(), threading.Event()
    calls: list[str] = []
    create = records.create_person

    def slow_create(engine, **values):
        calls.append(values["name"])
        started.set()
        release.wait(10)
        return create(engine, **values)

    monkeypatch.setattr(records, "create_person", slow_create)
    app = ConvenorApp(engine, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("3", "n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RecordForm)
        form.query_one("#field-name", FormField).control.value = "Priya Shah"
        await pilot.press("ctrl+s")
        assert started.wait(5)
        await pilot.pause()
        assert form.saving and form.has_class("-saving")
        assert str(form.query_one("#form-message", Static).render()) == "Saving…"
        await pilot.press("ctrl+s")
        await pilot.click("#form-save")
        await pilot.press("escape")  # nor does leaving abandon the save under way
        await pilot.pause()
        assert app.screen is form
        release.set()
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
    assert calls == ["Priya Shah"]
    assert len(people_named(engine, "Priya Shah")) == 1


async def test_stored_control_and_bidi_characters_are_shown_escaped(engine):
    """A name holding a terminal escape (which would retitle the terminal) or a bidi
    override (which would reorder the row) is shown with those characters made visible."""
    with session_scope(engine) as s:
        police = s.exec(select(Organisation).where(Organisation.name == "Brackwater Constabulary")).one()
        s.add(Person(name=HOSTILE, title="Analyst\x1b[2J", organisation_id=police.id))
    app = ConvenorApp(engine, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        table = app.screen.query_one("#people-table", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        shown = next(r for r in rows if r[0].startswith("Eve"))
        assert shown[0] == "Eve \\x1b]0;pwned\\x07Mallory\\u202egnp.exe"
        assert shown[1] == "Analyst\\x1b[2J"
        for raw in ("\x1b", "\x07", "\u202e"):
            assert all(raw not in "".join(r) for r in rows)
        await search_palette(pilot, "Go to Eve")
        palette_text = " ".join(str(o.prompt) for o in app.screen.query("OptionList").first().options)
        assert "\\x1b]0;pwned\\x07" in palette_text and "\x1b" not in palette_text


async def test_a_database_failure_on_a_screen_is_one_sentence(engine, monkeypatch):
    from sqlalchemy.exc import OperationalError

    def broken(session):
        raise OperationalError("SELECT 1", {}, Exception("disk I/O error"))

    monkeypatch.setattr("tui.screens.roster.roster_tables", broken)
    app = ConvenorApp(engine, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await settle(pilot)
        status = str(app.screen.query_one("#roster-status", Static).render())
    assert "the disk failed while using it" in status
    assert "OperationalError" not in status and "Error:" not in status
