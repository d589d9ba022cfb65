"""Attaching a body's highlight report to the next agenda of the body it reports to
(models.highlight_paper and `convenor export highlight --attach`), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from docx import Document
from sqlmodel import Session, select

from exporters.files import ExportError
from exporters.highlight import write_highlight
from models.db import session_scope
from models.editing import apply_changes
from models.highlight_paper import AttachRefused, attach_highlight, paper_target
from models.meetings.agenda import issue_agenda
from models.tables import AgendaItem, AuditEntry, Body, Meeting
from tui.cli import main

TODAY = date(2026, 11, 23)
NDG = "Neglect Delivery Group"
EXEC = "Safeguarding Partnership Executive"
LSP = "Lead Safeguarding Partners Group"


@pytest.fixture
def demo(scheduled_demo):
    return scheduled_demo


def exec_meeting(engine) -> Meeting:
    with Session(engine) as s:
        exec_id = s.exec(select(Body.id).where(Body.name == EXEC)).one()
        meeting = s.exec(select(Meeting).where(Meeting.body_id == exec_id, Meeting.date >= TODAY,
                                               Meeting.status != "cancelled").order_by(Meeting.date)).first()
        s.expunge(meeting)
        return meeting


def items(engine, meeting_id: int) -> list[AgendaItem]:
    with Session(engine) as s:
        rows = list(s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position)))
        for row in rows:
            s.expunge(row)
        return rows


def attach(engine, tmp_path, start=date(2026, 10, 14), end=TODAY, body=NDG, today=TODAY, write=write_highlight):
    with session_scope(engine) as s:
        return attach_highlight(s, body, start, end, tmp_path / "ndg.docx", today=today, write=write)


def test_the_report_goes_under_the_highlight_reports_item_of_the_parents_next_meeting(demo, tmp_path):
    meeting = exec_meeting(demo)
    assert meeting.date == date(2027, 1, 12) and not items(demo, meeting.id)
    with Session(demo) as s:
        target = paper_target(s, NDG, TODAY)
    # The executive last met on 13 Oct 2026: the report covers the days since, up to today.
    assert (target.parent, target.meeting_id, target.start, target.end) == (EXEC, meeting.id, date(2026, 10, 14), TODAY)
    assert target.file_name == f"{EXEC} 2027-01-12 - Highlight report - {NDG}.docx"

    done = attach(demo, tmp_path)
    assert done.created and done.built == 8 and not done.revised
    titles = [i.title for i in items(demo, meeting.id)]
    assert titles[5:8] == ["Delivery group highlight reports", f"Highlight report: {NDG} (14 Oct 2026–23 Nov 2026)",
                           "Any other business"]
    item = items(demo, meeting.id)[6]
    assert (item.source, item.purpose, item.duration_minutes, item.presenter) == (
        "highlight_report", "assurance", 10, "Hannah Greaves")
    assert item.papers == [f"Highlight report: {NDG} (14 Oct 2026–23 Nov 2026), file ndg.docx"]
    doc = Document(tmp_path / "ndg.docx")
    text = [p.text for p in doc.paragraphs]
    assert "Highlight report: Neglect Delivery Group" in text
    assert any(t.startswith("To") and EXEC in t for t in text)
    assert any("14 October 2026 to" in t and t.endswith("23 November 2026") for t in text)
    with Session(demo) as s:
        audit = s.exec(select(AuditEntry).where(AuditEntry.table_name == "agendaitem",
                                                AuditEntry.record_id == item.id)).all()
    assert [a.operation for a in audit] == ["create"]


def test_attaching_again_replaces_the_paper_and_marks_an_issued_agenda_revised(demo, tmp_path):
    meeting = exec_meeting(demo)
    attach(demo, tmp_path)
    with session_scope(demo) as s:
        issue_agenda(s, meeting.id, TODAY)
    (tmp_path / "ndg.docx").write_bytes(b"old")
    again = attach(demo, tmp_path, start=date(2026, 9, 1))
    assert not again.created and again.built == 0 and again.revised
    ours = [i for i in items(demo, meeting.id) if i.title.startswith("Highlight report: ")]
    assert len(ours) == 1 and ours[0].title == f"Highlight report: {NDG} (1 Sep 2026–23 Nov 2026)"
    assert ours[0].papers == [f"Highlight report: {NDG} (1 Sep 2026–23 Nov 2026), file ndg.docx"]
    assert Document(tmp_path / "ndg.docx").paragraphs  # the file was replaced by a real report
    with Session(demo) as s:
        assert s.get(Meeting, meeting.id).agenda_revised is True
        ops = s.exec(select(AuditEntry.operation).where(AuditEntry.table_name == "agendaitem",
                                                        AuditEntry.record_id == ours[0].id)).all()
    assert ops == ["create", "attach"]
    # The same period a third time: still one item and one paper, and the replacement is audited.
    third = attach(demo, tmp_path, start=date(2026, 9, 1))
    assert not third.created
    ours = [i for i in items(demo, meeting.id) if i.title.startswith("Highlight report: ")]
    assert len(ours) == 1 and len(ours[0].papers) == 1


def test_refusals_say_why_in_one_sentence_and_change_nothing(demo, tmp_path):
    meeting = exec_meeting(demo)
    with pytest.raises(AttachRefused, match=f"^{LSP} reports to no other body"):
        attach(demo, tmp_path, body=LSP)
    with pytest.raises(AttachRefused, match=f"^{EXEC} has no meeting planned on or after 1 January 2031"):
        attach(demo, tmp_path, start=date(2030, 10, 1), end=date(2030, 12, 31), today=date(2031, 1, 1))
    # The executive meets today and it has been held, with no later meeting: its agenda is closed.
    with session_scope(demo) as s:
        for later in s.exec(select(Meeting).where(Meeting.body_id == meeting.body_id, Meeting.date > meeting.date)):
            apply_changes(s, later, {"status": "cancelled"})
        apply_changes(s, s.get(Meeting, meeting.id), {"status": "held"})
    with pytest.raises(AttachRefused, match="12 January 2027 has been held, so its agenda is closed"):
        attach(demo, tmp_path, today=meeting.date)
    assert not items(demo, meeting.id) and not (tmp_path / "ndg.docx").exists()


def test_a_file_that_cannot_be_written_attaches_nothing(demo, tmp_path):
    meeting = exec_meeting(demo)

    def fails(report, output):
        raise ExportError("The folder is read-only.")

    with pytest.raises(ExportError):
        attach(demo, tmp_path, write=fails)
    assert not items(demo, meeting.id)


def test_the_command_line_attaches_and_refuses(demo, tmp_path, capsys, monkeypatch):
    import models.highlight_paper

    url = demo.url.render_as_string(hide_password=False)
    out = tmp_path / "ndg.docx"
    args = ["export", "highlight", "--body", NDG, "--from", "2026-10-14", "--to", "2026-11-23", "-o", str(out),
            "--attach", "--db", url]
    real = models.highlight_paper.paper_target
    monkeypatch.setattr(models.highlight_paper, "paper_target", lambda s, body, today: real(s, body, TODAY))
    assert main(args) == 0
    said = capsys.readouterr().out
    assert f"Attached {NDG}'s highlight report as item 7 (" in said and f"of the agenda of {EXEC} for 12 January 2027" in said
    assert main(args) == 0 and "Replaced" in capsys.readouterr().out
    meeting = exec_meeting(demo)
    assert sum(i.title.startswith("Highlight report: ") for i in items(demo, meeting.id)) == 1
    assert Document(out).paragraphs
    lsp = ["export", "highlight", "--body", LSP, "--from", "2026-10-14", "--to", "2026-11-23",
           "-o", str(tmp_path / "lsp.docx"), "--attach", "--db", url]
    assert main(lsp) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "reports to no other body" in err and not (tmp_path / "lsp.docx").exists()
