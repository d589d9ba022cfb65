"""The statutory clock: checkpoints from the rules, the arrangements section, recording met, the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from models.arrangements import ArrangementsError, check_arrangements, load_arrangements
from models.db import session_scope
from models.editing import StaleEdit
from models.obligations import (
    Rule,
    case_schedule,
    deadlines,
    personal_data_warning,
)
from models.obligations_write import add_case, record_met, set_recurring, set_rule
from models.records import RecordErrors
from models.rules.working_days import working_days_between
from models.tables import AuditEntry, CheckpointMet, Obligation
from tui.cli import main

FIXTURE = Path(__file__).parent / "data" / "yearly_fixture.toml"
TODAY = date(2026, 4, 30)


def test_the_design_example_good_friday_trigger():
    # Trigger on Good Friday 2027: Easter Monday is not a working day.
    schedule = case_schedule(date(2027, 3, 26), None, {})
    assert schedule[0] == ("notification", date(2027, 4, 5), None)
    # Not yet notified: the rapid review runs from the notification's due date.
    assert schedule[1] == ("rapid_review", date(2027, 4, 26), None)
    # Notified on 31 March: 15 working days from then.
    notified = case_schedule(date(2027, 3, 26), date(2027, 3, 31), {})
    assert notified[0] == ("notification", date(2027, 4, 5), date(2027, 3, 31))
    assert notified[1] == ("rapid_review", date(2027, 4, 21), None)


def test_a_further_checkpoint_counts_from_the_one_it_follows():
    rules = [Rule("panel_decision", "rapid_review", 10), Rule("published", "panel_decision", 5)]
    met = {"rapid_review": date(2025, 7, 2)}
    got = {name: due for name, due, _ in case_schedule(date(2025, 6, 2), date(2025, 6, 6), met, rules)}
    assert got["panel_decision"] == date(2025, 7, 16)  # 10 working days after 2 July (met), not after 27 June
    assert got["published"] == date(2025, 7, 23)


@pytest.mark.parametrize(("text", "warns"), [
    ("RR-2027-01", None), ("CSPR 2026/4", None), ("Jane Smith", "name"), ("jane smith", "name"),
    ("RR born 12/03/2015", "date of birth"), ("DOB 3 March 2015", "date of birth"), ("Case 2015-03-12", "date of birth"),
])
def test_a_case_reference_that_looks_like_a_name_or_a_birth_date_is_warned(text, warns):
    warning = personal_data_warning(text)
    assert (warning is None) == (warns is None)
    if warns:
        assert warns in warning and "case reference only" in warning


def test_file_problems_are_located_and_nothing_is_written(engine, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('''
[[obligations]]
kind = "serious_incidnet"

[[obligations]]
kind = "serious_incident"
trigger = 2027-03-26
notified = 2027-03-20

[[obligations]]
kind = "yearly_report"
last_met = "last year"
every_month = 12

[[obligations]]
kind = "checkpoint"
name = "decision"
after = "nowhere"
working_days = 0
''')
    with pytest.raises(ArrangementsError) as caught:
        load_arrangements(engine, path)
    problems = {str(p) for p in caught.value.problems}
    assert any(p.startswith("obligations[0].kind:") and 'did you mean "serious_incident"' in p for p in problems)
    assert any(p.startswith("obligations[1].case_reference:") for p in problems)
    assert any(p.startswith("obligations[1].notified:") and "before the trigger" in p for p in problems)
    assert any(p.startswith("obligations[2].last_met:") for p in problems)
    assert any(p.startswith("obligations[2].every_month:") and 'did you mean "every_months"' in p for p in problems)
    assert any(p.startswith("obligations[3].after:") for p in problems)
    assert any(p.startswith("obligations[3].working_days:") for p in problems)
    with Session(engine) as session:
        assert session.exec(select(Obligation)).all() == []


def test_a_name_in_the_file_is_loaded_with_a_warning(engine, tmp_path):
    plan, problems = check_arrangements({"obligations": [
        {"kind": "serious_incident", "case_reference": "Jane Smith", "trigger": date(2027, 3, 26)}]})
    assert problems == []
    assert plan.warnings and plan.warnings[0].startswith("obligations[0].case_reference:")
    path = tmp_path / "named.toml"
    path.write_text('[[obligations]]\nkind = "serious_incident"\ncase_reference = "Jane Smith"\ntrigger = 2027-03-26\n')
    line = load_arrangements(engine, path).line("named.toml")
    assert line.splitlines()[0] == "Loaded named.toml: created 1 obligation."
    assert line.splitlines()[1].startswith("Warning: obligations[0].case_reference: \"Jane Smith\" looks like a person's name")


def test_load_twice_changes_nothing_and_met_is_not_undone_by_a_reload(engine):
    first = load_arrangements(engine, FIXTURE)
    assert first.created["obligation"] == 3
    again = load_arrangements(engine, FIXTURE)
    assert not again.changed
    with session_scope(engine) as session:
        record_met(session, "2.yearly_report", date(2025, 10, 15), TODAY)
    load_arrangements(engine, FIXTURE)
    with Session(engine) as session:
        rows = {c.id: c for c in deadlines(session, TODAY)}
    assert rows["2.yearly_report"].due == date(2026, 10, 15)  # rolled forward, and the reload kept it
    assert rows["2.yearly_report.2025-09-30"].met_on == date(2025, 10, 15)


def test_deadlines_states_and_working_days_left(engine):
    load_arrangements(engine, FIXTURE)
    with Session(engine) as session:
        rows = {c.id: c for c in deadlines(session, TODAY)}
    assert rows["1.notification"].state == "met" and rows["1.notification"].met_on == date(2025, 6, 6)
    review = rows["1.rapid_review"]
    assert (review.due, review.state) == (date(2025, 6, 27), "overdue")
    assert review.working_days_left == working_days_between(TODAY, date(2025, 6, 27)) < 0
    with Session(engine) as session:
        window = deadlines(session, TODAY, date(2025, 9, 1), date(2025, 12, 31))
    assert [c.id for c in window] == ["2.yearly_report", "3.arrangements_review"]


def test_recording_met_is_versioned_and_audited(engine):
    load_arrangements(engine, FIXTURE)
    with Session(engine) as session:
        version = session.exec(select(Obligation).where(Obligation.case_reference == "RR-2025-01")).one().version
    with session_scope(engine) as session:
        summary = record_met(session, "1.rapid_review", date(2025, 7, 2), TODAY, expected_version=version)
    assert "late" in summary
    with session_scope(engine) as session:
        case_id, _ = add_case(session, {"case_reference": "RR-2026-02", "trigger": date(2026, 3, 2)})
    with session_scope(engine) as session:
        record_met(session, f"{case_id}.notification", date(2026, 3, 5), TODAY, expected_version=1)
    with pytest.raises(StaleEdit):  # a second officer's form was read before the notification was recorded
        with session_scope(engine) as session:
            record_met(session, f"{case_id}.rapid_review", date(2026, 3, 20), TODAY, expected_version=1)
    with Session(engine) as session:
        met = session.exec(select(CheckpointMet)).all()
        assert [(m.checkpoint, m.due, m.met_on) for m in met] == [("rapid_review", date(2025, 6, 27), date(2025, 7, 2))]
        audit = session.exec(select(AuditEntry).where(AuditEntry.table_name == "obligation")).all()
        assert any("Rapid review" in a.summary for a in audit)


def test_forms_refuse_what_the_file_refuses(engine):
    with session_scope(engine) as session:
        case_id, warnings = add_case(session, {"case_reference": "Sam Jones", "trigger": "2026-03-02"})
        assert case_id and "name" in warnings[0]
    with pytest.raises(RecordErrors) as caught:
        with session_scope(engine) as session:
            add_case(session, {"case_reference": "Sam Jones", "trigger": "2026-03-02"})
    assert "already" in caught.value.errors["case_reference"]
    with pytest.raises(RecordErrors) as caught:
        with session_scope(engine) as session:
            add_case(session, {"case_reference": "", "trigger": "2026-13-01"})
    assert set(caught.value.errors) == {"case_reference", "trigger"}
    with session_scope(engine) as session:
        set_recurring(session, {"kind": "independent_scrutiny", "last_met": "2026-01-31", "every_months": "12"})
        set_rule(session, {"name": "panel decision", "after": "rapid_review", "working_days": 10})
    with Session(engine) as session:
        rows = {c.id: c for c in deadlines(session, TODAY)}
    assert rows["2.independent_scrutiny"].due == date(2027, 1, 31)
    assert "1.panel_decision" in rows


def test_cli_lists_json_and_records_met(engine, db_url, capsys):
    load_arrangements(engine, FIXTURE)
    assert main(["deadlines", "--db", db_url, "--json", "--from", "2025-06-01", "--to", "2025-06-30"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == ["1.notification", "1.rapid_review"]
    assert set(rows[0]) >= {"id", "obligation", "case_reference", "checkpoint", "due", "working_days_left",
                            "state", "met_on"}
    assert rows[0]["met_on"] == "2025-06-06" and rows[0]["state"] == "met"
    assert main(["deadlines", "met", "1.rapid_review", "--on", "2025-07-02", "--db", db_url]) == 0
    assert "Rapid review" in capsys.readouterr().out
    assert main(["deadlines", "met", "1.rapid_review", "--on", "2025-07-03", "--db", db_url]) == 2
    err = capsys.readouterr().err
    assert "already recorded as met on 2025-07-02" in err and err.count("\n") == 1
    assert main(["deadlines", "met", "42.nothing", "--on", "2025-07-03", "--db", db_url]) == 2
    assert 'no checkpoint "42.nothing"' in capsys.readouterr().err
    assert main(["deadlines", "met", "3.arrangements_review", "--on", "2025-02-30", "--db", db_url]) == 2
    assert "is not a date" in capsys.readouterr().err
    with Session(engine) as session:
        assert len(session.exec(select(CheckpointMet)).all()) == 1
