"""`convenor load`: the shared example end to end, every class of bad input,
idempotent reloads and updates by name."""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path

import pytest
from sqlalchemy import func, inspect
from sqlmodel import Session, select

from models.arrangements import ArrangementsError, load_arrangements
from models.tables import (
    Action, AgendaItem, Appointment, Attendance, AuditEntry, Body, BodyMember, ForwardPlanItem, Meeting,
    Organisation, Partnership, Person, Resolution, StandingItem,
)
from tests.conftest import EXAMPLE
from tui.cli import main

TEXT = EXAMPLE.read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "arrangements.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def snapshot(engine) -> dict[str, list]:
    """Every row of every table, to prove a failed load changed nothing."""
    rows = {}
    with engine.connect() as conn:
        for table in sorted(inspect(engine).get_table_names()):
            if table == "alembic_version":
                continue
            rows[table] = sorted(map(repr, conn.exec_driver_sql(f'SELECT * FROM "{table}"').fetchall()))
    return rows


def count(session: Session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


# ----------------------------------------------------------------- the example


def test_example_loads_with_counts_and_values(loaded):
    with Session(loaded) as s:
        assert count(s, Organisation) == 5
        assert count(s, Person) == 11
        assert count(s, Appointment) == 11
        assert count(s, Body) == 4
        assert count(s, ForwardPlanItem) == 2
        assert count(s, Meeting) == 1
        assert count(s, Attendance) == 6
        assert count(s, AgendaItem) == 3
        assert count(s, Resolution) == 3
        assert count(s, Action) == 2

        partnership = s.exec(select(Partnership)).one()
        assert partnership.name == "Northmoor Safeguarding Children Partnership"
        assert partnership.protective_marking == "OFFICIAL"
        manager = s.get(Person, partnership.business_manager_id)
        assert manager.name == "Priya Shah" and manager.email == "nscp@northmoor.example"

        police = s.exec(select(Organisation).where(Organisation.name == "Northmoor Police")).one()
        assert police.statutory and police.kind == "police"
        schools = s.exec(select(Organisation).where(Organisation.name == "Northmoor Schools Forum")).one()
        assert schools.category == "Educational and Childcare" and not schools.statutory

        helen = s.exec(select(Person).where(Person.name == "Helen Price")).one()
        dsp = s.exec(select(Appointment).where(Appointment.person_id == helen.id)).one()
        assert (dsp.role, dsp.organisation_id, dsp.start, dsp.end) == (
            "delegated_safeguarding_partner", police.id, date(2024, 12, 1), date(2026, 5, 31))

        executive = s.exec(select(Body).where(Body.name == "Executive Group")).one()
        assert executive.kind == "executive"
        assert executive.cadence["frequency"] == "quarterly"
        assert executive.chair_rule["term_months"] == 18
        assert executive.quorum_rule == {"statutory_partners": "all"}
        lsp = s.exec(select(Body).where(Body.name == "Lead Safeguarding Partners")).one()
        assert executive.reports_to_id == lsp.id
        standing = s.exec(select(StandingItem.title).where(StandingItem.body_id == executive.id)
                          .order_by(StandingItem.position)).all()
        assert standing[0] == "Welcome and apologies" and standing[-1] == "Date of next meeting" and len(standing) == 8
        observer = s.exec(select(BodyMember).where(BodyMember.body_id == executive.id,
                                                   BodyMember.role == "lead_member")).one()
        assert observer.capacity == "participant_observer" and observer.voting is False

        meeting = s.exec(select(Meeting)).one()
        assert (meeting.date, meeting.start_time, meeting.status, meeting.duration_minutes) == (
            date(2026, 1, 13), time(10, 0), "held", 120)
        assert meeting.uid.endswith("@convenor") and meeting.sequence == 0
        daniel = s.exec(select(Person).where(Person.name == "Daniel Moss")).one()
        deputy = s.exec(select(Attendance).where(Attendance.person_id == daniel.id)).one()
        assert deputy.status == "deputy" and deputy.deputy_for_id == helen.id

        exempt = s.exec(select(AgendaItem).where(AgendaItem.exempt)).one()
        assert exempt.title == "Rapid review: case NM-2025-07" and exempt.exempt_paragraph == 2 and exempt.position == 3
        action = s.exec(select(Action).where(Action.item_id == exempt.id)).one()
        assert action.description == "Commission the reviewer for case NM-2025-07"
        assert action.due == date(2026, 3, 31) and action.status == "open"
        assert action.reference.endswith("-2026-002")


def test_load_is_audited(loaded):
    with Session(loaded) as s:
        entry = s.exec(select(AuditEntry).where(AuditEntry.operation == "load")).one()
        assert entry.actor == "test-officer"
        assert "created 5 organisations" in entry.summary


# ----------------------------------------------------------------- bad input


BAD_INPUT = [
    pytest.param(
        'organisation = "Northmoor Police"\nemail = "helen.price', 'organisation = "Northmoor Polce"\nemail = "helen.price',
        'people[5].organisation: no organisation named "Northmoor Polce" (did you mean "Northmoor Police"?)',
        id="unknown-reference"),
    pytest.param(
        'months = ["May", "November"]', 'months = ["May", "Novembre"]',
        'bodies[0].cadence.months[1]: "Novembre" is not a month (did you mean "November"?)',
        id="misspelt-month"),
    pytest.param(
        'date = 2026-01-13', 'date = "2026-02-30"',
        'meetings[0].date: "2026-02-30" is not a date (write it as YYYY-MM-DD)',
        id="bad-date"),
    pytest.param(
        'name = "Daniel Moss"', 'name = "Helen Price"',
        'people[6].name: person "Helen Price" is already defined at people[5]',
        id="duplicate-name"),
    pytest.param(
        'title = "Neglect strategy refresh"\n', '\n',
        "meetings[0].items[1].title: title is required",
        id="missing-required-field"),
    pytest.param(
        'statutory = true                   #   | relevant_agency', 'statutory = "yes"                   #',
        'organisations[0].statutory: should be true or false, not "yes"',
        id="wrong-type"),
]


@pytest.mark.parametrize("old, new, message", BAD_INPUT)
def test_each_class_of_bad_input_is_reported_and_nothing_written(engine, tmp_path, old, new, message):
    assert old in TEXT
    path = write(tmp_path, TEXT.replace(old, new, 1))
    before = snapshot(engine)
    with pytest.raises(ArrangementsError) as caught:
        load_arrangements(engine, path)
    assert message in [str(p) for p in caught.value.problems]
    assert snapshot(engine) == before


def test_every_problem_is_reported_in_one_run(engine, tmp_path, capsys):
    text = TEXT
    for old, new, _ in (p.values for p in BAD_INPUT):
        if "Helen Price" in new:
            continue  # keep names unique so the other problems stay as written
        text = text.replace(old, new, 1)
    path = write(tmp_path, text)
    before = snapshot(engine)
    code = main(["load", str(path), "--db", engine.url.render_as_string(hide_password=False)])
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    problems = [line for line in err if line.startswith(f"{path}: ")]
    assert len(problems) == 5, err
    assert err[-1] == "convenor: 5 problems found; nothing was loaded."
    assert "Traceback" not in "\n".join(err)
    assert snapshot(engine) == before


def test_unknown_setting_gets_a_suggestion(engine, tmp_path):
    path = write(tmp_path, TEXT.replace('weekday = "Tuesday", week = 2', 'wekday = "Tuesday", week = 2', 1))
    with pytest.raises(ArrangementsError) as caught:
        load_arrangements(engine, path)
    assert 'bodies[1].cadence.wekday: unknown setting "wekday" (did you mean "weekday"?)' in map(str, caught.value.problems)


def test_broken_toml_is_one_clear_sentence(engine, tmp_path, capsys):
    path = write(tmp_path, TEXT.replace('name = "Northmoor Police"', 'name = "Northmoor Police', 1))
    code = main(["load", str(path), "--db", engine.url.render_as_string(hide_password=False)])
    err = capsys.readouterr().err
    assert code == 2 and "not valid TOML" in err and "line" in err and "Traceback" not in err


def test_missing_file(engine, tmp_path, capsys):
    code = main(["load", str(tmp_path / "nope.toml"), "--db", engine.url.render_as_string(hide_password=False)])
    assert code == 2
    assert "there is no file" in capsys.readouterr().err


# ----------------------------------------------------------------- what people write


def test_accepts_abbreviations_any_case_and_every_n_weeks(engine, tmp_path):
    text = (TEXT.replace('months = ["Jan", "Apr", "Jul", "Oct"], weekday = "Tuesday"',
                         'months = ["january", "APR", "Jul", 10], weekday = "TUESDAY"', 1)
                .replace('months = ["March", "September"], weekday = "Friday"',
                         'months = ["Mar", "Sept"], weekday = "friday"', 1))
    load_arrangements(engine, write(tmp_path, text))
    with Session(engine) as s:
        executive = s.exec(select(Body).where(Body.name == "Executive Group")).one()
        summit = s.exec(select(Body).where(Body.name == "All-Age Safeguarding Summit")).one()
        exploitation = s.exec(select(Body).where(Body.name == "Child Exploitation Delivery Group")).one()
    assert executive.cadence["months"] == [1, 4, 7, 10] or executive.cadence["months"] == ["January", "April", "July", "October"]
    assert len(summit.cadence["months"]) == 2
    assert exploitation.cadence["frequency"] == "every-6-weeks"


# ----------------------------------------------------------------- reloads


def test_loading_twice_changes_nothing(loaded, capsys):
    before = snapshot(loaded)
    code = main(["load", str(EXAMPLE), "--db", loaded.url.render_as_string(hide_password=False)])
    assert code == 0
    assert capsys.readouterr().out.strip() == "Loaded northmoor.toml: nothing changed (everything was already up to date)."
    after = snapshot(loaded)
    assert after == before


def test_first_load_prints_one_summary_line(engine, capsys):
    code = main(["load", str(EXAMPLE), "--db", engine.url.render_as_string(hide_password=False)])
    out = capsys.readouterr().out.strip().splitlines()
    assert code == 0 and len(out) == 1
    assert out[0].startswith("Loaded northmoor.toml: created 5 organisations, 11 people")


def test_edited_file_updates_records_by_name(loaded, tmp_path, capsys):
    with Session(loaded) as s:
        tom = s.exec(select(Person).where(Person.name == "Tom Whitfield")).one()
        version, tom_id = tom.version, tom.id
        meeting = s.exec(select(Meeting)).one()
        uid = meeting.uid
    text = (TEXT.replace('email = "tom.whitfield@icb.example"', 'email = "t.whitfield@icb.example"', 1)
                .replace('location = "Online (Teams)"\n\n  [[meetings.attendance]]', 'location = "Town Hall"\n\n  [[meetings.attendance]]', 1)
                .replace('"Declarations of interest", "Minutes of the last meeting and matters arising", "Action log"',
                         '"Declarations of interest", "Minutes of the last meeting and matters arising", "Action log", "Risk register"', 1))
    code = main(["load", str(write(tmp_path, text)), "--db", loaded.url.render_as_string(hide_password=False)])
    out = capsys.readouterr().out
    assert code == 0
    assert "updated 1 person, 1 body, 1 meeting" in out
    with Session(loaded) as s:
        tom = s.get(Person, tom_id)
        assert tom.email == "t.whitfield@icb.example" and tom.version == version + 1
        assert count(s, Person) == 11
        meeting = s.exec(select(Meeting)).one()
        assert meeting.location == "Town Hall"
        assert meeting.uid == uid and meeting.sequence == 1  # place changed: invites must update
        executive = s.exec(select(Body).where(Body.name == "Executive Group")).one()
        titles = s.exec(select(StandingItem.title).where(StandingItem.body_id == executive.id)).all()
        assert "Risk register" in titles


def test_a_meetings_only_file_can_refer_to_loaded_records(loaded, tmp_path):
    text = """
[[meetings]]
body = "Lead Safeguarding Partners"
date = 2026-05-07
status = "held"
  [[meetings.attendance]]
  person = "Alan Brooks"
  [[meetings.items]]
  title = "Yearly report"
    [[meetings.items.actions]]
    description = "Publish the yearly report"
    owner = "Priya Shah"
    due = 2026-09-30
    status = "in_progress"
    updates = [ { on = 2026-06-01, note = "Draft with partners" } ]
"""
    load_arrangements(loaded, write(tmp_path, text, "may.toml"))
    with Session(loaded) as s:
        meeting = s.exec(select(Meeting).where(Meeting.date == date(2026, 5, 7))).one()
        assert meeting.start_time == time(14, 0)  # from the body's cadence
        assert meeting.location == "Town Hall, Committee Room 2"
        action = s.exec(select(Action).where(Action.description == "Publish the yearly report")).one()
        assert action.status == "in_progress" and action.reference.endswith("-2026-001")


def test_json_listing_of_loaded_example(loaded, capsys):
    url = loaded.url.render_as_string(hide_password=False)
    assert main(["meetings", "--json", "--db", url]) == 0
    meetings = json.loads(capsys.readouterr().out)
    assert meetings == [{
        "id": meetings[0]["id"], "body": "Executive Group", "date": "2026-01-13", "start": "2026-01-13T10:00",
        "end": "2026-01-13T12:00", "status": "held", "location": "Online (Teams)", "chair": "Sofia Reyes",
        "quorum": {"met": True, "missing": []}, "title": None, "sequence": 0,
    }]
    assert main(["actions", "--json", "--db", url]) == 0
    actions = json.loads(capsys.readouterr().out)
    assert [(a["description"][:10], a["owner"], a["due"], a["status"]) for a in actions] == [
        ("Circulate ", "Kemi Adeyemi", "2026-02-27", "open"),
        ("Commission", "Sofia Reyes", "2026-03-31", "open"),
    ]
    assert set(actions[0]) >= {"reference", "body", "description", "owner", "due", "status", "overdue"}


def test_long_values_are_shortened_in_messages(engine, tmp_path):
    path = write(tmp_path, TEXT.replace('kind = "police"', f'kind = "{"x" * 5000}"', 1))
    with pytest.raises(ArrangementsError) as caught:
        load_arrangements(engine, path)
    (problem,) = [str(p) for p in caught.value.problems]
    assert problem.startswith('organisations[2].kind: "xxxx') and len(problem) < 300 and "…" in problem


def test_unreachable_database_is_one_sentence(tmp_path, capsys):
    code = main(["meetings", "--db", str(tmp_path / "no-such-folder" / "x.db")])
    err = capsys.readouterr().err
    assert code == 1 and err == f"convenor: The folder '{tmp_path / 'no-such-folder'}' for the database does not exist.\n"
    code = main(["meetings", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    try:
        import psycopg  # noqa: F401
    except ImportError:
        assert "pip install 'convenor[postgres]'" in err
    else:
        assert err.startswith("convenor: Cannot open the database postgresql+psycopg://nobody@127.0.0.1:1/none")


MEETING_RECORDS = '''[partnership]
name = "Northmoor Safeguarding Children Partnership"

[[meetings]]
body = "Executive Group"
date = 2025-03-11
status = "held"
  [[meetings.items]]
  title = "A file of last year's records"
  minute = "Noted."
'''


def test_several_files_load_in_order_in_one_command(engine, tmp_path, capsys):
    """The partnership file, then a file of meeting records that refers to it: one command, one line each."""
    records = write(tmp_path, MEETING_RECORDS, "2025.toml")
    url = engine.url.render_as_string(hide_password=False)

    assert main(["load", str(EXAMPLE), str(records), "--db", url]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"Loaded {EXAMPLE.name}: created")
    assert out[1].startswith("Loaded 2025.toml: created")
    with Session(engine) as session:
        assert session.exec(select(AgendaItem).where(AgendaItem.title == "A file of last year's records")).one()

    assert main(["load", str(EXAMPLE), str(records), "--db", url]) == 0
    assert capsys.readouterr().out.count("nothing changed") == 2


def test_a_problem_in_a_later_file_loads_none_of_them(engine, tmp_path, capsys):
    records = write(tmp_path, MEETING_RECORDS.replace("Executive Group", "Executiv Board"),
                    "2025.toml")
    before = snapshot(engine)

    code = main(["load", str(EXAMPLE), str(records), "--db", engine.url.render_as_string(hide_password=False)])

    assert code == 2
    err = capsys.readouterr().err
    assert f"{records}: meetings[0].body" in err
    assert "nothing was loaded" in err
    assert snapshot(engine) == before  # not even the first file, which on its own was fine
