"""A body's name, reports-to, quorum rule and forward plan saved through update_body (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from models.bodies import update_body
from models.editing import StaleEdit
from models.forward_plan import plan_lines
from models.record_base import RecordErrors
from models.roster_views import body_detail
from models.tables import Body
from tests.tui_support import TODAY

EXEC = "Executive Group"


def _save(engine, body: str, version: int | None = None, **more):
    with Session(engine) as s:
        d = body_detail(s, s.exec(select(Body.id).where(Body.name == body)).one(), TODAY)
    return update_body(engine, d.id, d.version if version is None else version, cadence=d.cadence_table,
                       chair=d.chair_table, members=d.member_lines, standing_items=d.standing_items, **more)


def _body(engine, name: str):
    with Session(engine) as s:
        body = s.exec(select(Body).where(Body.name == name)).one()
        parent = s.get(Body, body.reports_to_id).name if body.reports_to_id else None
        return body.version, parent, body.quorum_rule, plan_lines(s, body.id)


def test_plan_items_are_added_changed_and_removed_and_the_rest_kept(loaded):
    assert _body(loaded, EXEC)[3] == ["Yearly report: draft for sign-off | July every year"]
    assert _save(loaded, EXEC, quorum={"statutory_partners": "all", "members": 3},
                 forward_plan=["Yearly report: draft for sign-off | June every year",
                               "Threshold review | 2027-03-15", "Section 11 audit | October"])
    _, parent, quorum, lines = _body(loaded, EXEC)
    assert parent == "Lead Safeguarding Partners" and quorum == {"statutory_partners": "all", "members": 3}
    assert lines == ["Threshold review | 2027-03-15", "Yearly report: draft for sign-off | June every year",
                     "Section 11 audit | October"]
    assert _save(loaded, EXEC, forward_plan=["Section 11 audit | October"])
    assert _body(loaded, EXEC)[3] == ["Section 11 audit | October"]
    assert not _save(loaded, EXEC, forward_plan=["Section 11 audit | October"])  # unchanged


def test_a_loop_a_bad_plan_line_and_a_stale_version_write_nothing(loaded):
    before = _body(loaded, EXEC)
    with pytest.raises(RecordErrors) as refused:
        _save(loaded, EXEC, reports_to="Child Exploitation Delivery Group",
              forward_plan=["Audit | Octobr", "Audit | October"])
    assert "Executive Group" in refused.value.errors["reports_to"]
    assert refused.value.errors["forward_plan"].startswith("Line 1:")
    with pytest.raises(StaleEdit):
        _save(loaded, EXEC, version=before[0] - 1, name="The Executive")
    assert _body(loaded, EXEC) == before


def test_renaming_and_moving_to_the_top_level(loaded):
    assert _save(loaded, EXEC, name="The Executive", reports_to="")
    assert _body(loaded, "The Executive")[1] is None
