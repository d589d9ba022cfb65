"""`convenor export ics --method publish` on the quick read-only path (models.feed_read through
sqlite3) writes the very bytes the normal path writes through the ORM, on SQLite and PostgreSQL;
it never imports the database stack, never writes to the database, and falls back to the normal
path (and its one-sentence errors) whenever it cannot read safely."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
from contextlib import closing
import sys
from datetime import date, datetime, time, timezone
from pathlib import Path

import icalendar
import pytest
from sqlmodel import Session, select

import models.feed_read
from models.db import open_database
from models.tables import AgendaItem, Body, Meeting, Partnership, Person
from tests.conftest import sqlite_only
from tui.cli import main

ROOT = Path(__file__).resolve().parents[1]
SECRET = "Case NM-2025-07, child Q"  # an exempt item's title: never in a calendar
ODD = "Comma, semi; colon: back\\slash \"quoted\" \x07bell\ttab\nnew line e\u0301 \u05e9\u05dc\u05d5\u05dd 🎉"
STACK = ("sqlalchemy", "sqlmodel", "pydantic", "alembic")


def build(engine) -> None:
    """A partnership with one body numbering minutes per meeting and one per year, exempt items,
    odd characters, cancelled, postponed and empty meetings; every value fixed (uids, stamps)."""
    stamp = datetime(2026, 3, 1, 9, 30, 15, tzinfo=timezone.utc)
    with Session(engine) as s:
        manager = Person(name="Ann O'Neil, BM", email="ann.oneil@example.org")
        s.add(manager)
        s.flush()
        s.add(Partnership(name="Eastbrook; Safeguarding, Partnership", short_name="ESP", areas=["Eastbrook"],
                          protective_marking="OFFICIAL-SENSITIVE", business_manager_id=manager.id))
        plain = Body(name="Executive Group", short_name="EXEC")
        yearly = Body(name=f"Learning {ODD[:20]} Group", short_name="LRN", minute_numbering="per_year")
        s.add_all([plain, yearly])
        s.flush()
        rows = [  # body, date, status, title, location, link, items (title, presenter, exempt)
            (plain, date(2025, 3, 20), "held", None, "Civic Centre, Room 1", None,
             [("Welcome", None, False), (SECRET, "Dr X", True), (ODD, ODD, False)]),
            (yearly, date(2025, 5, 1), "held", ODD, ODD, "https://example.org/join?a=1;b=2",
             [("Minutes", "Chair", False), ("Review, part one", None, False)]),
            (yearly, date(2025, 6, 5), "cancelled", None, None, None, [("Not counted", None, False)]),
            (yearly, date(2025, 7, 3), "planned", "Summer", "Town Hall", "not a link",
             [(SECRET, None, True), ("Actions", "Ann O'Neil, BM", False)]),
            (yearly, date(2026, 4, 2), "postponed", None, None, None, [("New year: first", None, False)]),
            (plain, date(2025, 10, 26), "confirmed", "Clocks go back", None, None, []),
            (plain, date(2026, 1, 15), "cancelled", None, "Online", None, [("Budget", "Treasurer", False)]),
        ]
        for n, (body, on, status, title, location, link, items) in enumerate(rows):
            meeting = Meeting(body_id=body.id, date=on, start_time=time(9, 30) if n % 2 else time(14, 0),
                              duration_minutes=90 + 30 * n, status=status, title=title, location=location,
                              online_link=link, uid=f"uid-{n}@test", sequence=n, updated_at=stamp)
            s.add(meeting)
            s.flush()
            s.add_all([AgendaItem(meeting_id=meeting.id, position=p, title=t, presenter=who, exempt=exempt)
                       for p, (t, who, exempt) in enumerate(items, 1)])
        s.commit()


def sqlite_copy(folder: Path) -> Path:
    """The same partnership in a SQLite file, closed (so its WAL is written back into the file)."""
    path = folder / "plain.db"
    engine = open_database(str(path))
    try:
        build(engine)
    finally:
        engine.dispose()
    return path


def url_of(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def export(capsys, db: str, out: Path, *selection: str) -> tuple[int, str, str, bytes | None]:
    """Run `convenor export ics ... --method publish`; the file with its DTSTAMP lines (the time
    of writing) set to one value, so that two runs compare byte for byte."""
    code = main(["export", "ics", *selection, "--method", "publish", "-o", str(out), "--db", db])
    captured = capsys.readouterr()
    data = re.sub(rb"DTSTAMP:\d{8}T\d{6}Z", b"DTSTAMP:20260101T000000Z", out.read_bytes()) if out.exists() else None
    return code, captured.out, captured.err, data


@pytest.fixture
def quick_reads(monkeypatch) -> list:
    """What each quick read returned (None: it did not apply)."""
    seen: list = []
    real = models.feed_read.read_quickly

    def spy(url, read):
        seen.append(real(url, read))
        return seen[-1]

    monkeypatch.setattr(models.feed_read, "read_quickly", spy)
    return seen


def normal_only(monkeypatch) -> None:
    monkeypatch.setattr(models.feed_read, "read_quickly", lambda url, read: None)


SELECTIONS = [("--all",), ("--body", "Executive Group"), ("--all", "--from", "2025-05-01", "--to", "2025-12-31"),
              ("--all", "--from", "2025-07-03"), ("--meeting", "4")]


@pytest.mark.parametrize("selection", SELECTIONS, ids=lambda s: " ".join(s))
def test_the_quick_path_writes_what_the_normal_path_writes(engine, tmp_path, capsys, monkeypatch, quick_reads,
                                                           selection):
    """The quick path on a SQLite file against the normal path on the test's database (SQLite or
    PostgreSQL), both holding the same partnership."""
    build(engine)
    plain = sqlite_copy(tmp_path)
    before = plain.read_bytes()

    quick = export(capsys, str(plain), tmp_path / "quick.ics", *selection)
    assert quick_reads and quick_reads[-1] is not None  # the quick path really read it
    assert plain.read_bytes() == before  # and wrote nothing
    normal_only(monkeypatch)
    normal = export(capsys, url_of(engine), tmp_path / "normal.ics", *selection)
    assert quick[0] == normal[0] == 0
    assert quick[3] == normal[3]
    assert quick[1].replace("quick.ics", "normal.ics") == normal[1] and quick[2] == normal[2] == ""

    calendar = icalendar.Calendar.from_ical(quick[3])
    events = calendar.walk("VEVENT")
    text = quick[3].decode()
    assert SECRET not in text and "Case NM" not in text.replace("\r\n ", "")
    if selection == ("--all",):
        assert len(events) == 7
        assert sum(str(e["STATUS"]) == "CANCELLED" for e in events) == 2
        learning = {str(e["UID"]): str(e["DESCRIPTION"]) for e in events}
        # Numbered through the municipal year; the cancelled meeting's item does not count.
        assert "1. Minutes (Chair)\n2. Review, part one" in learning["uid-1@test"]
        assert "3. Part II: exempt item\n4. Actions (Ann O'Neil, BM)" in learning["uid-3@test"]
        assert "1. New year: first" in learning["uid-4@test"]
        assert "Part II: exempt item" in learning["uid-0@test"] and "Dr X" not in text
    elif selection[0] == "--body":
        assert {str(e["UID"]) for e in events} == {"uid-0@test", "uid-5@test", "uid-6@test"}
    elif selection[0] == "--meeting":
        assert [str(e["UID"]) for e in events] == ["uid-3@test"]


@pytest.mark.parametrize("selection, message", [
    (("--body", "Executive Grop"), 'There is no body named "Executive Grop" (did you mean "Executive Group"?).'),
    (("--meeting", "999"), "There is no meeting with id 999 (convenor meetings lists them)."),
    (("--all", "--from", "2030-01-01"), "No meetings match; nothing was written."),
])
def test_what_matches_nothing_is_the_same_sentence_on_both_paths(engine, tmp_path, capsys, monkeypatch,
                                                                 selection, message):
    build(engine)
    plain = sqlite_copy(tmp_path)
    quick = export(capsys, str(plain), tmp_path / "quick.ics", *selection)
    normal_only(monkeypatch)
    normal = export(capsys, url_of(engine), tmp_path / "normal.ics", *selection)
    assert quick == normal == (2, "", f"convenor: {message}\n", None)


@sqlite_only  # the quick path reads SQLite files; PostgreSQL has the normal path only (tested above)
def test_the_demo_feed_is_the_same_on_both_paths(demo_template, tmp_path, capsys, monkeypatch, quick_reads):
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    with closing(sqlite3.connect(path)) as db:
        (body,) = db.execute("SELECT name FROM body ORDER BY id LIMIT 1").fetchone()
    for selection in (("--all",), ("--body", body), ("--all", "--from", "2026-12-01", "--to", "2027-03-31")):
        quick = export(capsys, str(path), tmp_path / "quick.ics", *selection)
        assert quick_reads[-1] is not None
        with monkeypatch.context() as patched:
            normal_only(patched)
            normal = export(capsys, str(path), tmp_path / "normal.ics", *selection)
        assert quick[0] == normal[0] == 0 and quick[3] == normal[3]
        assert quick[3].count(b"BEGIN:VEVENT") >= 2


@sqlite_only  # the quick path reads SQLite files; PostgreSQL has the normal path only (tested above)
def test_the_quick_path_never_imports_the_database_stack(demo_template, tmp_path):
    out = tmp_path / "feed.ics"
    code = ("import sys\n"
            "from tui.cli import main\n"
            "assert main(['export', 'ics', '--all', '--method', 'publish', '-o', sys.argv[2], '--db', sys.argv[1]]) == 0\n"
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {STACK!r} or m == 'models.tables'))\n")
    result = subprocess.run([sys.executable, "-c", code, str(demo_template), str(out)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"Wrote {out}", "[]"]
    assert b"BEGIN:VEVENT" in out.read_bytes()


def _not_at_head(path: Path) -> None:
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE alembic_version SET version_num = 'ffff'")


def _damaged(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4096)


def _missing(path: Path) -> None:
    path.unlink()


@sqlite_only  # the quick path reads SQLite files; PostgreSQL has the normal path only (tested above)
@pytest.mark.parametrize("spoil", [_not_at_head, _damaged, _missing])
def test_a_file_the_quick_path_cannot_read_gets_the_normal_path_and_its_sentence(demo_template, tmp_path, capsys,
                                                                                 monkeypatch, quick_reads, spoil):
    path = tmp_path / "spoilt.db"
    shutil.copy(demo_template, path)
    spoil(path)
    twin = tmp_path / "twin.db"
    if path.exists():
        shutil.copy(path, twin)
    quick = export(capsys, str(path), tmp_path / "quick.ics", "--all")
    assert quick_reads == [None]  # it did not apply, so the normal path ran
    normal_only(monkeypatch)
    normal = export(capsys, str(twin), tmp_path / "normal.ics", "--all")
    assert quick[0] == normal[0] != 0 and quick[3] is None
    assert quick[2].replace(str(path), "FILE") == normal[2].replace(str(twin), "FILE")
    assert quick[2].startswith("convenor: ") and quick[2].count("\n") == 1


@sqlite_only  # the quick path reads SQLite files; PostgreSQL has the normal path only (tested above)
def test_a_locked_file_gets_the_normal_path_which_says_it_is_busy(demo_template, tmp_path, capsys, monkeypatch,
                                                                  quick_reads):
    import models.db
    import models.plain_read

    path = tmp_path / "locked.db"
    shutil.copy(demo_template, path)
    monkeypatch.setattr(models.plain_read, "BUSY_TIMEOUT_S", 0.2)
    monkeypatch.setattr(models.db, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE partnership SET short_name = short_name")  # a writer that keeps everyone out
    try:
        code, _, err, data = export(capsys, str(path), tmp_path / "feed.ics", "--all")
    finally:
        holder.rollback()
        holder.close()
    assert quick_reads == [None]
    assert code == 1 and "busy" in err and err.count("\n") == 1 and data is None
    assert export(capsys, str(path), tmp_path / "feed.ics", "--all")[0] == 0  # and once it is free, the feed
    assert quick_reads[-1] is not None
