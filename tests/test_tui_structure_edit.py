"""Structure: editing a body's name, reports-to, quorum rule and forward plan through the body form."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select
from textual.widgets import Input, Static, TextArea, Tree

from models.forward_plan import plan_lines
from models.tables import AuditEntry, Body
from tests.tui_support import TODAY, settle, type_text
from tui.app import ConvenorApp
from tui.forms.body import BodyForm
from tui.screens.structure import StructureScreen
from tui.widgets.form_field import FormField

EXEC = "Safeguarding Partnership Executive"
BOARD = "Partners Board"


@pytest.fixture
def engine(demo_engine):
    return demo_engine


def body_row(engine, name: str) -> tuple[Body | None, str | None, list[str]]:
    with Session(engine) as s:
        body = s.exec(select(Body).where(Body.name == name)).first()
        if body is None:
            return None, None, []
        parent = s.get(Body, body.reports_to_id).name if body.reports_to_id else None
        s.expunge(body)
        return body, parent, plan_lines(s, body.id)


async def open_form(app, pilot, name: str) -> BodyForm:
    await pilot.press("s")
    await settle(pilot)
    app.screen.show_body(name)
    await settle(pilot)
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, BodyForm)
    return app.screen


def put(form: BodyForm, key: str, text: str) -> None:
    control = form.query_one(f"#field-{key.replace('.', '-')}", FormField).control
    if isinstance(control, TextArea):
        control.load_text(text)
    else:
        assert isinstance(control, Input)
        control.value = text


async def test_renaming_a_body_and_moving_it_under_another(engine):
    app = ConvenorApp(engine, today=TODAY)
    async with app.run_test(size=(140, 45)) as pilot:
        form = await open_form(app, pilot, BOARD)
        name = form.query_one("#field-name", FormField).control
        name.focus()
        name.action_select_all()
        await type_text(pilot, "Partnership Board")
        put(form, "reports_to", EXEC)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, StructureScreen)
        body, parent, _ = body_row(engine, "Partnership Board")
        assert body is not None and parent == EXEC
        assert body_row(engine, BOARD)[0] is None
        tree = app.screen.query_one("#body-tree", Tree)
        lsp = next(n for n in tree.root.children if str(n.label).startswith("Lead Safeguarding"))
        executive = next(n for n in lsp.children if str(n.label).startswith(EXEC))
        assert any(str(n.label).startswith("Partnership Board") for n in executive.children)
        assert not any(str(n.label).startswith(BOARD) for n in lsp.children)
        with Session(engine) as s:
            audit = s.exec(select(AuditEntry).where(AuditEntry.table_name == "body",
                                                    AuditEntry.record_id == body.id)
                           .order_by(AuditEntry.id.desc())).first()  # type: ignore[union-attr]
            assert audit is not None and audit.changes["name"] == [BOARD, "Partnership Board"]


async def test_a_reports_to_loop_is_refused_beside_the_field(engine):
    app = ConvenorApp(engine, today=TODAY)
    async with app.run_test(size=(140, 45)) as pilot:
        before, parent, _ = body_row(engine, EXEC)
        form = await open_form(app, pilot, EXEC)
        put(form, "reports_to", "Neglect Delivery Group")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BodyForm)
        error = app.screen.query_one("#field-reports_to", FormField).error
        assert "Neglect Delivery Group" in error and EXEC in error
        after, parent_after, _ = body_row(engine, EXEC)
        assert (after.version, parent_after) == (before.version, parent)


async def test_quorum_and_forward_plan_items_added_changed_and_removed(engine):
    app = ConvenorApp(engine, today=TODAY)
    async with app.run_test(size=(140, 45)) as pilot:
        form = await open_form(app, pilot, EXEC)
        plan = form.query_one("#field-forward_plan", FormField).control
        assert plan.text == ("Yearly report: draft for sign-off | July every year\n"
                             "Threshold document review | October every year")
        put(form, "quorum.statutory_partners", "2")
        put(form, "quorum.members", "5")
        put(form, "forward_plan", "Yearly report: draft for sign-off | June every year\n"
                                  "Neglect strategy refresh | 2027-03-15")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, StructureScreen)
        body, _, lines = body_row(engine, EXEC)
        assert body.quorum_rule == {"statutory_partners": 2, "members": 5}
        assert lines == ["Neglect strategy refresh | 2027-03-15", "Yearly report: draft for sign-off | June every year"]
        shown = str(app.screen.query_one("#body-plan", Static).content)
        assert "Threshold document review" not in shown
        assert "Yearly report: draft for sign-off (June, every year)" in shown
        assert "Neglect strategy refresh (2027-03-15)" in shown
        facts = str(app.screen.query_one("#body-facts", Static).content)
        assert "Quorum" in facts and "5" in facts
        with Session(engine) as s:
            audit = s.exec(select(AuditEntry).where(AuditEntry.summary == f'Changed the forward plan of body "{EXEC}"')).one()
            assert "Threshold document review | October every year" in audit.changes["forward_plan"][0]


async def test_a_bad_forward_plan_line_names_its_line_and_nothing_is_saved(engine):
    app = ConvenorApp(engine, today=TODAY)
    async with app.run_test(size=(140, 45)) as pilot:
        before, _, lines = body_row(engine, EXEC)
        form = await open_form(app, pilot, EXEC)
        put(form, "forward_plan", "Threshold document review | Octobr every year")
        put(form, "quorum.members", "5")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BodyForm)
        error = app.screen.query_one("#field-forward_plan", FormField).error
        assert error.startswith("Line 1:") and "Octobr" in error
        after, _, lines_after = body_row(engine, EXEC)
        assert (after.version, after.quorum_rule, lines_after) == (before.version, before.quorum_rule, lines)
