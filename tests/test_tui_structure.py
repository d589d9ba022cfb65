"""The Structure screen: the tree of bodies, a body's chair timeline, and editing a body."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select
from textual.widgets import DataTable, Static, TextArea, Tree

from models.tables import Body, StandingItem
from tests.tui_support import TODAY, settle, type_text
from tui.app import ConvenorApp
from tui.forms.body import BodyForm
from tui.screens.structure import StructureScreen
from tui.widgets.chair_timeline import ChairTimeline
from tui.widgets.form_field import FormField

EXEC = "Safeguarding Partnership Executive"


def StructureApp(engine) -> ConvenorApp:
    """The real app over ``engine`` with a pinned today; tests open the area with its key."""
    return ConvenorApp(engine, today=TODAY)


@pytest.fixture
def engine(demo_engine):
    return demo_engine


def standing_items(engine, body: str) -> list[str]:
    with Session(engine) as s:
        body_id = s.exec(select(Body.id).where(Body.name == body)).one()
        return [i.title for i in s.exec(select(StandingItem).where(StandingItem.body_id == body_id)
                                        .order_by(StandingItem.position))]


async def test_tree_follows_reports_to_and_a_body_shows_members_and_rotation_timeline(engine):
    app = StructureApp(engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("s")
        await settle(pilot)
        tree = app.screen.query_one("#body-tree", Tree)
        tops = [str(n.label).split("  ")[0] for n in tree.root.children]
        assert tops == ["Fellmouth and Brackwater All-Age Summit", "Lead Safeguarding Partners Group"]
        lsp = tree.root.children[1]
        executive = next(n for n in lsp.children if str(n.label).startswith(EXEC))
        assert str(executive.label) == f"{EXEC}  executive · chair: Zoë Castellano · next: Tue 12 Jan 2027"
        assert str(executive.children[0].label) == ("quarterly: January, April, July, October, 2nd Tuesday 10:00, "
                                                    "moved off bank holidays and weekends")
        groups = [str(n.label).split("  ")[0] for n in executive.children[1:]]
        assert "Neglect Delivery Group" in groups and "Case Review Group" in groups

        app.screen.show_body(EXEC)
        await settle(pilot)
        assert str(app.screen.query_one("#body-title").content) == EXEC
        timeline = str(app.screen.query_one("#body-timeline", ChairTimeline).content).splitlines()
        assert timeline[0].startswith("○ past  1 Apr 2025 – 30 Sep 2026")
        assert "Siân Rhydderch" in timeline[0]
        assert timeline[1].startswith("● now   1 Oct 2026 – 31 Mar 2028") and "Zoë Castellano" in timeline[1]
        assert timeline[2].startswith("◌ next  1 Apr 2028 – 30 Sep 2029") and "Rebecca Thorne" in timeline[2]
        members = app.screen.query_one("#body-members", DataTable)
        rows = [members.get_row_at(i) for i in range(members.row_count)]
        assert ["Renée Dubois-Carter", "person", "Adviser", "no", ""] in [[str(c) for c in r] for r in rows]
        assert [str(c) for c in rows[3][:4]] == ["Lead Member", "role", "Participant observer", "no"]


async def test_editing_standing_items_saves_them_in_order(engine):
    app = StructureApp(engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("s")
        await settle(pilot)
        app.screen.show_body(EXEC)
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, BodyForm)
        area = app.screen.query_one("#field-standing_items", FormField).control
        assert isinstance(area, TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press("enter", *[c if c != " " else "space" for c in "Section 11 audit"])
        assert area.text.endswith("Date of next meeting\nSection 11 audit")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, StructureScreen)
        assert standing_items(engine, EXEC)[-2:] == ["Date of next meeting", "Section 11 audit"]
        standing = str(app.screen.query_one("#body-standing", Static).content)
        assert standing.splitlines()[-1] == "9. Section 11 audit"


async def test_bad_cadence_is_shown_beside_the_field_and_nothing_saved(engine):
    app = StructureApp(engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("s")
        await settle(pilot)
        app.screen.show_body(EXEC)
        await settle(pilot)
        with Session(engine) as s:
            before = s.exec(select(Body).where(Body.name == EXEC)).one()
        await pilot.press("e")
        await pilot.pause()
        frequency = app.screen.query_one("#field-cadence-frequency", FormField)
        frequency.control.focus()
        frequency.control.action_select_all()
        await type_text(pilot, "quartrly")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert frequency.error == '"quartrly" is not a frequency (did you mean "quarterly"?).'
        with Session(engine) as s:
            after = s.exec(select(Body).where(Body.name == EXEC)).one()
        assert (after.version, after.cadence) == (before.version, before.cadence)
