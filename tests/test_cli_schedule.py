"""`convenor schedule`, `chairs`, `roster` on the shared example."""

from __future__ import annotations

import json
from datetime import date

from sqlmodel import Session, select

from models.editing import apply_changes
from models.tables import Meeting
from tui.cli import main


def run(capsys, engine, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--db", engine.url.render_as_string(hide_password=False)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_schedule_creates_the_cadence_meetings_once(loaded, capsys):
    code, out, _ = run(capsys, loaded, "schedule", "--from", "2026-01-01", "--to", "2026-12-31", "--json")
    assert code == 0
    rows = json.loads(out)
    executive = [r["date"] for r in rows if r["body"] == "Executive Group"]
    assert executive == ["2026-01-13", "2026-04-14", "2026-07-14", "2026-10-13"]
    lsp = [r["date"] for r in rows if r["body"] == "Lead Safeguarding Partners"]
    assert lsp == ["2026-05-07", "2026-11-05"]
    summit = [r["date"] for r in rows if r["body"] == "All-Age Safeguarding Summit"]
    assert summit == ["2026-03-27", "2026-09-25"]
    cedg = [r["date"] for r in rows if r["body"] == "Child Exploitation Delivery Group"]
    assert cedg[:3] == ["2026-01-07", "2026-02-18", "2026-04-01"]
    held = [r for r in rows if r["date"] == "2026-01-13"][0]
    assert held["created"] is False  # the held meeting from the file is left as it is
    created = sum(r["created"] for r in rows)

    code, out, _ = run(capsys, loaded, "schedule", "--from", "2026-01-01", "--to", "2026-12-31", "--json")
    assert code == 0 and not any(r["created"] for r in json.loads(out))
    with Session(loaded) as s:
        assert len(s.exec(select(Meeting)).all()) == created + 1


def test_meetings_moved_or_cancelled_by_hand_are_left_alone(loaded, capsys):
    run(capsys, loaded, "schedule", "--from", "2026-04-01", "--to", "2026-04-30", "--body", "Executive Group")
    with Session(loaded) as s:
        april = s.exec(select(Meeting).where(Meeting.date == date(2026, 4, 14))).one()
        apply_changes(s, april, {"date": date(2026, 4, 21)})
        s.commit()
    code, out, _ = run(capsys, loaded, "schedule", "--from", "2026-04-01", "--to", "2026-04-30", "--body", "Executive Group")
    assert code == 0 and "Created 0 meetings" in out
    with Session(loaded) as s:
        dates = s.exec(select(Meeting.date).where(Meeting.date >= date(2026, 4, 1), Meeting.date <= date(2026, 4, 30))).all()
        assert sorted(dates) == [date(2026, 4, 21)]


def test_schedule_rejects_bad_options(loaded, capsys):
    code, _, err = run(capsys, loaded, "schedule", "--from", "2026-13-01", "--to", "2026-12-31")
    assert code == 2 and '"2026-13-01" is not a date' in err and err.count("\n") == 1
    code, _, err = run(capsys, loaded, "schedule", "--from", "2026-12-01", "--to", "2026-01-01")
    assert code == 2 and "before" in err
    code, _, err = run(capsys, loaded, "schedule", "--from", "2026-01-01", "--to", "2026-12-31", "--body", "Executive Grup")
    assert code == 2 and err.strip() == 'convenor: There is no body named "Executive Grup" (did you mean "Executive Group"?).'


def test_chairs_show_the_dsp_change_inside_a_term(loaded, capsys):
    code, out, _ = run(capsys, loaded, "chairs", "--body", "Executive Group", "--from", "2025-01-01", "--to", "2029-12-31", "--json")
    assert code == 0
    rows = [(r["organisation"], r["person"], r["from"], r["to"]) for r in json.loads(out)]
    assert rows == [
        ("Northmoor Metropolitan Borough Council", "Sofia Reyes", "2025-01-01", "2026-06-30"),
        ("NHS Northmoor Integrated Care Board", "Tom Whitfield", "2026-07-01", "2027-12-31"),
        ("Northmoor Police", "Daniel Moss", "2028-01-01", "2029-06-30"),
        ("Northmoor Metropolitan Borough Council", "Sofia Reyes", "2029-07-01", "2029-12-31"),
    ]


def test_roster_on_a_date_with_a_gap(loaded, capsys):
    code, out, _ = run(capsys, loaded, "roster", "--on", "2026-05-15", "--json")
    roster = json.loads(out)
    assert code == 0 and roster["date"] == "2026-05-15" and roster["gaps"] == []
    police = [p for p in roster["statutory_partners"] if p["organisation"] == "Northmoor Police"][0]
    assert police == {"organisation": "Northmoor Police", "lead": "Martin Hale", "delegated": "Helen Price"}
    code, out, _ = run(capsys, loaded, "roster", "--on", "2024-11-30", "--json")
    gaps = json.loads(out)["gaps"]
    assert {"organisation": "Northmoor Police", "role": "delegated_safeguarding_partner"} in gaps
    assert len(gaps) == 6  # nobody was appointed before December 2024
    code, out, _ = run(capsys, loaded, "roster", "--on", "2024-11-30")
    assert "Gap: Northmoor Police has no delegated safeguarding partner." in out
