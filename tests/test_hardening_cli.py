"""The command line as a hostile or unlucky user meets it: a file, a URL or a
command never costs data, and every failure is one sentence with exit 1
(the environment) or 2 (the input), never a traceback."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import stat
import subprocess
from contextlib import closing

import icalendar
import pytest
import vobject
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from models.tables import Action, Body, Meeting, Organisation, Partnership, Person
from tests.conftest import EXAMPLE, sqlite_only
from tui.cli import main

HOSTILE = "Eve \x1b]0;pwned\x07 \u202eevil"
SHOWN = "Eve \\x1b]0;pwned\\x07 \\u202eevil"


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def url_of(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def one_sentence(err: str) -> None:
    assert err.startswith("convenor: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and "Error:" not in err and "[Errno" not in err, err


def planned_meeting(engine, capsys) -> Meeting:
    assert cli(capsys, "schedule", "--from", "2026-04-01", "--to", "2026-04-30",
               "--body", "Executive Group", "--db", url_of(engine))[0] == 0
    with Session(engine) as s:
        return s.exec(select(Meeting).where(Meeting.status == "planned")).one()


def stored(engine, meeting_id: int) -> tuple[str, int]:
    with Session(engine) as s:
        meeting = s.get(Meeting, meeting_id)
        return meeting.status, meeting.sequence


def files_in(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ------------------------------------------------------------- cancellations


def test_a_cancellation_that_cannot_be_written_records_nothing(loaded, tmp_path, capsys):
    meeting = planned_meeting(loaded, capsys)
    before = stored(loaded, meeting.id)
    code, _, err = cli(capsys, "export", "ics", "--meeting", meeting.id, "--method", "cancel",
                       "-o", tmp_path / "missing" / "folder" / "c.ics", "--db", url_of(loaded))
    assert code == 1 and "does not exist" in err
    one_sentence(err)
    assert stored(loaded, meeting.id) == before == ("planned", 0)
    assert not (tmp_path / "missing").exists()


def test_a_cancellation_whose_commit_fails_leaves_no_file(loaded, tmp_path, capsys, monkeypatch):
    meeting = planned_meeting(loaded, capsys)
    target = tmp_path / "c.ics"

    def full_disk(self):
        assert target.exists()  # the file is written before the change is committed
        raise OperationalError("COMMIT", {}, sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(Session, "commit", full_disk)
    code, _, err = cli(capsys, "export", "ics", "--meeting", meeting.id, "--method", "cancel",
                       "-o", target, "--db", url_of(loaded))
    monkeypatch.undo()
    assert code == 1 and "full" in err
    one_sentence(err)
    assert not target.exists()
    assert stored(loaded, meeting.id) == ("planned", 0)


def test_a_held_meeting_cannot_be_cancelled(loaded, tmp_path, capsys):
    with Session(loaded) as s:
        held = s.exec(select(Meeting).where(Meeting.status == "held")).one()
    before = stored(loaded, held.id)
    code, _, err = cli(capsys, "export", "ics", "--meeting", held.id, "--method", "cancel",
                       "-o", tmp_path / "c.ics", "--db", url_of(loaded))
    assert code == 2 and "held" in err
    one_sentence(err)
    assert stored(loaded, held.id) == before
    assert not (tmp_path / "c.ics").exists()


# ------------------------------------------------------------- the database file itself


@sqlite_only
@pytest.mark.parametrize("name, export", [
    ("evil.csv", ["actions"]),
    ("evil.docx", ["minutes", "--meeting", "1"]),
    ("evil.docx", ["agenda", "--meeting", "1", "--public"]),
    ("feed.ics", ["ics", "--all", "--method", "publish"]),
    ("invite.ics", ["ics", "--meeting", "1"]),
    ("report.docx", ["yearly-report", "--from", "2026-01-01", "--to", "2026-12-31"]),
])
def test_no_export_writes_over_the_open_database(tmp_path, capsys, name, export):
    database = tmp_path / name
    assert cli(capsys, "load", EXAMPLE, "--db", database)[0] == 0
    before = database.read_bytes()
    code, _, err = cli(capsys, "export", *export, "-o", database, "--db", database)
    assert code == 1 and "never writes over a database" in err
    one_sentence(err)
    assert database.read_bytes() == before
    assert cli(capsys, "meetings", "--db", database)[0] == 0


@sqlite_only
def test_no_export_writes_over_a_database_by_another_name_or_its_side_files(tmp_path, capsys):
    from exporters.files import ExportError, atomic_write
    from models.db import open_database

    database = tmp_path / "convenor.db"
    assert cli(capsys, "load", EXAMPLE, "--db", database)[0] == 0
    os.link(database, tmp_path / "linked.csv")
    code, _, err = cli(capsys, "export", "actions", "-o", tmp_path / "linked.csv", "--db", database)
    assert code == 1 and "never writes over a database" in err
    # A folder export whose file name happens to be a database.
    folder = tmp_path / "invites"
    folder.mkdir()
    (folder / "2026-01-13 Executive Group.ics").write_bytes(database.read_bytes())
    code, _, err = cli(capsys, "export", "ics", "--body", "Executive Group", "-o", folder, "--db", database)
    assert code == 1 and "never writes over a database" in err
    one_sentence(err)
    # The -wal and -shm files of an open database (the app's exports go the same way).
    engine = open_database(database)
    with engine.connect():
        for side in ("-wal", "-shm"):
            path = tmp_path / f"convenor.db{side}"
            before = path.read_bytes()
            with pytest.raises(ExportError, match="belongs to the database"):
                atomic_write(path, b"not a database")
            assert path.read_bytes() == before
    engine.dispose()
    assert cli(capsys, "meetings", "--db", database)[1].count("Executive Group") == 1


@sqlite_only
def test_every_database_file_ends_up_private_whoever_made_it(tmp_path, capsys):
    from models.db import open_database

    database = tmp_path / "pe.db"
    database.touch()
    os.chmod(database, 0o644)
    for side in ("-wal", "-shm"):
        (tmp_path / f"pe.db{side}").touch()
        os.chmod(tmp_path / f"pe.db{side}", 0o644)
    assert cli(capsys, "load", EXAMPLE, "--db", database)[0] == 0
    assert oct(database.stat().st_mode & 0o777) == "0o600"
    engine = open_database(database)
    with engine.connect():
        for name in ("pe.db", "pe.db-wal", "pe.db-shm"):
            assert oct((tmp_path / name).stat().st_mode & 0o777) == "0o600", name
    engine.dispose()


# ------------------------------------------------------------- failures are one sentence


@pytest.mark.parametrize("url", [
    "garbage://foo",
    "http://example.org/calendar",
    "postgresql+psycopg://officer@db.example.org:notaport/convenor",
    "postgresql+psycopg://officer@[::1/convenor",
    "sqlite://",
    "sqlite:///:memory:",
    "",
    "   ",
])
def test_a_url_that_is_not_a_usable_database_is_refused(capsys, url):
    code, _, err = cli(capsys, "meetings", "--db", url)
    assert code == 2
    assert "Traceback" not in err and err.count("\n") == 1


def test_a_password_in_a_bad_url_is_not_shown(capsys):
    code, _, err = cli(capsys, "roster", "--db", "postgresql+psycopg://officer:s3cret@db:port/convenor")
    assert code == 2 and "s3cret" not in err
    one_sentence(err)


def test_a_convenor_db_of_spaces_is_refused(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CONVENOR_DB", "   ")
    code, _, err = cli(capsys, "meetings")
    assert code == 2 and "CONVENOR_DB" in err
    one_sentence(err)
    assert list(tmp_path.iterdir()) == []


@sqlite_only
def test_a_second_writer_waits_then_is_told_the_database_is_busy(tmp_path, capsys, monkeypatch):
    import models.db

    database = tmp_path / "convenor.db"
    models.db.open_database(database).dispose()
    monkeypatch.setattr(models.db, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(database)
    holder.execute("BEGIN IMMEDIATE")  # another `convenor load` in the middle of writing
    try:
        code, _, err = cli(capsys, "load", EXAMPLE, "--db", database)
    finally:
        holder.rollback()
        holder.close()
    assert code == 1 and "busy" in err
    one_sentence(err)
    assert cli(capsys, "load", EXAMPLE, "--db", database)[0] == 0


def test_a_full_disk_while_writing_is_one_sentence(loaded, capsys, monkeypatch):
    import tui.cli.commands

    def full(*_args, **_kwargs):
        raise OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(tui.cli.commands, "schedule", full)
    code, _, err = cli(capsys, "schedule", "--from", "2026-04-01", "--to", "2026-04-30", "--db", url_of(loaded))
    assert code == 1 and "full" in err
    one_sentence(err)


@sqlite_only
def test_a_really_full_disk_is_one_sentence_and_leaves_no_half_schema(tmp_path, capsys):
    disk = tmp_path / "small-disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(disk)],
                             capture_output=True).returncode == 0
    if not mounted:
        pytest.skip("mounting a small disk needs root and mount(8)")
    try:
        database = disk / "convenor.db"
        for _ in range(2):  # the second try meets what the first left behind
            code, _, err = cli(capsys, "meetings", "--db", database)
            assert code == 1 and "full" in err
            one_sentence(err)
        with closing(sqlite3.connect(database)) as check:  # no half-made schema that no later run could finish
            assert check.execute("SELECT name FROM sqlite_master").fetchall() == []
    finally:
        subprocess.run(["umount", "--lazy", str(disk)], check=True)


@sqlite_only
def test_a_read_only_database_is_one_sentence(loaded, capsys):
    url = f"sqlite:///file:{loaded.url.database}?mode=ro&uri=true"
    code, _, err = cli(capsys, "schedule", "--from", "2026-04-01", "--to", "2026-04-30", "--db", url)
    assert code == 1 and "read-only" in err
    one_sentence(err)
    code, out, _ = cli(capsys, "meetings", "--db", url)
    assert code == 0 and "Executive Group" in out


def _lock(path) -> bool:
    """Make ``path`` unwritable even for root (chattr +i); False if that is not possible here."""
    return subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0


@sqlite_only
def test_an_immutable_database_file_or_folder_is_one_sentence(loaded, tmp_path, capsys):
    database = loaded.url.database
    loaded.dispose()
    if not _lock(database):
        pytest.skip("chattr +i is not available here")
    try:
        code, _, err = cli(capsys, "schedule", "--from", "2026-04-01", "--to", "2026-04-30", "--db", database)
    finally:
        subprocess.run(["chattr", "-i", database], check=True)
    assert code == 1 and "read-only" in err
    one_sentence(err)
    folder = tmp_path / "locked"
    folder.mkdir()
    assert _lock(folder)
    try:
        code, _, err = cli(capsys, "load", EXAMPLE, "--db", folder / "new.db")
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    assert code == 1 and "Cannot create the database file" in err
    one_sentence(err)


@sqlite_only
def test_a_corrupted_database_is_one_sentence(loaded, tmp_path, capsys):
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database\n" * 100)
    for command in (["meetings"], ["load", EXAMPLE], ["backup", "-o", tmp_path / "b.db"]):
        code, _, err = cli(capsys, *command, "--db", garbage)
        assert code == 1
        one_sentence(err)
    database = loaded.url.database
    loaded.dispose()
    with open(database, "r+b") as handle:  # damage pages in the middle, keep the header
        handle.seek(4096 * 4)
        handle.write(b"\xff" * 4096 * 12)
    for command in (["meetings"], ["roster"], ["actions"], ["load", EXAMPLE]):
        code, _, err = cli(capsys, *command, "--db", database)
        assert code == 1 and "damaged" in err, command
        one_sentence(err)


def test_a_database_from_a_newer_convenor_is_named_and_not_backed_up_again(loaded, tmp_path, capsys):
    with loaded.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    for _ in range(3):
        code, _, err = cli(capsys, "meetings", "--db", url_of(loaded))
        assert code == 1 and "newer version of Convenor" in err and "9999_from_the_future" in err
        one_sentence(err)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".bak")] == []


@pytest.mark.parametrize("command", [
    ["meetings", "--from", "2026-06-01", "--to", "2026-01-01"],
    ["chairs", "--from", "2026-06-01", "--to", "2026-01-01"],
    ["export", "ics", "--all", "--method", "publish", "--from", "2026-06-01", "--to", "2026-01-01", "-o", "f.ics"],
    ["schedule", "--from", "0001-01-01", "--to", "2026-01-01"],
    ["chairs", "--to", "9999-12-31"],
    ["meetings", "--from", "0001-01-01"],
    ["roster", "--on", "9999-12-31"],
    ["export", "ics", "--all", "--method", "publish", "--to", "9999-12-31", "-o", "f.ics"],
])
def test_reversed_ranges_and_impossible_years_are_bad_input(loaded, capsys, command):
    code, _, err = cli(capsys, *command, "--db", url_of(loaded))
    assert code == 2 and "Traceback" not in err and err.count("\n") == 1, err


@sqlite_only
def test_end_of_input_at_the_restore_prompt_changes_nothing(loaded, tmp_path, capsys, monkeypatch):
    from models.backup import backup

    saved = backup(loaded, tmp_path / "saved.db")
    database = loaded.url.database
    before = open(database, "rb").read()

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Terminal(""))
    code, out, err = cli(capsys, "restore", saved, "--db", database)
    assert code == 1 and "Nothing was changed." in out and "Traceback" not in err
    assert open(database, "rb").read() == before


# ------------------------------------------------------------- the terminal


def _hostile_names(engine) -> None:
    """Stored text that would retitle the terminal and reverse what follows, if printed raw."""
    with Session(engine) as s:
        chair = s.exec(select(Person).where(Person.name == "Sofia Reyes")).one()
        chair.name = f"{HOSTILE} chair"
        police = s.exec(select(Organisation).where(Organisation.name == "Northmoor Police")).one()
        police.name = f"{HOSTILE} police"
        for action in s.exec(select(Action)).all():
            action.description = f"{HOSTILE} action"
        s.commit()


@pytest.mark.parametrize("command", [["roster", "--on", "2026-01-13"], ["meetings"], ["chairs"], ["actions"]])
def test_stored_text_reaches_the_terminal_escaped(loaded, capsys, command):
    _hostile_names(loaded)
    code, out, err = cli(capsys, *command, "--db", url_of(loaded))
    assert code == 0, err
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert SHOWN in out


def test_json_keeps_stored_text_exact_but_terminal_safe(loaded, capsys):
    _hostile_names(loaded)
    code, out, _ = cli(capsys, "roster", "--on", "2026-01-13", "--json", "--db", url_of(loaded))
    assert code == 0
    assert "\x1b" not in out and "\u202e" not in out
    names = [p["organisation"] for p in json.loads(out)["statutory_partners"]]
    assert f"{HOSTILE} police" in names


def test_messages_quoting_input_are_escaped(loaded, capsys):
    code, _, err = cli(capsys, "meetings", "--body", HOSTILE, "--db", url_of(loaded))
    assert code == 2 and "\x1b" not in err and "\u202e" not in err
    one_sentence(err)


# ------------------------------------------------------------- calendars and backups


def test_the_feed_name_is_read_whole_by_calendar_readers(loaded, tmp_path, capsys):
    name = "Bath, Swindon and Wiltshire Safeguarding Partnership; BSW"
    with Session(loaded) as s:
        s.exec(select(Partnership)).one().name = name
        s.commit()
    feed = tmp_path / "feed.ics"
    assert cli(capsys, "export", "ics", "--all", "--method", "publish", "-o", feed, "--db", url_of(loaded))[0] == 0
    assert str(icalendar.Calendar.from_ical(feed.read_bytes())["X-WR-CALNAME"]) == name
    assert vobject.readOne(feed.read_text(encoding="utf-8")).x_wr_calname.value == name


@pytest.mark.parametrize("how", ["slash", "existing", "new"])
def test_a_body_export_of_one_meeting_goes_into_a_folder(loaded, tmp_path, capsys, how):
    with Session(loaded) as s:
        body = s.exec(select(Body).where(Body.name == "Executive Group")).one().name
    folder = tmp_path / "invites"
    output = f"{folder}/" if how == "slash" else str(folder)
    if how == "existing":
        folder.mkdir()
    code, out, err = cli(capsys, "export", "ics", "--body", body, "--from", "2026-01-01", "--to", "2026-01-31",
                         "-o", output, "--db", url_of(loaded))
    assert code == 0, err
    assert files_in(folder) == ["2026-01-13 Executive Group.ics"]
    assert str(folder / "2026-01-13 Executive Group.ics") in out


@sqlite_only
def test_a_backup_into_a_folder_is_a_clear_sentence(loaded, tmp_path, capsys):
    folder = tmp_path / "backups"
    folder.mkdir()
    code, _, err = cli(capsys, "backup", "-o", folder, "--db", loaded.url.database)
    assert code == 1 and "is a folder" in err and ".part" not in err
    one_sentence(err)
    assert files_in(folder) == []
    for side in ("-wal", "-shm"):
        code, _, err = cli(capsys, "backup", "-o", f"{loaded.url.database}{side}", "--db", loaded.url.database)
        assert code == 1 and "cannot overwrite the database" in err


@sqlite_only
def test_no_file_is_written_over_a_device_or_pipe(loaded, tmp_path, capsys):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    for command in (["export", "actions", "-o", f"{pipe}.csv"], ["backup", "-o", pipe]):
        if command[0] == "export":
            os.mkfifo(f"{pipe}.csv")
        code, _, err = cli(capsys, *command, "--db", loaded.url.database)
        assert code == 1 and ("not a file" in err or "special file" in err), err
        one_sentence(err)
        assert stat.S_ISFIFO(os.stat(command[-1]).st_mode)


@pytest.mark.parametrize("value", ["99999999999999999999", "0", "-1", "x"])
def test_a_meeting_id_no_database_can_hold_is_bad_input(loaded, tmp_path, capsys, value):
    for command in (["export", "minutes", "--meeting", value, "-o", tmp_path / "m.docx"],
                    ["export", "ics", "--meeting", value, "-o", tmp_path / "m.ics"],
                    ["meeting", value]):
        code, _, err = cli(capsys, *command, "--db", url_of(loaded))
        assert code == 2 and "is not a meeting id" in err and "Traceback" not in err


@sqlite_only
def test_another_programs_database_is_left_alone(tmp_path, capsys):
    other = tmp_path / "places.sqlite"
    with closing(sqlite3.connect(other)) as db:
        db.execute("CREATE TABLE bookmarks (id INTEGER PRIMARY KEY, url TEXT)")
        db.commit()
    before = other.read_bytes()
    code, _, err = cli(capsys, "load", EXAMPLE, "--db", other)
    assert code == 2 and "another program" in err
    one_sentence(err)
    assert other.read_bytes() == before
