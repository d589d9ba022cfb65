"""The highlight report (models.highlight, exporters.highlight, `convenor export
highlight`) checked against figures counted by hand from
models/demo/demo_partnership.toml, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from docx import Document

from models.actions import escalate_action
from models.db import session_scope
from models.highlight import PeriodError, highlight_report
from sqlmodel import Session
from tui.cli import main
from models.demo import demo_file
from tests.templates import preload

START, END = date(2026, 1, 1), date(2026, 10, 31)
COUNCIL = "Fellmouth and Brackwater Council"
ICB = "NHS Fellmouth and Brackwater Integrated Care Board"
POLICE = "Brackwater Constabulary"


preload("demo", demo_file())


@pytest.fixture
def demo(engine):
    """The demo arrangements file loaded (a copy of a template loaded once)."""
    return engine


def test_neglect_delivery_group_counted_by_hand(demo):
    # Neglect Delivery Group, 1 Jan to 31 Oct 2026, from the demo file:
    # - meetings: held 16 Feb, 20 Apr, 15 Jun, 19 Oct = 4; cancelled 17 Aug = 1 (15 Dec 2025 and
    #   21 Dec 2026 are outside). The group has no quorum rule: met 0, missed 0.
    # - statutory partners at the 4 held meetings: the council by Farid Haddad (present at all four;
    #   Kwame Asante attends as an officer and does not count); the ICB by Hannah Greaves (present at
    #   all four); the police: no member, so not represented at all four.
    # - actions opened at those meetings: Feb NDG-2026-001, -002; Apr -003; Jun -004; Oct -005, -006 = 6.
    # - completed in the period: NDG-2025-001 (7 Jan), NDG-2025-002 (14 Jan), NDG-2026-001 (11 Mar) = 3.
    # - overdue on 31 Oct: NDG-2026-003 (due 30 Sep, open); -002 is due 4 Dec, -005 20 Nov,
    #   -004 and -006 in 2027 = 1. Escalated: none in the file = 0. Forward plan: none for this group.
    with Session(demo) as session:
        report = highlight_report(session, "Neglect Delivery Group", START, END)
    assert report.reports_to == "Safeguarding Partnership Executive"
    assert (report.held, report.cancelled, report.quorum_met, report.quorum_missed) == (4, 1, 0, 0)
    assert [(a.organisation, a.represented, a.apologies, a.not_represented) for a in report.attendance] == [
        (COUNCIL, 4, 0, 0), (ICB, 4, 0, 0), (POLICE, 0, 0, 4)]
    assert [a.reference for a in report.opened] == [
        "NDG-2026-001", "NDG-2026-002", "NDG-2026-003", "NDG-2026-004", "NDG-2026-005", "NDG-2026-006"]
    assert [a.reference for a in report.completed] == ["NDG-2025-001", "NDG-2025-002", "NDG-2026-001"]
    assert [a.reference for a in report.overdue] == ["NDG-2026-003"]
    assert report.escalated == () and report.forward_plan == ()


def test_executive_counted_by_hand(demo):
    # Safeguarding Partnership Executive, 1 Jan to 31 Oct 2026:
    # - held 13 Jan, 14 Apr, 14 Jul, 13 Oct = 4, none cancelled; quorum (all statutory partners) met at 4:
    #   council: Siân Rhydderch at all four; ICB: Marcus Feld (Jan), Hannah Greaves deputising for him
    #   (Apr), Zoë Castellano (Jul, Oct); police: Rebecca Thorne (Apr, Jul), Liam Oduya deputising for
    #   her (Jan, Oct) = 4 each.
    # - opened: EXEC-2026-001..003 (Jan), -004..006 (Apr), -007..009 (Jul), -010..012 (Oct) = 12.
    # - completed in the period: -002 (19 Jan), -001 (4 Feb), -005 (3 Jun), -007 (24 Sep) = 4
    #   (-012 was completed on 2 Nov, after the period).
    # - overdue on 31 Oct: none (every outstanding one is due in December 2026 or later) = 0.
    # - forward plan: "Yearly report: draft for sign-off" taken 14 Jul, "Threshold document review"
    #   taken 13 Oct = 2.
    with Session(demo) as session:
        report = highlight_report(session, "Safeguarding Partnership Executive", START, END)
    assert (report.held, report.cancelled, report.quorum_met, report.quorum_missed) == (4, 0, 4, 0)
    assert [(a.represented, a.apologies, a.not_represented) for a in report.attendance] == [(4, 0, 0)] * 3
    assert len(report.opened) == 12
    assert [a.reference for a in report.completed] == ["EXEC-2026-002", "EXEC-2026-001", "EXEC-2026-005",
                                                       "EXEC-2026-007"]
    assert report.overdue == ()
    assert [(p.title, p.taken_on) for p in report.forward_plan] == [
        ("Yearly report: draft for sign-off", date(2026, 7, 14)), ("Threshold document review", date(2026, 10, 13))]


def test_an_escalation_in_the_period_is_counted_and_listed(demo, tmp_path, capsys):
    with session_scope(demo) as session:
        escalate_action(session, "NDG-2026-003", note="No dental service capacity", on=date(2026, 10, 20))
    with Session(demo) as session:
        report = highlight_report(session, "Neglect Delivery Group", START, END)
        parent = highlight_report(session, "Safeguarding Partnership Executive", START, END)
    assert [(a.reference, a.escalated_to) for a in report.escalated] == [
        ("NDG-2026-003", "Safeguarding Partnership Executive")]
    assert parent.escalated == () and "NDG-2026-003" not in [a.reference for a in parent.overdue]
    out = tmp_path / "ndg.docx"
    code = main(["export", "highlight", "--body", "Neglect Delivery Group", "--from", "2026-01-01",
                 "--to", "2026-10-31", "-o", str(out), "--db", demo.url.render_as_string(hide_password=False)])
    assert code == 0 and str(out) in capsys.readouterr().out
    doc = Document(out)
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings == [("Title", "Highlight report: Neglect Delivery Group"), ("Heading 1", "Meetings"),
                        ("Heading 1", "Attendance by statutory partner"), ("Heading 1", "Actions"),
                        ("Heading 2", "Overdue actions"), ("Heading 2", "Escalated"), ("Heading 1", "Forward plan")]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "4 meetings held and 1 cancelled. Quorum met at 0 and missed at 0; not assessed at 4." in text
    assert "Opened 6, completed 3, overdue at the end of the period 1, escalated 1." in text
    attendance = [[c.text for c in row.cells] for row in doc.tables[1].rows]
    assert attendance[3] == [POLICE, "0", "0", "4"]
    overdue = [[c.text for c in row.cells] for row in doc.tables[2].rows]
    assert overdue[1][0] == "NDG-2026-003" and "Latest update (20 Oct 2026): Escalated from" in overdue[1][1]
    assert [c.text for c in doc.tables[3].rows[1].cells][2:] == ["Safeguarding Partnership Executive", "20 Oct 2026"]


def test_a_bad_period_or_body_writes_nothing(demo, tmp_path, capsys):
    out = tmp_path / "x.docx"
    url = demo.url.render_as_string(hide_password=False)
    code = main(["export", "highlight", "--body", "Neglect Delivery Group", "--from", "2026-11-01", "--to",
                 "2026-10-31", "-o", str(out), "--db", url])
    assert code == 2 and "ends (2026-10-31) before it starts" in capsys.readouterr().err
    code = main(["export", "highlight", "--body", "Neglect", "--from", "2026-01-01", "--to", "2026-10-31",
                 "-o", str(out), "--db", url])
    assert code == 2 and 'There is no body named "Neglect"' in capsys.readouterr().err
    assert not out.exists()
    with Session(demo) as session, pytest.raises(PeriodError):
        highlight_report(session, "Neglect Delivery Group", END, START)
