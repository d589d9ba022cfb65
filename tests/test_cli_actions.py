"""`convenor actions` filters and `convenor actions update REF` end to end (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

from sqlmodel import Session, select

from models.tables import Action, ActionUpdate, AuditEntry
from tui.cli import main


def run(capsys, engine, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--db", engine.url.render_as_string(hide_password=False)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def listed(capsys, engine, *args: str) -> list[dict]:
    code, out, err = run(capsys, engine, "actions", *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_update_changes_status_owner_and_due_with_a_note(loaded, capsys):
    code, out, err = run(capsys, loaded, "actions", "update", "EG-2026-001", "--status", "in_progress",
                         "--note", "Consultation drafted", "--owner", "Tom Whitfield", "--due", "2026-12-18",
                         "--expect-version", "1")
    assert (code, err) == (0, "")
    assert "Updated EG-2026-001 (now version 2)" in out
    row = next(r for r in listed(capsys, loaded) if r["reference"] == "EG-2026-001")
    assert (row["status"], row["owner"], row["due"], row["version"]) == ("in_progress", "Tom Whitfield",
                                                                         "2026-12-18", 2)
    assert row["latest_update"]["by"] == "test-officer"
    assert row["latest_update"]["note"].endswith("Consultation drafted")
    assert "Owner changed from Kemi Adeyemi to Tom Whitfield." in row["latest_update"]["note"]
    with Session(loaded) as session:
        action_id = session.exec(select(Action.id).where(Action.reference == "EG-2026-001")).one()
        audit = session.exec(select(AuditEntry).where(AuditEntry.table_name == "action", AuditEntry.record_id == action_id,
                                                      AuditEntry.operation == "update")).one()
        assert audit.changes["status"] == ["open", "in_progress"] and audit.actor == "test-officer"


def test_a_stale_version_is_exit_2_and_one_sentence(loaded, capsys):
    assert run(capsys, loaded, "actions", "update", "EG-2026-001", "--due", "2026-12-01")[0] == 0
    code, out, err = run(capsys, loaded, "actions", "update", "EG-2026-001", "--status", "cancelled",
                         "--note", "No longer needed", "--expect-version", "1")
    assert code == 2 and out == ""
    assert err == "convenor: EG-2026-001 has changed since version 1 (it is now version 2); nothing was saved.\n"
    with Session(loaded) as session:
        assert session.exec(select(Action.status).where(Action.reference == "EG-2026-001")).one() == "open"


def test_an_unknown_reference_is_exit_2_and_one_sentence(loaded, capsys):
    code, out, err = run(capsys, loaded, "actions", "update", "EG-2026-077", "--note", "x")
    assert (code, out) == (2, "")
    assert err == 'convenor: There is no action with reference "EG-2026-077" (did you mean "EG-2026-002"?).\n'
    with Session(loaded) as session:
        assert session.exec(select(ActionUpdate)).all() == []


def test_completing_without_evidence_is_refused(loaded, capsys):
    code, _, err = run(capsys, loaded, "actions", "update", "EG-2026-002", "--status", "completed")
    assert code == 2 and "evidence note" in err and err.count("\n") == 1


def test_nothing_to_change_is_refused(loaded, capsys):
    code, _, err = run(capsys, loaded, "actions", "update", "EG-2026-002")
    assert code == 2 and "--status, --note, --due or --owner" in err


def test_listing_still_takes_its_contract_options_and_the_new_filters(loaded, capsys):
    assert [r["reference"] for r in listed(capsys, loaded, "--overdue", "--body", "Executive Group")] == [
        "EG-2026-001", "EG-2026-002"]
    assert run(capsys, loaded, "actions", "update", "EG-2026-002", "--note", "Reviewer shortlisted")[0] == 0
    assert [r["reference"] for r in listed(capsys, loaded, "--search", "shortlisted")] == ["EG-2026-002"]
    assert [r["reference"] for r in listed(capsys, loaded, "--organisation", "Northmoor Schools Forum")] == [
        "EG-2026-001"]
    assert [r["reference"] for r in listed(capsys, loaded, "--owner", "Sofia Reyes")] == ["EG-2026-002"]
    assert listed(capsys, loaded, "--due-within", "30") == []  # both are overdue, not due soon
    code, _, err = run(capsys, loaded, "actions", "--owner", "Sofia Reyez")
    assert code == 2 and 'did you mean "Sofia Reyes"' in err
