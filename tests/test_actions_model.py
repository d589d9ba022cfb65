"""Adding, updating, bulk-updating and escalating actions (models.actions), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from models.actions import (
    ActionFilter,
    ActionProblem,
    add_action,
    bulk_update,
    escalate_action,
    escalate_concern,
    escalations_for,
    filter_actions,
    update_action,
)
from models.db import session_scope
from models.editing import StaleEdit
from models.queries import NotFound, action_rows, find_body
from models.tables import Action, ActionUpdate, AuditEntry, Meeting

DAY = date(2026, 4, 1)


def _row(engine, reference):
    with Session(engine) as session:
        return next(r for r in action_rows(session, today=DAY) if r.reference == reference)


def test_add_action_gives_the_next_reference_and_an_audit_entry(loaded):
    with session_scope(loaded) as session:
        action = add_action(session, body="Executive Group", description="  Refresh the threshold document ",
                            owner="Tom Whitfield", due="2026-06-30", today=DAY)
        reference = action.reference
    assert reference == "EG-2026-003"
    row = _row(loaded, reference)
    assert (row.description, row.owner, row.due, row.status) == ("Refresh the threshold document", "Tom Whitfield",
                                                               date(2026, 6, 30), "open")
    with Session(loaded) as session:
        action_id = session.exec(select(Action.id).where(Action.reference == reference)).one()
        entry = session.exec(select(AuditEntry).where(AuditEntry.table_name == "action",
                                                      AuditEntry.record_id == action_id,
                                                      AuditEntry.operation == "create")).one()
    assert entry.actor == "test-officer" and reference in entry.summary


def test_add_action_reports_every_bad_field(loaded):
    with session_scope(loaded) as session, pytest.raises(ActionProblem) as caught:
        add_action(session, body="Executive Grup", description=" ", owner="Nobody Atall", due="2026-02-30")
    assert set(caught.value.errors) == {"body", "description", "owner", "due"}
    assert 'did you mean "Executive Group"' in caught.value.errors["body"]


def test_update_keeps_a_dated_history_with_old_owner_and_due(loaded):
    with session_scope(loaded) as session:
        update_action(session, "EG-2026-001", status="in_progress", note="Draft sent to the ICB", on=DAY)
    with session_scope(loaded) as session:
        update_action(session, "eg-2026-001", owner="Tom Whitfield", due="2026-05-29", on=date(2026, 4, 8))
    row = _row(loaded, "EG-2026-001")
    assert (row.status, row.owner, row.due) == ("in_progress", "Tom Whitfield", date(2026, 5, 29))
    first, second = row.updates
    assert first.on == DAY and first.by == "test-officer"
    assert "Status changed from open to in progress. Draft sent to the ICB" == first.note
    assert ("owner", "Kemi Adeyemi", "Tom Whitfield") in second.changes
    assert ("due", "2026-02-27", "2026-05-29") in second.changes
    assert row.latest_update == second and "Owner changed from Kemi Adeyemi to Tom Whitfield" in second.note


def test_completing_needs_evidence_and_cancelling_a_reason(loaded):
    with session_scope(loaded) as session:
        with pytest.raises(ActionProblem, match="evidence"):
            update_action(session, "EG-2026-001", status="completed")
        with pytest.raises(ActionProblem, match="reason"):
            update_action(session, "EG-2026-002", status="cancelled", note="  ")
    with session_scope(loaded) as session:
        update_action(session, "EG-2026-001", status="completed", note="Consultation circulated on 1 April", on=DAY)
    with Session(loaded) as session:
        action = session.exec(select(Action).where(Action.reference == "EG-2026-001")).one()
        assert (action.status, action.completed_on) == ("completed", DAY)


def test_a_stale_version_is_refused_and_nothing_written(loaded):
    with session_scope(loaded) as session, pytest.raises(StaleEdit):
        update_action(session, "EG-2026-001", note="Chased", expected_version=7)
    with Session(loaded) as session:
        assert session.exec(select(ActionUpdate)).all() == []


def test_an_unknown_reference_is_one_sentence(loaded):
    with session_scope(loaded) as session, pytest.raises(NotFound, match='"EG-2026-099"'):
        update_action(session, "EG-2026-099", note="x")


def test_bulk_update_is_all_or_nothing(loaded):
    with session_scope(loaded) as session:
        first = add_action(session, body="Executive Group", description="Third", today=DAY).reference
    with pytest.raises(StaleEdit, match="EG-2026-002"):
        with session_scope(loaded) as session:
            bulk_update(session, ["EG-2026-001", "EG-2026-002"], owner="Sofia Reyes",
                        expected_versions={"EG-2026-001": 1, "EG-2026-002": 9})
    assert _row(loaded, "EG-2026-001").owner == "Kemi Adeyemi"
    with pytest.raises(ActionProblem, match="EG-2026-001: There is no person"):
        with session_scope(loaded) as session:
            bulk_update(session, ["EG-2026-001"], owner="Nobody Atall")
    with session_scope(loaded) as session:
        done = bulk_update(session, ["EG-2026-001", "EG-2026-002", first], due="2026-07-31", owner="Sofia Reyes",
                           on=DAY)
    assert [u.changed for u in done] == [True, True, True]
    for reference in ("EG-2026-001", "EG-2026-002", first):
        row = _row(loaded, reference)
        assert (row.due, row.owner) == (date(2026, 7, 31), "Sofia Reyes")


def test_escalating_to_the_parent_puts_it_in_its_log_and_next_agenda(loaded):
    with session_scope(loaded) as session:
        add_action(session, body="Child Exploitation Delivery Group", description="Secure funding for the "
                   "return home interview service", owner="Kemi Adeyemi", due="2026-03-31", today=DAY)
        escalate_action(session, "CEDG-2026-001", note="No agency has agreed to fund it", on=DAY)
    with Session(loaded) as session:
        executive = find_body(session, "Executive Group")
        in_log = [r for r in action_rows(session, "Executive Group", today=DAY) if r.reference == "CEDG-2026-001"]
        own_log = [r.reference for r in action_rows(session, "Child Exploitation Delivery Group", today=DAY)]
        escalations = escalations_for(session, executive.id, date(2026, 4, 14))
        before = escalations_for(session, executive.id, date(2026, 3, 31))
    assert in_log[0].escalated_from == "Child Exploitation Delivery Group" and in_log[0].escalated_on == DAY
    assert own_log == ["CEDG-2026-001"]
    assert [(e.reference, e.from_body) for e in escalations] == [("CEDG-2026-001", "Child Exploitation Delivery Group")]
    assert "No agency has agreed to fund it" in escalations[0].note
    assert before == []


def test_escalations_already_before_a_held_meeting_are_not_repeated(loaded):
    with session_scope(loaded) as session:
        escalate_concern(session, "Child Exploitation Delivery Group", "Too few return home interviews",
                         on=date(2026, 1, 5))
        executive = find_body(session, "Executive Group")
        session.add(Meeting(body_id=executive.id, date=date(2026, 4, 14), status="planned"))
    with Session(loaded) as session:
        # The Executive met (held) on 13 January 2026, after the escalation.
        assert escalations_for(session, executive.id, date(2026, 4, 14)) == []
        found = escalations_for(session, executive.id, date(2026, 1, 13))
    assert [e.description for e in found] == ["Too few return home interviews"]
    assert found[0].reference.startswith("EG-2026-")


def test_escalation_needs_a_parent_or_a_named_body(loaded):
    with session_scope(loaded) as session:
        with pytest.raises(ActionProblem, match="reports to no body"):
            escalate_concern(session, "All-Age Safeguarding Summit", "Venue too small")
        with pytest.raises(ActionProblem, match="already with"):
            escalate_action(session, "EG-2026-001", "Executive Group")
        action = escalate_concern(session, "All-Age Safeguarding Summit", "Venue too small",
                                  "Lead Safeguarding Partners", on=DAY)
        assert action.escalated_to_body_id == find_body(session, "Lead Safeguarding Partners").id


def test_filters_owner_organisation_due_within_and_search(loaded):
    with session_scope(loaded) as session:
        add_action(session, body="Executive Group", description="Audit of strategy discussions", owner="Tom Whitfield",
                   due="2026-04-10", today=DAY)
        update_action(session, "EG-2026-002", note="Reviewer shortlisted from the national panel", on=DAY)
    with Session(loaded) as session:
        def refs(**given):
            return [r.reference for r in filter_actions(session, ActionFilter(**given), today=DAY)]

        assert refs(search="national PANEL") == ["EG-2026-002"]
        assert refs(search="eg-2026-003") == ["EG-2026-003"]
        assert refs(owner="Kemi Adeyemi") == ["EG-2026-001"]
        assert refs(due_within=14) == ["EG-2026-003"]
        assert refs(organisation="NHS Northmoor Integrated Care Board") == ["EG-2026-003"]
        assert refs(organisation="Northmoor Police") == []
        with pytest.raises(ActionProblem):
            refs(organisation="Nowhere Council")


def test_the_parent_body_s_next_agenda_lists_the_escalation(loaded):
    from models.meetings.agenda import build_agenda
    from models.tables import AgendaItem

    with session_scope(loaded) as session:
        add_action(session, body="Child Exploitation Delivery Group", description="Fund the return home service",
                   owner="Kemi Adeyemi", today=DAY)
        escalate_action(session, "CEDG-2026-001", on=DAY)
        executive = find_body(session, "Executive Group")
        meeting = Meeting(body_id=executive.id, date=date(2026, 4, 14), status="planned")
        session.add(meeting)
        session.flush()
        meeting_id = meeting.id
    with session_scope(loaded) as session:
        build_agenda(session, meeting_id)
    with Session(loaded) as session:
        items = session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)).all()
    escalated = [(i.title, i.presenter) for i in items if i.source == "escalated"]
    assert escalated == [("Escalated from Child Exploitation Delivery Group: Fund the return home service "
                          "(CEDG-2026-001)", "Kemi Adeyemi")]
