"""Databases prepared once per test session and copied for each test (see conftest's fixtures).

SQLite templates are files copied per test; PostgreSQL ones are databases
copied with CREATE DATABASE … TEMPLATE. Kept apart from conftest.py so that
test modules import the one registry (``from tests.templates import preload``).
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from models.demo import demo_file

TESTS = Path(__file__).parent
EXAMPLE = TESTS / "data" / "northmoor.toml"
POSTGRES = os.environ.get("CONVENOR_TEST_DB", "")

# Fixture names that stand for "a database already holding these arrangements files": a test
# (or a fixture) asking for one gets a copy of a template loaded once per session; see ``preload``.
PRELOADED: dict[str, tuple[Path, ...]] = {
    "loaded": (EXAMPLE,),
    "scheduled_demo": (demo_file(),),  # the conftest fixture of that name also schedules a year
}


def preload(fixture_name: str, *files: Path) -> None:
    """Declare that the fixture ``fixture_name`` (which asks for ``engine``) wants ``files`` loaded.

    The files are loaded into a template once per session; each test asking
    for the fixture gets a private copy, already loaded, in place of an empty
    database.
    """
    PRELOADED[fixture_name] = tuple(files)


def postgres_admin():
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    return make_url(POSTGRES), create_engine(make_url(POSTGRES), isolation_level="AUTOCOMMIT")


def postgres_database(template: str | None = None) -> tuple[str, callable]:
    """A new database on the PostgreSQL server (a copy of ``template`` if given) and how to drop it."""
    from sqlalchemy import text

    admin_url, admin = postgres_admin()
    name = f"convenor_test_{uuid.uuid4().hex[:12]}"
    copy = f' TEMPLATE "{template}"' if template else ""
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"{copy}'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return admin_url.set(database=name).render_as_string(hide_password=False), drop


class Templates:
    """Databases prepared once per test session (per xdist worker) and copied for each test.

    Applying the migrations and loading the example partnership take far
    longer than copying a file (SQLite) or a template database (PostgreSQL's
    CREATE DATABASE … TEMPLATE), and every test would otherwise repeat them.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.made: dict[str, str] = {}  # kind -> SQLite file path or PostgreSQL database name
        self.drops: list[callable] = []

    def _prepare(self, url: str, kind: str) -> None:
        from models.db import open_database

        engine = open_database(url)
        if kind in PRELOADED:
            from models.arrangements import load_arrangements

            for file in PRELOADED[kind]:
                load_arrangements(engine, file)
        engine.dispose()

    def template(self, kind: str) -> str:
        if kind not in self.made:
            if POSTGRES:
                from sqlalchemy.engine import make_url

                url, drop = postgres_database()
                self._prepare(url, kind)
                self.drops.append(drop)
                self.made[kind] = make_url(url).database
            else:
                path = self.folder / f"{kind}.db"
                self._prepare(f"sqlite:///{path}", kind)
                self.made[kind] = str(path)
        return self.made[kind]

    def copy_url(self, kind: str, tmp_path: Path) -> tuple[str, callable]:
        """A private copy of the ``kind`` template for one test, and how to remove it."""
        if POSTGRES:
            return postgres_database(self.template(kind))
        path = tmp_path / "convenor.db"
        shutil.copy(self.template(kind), path)
        return f"sqlite:///{path}", lambda: None
