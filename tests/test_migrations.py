"""An older database upgrades to the current schema with its data intact.

``tests/data/schema_0001.db`` was created by the first migration (revision
0001) and filled with a small partnership by plain SQL, so it does not depend
on today's models. Regenerate it (only if it is lost) with
``.venv/bin/python -m tests.test_migrations``.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, inspect, text
from sqlmodel import Session

from models.db import alembic_config, current_revision, head_revision, open_database
from models.meeting_views import meeting_view
from models.queries import action_rows

FIXTURE = Path(__file__).parent / "data" / "schema_0001.db"
NOW = "2025-11-02 09:00:00.000000"

ROWS: dict[str, list[dict]] = {
    "organisation": [
        {"id": 1, "name": "Eastmere Council", "short_name": "EC", "kind": "local_authority", "statutory": True, "category": None},
        {"id": 2, "name": "Eastmere Police", "short_name": None, "kind": "police", "statutory": True, "category": None},
    ],
    "person": [
        {"id": 1, "name": "Priya Nandra", "title": "Director of Children's Services", "organisation_id": 1,
         "email": "priya.nandra@eastmere.example", "phone": None},
        {"id": 2, "name": "Gareth Lowe", "title": "Superintendent", "organisation_id": 2,
         "email": "gareth.lowe@police.example", "phone": None},
    ],
    "partnership": [
        {"id": 1, "name": "Eastmere Safeguarding Children Partnership", "short_name": "ESCP", "areas": '["Eastmere"]',
         "timezone": "Europe/London", "bank_holidays": "england", "protective_marking": "OFFICIAL-SENSITIVE",
         "business_manager_id": None},
    ],
    "body": [
        {"id": 1, "name": "Executive", "short_name": "EXEC", "kind": "executive", "reports_to_id": None,
         "cadence": '{"frequency": "quarterly", "months": [1, 4, 7, 10], "weekday": "Tuesday", "week": 2}',
         "chair_rule": '{"person": "Priya Nandra"}', "quorum_rule": None, "minute_numbering": "per_meeting",
         "active": True},
    ],
    "meeting": [
        {"id": 1, "body_id": 1, "date": "2025-10-14", "start_time": "10:00:00.000000", "duration_minutes": 120,
         "title": None, "status": "held", "location": "Eastmere Town Hall", "online_link": None,
         "uid": "7d1c2f8e-0001@convenor", "sequence": 2, "cadence_date": "2025-10-14",
         "minutes_approved_on": None, "notes": "Quorate throughout."},
    ],
    "agendaitem": [
        {"id": 1, "meeting_id": 1, "position": 1, "title": "Neglect strategy", "presenter": "Priya Nandra",
         "duration_minutes": 30, "standing": False, "exempt": False, "exempt_paragraph": None, "exempt_reason": None,
         "minute": "The executive discussed the neglect strategy.\nA second paragraph."},
    ],
    "resolution": [{"id": 1, "item_id": 1, "position": 1, "text": "That the strategy be approved."}],
    "attendance": [
        {"id": 1, "meeting_id": 1, "person_id": 1, "status": "present", "deputy_for_id": None, "capacity": None},
        {"id": 2, "meeting_id": 1, "person_id": 2, "status": "apologies", "deputy_for_id": None, "capacity": None},
    ],
    "action": [
        {"id": 1, "reference": "EXEC-2025-001", "body_id": 1, "meeting_id": 1, "item_id": 1,
         "description": "Publish the neglect strategy", "owner_id": 2, "due": "2025-12-01", "status": "in_progress",
         "completed_on": None},
        {"id": 2, "reference": "EXEC-2025-002", "body_id": 1, "meeting_id": 1, "item_id": 1,
         "description": "Brief the schools forum", "owner_id": 1, "due": "2025-11-20", "status": "completed",
         "completed_on": "2025-11-01"},
    ],
    "actionupdate": [{"id": 1, "action_id": 1, "on": "2025-10-30", "note": "Draft with comms.", "status": "in_progress"}],
    "auditentry": [
        {"id": 1, "at": NOW, "actor": "fixture", "operation": "load", "table_name": "arrangements",
         "record_id": None, "summary": "Loaded the fixture", "changes": None},
    ],
}
VERSIONED = {"organisation", "person", "partnership", "body", "meeting", "agendaitem", "attendance", "action"}


def make_fixture(path: Path) -> None:
    """Create a database at revision 0001 (the first migration) holding ROWS."""
    path.unlink(missing_ok=True)
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        _fill_at_0001(conn)
    engine.dispose()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=DELETE")
    os.chmod(path, 0o600)


def _fill_at_0001(conn) -> None:
    """Migrate an empty database to revision 0001 and insert ROWS with plain SQL."""
    command.upgrade(alembic_config(conn), "0001")
    for table, rows in ROWS.items():
        for row in rows:
            row = dict(row)
            if table in VERSIONED:
                row.update(version=3, created_at=NOW, updated_at=NOW)
            columns = ", ".join(f'"{c}"' for c in row)
            values = ", ".join(f":{c}" for c in row)
            conn.execute(text(f'INSERT INTO "{table}" ({columns}) VALUES ({values})'), row)
    if conn.dialect.name == "postgresql":
        for table in ROWS:  # rows were inserted with explicit ids; move the sequences past them
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                              f'(SELECT max(id) FROM "{table}"))'))


def _copy_fixture(tmp_path: Path) -> Path:
    target = tmp_path / "old.db"
    shutil.copyfile(FIXTURE, target)
    os.chmod(target, 0o600)
    return target


def _table_rows(conn, table: str) -> list[dict]:
    return [dict(r._mapping) for r in conn.execute(text(f'SELECT * FROM "{table}" ORDER BY id'))]


def _old_columns(after: dict[str, list[dict]], before: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The rows after an upgrade, limited to the columns they had before (later migrations add columns)."""
    return {table: [{k: v for k, v in row.items() if not before[table] or k in before[table][0]} for row in rows]
            for table, rows in after.items()}


def test_fixture_is_at_the_first_revision():
    with sqlite3.connect(f"file:{FIXTURE}?mode=ro", uri=True) as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert db.execute("SELECT count(*) FROM action").fetchone() == (2,)
    assert head_revision() != "0001", "the fixture is only useful while a later migration exists"


def test_old_database_upgrades_with_its_data_intact(tmp_path):
    path = _copy_fixture(tmp_path)
    plain = create_engine(f"sqlite:///{path}")
    with plain.connect() as conn:
        before = {table: _table_rows(conn, table) for table in ROWS}
    plain.dispose()

    engine = open_database(str(path))
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        after = {table: _table_rows(conn, table) for table in ROWS}
        command.check(alembic_config(conn))  # the upgraded schema matches the models exactly
    assert _old_columns(after, before) == before

    # The application reads the old records as it would its own.
    with Session(engine) as session:
        view = meeting_view(session, 1)
        assert view.body == "Executive"
        assert [i.title for i in view.items] == ["Neglect strategy"]
        assert view.items[0].resolutions == ("That the strategy be approved.",)
        actions = action_rows(session, status="in_progress")
        assert [a.reference for a in actions] == ["EXEC-2025-001"]
    engine.dispose()


def test_database_at_first_revision_upgrades_on_this_server(db_url):
    """The same upgrade on the configured server (PostgreSQL when CONVENOR_TEST_DB is set)."""
    plain = create_engine(db_url)
    with plain.begin() as conn:
        _fill_at_0001(conn)
    with plain.connect() as conn:
        before = {table: _table_rows(conn, table) for table in ROWS}
    plain.dispose()
    engine = open_database(db_url)
    with engine.connect() as conn:
        assert current_revision(engine) == head_revision()
        assert _old_columns({table: _table_rows(conn, table) for table in ROWS}, before) == before
        command.check(alembic_config(conn))
    with Session(engine) as session:  # new rows get fresh ids after the old ones
        from models.audit import record_change

        entry = record_change(session, "update", "meeting", 1, "Changed after the upgrade")
        session.commit()
        assert entry.id == 2
    engine.dispose()


def test_upgrade_adds_the_second_migration_indexes(tmp_path):
    engine = open_database(str(_copy_fixture(tmp_path)))
    indexes = {ix["name"] for ix in inspect(engine).get_indexes("action")}
    audit = {ix["name"]: ix["column_names"] for ix in inspect(engine).get_indexes("auditentry")}
    engine.dispose()
    assert "ix_action_status" in indexes
    assert audit["ix_auditentry_record"] == ["table_name", "record_id"]


def test_upgrade_keeps_a_private_backup_of_the_old_file(tmp_path):
    path = _copy_fixture(tmp_path)
    open_database(str(path)).dispose()
    backups = sorted(tmp_path.glob("old.db.before-0001-*.bak"))
    assert len(backups) == 1
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    with sqlite3.connect(f"file:{backups[0]}?mode=ro", uri=True) as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert db.execute("SELECT description FROM action ORDER BY id").fetchall() == [
            ("Publish the neglect strategy",), ("Brief the schools forum",)]


def test_migrations_go_down_and_up_again(engine):
    """Every migration after the first can be undone and redone (on SQLite via batch mode)."""
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0001")
    assert current_revision(engine) == "0001"
    assert "ix_action_status" not in {ix["name"] for ix in inspect(engine).get_indexes("action")}
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        command.check(alembic_config(conn))


if __name__ == "__main__":  # pragma: no cover
    make_fixture(FIXTURE)
    print(f"Wrote {FIXTURE}")


def test_the_quick_start_up_check_finds_alembics_head():
    """Opening an up-to-date database skips Alembic on the strength of this reading of the files."""
    from models.schema_files import head_from_files

    assert head_from_files() == head_revision()


def test_opening_an_up_to_date_database_does_not_import_alembic(tmp_path):
    path = tmp_path / "c.db"
    open_database(str(path)).dispose()
    code = ("import sys; from models.db import open_database; open_database(sys.argv[1]).dispose(); "
            "print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
