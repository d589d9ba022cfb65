"""Opening a database: migrations, no drift, SQLite settings, default location."""

from __future__ import annotations

import os
import stat

from alembic import command
from sqlalchemy import inspect, text

from models.db import alembic_config, current_revision, head_revision, open_database
from models.locations import resolve_url
from tests.conftest import sqlite_only


def test_migrations_create_every_table(engine):
    tables = set(inspect(engine).get_table_names())
    assert {"partnership", "organisation", "person", "appointment", "body", "bodymember", "standingitem",
            "forwardplanitem", "meeting", "agendaitem", "resolution", "attendance", "action", "actionupdate",
            "auditentry", "alembic_version"} <= tables
    assert current_revision(engine) == head_revision()


def test_alembic_check_finds_no_drift(engine):
    with engine.connect() as conn:
        command.check(alembic_config(conn))  # raises if the models and migrations differ


def test_opening_twice_is_harmless(db_url):
    first = open_database(db_url)
    revision = current_revision(first)
    first.dispose()
    second = open_database(db_url)
    assert current_revision(second) == revision
    second.dispose()


@sqlite_only
def test_sqlite_settings(engine):
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


@sqlite_only
def test_sqlite_file_is_private(engine):
    mode = stat.S_IMODE(os.stat(engine.url.database).st_mode)
    assert mode == 0o600


def test_default_database_is_in_the_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert resolve_url() == f"sqlite:///{tmp_path / 'xdg' / 'convenor' / 'convenor.db'}"
    monkeypatch.setenv("CONVENOR_DB", str(tmp_path / "other.db"))
    assert resolve_url() == f"sqlite:///{tmp_path / 'other.db'}"
    assert resolve_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("relative.db").endswith("/relative.db") and resolve_url("relative.db").startswith("sqlite:////")
