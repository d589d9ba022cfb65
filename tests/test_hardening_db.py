"""Restoring only what is a whole Convenor database, restoring over a damaged
one, and schema changes that happen all or not at all."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from sqlmodel import Session, select

from models.backup import BackupError, backup, restore
from models.db import head_revision, make_engine, open_database
from models.tables import Meeting
from tests.conftest import sqlite_only
from tui.cli import main

pytestmark = sqlite_only


def meetings_in(path) -> int:
    engine = open_database(path)
    with Session(engine) as s:
        count = len(s.exec(select(Meeting)).all())
    engine.dispose()
    return count


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".bak", ".part")))


def sqlite_file(path, *statements: str) -> None:
    with closing(sqlite3.connect(path)) as db:
        for statement in statements:
            db.execute(statement)
        db.commit()


@pytest.mark.parametrize("revision", ["head", "0001"])
def test_restore_refuses_a_file_holding_only_a_schema_number(loaded, tmp_path, capsys, revision):
    fake = tmp_path / "fake.db"
    sqlite_file(fake, "CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)",
                f"INSERT INTO alembic_version VALUES ('{head_revision() if revision == 'head' else revision}')")
    database = loaded.url.database
    loaded.dispose()
    code = main(["restore", str(fake), "--yes", "--db", database])
    err = capsys.readouterr().err
    assert code == 1 and "not a" in err and "Convenor database" in err and err.count("\n") == 1
    assert meetings_in(database) == 1
    assert leftovers(tmp_path) == []


def test_restore_refuses_a_backup_missing_a_table(loaded, tmp_path):
    partial = backup(loaded, tmp_path / "partial.db")
    sqlite_file(partial, "DROP TABLE resolution")
    with pytest.raises(BackupError, match="lacks resolution"):
        restore(make_engine(loaded.url.database), partial)
    assert meetings_in(loaded.url.database) == 1
    assert leftovers(tmp_path) == []


def test_restore_mends_a_database_too_damaged_to_open(loaded, tmp_path, capsys):
    saved = backup(loaded, tmp_path / "saved.db")
    database = tmp_path / "convenor.db"
    loaded.dispose()
    database.write_bytes(b"the disk ate it\n" * 64)
    assert main(["meetings", "--db", str(database)]) == 1
    assert main(["restore", str(saved), "--yes", "--db", str(database)]) == 0
    assert meetings_in(database) == 1
    kept = [p for p in tmp_path.iterdir() if ".before-restore-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == b"the disk ate it\n" * 64
    assert oct(kept[0].stat().st_mode & 0o777) == "0o600"


def test_an_interrupted_first_migration_leaves_no_half_schema(tmp_path, monkeypatch):
    import models.db
    from alembic import command  # models.db imports it only to migrate

    database = tmp_path / "new.db"
    real_upgrade = command.upgrade

    def upgrade_then_fail(config, revision):
        real_upgrade(config, revision)
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(command, "upgrade", upgrade_then_fail)
    with pytest.raises(models.db.DatabaseError, match="full"):
        open_database(database)
    monkeypatch.undo()
    with closing(sqlite3.connect(database)) as check:
        assert check.execute("SELECT name FROM sqlite_master").fetchall() == []
    assert meetings_in(database) == 0  # and the next run makes the whole schema
