"""`convenor export ...` end to end on the shared example: files re-read by
independent parsers, exempt material kept out of public exports, failures
leave nothing behind."""

from __future__ import annotations

import csv
import io
import zipfile

import icalendar
import vobject
from docx import Document
from sqlmodel import Session, select

from models.tables import Meeting
from tui.cli import main

EXEMPT_WORDS = ("Rapid review", "NM-2025-07", "Commission the reviewer", "likely to reveal the identity")


def run(capsys, engine, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--db", engine.url.render_as_string(hide_password=False)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def every_part(path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(name).decode("utf-8", "replace") for name in z.namelist())


def held_meeting(engine) -> Meeting:
    with Session(engine) as s:
        return s.exec(select(Meeting)).one()


def test_minutes_full_and_public(loaded, tmp_path, capsys):
    meeting = held_meeting(loaded)
    full, public = tmp_path / "full.docx", tmp_path / "public.docx"
    assert run(capsys, loaded, "export", "minutes", "--meeting", str(meeting.id), "-o", str(full))[0] == 0
    assert run(capsys, loaded, "export", "minutes", "--meeting", str(meeting.id), "--public", "-o", str(public))[0] == 0
    text = "\n".join(p.text for p in Document(full).paragraphs)
    assert "Executive Group" in text and "Chair: Sofia Reyes" in text
    assert "Daniel Moss (deputising for Helen Price)" in every_part(full)
    assert "Rapid review: case NM-2025-07" in text
    public_xml = every_part(public)
    for word in EXEMPT_WORDS:
        assert word not in public_xml
    assert "Exempt item" in public_xml and "Neglect strategy refresh" in public_xml


def test_agenda_public_has_no_part_two(loaded, tmp_path, capsys):
    meeting = held_meeting(loaded)
    out = tmp_path / "agenda.docx"
    code, stdout, _ = run(capsys, loaded, "export", "agenda", "--meeting", str(meeting.id), "--public", "-o", str(out))
    assert code == 0 and str(out) in stdout
    xml = every_part(out)
    assert "Neglect strategy refresh" in xml
    for word in EXEMPT_WORDS:
        assert word not in xml


def test_action_log_csv_public(loaded, tmp_path, capsys):
    out = tmp_path / "actions.csv"
    assert run(capsys, loaded, "export", "actions", "--public", "-o", str(out))[0] == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["description"] for r in rows] == ["Circulate the neglect strategy consultation to relevant agencies"]
    full = tmp_path / "all.csv"
    assert run(capsys, loaded, "export", "actions", "-o", str(full))[0] == 0
    assert len(list(csv.DictReader(io.StringIO(full.read_text(encoding="utf-8-sig"))))) == 2


def test_invite_uid_is_the_stored_one_and_cancel_raises_sequence(loaded, tmp_path, capsys):
    meeting = held_meeting(loaded)
    invite, cancel = tmp_path / "invite.ics", tmp_path / "cancel.ics"
    assert run(capsys, loaded, "export", "ics", "--meeting", str(meeting.id), "-o", str(invite))[0] == 0
    cal = icalendar.Calendar.from_ical(invite.read_bytes())
    event = cal.walk("VEVENT")[0]
    assert cal["METHOD"] == "REQUEST" and str(event["UID"]) == meeting.uid and int(event["SEQUENCE"]) == 0
    assert all(w not in invite.read_text(encoding="utf-8") for w in EXEMPT_WORDS)

    code, _, err = run(capsys, loaded, "export", "ics", "--meeting", str(meeting.id), "--method", "cancel", "-o", str(cancel))
    assert code == 2 and "held, so it cannot be cancelled" in err and not cancel.exists()
    with Session(loaded) as s:  # the same meeting, still to come
        s.get(Meeting, meeting.id).status = "planned"
        s.commit()
    code, _, err = run(capsys, loaded, "export", "ics", "--meeting", str(meeting.id), "--method", "cancel", "-o", str(cancel))
    assert code == 0 and "now recorded as cancelled" in err
    parsed = vobject.readOne(cancel.read_text(encoding="utf-8"))
    assert parsed.method.value == "CANCEL"
    assert parsed.vevent.uid.value == meeting.uid
    assert parsed.vevent.status.value == "CANCELLED" and int(parsed.vevent.sequence.value) == 1
    with Session(loaded) as s:
        stored = s.get(Meeting, meeting.id)
        assert stored.status == "cancelled" and stored.sequence == 1


def test_body_invites_go_to_a_folder(loaded, tmp_path, capsys):
    run(capsys, loaded, "schedule", "--from", "2026-01-01", "--to", "2026-12-31", "--body", "Executive Group")
    folder = tmp_path / "invites"
    code, out, _ = run(capsys, loaded, "export", "ics", "--body", "Executive Group", "-o", str(folder))
    assert code == 0
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["2026-01-13 Executive Group.ics", "2026-04-14 Executive Group.ics",
                     "2026-07-14 Executive Group.ics", "2026-10-13 Executive Group.ics"]
    uids = {str(icalendar.Calendar.from_ical((folder / n).read_bytes()).walk("VEVENT")[0]["UID"]) for n in names}
    assert len(uids) == 4


def test_failures_are_one_sentence_and_leave_nothing(loaded, tmp_path, capsys):
    code, _, err = run(capsys, loaded, "export", "minutes", "--meeting", "999", "-o", str(tmp_path / "x.docx"))
    assert code == 2 and err.strip() == "convenor: There is no meeting with id 999 (convenor meetings lists them)."
    missing = tmp_path / "no-such-folder" / "x.docx"
    meeting = held_meeting(loaded)
    code, _, err = run(capsys, loaded, "export", "minutes", "--meeting", str(meeting.id), "-o", str(missing))
    assert code == 1 and err.count("\n") == 1 and "does not exist" in err
    code, _, err = run(capsys, loaded, "export", "actions", "-o", str(tmp_path / "actions.pdf"))
    assert code == 1 and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".db") and "-wal" not in p.name and "-shm" not in p.name) == []


def test_a_feed_shows_a_progress_bar_on_a_terminal_and_nothing_when_piped(loaded, tmp_path, capsys, monkeypatch):
    feed = tmp_path / "feed.ics"
    code, out, err = run(capsys, loaded, "export", "ics", "--all", "--method", "publish", "-o", str(feed))
    assert code == 0 and out == f"Wrote {feed}\n" and err == ""
    assert len(icalendar.Calendar.from_ical(feed.read_bytes()).walk("VEVENT")) == 1

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr("sys.stdout", terminal)
    assert main(["export", "ics", "--all", "--method", "publish", "-o", str(feed),
                 "--db", loaded.url.render_as_string(hide_password=False)]) == 0
    shown = terminal.getvalue()
    assert "Writing calendar files" in shown and "1/1" in shown and f"Wrote {feed}" in shown
