"""The meeting workspace's rules (models.meetings), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlmodel import Session, select

from models.db import session_scope
from models.editing import EditError, StaleEdit, cancel_meeting
from models.meetings import NeedsConfirmation
from models.meetings.agenda import add_item, build_agenda, edit_item, issue_agenda, move_item, remove_item
from models.meetings.attendance import add_declaration, add_in_attendance, mark_attendance, quorum_now, record_deputy
from models.meetings.calendar import create_meeting, reschedule_meeting
from models.meetings.minutes import (
    add_action,
    add_resolution,
    approve_minutes,
    defer_item,
    mark_held,
    save_minute,
    withdraw_item,
)
from models.meetings.record import meeting_record
from models.records import RecordErrors
from models.tables import AgendaItem, AuditEntry, Meeting

TODAY = date(2026, 2, 10)
EXEC = "Executive Group"


def _create(engine, day=date(2026, 2, 10), **kw) -> int:
    with session_scope(engine) as s:
        return create_meeting(s, EXEC, day, time(10, 0), time(12, 0), location="Online (Teams)", today=TODAY, **kw)


def _record(engine, meeting_id):
    with Session(engine) as s:
        return meeting_record(s, meeting_id, today=TODAY)


def _item_id(engine, meeting_id, title) -> tuple[int, int]:
    with Session(engine) as s:
        item = s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id, AgendaItem.title == title)).one()
        return item.id, item.version


def test_a_one_off_meeting_is_checked_and_warns_before_it_is_created(loaded):
    with session_scope(loaded) as s:
        with pytest.raises(RecordErrors) as bad:
            create_meeting(s, "Executive Grop", date(2026, 2, 10), time(12), time(11), today=TODAY)
    assert 'did you mean "Executive Group"' in bad.value.errors["body"]
    with session_scope(loaded) as s, pytest.raises(RecordErrors) as bad:
        create_meeting(s, EXEC, date(2096, 2, 10), time(12), time(11), today=TODAY)
    assert set(bad.value.errors) == {"date", "end"}
    with session_scope(loaded) as s, pytest.raises(RecordErrors, match="already has a meeting"):
        create_meeting(s, EXEC, date(2026, 1, 13), time(10), time(11), today=TODAY)
    for day, words in ((date(2026, 2, 14), "is a Saturday"), (date(2026, 5, 4), "bank holiday"),
                       (date(2026, 1, 15), "also meets on 13 January 2026")):
        with session_scope(loaded) as s, pytest.raises(NeedsConfirmation, match=words):
            create_meeting(s, EXEC, day, time(10), time(11), today=TODAY)
    meeting_id = _create(loaded, date(2026, 2, 14), confirmed=True)
    record = _record(loaded, meeting_id)
    assert (record["date"], record["start"], record["end"]) == ("2026-02-14", "2026-02-14T10:00", "2026-02-14T12:00")
    assert record["status"] == "planned" and record["agenda_status"] == "draft" and record["minutes_status"] == "none"


def test_rescheduling_raises_the_sequence_and_a_held_meeting_stays_put(loaded):
    meeting_id = _create(loaded)
    with Session(loaded) as s:
        version = s.get(Meeting, meeting_id).version
    with session_scope(loaded) as s:
        assert reschedule_meeting(s, meeting_id, version, date(2026, 2, 12), time(14), time(15, 30),
                                  location="Town Hall", today=TODAY)
    record = _record(loaded, meeting_id)
    assert (record["start"], record["end"], record["location"], record["sequence"]) == (
        "2026-02-12T14:00", "2026-02-12T15:30", "Town Hall", 1)
    with session_scope(loaded) as s, pytest.raises(StaleEdit):
        reschedule_meeting(s, meeting_id, version, date(2026, 2, 13), time(14), time(15), today=TODAY)
    with session_scope(loaded) as s, pytest.raises(EditError, match="held"):
        reschedule_meeting(s, 1, 1, date(2026, 1, 14), time(10), time(11), today=TODAY)
    with session_scope(loaded) as s, pytest.raises(EditError, match="held"):
        cancel_meeting(s, 1)


def test_the_agenda_is_built_from_standing_items_the_plan_and_deferred_items(loaded):
    with session_scope(loaded) as s:
        held = s.exec(select(AgendaItem).where(AgendaItem.meeting_id == 1, AgendaItem.title == "Neglect strategy refresh")).one()
        defer_item(s, held.id)
    july = _create(loaded, date(2026, 7, 14))
    with session_scope(loaded) as s:
        assert build_agenda(s, july) == 10
    items = _record(loaded, july)["items"]
    assert [(i["title"], i["source"]) for i in items[5:8]] == [
        ("Delivery group highlight reports", "standing"), ("Neglect strategy refresh", "carried_over"),
        ("Yearly report: draft for sign-off", "forward_plan")]
    assert items[-2]["title"] == "Any other business" and items[6]["presenter"] == "Sofia Reyes"
    with session_scope(loaded) as s, pytest.raises(EditError, match="already has an agenda"):
        build_agenda(s, july)


def test_items_are_added_edited_moved_and_removed_and_an_issued_agenda_becomes_revised(loaded):
    meeting_id = _create(loaded)
    with session_scope(loaded) as s:
        build_agenda(s, meeting_id)
        issue_agenda(s, meeting_id, TODAY)
    assert _record(loaded, meeting_id)["agenda_status"] == "issued"
    with session_scope(loaded) as s:
        new = add_item(s, meeting_id, {"title": "Rapid review: case NM-2026-03", "presenter": "Tom Whitfield",
                                       "minutes": "20", "purpose": "decision", "papers": "Review report\nAction plan"})
    with session_scope(loaded) as s, pytest.raises(RecordErrors) as bad:
        edit_item(s, new, 1, {"exempt": True, "exempt_paragraph": ""})
    assert "Schedule 12A" in bad.value.errors["exempt_paragraph"]
    with session_scope(loaded) as s:
        edit_item(s, new, 1, {"exempt": True, "exempt_paragraph": "2"})
        move_item(s, new, -1)
    record = _record(loaded, meeting_id)
    assert record["agenda_status"] == "revised"
    titles = [i["title"] for i in record["items"]]
    assert titles[5:7] == ["Rapid review: case NM-2026-03", "Delivery group highlight reports"]
    item = record["items"][5]
    assert (item["exempt_paragraph"], item["purpose"], item["papers"], item["source"]) == (
        2, "decision", ["Review report", "Action plan"], "added")
    starts = [i["start"][11:] for i in record["items"][:7]]
    assert starts[0] == "10:00" and starts[6] == "10:20"  # untimed items take no time; 20 minutes for the review
    with session_scope(loaded) as s:
        remove_item(s, new)
    assert len(_record(loaded, meeting_id)["items"]) == 8


def test_a_participant_observer_does_not_make_their_partner_quorate(loaded):
    meeting_id = _create(loaded)
    with session_scope(loaded) as s:
        mark_attendance(s, meeting_id, "Tom Whitfield", "present")
        record_deputy(s, meeting_id, "Daniel Moss", "Helen Price")
        mark_attendance(s, meeting_id, "Cllr Owen Baines", "present")  # the council's lead member, observing
        assert quorum_now(s, meeting_id) == {"met": False, "missing": ["Northmoor Metropolitan Borough Council"]}
        mark_attendance(s, meeting_id, "Sofia Reyes", "present")
        assert quorum_now(s, meeting_id) == {"met": True, "missing": []}


def test_attendance_with_a_deputy_makes_the_meeting_quorate(loaded):
    meeting_id = _create(loaded)
    with session_scope(loaded) as s:
        assert quorum_now(s, meeting_id) is None
        mark_attendance(s, meeting_id, "Sofia Reyes", "present")
        mark_attendance(s, meeting_id, "Tom Whitfield", "present")
        add_in_attendance(s, meeting_id, "Priya Shah", "officer")
        assert quorum_now(s, meeting_id) == {"met": False, "missing": ["Northmoor Police"]}
        record_deputy(s, meeting_id, "Daniel Moss", "Helen Price")
        assert quorum_now(s, meeting_id) == {"met": True, "missing": []}
        with pytest.raises(EditError, match="themselves"):
            record_deputy(s, meeting_id, "Helen Price", "Helen Price")
    attendance = {a["person"]: a for a in _record(loaded, meeting_id)["attendance"]}
    assert attendance["Daniel Moss"]["status"] == "deputy" and attendance["Daniel Moss"]["deputy_for"] == "Helen Price"
    assert attendance["Helen Price"]["status"] == "apologies"
    assert attendance["Priya Shah"]["capacity"] == "officer"


def test_minutes_resolutions_actions_held_and_approved_at_the_next_meeting(loaded):
    first = _create(loaded)
    with session_scope(loaded) as s:
        build_agenda(s, first)
    item, version = _item_id(loaded, first, "Voice of the child")
    with session_scope(loaded) as s:
        save_minute(s, item, version, "The group heard from the young people's advisory group.")
        assert add_resolution(s, item, "That the advisory group be thanked.") == 1
        assert add_resolution(s, item, "That its report go to the Partners Board.") == 2
        reference = add_action(s, item, "Write to the advisory group", "Kemi Adeyemi", "2026-03-01")
        add_declaration(s, first, "Tom Whitfield", item, "Trustee of a local children's charity")
    assert reference == "EG-2026-003"  # the held meeting raised EG-2026-001 and 002
    with session_scope(loaded) as s, pytest.raises(StaleEdit) as stale:
        save_minute(s, item, version, "My own words")
    assert stale.value.attempted == {"minute": "My own words"}
    with session_scope(loaded) as s, pytest.raises(RecordErrors) as bad:
        add_action(s, item, "", "Nobody Known", "soon")
    assert set(bad.value.errors) == {"description", "owner", "due"}
    aob, _ = _item_id(loaded, first, "Delivery group highlight reports")
    with session_scope(loaded) as s:
        withdraw_item(s, aob)
        with pytest.raises(EditError, match="Record who attended"):
            mark_held(s, first, TODAY)
        mark_attendance(s, first, "Sofia Reyes", "present")
        mark_held(s, first, TODAY)
    record = _record(loaded, first)
    voice = next(i for i in record["items"] if i["title"] == "Voice of the child")
    assert voice["resolutions"] == ["That the advisory group be thanked.", "That its report go to the Partners Board."]
    assert voice["actions"] == [{"reference": "EG-2026-003", "owner": "Kemi Adeyemi", "due": "2026-03-01",
                                 "description": "Write to the advisory group"}]
    assert record["declarations"] == [{"person": "Tom Whitfield", "item": "Voice of the child",
                                       "nature": "Trustee of a local children's charity"}]
    assert next(i for i in record["items"] if i["title"] == "Delivery group highlight reports")["state"] == "withdrawn"
    assert (record["status"], record["minutes_status"]) == ("held", "draft")

    second = _create(loaded, date(2026, 4, 14))
    with session_scope(loaded) as s:
        build_agenda(s, second)
        assert approve_minutes(s, first) == date(2026, 4, 14)
    minutes_item = next(i for i in _record(loaded, second)["items"] if i["title"].startswith("Minutes"))
    assert minutes_item["resolutions"] == [
        "That the minutes of the meeting held on 10 February 2026 be approved as a correct record."]
    record = _record(loaded, first)
    assert (record["minutes_status"], record["minutes_approved_on"]) == ("approved", "2026-04-14")
    item, version = _item_id(loaded, first, "Voice of the child")
    with session_scope(loaded) as s, pytest.raises(NeedsConfirmation, match="approved as a correct record"):
        save_minute(s, item, version, "Corrected")
    with session_scope(loaded) as s:
        save_minute(s, item, version, "Corrected", confirmed=True)
    with Session(loaded) as s:
        audit = s.exec(select(AuditEntry).where(AuditEntry.table_name == "agendaitem", AuditEntry.record_id == item,
                                                AuditEntry.operation == "amend")).all()
    assert [a.changes["minute"][1] for a in audit] == ["Corrected"]
