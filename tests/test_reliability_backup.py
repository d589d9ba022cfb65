"""`convenor backup` and `convenor restore`: consistent, private copies that come back whole."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session

from models.backup import BackupError, backup
from models.db import open_database, session_scope
from models.scheduling import schedule
from tests.conftest import POSTGRES
from tui.cli import main

sqlite_file = pytest.mark.skipif(bool(POSTGRES), reason="backup and restore of a SQLite file (PostgreSQL uses pg_dump)")
postgres_only = pytest.mark.skipif(not POSTGRES, reason="needs a PostgreSQL server (CONVENOR_TEST_DB)")


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, read by plain sqlite3 (not by the app)."""
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: sorted(db.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def database(engine) -> Path:
    return Path(engine.url.database)


@sqlite_file
def test_cli_backup_is_a_private_complete_copy(loaded, tmp_path, capsys):
    out = tmp_path / "copies" / "northmoor-backup.db"
    out.parent.mkdir()
    assert main(["backup", "--db", str(database(loaded)), "-o", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    assert mode(out) == 0o600
    assert dump(out) == dump(database(loaded))
    assert dump(out)["meeting"], "the copy holds the loaded partnership"
    with sqlite3.connect(out) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one self-contained file
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary file left behind


@sqlite_file
def test_database_and_its_journal_files_are_private(loaded):
    path = database(loaded)
    with session_scope(loaded) as s:
        schedule(s, date(2026, 1, 1), date(2026, 12, 31))
    files = [p for p in path.parent.iterdir() if p.name.startswith(path.name)]
    assert path in files and path.with_name(path.name + "-wal") in files
    assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}


WRITER = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
db.execute("PRAGMA busy_timeout=10000")
print("writing", flush=True)
for n in range(100000):
    db.execute("BEGIN IMMEDIATE")
    for half in ("first", "second"):
        db.execute("INSERT INTO auditentry (at, actor, operation, table_name, summary) "
                   "VALUES ('2026-01-01 00:00:00', 'writer', 'update', ?, 'pair')", (half,))
    db.execute("COMMIT")
"""


@sqlite_file
def test_backup_while_another_process_writes_is_consistent(loaded, tmp_path):
    """Every transaction of the writer adds two rows; a consistent copy never holds half of one."""
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(database(loaded))], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "writing"
        counts = []
        for n in range(5):
            out = backup(loaded, tmp_path / f"during-{n}.db")
            with sqlite3.connect(out) as db:
                assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
                first, second = (db.execute("SELECT count(*) FROM auditentry WHERE table_name = ?", (h,)).fetchone()[0]
                                 for h in ("first", "second"))
            assert first == second
            counts.append(first)
    finally:
        writer.kill()
        writer.wait()
    assert counts[-1] > 0, "the backups were taken while the writer was busy"


@sqlite_file
def test_cli_restore_round_trips(loaded, tmp_path, capsys):
    path = database(loaded)
    saved = tmp_path / "saved.db"
    assert main(["backup", "--db", str(path), "-o", str(saved)]) == 0
    before = dump(path)

    with session_scope(loaded) as s:  # work done after the backup, to be undone by the restore
        schedule(s, date(2026, 1, 1), date(2028, 12, 31))
        s.exec(text("DELETE FROM action"))
    loaded.dispose()
    assert dump(path) != before

    assert main(["restore", "--db", str(path), str(saved), "--yes"]) == 0
    assert "Restored" in capsys.readouterr().out
    assert dump(path) == before
    assert mode(path) == 0o600
    engine = open_database(str(path))  # the app opens the restored file normally
    with Session(engine) as s:
        assert s.exec(text("SELECT count(*) FROM action")).one()[0] == 2
    engine.dispose()
    # The database that was replaced is kept too, privately, so a restore can be undone.
    kept = list(tmp_path.glob("convenor.db.before-restore-*.bak"))
    assert len(kept) == 1 and mode(kept[0]) == 0o600
    assert dump(kept[0])["action"] == []


@sqlite_file
@pytest.mark.parametrize("bad", ["not-sqlite", "other-sqlite", "missing"])
def test_restore_refuses_what_is_not_a_convenor_backup(loaded, tmp_path, capsys, bad):
    path = database(loaded)
    before = dump(path)
    source = tmp_path / "suspect.db"
    if bad == "not-sqlite":
        source.write_bytes(b"minutes of the meeting\n" * 50)
    elif bad == "other-sqlite":
        with sqlite3.connect(source) as db:
            db.execute("CREATE TABLE notes (text)")
    loaded.dispose()
    assert main(["restore", "--db", str(path), str(source), "--yes"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("convenor: ") and len(err.splitlines()) == 1 and "Traceback" not in err
    assert dump(path) == before
    assert not list(tmp_path.glob("*.before-restore-*"))


@sqlite_file
def test_restore_refuses_a_backup_from_a_newer_schema(loaded, tmp_path, capsys):
    newer = backup(loaded, tmp_path / "newer.db")
    with sqlite3.connect(newer) as db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")
    assert main(["restore", "--db", str(database(loaded)), str(newer), "--yes"]) == 1
    assert "newer version of Convenor" in capsys.readouterr().err


@sqlite_file
def test_restore_asks_before_replacing(loaded, tmp_path, capsys):
    saved = backup(loaded, tmp_path / "saved.db")
    code = subprocess.run(
        [sys.executable, "-c", "import sys; from tui.cli import main; sys.exit(main())",
         "restore", "--db", str(database(loaded)), str(saved)],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, env={**os.environ}, cwd=Path(__file__).parents[1],
    )
    assert code.returncode == 2
    assert "--yes" in code.stderr and "Traceback" not in code.stderr


@sqlite_file
def test_backup_refuses_a_missing_folder_and_the_database_itself(loaded, tmp_path, capsys):
    assert main(["backup", "--db", str(database(loaded)), "-o", str(tmp_path / "no" / "such" / "b.db")]) == 1
    assert "does not exist" in capsys.readouterr().err
    with pytest.raises(BackupError, match="database itself"):
        backup(loaded, database(loaded))


@postgres_only
def test_postgres_backup_and_restore_point_to_pg_dump(engine, db_url, tmp_path, capsys):
    assert main(["backup", "--db", db_url, "-o", str(tmp_path / "b.db")]) == 1
    err = capsys.readouterr().err.strip()
    assert "pg_dump" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "b.db").exists()
    (tmp_path / "b.db").write_bytes(b"")
    assert main(["restore", "--db", db_url, str(tmp_path / "b.db"), "--yes"]) == 1
    assert "pg_restore" in capsys.readouterr().err
