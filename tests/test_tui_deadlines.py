"""The Statutory clock area and the yearly-report screen, driven by their keys on the demo partnership."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document
from sqlmodel import Session, select
from textual.widgets import DataTable, Input, Static

from models.tables import CheckpointMet, Obligation
from tests.tui_support import SIZE, TODAY, settle, type_text
from tui.app import ConvenorApp


@pytest.fixture
def engine(demo_engine):
    return demo_engine


@pytest.fixture
def app(engine, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return ConvenorApp(engine, demo=True, today=TODAY)


def rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def type_into(pilot, selector: str, text: str) -> None:
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    field.value = ""
    await type_text(pilot, text)


async def test_the_area_lists_every_checkpoint_with_state_and_working_days_left(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await settle(pilot)
        assert type(app.screen).__name__ == "DeadlinesScreen"
        table = rows(app.screen.query_one("#deadlines-table", DataTable))
        # RR-2026-03: aware 16 Nov, notified 19 Nov (met); rapid review 15 working days after 19 Nov.
        assert table[0][:5] == ["23 Nov 2026", "RR-2026-03", "Notification to the national panel", "",
                                "met on 19 Nov 2026"]
        assert ["10 Dec 2026", "RR-2026-03", "Rapid review", "13", "due"] in [r[:5] for r in table]
        assert ["10 Dec 2026", "Arrangements review", "Arrangements review", "13", "due"] in [r[:5] for r in table]
        assert "Yearly report" in [r[1] for r in table]


async def test_a_new_case_is_refused_with_the_reason_then_warned_about_a_name_and_saved(app, engine):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await settle(pilot)
        # Refused: the form stays open with the reason, and nothing is added.
        await pilot.press("n")
        await pilot.pause()
        await type_into(pilot, "#field-case_reference Input", "RR-2026-03")  # already there
        await type_into(pilot, "#field-trigger Input", "2026-02-30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "CaseForm"
        message = str(app.screen.query_one("#form-message", Static).content)
        assert "2 problems" in message
        with Session(engine) as session:
            assert len(session.exec(select(Obligation).where(Obligation.case_reference == "RR-2026-03")).all()) == 1
        await pilot.press("escape")  # the typed values are thrown away after asking
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmDiscard"
        await pilot.press("y")
        await settle(pilot)
        assert type(app.screen).__name__ == "DeadlinesScreen"

        # A reference that looks like a name is warned about; a proper one is saved.
        await pilot.press("n")
        await pilot.pause()
        assert type(app.screen).__name__ == "CaseForm"
        await type_into(pilot, "#field-case_reference Input", "Jane Smith")
        warning = str(app.screen.query_one("#case-warning", Static).content)
        assert "looks like a person's name" in warning
        await type_into(pilot, "#field-case_reference Input", "RR-2026-09")
        assert str(app.screen.query_one("#case-warning", Static).content) == ""
        await type_into(pilot, "#field-trigger Input", "2026-11-20")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "DeadlinesScreen"
        table = rows(app.screen.query_one("#deadlines-table", DataTable))
        # Friday 20 November: five working days on is Friday 27 November.
        assert ["27 Nov 2026", "RR-2026-09", "Notification to the national panel", "4", "due"] in [r[:5] for r in table]
    with Session(engine) as session:
        case = session.exec(select(Obligation).where(Obligation.case_reference == "RR-2026-09")).one()
        assert case.trigger == date(2026, 11, 20) and case.notified is None


async def test_record_a_checkpoint_met_with_a_date(app, engine):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await settle(pilot)
        table = app.screen.query_one("#deadlines-table", DataTable)
        review = next(i for i, r in enumerate(rows(table)) if r[1:3] == ["RR-2026-03", "Rapid review"])
        table.move_cursor(row=review)
        await pilot.press("x")
        await pilot.pause()
        assert type(app.screen).__name__ == "MetForm"
        await type_into(pilot, "#field-met_on Input", "2026-11-23")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "DeadlinesScreen"
        table = rows(app.screen.query_one("#deadlines-table", DataTable))
        assert ["RR-2026-03", "Rapid review", "", "met on 23 Nov 2026"] in [r[1:5] for r in table]
    with Session(engine) as session:
        met = session.exec(select(CheckpointMet)).one()
        assert (met.checkpoint, met.met_on, met.due) == ("rapid_review", date(2026, 11, 23), date(2026, 12, 10))


async def test_configure_the_recurring_obligations(app, engine):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert type(app.screen).__name__ == "RecurringForm"
        await type_into(pilot, "#field-independent_scrutiny-last_met Input", "2026-06-30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "DeadlinesScreen"
        table = rows(app.screen.query_one("#deadlines-table", DataTable))
        assert ["30 Jun 2027", "Independent scrutiny", "Independent scrutiny"] in [r[:3] for r in table]
    with Session(engine) as session:
        scrutiny = session.exec(select(Obligation).where(Obligation.kind == "independent_scrutiny")).one()
        assert (scrutiny.last_met, scrutiny.every_months) == (date(2026, 6, 30), 12)


async def test_dashboard_shows_overdue_checkpoints_first_then_the_next(app, engine):
    with Session(engine) as session:
        session.add(Obligation(kind="serious_incident", case_reference="RR-2026-01", trigger=date(2026, 10, 1)))
        session.commit()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = rows(app.screen.query_one("#dash-checkpoints", DataTable))
        assert [r[1:3] for r in table[:2]] == [["RR-2026-01", "Notification to the national panel"],
                                              ["RR-2026-01", "Rapid review"]]
        assert table[0][3].endswith("overdue")
        assert ["RR-2026-03", "Rapid review"] in [r[1:3] for r in table[2:]]
        assert all(not r[3].endswith("overdue") for r in table[2:])
        dash = app.screen.query_one("#dash-checkpoints", DataTable)
        dash.focus()
        dash.move_cursor(row=1)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "DeadlinesScreen"
        clock = app.screen.query_one("#deadlines-table", DataTable)
        assert [str(c) for c in clock.get_row_at(clock.cursor_row)][1:3] == ["RR-2026-01", "Rapid review"]


async def test_yearly_report_screen_moves_by_year_and_shows_the_bars(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert type(app.screen).__name__ == "YearlyReportScreen"
        period = str(app.screen.query_one("#yearly-period", Static).content)
        assert "1 April 2025 to 31 March 2026" in period
        await pilot.press("n")
        await settle(pilot)
        period = str(app.screen.query_one("#yearly-period", Static).content)
        assert "1 April 2026 to 31 March 2027" in period
        chart = str(app.screen.query_one("#yearly-chart", Static).content)
        assert "Attendance by statutory partner" in chart
        assert "█" in chart or "No attendance recorded" in chart
        await pilot.press("e")
        await pilot.pause()
        assert type(app.screen).__name__ == "ExportForm"
        await pilot.press("enter")
        await settle(pilot)
    written = Path.cwd() / "yearly-report-2026-04-01-to-2027-03-31.docx"
    assert written.exists()
    assert "Attendance by statutory partner" in [p.text for p in Document(str(written)).paragraphs]
