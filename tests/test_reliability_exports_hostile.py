"""Every exporter fed hostile text and hostile output paths: clean files or one clear error.

The text goes in through an arrangements file and the database, and comes
out through `convenor export` and the exporter functions; files are re-read
by independent parsers (zip + XML, python-docx, icalendar, csv).
"""

from __future__ import annotations

import copy
import csv
import io
import tomllib
import zipfile
from pathlib import Path
from xml.dom import minidom

import pytest
from docx import Document
from icalendar import Calendar
from sqlmodel import Session, select

from exporters.action_log import write_action_log
from exporters.agenda import write_agenda
from exporters.files import ExportError
from exporters.ics import build_invite, export_ics
from exporters.minutes import write_minutes
from models.arrangements import load_arrangements
from models.meeting_views import meeting_view
from models.queries import action_log
from models.tables import Meeting
from tests.conftest import EXAMPLE
from tests.test_reliability_fuzz import toml_document
from tui.cli import main

CONTROL = "bell\x07 escape\x1b[31m backspace\x08 formfeed\x0c vt\x0b del\x7f"
QUOTES = "\"double\" 'single' `tick` <tag> &amp; ; , \\ back"
RTL = "\u202eevil\u202c \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 \u200f"
EMOJI = "👩‍👧 ✓ 🏳️‍🌈 Zoë"
HUGE = "Long minute. " * 8_000  # about 100 kB
HOSTILE = f"{CONTROL} | {QUOTES} | {RTL} | {EMOJI}\nsecond line\r\nthird line"


def hostile_document() -> dict:
    doc = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc["partnership"]["name"] = f"Northmoor {EMOJI} {QUOTES}"
    doc["people"][0]["title"] = HOSTILE
    body = next(b for b in doc["bodies"] if b["name"] == "Executive Group")
    meeting = doc["meetings"][0]
    meeting["status"] = "confirmed"  # still to come: a held meeting cannot be cancelled, and a cancellation is exported
    meeting["location"] = f"Room {RTL} {QUOTES}"
    for item in meeting["items"]:
        item["title"] = f"{item['title']} {EMOJI} {QUOTES}"
        item["presenter"] = f"Presenter {RTL}"
        item["minute"] = f"{HOSTILE}\n\n{HUGE}"
        item["resolutions"] = [HOSTILE, f"That {QUOTES} be noted."]
        for action in item.get("actions", []):
            action["description"] = f"{action['description']} {HOSTILE}"
    body["standing_items"] = [*body["standing_items"], f"Standing {EMOJI} {CONTROL}"]
    return copy.deepcopy(doc)


@pytest.fixture
def hostile(engine, tmp_path):
    source = tmp_path / "hostile.toml"
    source.write_text(toml_document(hostile_document()), encoding="utf-8")
    load_arrangements(engine, source)
    with Session(engine) as s:
        meeting_id = s.exec(select(Meeting.id)).one()
        view = meeting_view(s, meeting_id)
        log = action_log(s)
    return engine.url.render_as_string(hide_password=False), meeting_id, view, log


def check_docx(path: Path) -> str:
    """Every XML part parses; python-docx opens it; return the document's text."""
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                minidom.parseString(archive.read(name))
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def check_ics(path: Path) -> Calendar:
    data = path.read_bytes()
    assert all(len(line) <= 75 for line in data.split(b"\r\n")), "lines are folded at 75 octets"
    calendar = Calendar.from_ical(data)
    assert calendar.walk("VEVENT")
    return calendar


def assert_clean(text: str) -> None:
    assert not any(ch in text for ch in "\x07\x1b\x08\x0b\x0c\x7f\x00")


def test_cli_exports_of_hostile_text_are_clean_and_complete(hostile, tmp_path):
    db, meeting, _, _ = hostile
    out = tmp_path / "out"
    out.mkdir()
    for kind in ("minutes", "agenda"):
        for public in ([], ["--public"]):
            target = out / f"{kind}{'-public' if public else ''}.docx"
            assert main(["export", kind, "--meeting", str(meeting), *public, "-o", str(target), "--db", db]) == 0
            text = check_docx(target)
            assert_clean(text)
            assert "👩‍👧" in text and "\u05e9\u05dc\u05d5\u05dd" in text and '"double"' in text
    assert HUGE.strip()[:5000] in check_docx(out / "minutes.docx").replace("\n", " ")
    for suffix in ("csv", "docx"):
        assert main(["export", "actions", "-o", str(out / f"actions.{suffix}"), "--db", db]) == 0
    rows = list(csv.reader(io.StringIO((out / "actions.csv").read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 3 and all(len(r) == len(rows[0]) for r in rows)
    assert any("👩‍👧" in cell for cell in rows[1] + rows[2])
    assert_clean("".join(map(str, rows)))
    assert_clean(check_docx(out / "actions.docx"))
    for method in ("request", "cancel"):
        assert main(["export", "ics", "--meeting", str(meeting), "--method", method,
                     "-o", str(out / f"{method}.ics"), "--db", db]) == 0
    assert main(["export", "ics", "--all", "--method", "publish", "-o", str(out / "feed.ics"), "--db", db]) == 0
    for name in ("request.ics", "cancel.ics", "feed.ics"):
        calendar = check_ics(out / name)
        for event in calendar.walk("VEVENT"):
            assert_clean(str(event.get("LOCATION", "")) + str(event.get("DESCRIPTION", "")) + str(event["SUMMARY"]))
    assert "\u05e9\u05dc\u05d5\u05dd" in str(check_ics(out / "request.ics").walk("VEVENT")[0]["LOCATION"])
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")], "no temporary file left behind"


BAD_OUTPUTS = {
    "missing folder": "no/such/folder/out{suffix}",
    "parent traversal to a missing folder": "../../etc/passwd{suffix}",
    "folder, not a file": ".",
    "wrong suffix": "out.txt",
}


@pytest.mark.parametrize("where", BAD_OUTPUTS)
def test_exporters_refuse_bad_output_paths_without_writing(hostile, tmp_path, monkeypatch, where):
    _, _, view, log = hostile
    work = tmp_path / "deep" / "work"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)  # ../../etc is then tmp_path/etc, which does not exist
    attempts = {
        ".docx": [lambda o: write_minutes(view, o), lambda o: write_agenda(view, o, public=True),
                  lambda o: write_action_log(log, o)],
        ".csv": [lambda o: write_action_log(log, o)],
        ".ics": [lambda o: export_ics([view], "publish", o, calendar_name="N")],
    }
    if where != "folder, not a file":  # an invite given an existing folder is written into it (documented)
        attempts[".ics"].append(lambda o: export_ics([view], "request", o, calendar_name="N"))
    before = sorted(p for p in tmp_path.rglob("*"))
    for suffix, writers in attempts.items():
        for write in writers:
            with pytest.raises(ExportError) as refused:
                write(BAD_OUTPUTS[where].format(suffix=suffix))
            message = str(refused.value)
            assert "\n" not in message and message.endswith(".")
    assert sorted(p for p in tmp_path.rglob("*")) == before, "nothing written, no folder created"


def test_parent_traversal_into_an_existing_folder_writes_exactly_there(hostile, tmp_path, monkeypatch):
    """A user may name any folder they can write to; the file lands exactly there, whole."""
    _, _, view, _ = hostile
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    (tmp_path / "etc").mkdir()
    monkeypatch.chdir(work)
    written = write_minutes(view, "../../etc/passwd.docx")
    assert Path(written).resolve() == tmp_path / "etc" / "passwd.docx"
    check_docx(tmp_path / "etc" / "passwd.docx")


def test_cli_export_to_a_missing_folder_is_one_sentence(hostile, tmp_path, capsys):
    db, meeting, _, _ = hostile
    code = main(["export", "minutes", "--meeting", str(meeting), "-o", str(tmp_path / "gone" / "m.docx"), "--db", db])
    err = capsys.readouterr().err.strip()
    assert code == 1 and err.startswith("convenor: ") and len(err.splitlines()) == 1
    assert not (tmp_path / "gone").exists()


def test_invite_with_hostile_text_round_trips_through_an_independent_parser(hostile):
    _, _, view, _ = hostile
    data, _ = build_invite(view, "REQUEST")
    event = Calendar.from_ical(data).walk("VEVENT")[0]
    location = str(event["LOCATION"])
    assert '"double"' in location and "\\" in location and "👩" not in location  # the emoji is not in the location
    assert_clean(location)
