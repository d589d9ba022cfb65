"""The yearly-report evidence pack: hand-counted figures on a small partnership (tests/data/yearly_fixture.toml).

Reporting year 1 April 2025 to 31 March 2026, body "Executive":
- 4 meetings planned: 13 May (all present), 8 July (cancelled), 9 September
  (ICB's Ian Bell sends apologies and Dee Vance deputises; the police send
  apologies), 13 January (all present).
- The chair rotates every 6 months from 1 April 2025: Council (Cara Lane) to
  30 September, then ICB (Ian Bell): one handover mid-year.
- Actions: EXEC-2025-001 completed in June; EXEC-2025-002 due 28 February
  2026, completed 15 April 2026 (overdue at year end, completed after it);
  EXEC-2026-001 due in June 2026 (not overdue).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from sqlmodel import Session

from exporters.yearly_report import CHART_TITLE, build_yearly_report_docx
from models.arrangements import load_arrangements
from models.db import session_scope
from models.obligations_write import record_met
from models.queries import partnership_info
from models.tables import Body
from models.yearly_report import yearly_report
from tui.cli import main
from tests.conftest import SHARED
from tests.templates import preload

FIXTURE = Path(__file__).parent / "data" / "yearly_fixture.toml"
START, END, TODAY = date(2025, 4, 1), date(2026, 3, 31), date(2026, 4, 30)
CHECK_DOCX = SHARED / "tools" / "check_docx.py"


preload("year", FIXTURE)


@pytest.fixture
def year(engine):
    with session_scope(engine) as session:
        record_met(session, "1.rapid_review", date(2025, 7, 2), TODAY)  # due 27 June: late
        record_met(session, "2.yearly_report", date(2025, 9, 29), TODAY)  # due 30 September: on time
    with Session(engine) as session:
        return yearly_report(session, START, END, TODAY)


def test_meetings_planned_held_and_cancelled(year):
    (body,) = year.bodies
    assert (body.planned, body.held, body.cancelled) == (4, 3, 1)


def test_a_cancelled_meeting_is_left_out_of_the_denominator_and_a_deputy_counts_for_the_partner(year):
    rates = {r.name: (r.attended, r.expected) for r in year.bodies[0].partners}
    assert rates == {"Eastmere Council": (3, 3), "Eastmere ICB": (3, 3), "Eastmere Police": (2, 3)}
    people = {r.name: (r.attended, r.expected) for r in year.bodies[0].people}
    # Ian Bell sent a deputy: the ICB was represented, he was not there himself.
    assert people == {"Cara Lane": (3, 3), "Ian Bell": (2, 3), "Paul Stone": (2, 3)}
    assert [r.percent for r in year.partners] == [100.0, 100.0, 66.7]


def test_quorum_met_and_missed(year):
    assert (year.bodies[0].quorum_met, year.bodies[0].quorum_missed) == (2, 1)  # police missing on 9 September


def test_a_mid_year_change_of_chair(year):
    body = year.bodies[0]
    assert [(c.person, c.start, c.end) for c in body.chairs] == [
        ("Cara Lane", date(2025, 4, 1), date(2025, 9, 30)), ("Ian Bell", date(2025, 10, 1), date(2026, 3, 31))]
    assert body.handovers == 1


def test_an_action_overdue_at_year_end_but_completed_after_it(year):
    body = year.bodies[0]
    assert (body.actions_opened, body.actions_completed, body.actions_overdue_at_end) == (3, 1, 1)
    assert body.actions_escalated == 0 and year.escalation_recorded is True


def test_an_escalation_in_the_year_is_counted(engine):
    from models.actions import escalate_concern

    load_arrangements(engine, FIXTURE)
    with session_scope(engine) as session:
        session.add(Body(name="Lead Partners"))
        session.flush()
        escalate_concern(session, "Executive", "Police attendance has fallen", "Lead Partners", on=date(2025, 12, 1))
        escalate_concern(session, "Executive", "Outside the year", "Lead Partners", on=date(2026, 4, 1))
    with Session(engine) as session:
        report = yearly_report(session, START, END, TODAY)
    counts = {b.body: b.actions_escalated for b in report.bodies}
    assert counts["Executive"] == 1


def test_forward_plan_items_taken(year):
    assert year.bodies[0].forward_plan_taken == ["Yearly report"]
    assert year.bodies[0].forward_plan_items == 2


def test_statutory_checkpoints_on_time_late_and_missed(year):
    # notification on time, yearly report on time; rapid review late; arrangements review (4 Nov 2025) missed.
    c = year.checkpoints
    assert (c.on_time, c.late, c.missed, c.open) == (2, 1, 1, 0)


def test_the_word_pack_has_the_figures_in_tables_and_one_chart(year, engine):
    with Session(engine) as session:
        info = partnership_info(session)
    doc = Document(io.BytesIO(build_yearly_report_docx(year, info)))
    assert len(doc.inline_shapes) == 1
    cells = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    assert ["Eastmere Police", "2", "3", "66.7%"] in cells
    assert ["4", "3", "1", "2", "1"] in cells  # planned, held, cancelled, quorate, not quorate
    assert ["Ian Bell", "Eastmere ICB", "1 Oct 2025", "31 Mar 2026"] in cells
    assert all(t.style.name == "Table Grid" for t in doc.tables)
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert CHART_TITLE in headings and "Executive" in headings
    assert not any("escalation is not recorded" in p.text for p in doc.paragraphs)


def test_cli_export_and_json(engine, db_url, tmp_path, capsys):
    load_arrangements(engine, FIXTURE)
    out = tmp_path / "pack.docx"
    assert main(["export", "yearly-report", "--from", "2025-04-01", "--to", "2026-03-31", "-o", str(out),
                 "--db", db_url]) == 0
    assert out.exists() and "Wrote" in capsys.readouterr().out
    assert main(["export", "yearly-report", "--from", "2025-04-01", "--to", "2026-03-31", "--json",
                 "--db", db_url]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["bodies"][0]["held"] == 3 and figures["partners"][2]["percent"] == 66.7
    assert main(["export", "yearly-report", "--from", "2026-04-01", "--to", "2025-03-31", "-o", str(out),
                 "--db", db_url]) == 2
    assert main(["export", "yearly-report", "--from", "2025-04-01", "--to", "2026-03-31",
                 "-o", str(tmp_path / "no-folder" / "x.docx"), "--db", db_url]) == 1
    assert not (tmp_path / "no-folder").exists()


@pytest.mark.skipif(not CHECK_DOCX.exists() or not Path("/tmp/validators-venv/bin/python").exists(),
                    reason="needs the shared check_docx.py validator (setup_validators.sh)")
def test_check_docx_passes_on_the_pack(year, engine, tmp_path):
    with Session(engine) as session:
        info = partnership_info(session)
    path = tmp_path / "pack.docx"
    path.write_bytes(build_yearly_report_docx(year, info))
    result = subprocess.run([sys.executable, str(CHECK_DOCX), str(path), "--no-render", "--must-contain",
                             "Attendance by statutory partner", "--must-contain", "Eastmere Police"],
                            capture_output=True, text=True, env={**os.environ}, timeout=300)
    assert result.stdout.strip().splitlines()[-1].startswith("docx ok"), result.stdout
