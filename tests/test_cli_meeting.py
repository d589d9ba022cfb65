"""`convenor meeting ID [--json]`, and the workspace and `convenor load` agreeing on a meeting."""

from __future__ import annotations

import json
from datetime import date, time

from docx import Document
from sqlmodel import Session, select

from models.arrangements import load_arrangements
from models.db import open_database, session_scope
from models.meetings.agenda import add_item, issue_agenda
from models.meetings.attendance import add_declaration, mark_attendance, record_deputy
from models.meetings.calendar import create_meeting
from models.meetings.minutes import add_action, add_resolution, mark_held, save_minute
from models.tables import Meeting
from tests.templates import EXAMPLE, POSTGRES, postgres_database
from tui.cli import main

TODAY = date(2026, 2, 10)

SAME_MEETING = '''
[[meetings]]
body = "Executive Group"
date = 2026-02-10
time = "10:00"
duration_minutes = 90
title = "Extraordinary meeting"
status = "held"
location = "Online (Teams)"
attendance = [
  { person = "Sofia Reyes", status = "present" },
  { person = "Tom Whitfield", status = "present" },
  { person = "Helen Price", status = "apologies" },
  { person = "Daniel Moss", status = "deputy", deputy_for = "Helen Price" },
]

  [[meetings.items]]
  title = "Welcome and apologies"
  duration_minutes = 5

  [[meetings.items]]
  title = "Neglect strategy refresh"
  presenter = "Sofia Reyes"
  duration_minutes = 30
  purpose = "decision"
  papers = ["Draft strategy", "Consultation plan"]
  minute = "The group considered the draft strategy.\\nIt thanked the authors."
  resolutions = ["That the strategy be approved.", "That it be published in March."]

    [[meetings.items.actions]]
    description = "Publish the strategy"
    owner = "Kemi Adeyemi"
    due = 2026-03-31

  [[meetings.items]]
  title = "Rapid review: case NM-2026-03"
  duration_minutes = 20
  purpose = "assurance"
  exempt = { paragraph = 2 }
'''


def run(capsys, url: str, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--db", url])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _make_in_the_app(engine) -> int:
    with session_scope(engine) as s:
        meeting = create_meeting(s, "Executive Group", TODAY, time(10), time(11, 30), location="Online (Teams)", today=TODAY)
        add_item(s, meeting, {"title": "Welcome and apologies", "minutes": 5})
        strategy = add_item(s, meeting, {"title": "Neglect strategy refresh", "presenter": "Sofia Reyes", "minutes": "30",
                                         "purpose": "decision", "papers": "Draft strategy\nConsultation plan"})
        add_item(s, meeting, {"title": "Rapid review: case NM-2026-03", "minutes": 20, "purpose": "assurance",
                              "exempt": True, "exempt_paragraph": 2})
        mark_attendance(s, meeting, "Sofia Reyes", "present")
        mark_attendance(s, meeting, "Tom Whitfield", "present")
        record_deputy(s, meeting, "Daniel Moss", "Helen Price")
        save_minute(s, strategy, 1, "The group considered the draft strategy.\nIt thanked the authors.")
        add_resolution(s, strategy, "That the strategy be approved.")
        add_resolution(s, strategy, "That it be published in March.")
        add_action(s, strategy, "Publish the strategy", "Kemi Adeyemi", "2026-03-31")
        mark_held(s, meeting, TODAY)
    return meeting


def _without_ids(record: dict) -> dict:
    record = {k: v for k, v in record.items() if k not in ("id", "sequence")}
    record["items"] = [{k: v for k, v in item.items() if k != "id"} for item in record["items"]]
    return record


def test_a_meeting_made_in_the_app_matches_the_same_meeting_loaded_from_a_file(loaded, tmp_path, capsys):
    app_url = loaded.url.render_as_string(hide_password=False)
    meeting_id = _make_in_the_app(loaded)
    code, out, err = run(capsys, app_url, "meeting", str(meeting_id), "--json")
    assert code == 0, err
    from_app = json.loads(out)

    if POSTGRES:
        file_url, drop = postgres_database()
    else:
        file_url, drop = f"sqlite:///{tmp_path / 'from-file.db'}", (lambda: None)
    try:
        engine = open_database(file_url)
        load_arrangements(engine, EXAMPLE)
        extra = tmp_path / "meeting.toml"
        extra.write_text(EXAMPLE.read_text(encoding="utf-8") + SAME_MEETING, encoding="utf-8")
        load_arrangements(engine, extra)
        with Session(engine) as s:
            file_id = s.exec(select(Meeting.id).where(Meeting.date == TODAY)).one()
        engine.dispose()
        code, out, err = run(capsys, file_url, "meeting", str(file_id), "--json")
        assert code == 0, err
        from_file = json.loads(out)
    finally:
        drop()
    assert _without_ids(from_app) == _without_ids(from_file)
    assert from_app["quorum"] == {"met": True, "missing": []}
    strategy = from_app["items"][1]
    assert (strategy["number"], strategy["start"], strategy["purpose"], strategy["source"]) == (
        2, "2026-02-10T10:05", "decision", "added")
    assert strategy["actions"][0]["reference"] == "EG-2026-003"
    assert from_app["items"][2]["exempt_paragraph"] == 2 and from_app["minutes_status"] == "draft"


def test_the_text_form_and_a_missing_meeting(loaded, capsys):
    url = loaded.url.render_as_string(hide_password=False)
    meeting_id = _make_in_the_app(loaded)
    with session_scope(loaded) as s:
        add_declaration(s, meeting_id, "Tom Whitfield", None, "Trustee of a \x1b[31mcharity")
    code, out, _ = run(capsys, url, "meeting", str(meeting_id))
    assert code == 0
    assert "quorum: met" in out and "Deputising for Helen Price: Daniel Moss" in out
    assert "(1) That the strategy be approved." in out and "Action EG-2026-003: Publish the strategy" in out
    assert "Part II, para 2" in out and "\x1b" not in out and "Trustee of a" in out
    code, _, err = run(capsys, url, "meeting", "999")
    assert code == 2 and "There is no meeting with id 999" in err


def test_draft_minutes_and_a_revised_agenda_say_so_in_their_header(loaded, tmp_path, capsys):
    url = loaded.url.render_as_string(hide_password=False)
    meeting_id = _make_in_the_app(loaded)
    with session_scope(loaded) as s:
        issue_agenda(s, meeting_id, TODAY)
        add_item(s, meeting_id, {"title": "Late item"})
        add_declaration(s, meeting_id, "Tom Whitfield", None, "Trustee of a local charity")
    minutes, public, agenda = tmp_path / "m.docx", tmp_path / "p.docx", tmp_path / "a.docx"
    assert run(capsys, url, "export", "minutes", "--meeting", str(meeting_id), "-o", str(minutes))[0] == 0
    assert run(capsys, url, "export", "minutes", "--meeting", str(meeting_id), "--public", "-o", str(public))[0] == 0
    assert run(capsys, url, "export", "agenda", "--meeting", str(meeting_id), "-o", str(agenda))[0] == 0
    assert Document(minutes).sections[0].header.paragraphs[0].text.endswith("DRAFT")
    assert Document(agenda).sections[0].header.paragraphs[0].text.endswith("REVISED")
    text = "\n".join(p.text for p in Document(minutes).paragraphs)
    assert "Tom Whitfield: Trustee of a local charity" in text and "Rapid review" in text
    assert "Rapid review" not in "\n".join(p.text for p in Document(public).paragraphs)
