"""The Actions area on a log too long to read at once: only the pages on screen
are read, yet scrolling to the end, filtering, searching and sorting show what
``convenor actions`` (models' listing) finds, with the same count."""

from __future__ import annotations

import csv
from datetime import timedelta

import pytest
from sqlmodel import Session, select
from textual.widgets import Input, ProgressBar, Select

from models.actions import ActionFilter, filter_actions
from models.browse import filtered_actions
from models.demo import prepare_demo
from models.tables import Action, ActionUpdate, Body, Person
from tests.tui_support import SIZE, TODAY, settle, type_text
from tui.app import ConvenorApp
from tui.widgets.virtual_table import PAGE, VirtualTable
from tui.widgets.work_progress import WorkProgress

STATUSES = ("open", "in_progress", "completed", "cancelled")
TOPICS = ("audit", "training", "neglect", "housing", "schools")
MANY = 3 * PAGE + 57  # several pages, the last one part-full


@pytest.fixture
def big(engine):
    """The demo partnership with MANY more actions, every seventh with a "tangerine" progress note."""
    prepare_demo(engine, today=TODAY)
    with Session(engine) as session:
        bodies = session.exec(select(Body.id).order_by(Body.id)).all()
        people = session.exec(select(Person.id).order_by(Person.id)).all()
        actions = [Action(reference=f"BIG-2026-{n:03d}", body_id=bodies[n % len(bodies)],
                          owner_id=people[n % len(people)], status=STATUSES[n % 4],
                          due=TODAY + timedelta(days=(n * 37) % 400 - 200),
                          description=f"{TOPICS[n % 5].title()} review number {n:03d}") for n in range(MANY)]
        session.add_all(actions)
        session.flush()
        session.add_all([ActionUpdate(action_id=a.id, on=TODAY, note=f"Tangerine sample {n} checked")
                         for n, a in enumerate(actions) if n % 7 == 0])
        session.commit()
    return engine


def listing(engine, status=None, **extra) -> list[str]:
    with Session(engine) as session:
        if status is None:
            return [r.reference for r in filter_actions(session, ActionFilter(**extra), today=TODAY)]
        return [r.reference for r in filtered_actions(session, None, status, TODAY, ActionFilter(**extra))]


def shown(table: VirtualTable, first: int, last: int) -> list[str]:
    return [table.get_row_at(i)[0] for i in range(first, last)]


async def open_area(pilot) -> VirtualTable:
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    return pilot.app.screen.query_one("#actions-table", VirtualTable)


async def test_scrolling_to_the_end_reads_the_last_page_and_matches_the_listing(big):
    expected = listing(big, "outstanding")
    app = ConvenorApp(big, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_area(pilot)
        assert table.row_count == len(expected) > 2 * PAGE
        assert table.border_title == f"{len(expected)} actions"
        assert shown(table, 0, 10) == expected[:10]
        with pytest.raises(IndexError):  # only the first page has been read
            table.get_row_at(len(expected) - 1)
        await pilot.press("end")
        await settle(pilot)
        assert table.cursor_row == len(expected) - 1
        assert shown(table, len(expected) - 10, len(expected)) == expected[-10:]
        detail = str(app.screen.query_one("#action-detail").render())
        assert detail.startswith(expected[-1])
        await pilot.press("pageup", "up")
        await settle(pilot)
        assert expected[table.cursor_row] in str(app.screen.query_one("#action-detail").render())


async def test_status_filter_search_and_sort_show_what_the_listing_finds(big):
    app = ConvenorApp(big, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_area(pilot)
        app.screen.query_one("#filter-status", Select).clear()  # every status
        await settle(pilot)
        everything = listing(big)
        assert table.row_count == len(everything) and table.border_title == f"{len(everything)} actions"

        app.screen.query_one("#filter-search", Input).focus()
        await type_text(pilot, "tangerine")
        await settle(pilot)
        found = listing(big, search="tangerine")
        assert 0 < len(found) < len(everything)
        assert table.row_count == len(found) and shown(table, 0, len(found)) == found
        assert table.border_title == f"{len(found)} actions" and 'text "tangerine"' in table.border_subtitle

        app.screen.query_one("#filter-search", Input).value = "review"
        await settle(pilot)
        table.focus()
        for _ in range(5):  # reference, due, status, owner, description
            await pilot.press("O")
        await settle(pilot)
        assert "sorted by description" in table.border_subtitle
        with Session(big) as session:
            rows = filter_actions(session, ActionFilter(search="review"), today=TODAY)
        by_description = [r.reference for r in sorted(rows, key=lambda r: r.description.casefold())]
        assert table.row_count == len(by_description) > 3 * PAGE
        await pilot.press("end")
        await settle(pilot)
        assert shown(table, len(rows) - 20, len(rows)) == by_description[-20:]
        await pilot.press("O")  # body
        await pilot.press("O")  # back to reference: a new order starts at the top
        await settle(pilot)
        assert table.cursor_row == 0 and shown(table, 0, 5) == sorted(by_description)[:5]
        await pilot.press("end")
        await settle(pilot)
        assert shown(table, len(rows) - 5, len(rows)) == sorted(by_description)[-5:]

        await pilot.press("d")  # the search is kept when leaving the area and coming back
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert app.screen.query_one("#filter-search", Input).value == "review"
        assert table.row_count == len(by_description)


async def test_export_from_the_screen_writes_the_filtered_rows_with_a_progress_bar(big, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = ConvenorApp(big, today=TODAY)
    out = tmp_path / "overdue.csv"
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot)
        app.screen.query_one("#filter-status", Select).value = "overdue"
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#export-path", Input).value = str(out)
        await pilot.press("enter")
        await settle(pilot)
        strip = app.screen.query_one("#actions-progress", WorkProgress)
        bar = strip.query_one(ProgressBar)
        assert not strip.has_class("-running")  # shown while writing, gone when done
        expected = listing(big, "overdue")
        assert (bar.total, bar.progress) == (len(expected), len(expected))
    with open(out, encoding="utf-8-sig", newline="") as handle:
        written = [row["reference"] for row in csv.DictReader(handle)]
    assert sorted(written) == sorted(expected) and len(expected) > 50


async def test_clicking_a_column_heading_sorts_by_it_and_again_reverses(big):
    app = ConvenorApp(big, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_area(pilot)
        description_x = sum(width + 2 for _, _, width in table.columns[:4]) + 3
        await pilot.click("#actions-table", offset=(description_x, 1))  # the headings' line, under the border
        await settle(pilot)
        assert "sorted by description" in table.border_subtitle
        with Session(big) as session:
            rows = filtered_actions(session, None, "outstanding", TODAY)
        ascending = [r.reference for r in sorted(rows, key=lambda r: r.description.casefold())]
        assert shown(table, 0, 20) == ascending[:20]
        await pilot.click("#actions-table", offset=(description_x, 1))
        await settle(pilot)
        assert "sorted by description (reversed)" in table.border_subtitle
        assert shown(table, 0, 20) == ascending[::-1][:20]
