"""Fixtures shared by every test: a private data folder and database for each test.

Set CONVENOR_TEST_DB to a PostgreSQL server URL (e.g.
postgresql+psycopg://postgres@127.0.0.1:5432/postgres) to run the suite
against PostgreSQL: each test then gets a database of its own on that server.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
EXAMPLE = TESTS / "data" / "northmoor.toml"
# The project's shared folder (checkers for exported files) lies beside the repository.
SHARED = next((p for p in (TESTS.parents[1] / "shared", Path("/work/shared")) if (p / "tools").is_dir()),
              TESTS.parents[1] / "shared")
POSTGRES = os.environ.get("CONVENOR_TEST_DB", "")


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path, monkeypatch):
    """Point the data folder and default database at the test's own folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.delenv("CONVENOR_DB", raising=False)
    monkeypatch.setenv("CONVENOR_USER", "test-officer")
    yield


def _postgres_database() -> tuple[str, callable]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin_url = make_url(POSTGRES)
    name = f"convenor_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return admin_url.set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture
def db_url(tmp_path):
    """A URL for an empty database: SQLite in tmp_path, or PostgreSQL when configured."""
    if POSTGRES:
        url, drop = _postgres_database()
        yield url
        drop()
    else:
        yield f"sqlite:///{tmp_path / 'convenor.db'}"


@pytest.fixture
def engine(db_url):
    from models.db import open_database

    engine = open_database(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def loaded(engine):
    """A database holding the shared example partnership."""
    from models.arrangements import load_arrangements

    load_arrangements(engine, EXAMPLE)
    return engine


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """The demo partnership loaded and scheduled once per test session (SQLite)."""
    from models.db import open_database
    from tests.tui_support import TODAY
    from models.demo import prepare_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    engine = open_database(str(path))
    prepare_demo(engine, today=TODAY)
    engine.dispose()
    return path


@pytest.fixture
def demo_engine(demo_template, tmp_path):
    """A private copy of the demo database for one test."""
    from models.db import open_database

    path = tmp_path / "demo-copy.db"
    shutil.copy(demo_template, path)
    engine = open_database(str(path))
    yield engine
    engine.dispose()


sqlite_only = pytest.mark.skipif(bool(POSTGRES), reason="tests a SQLite file (pragmas, file mode, backup API)")
