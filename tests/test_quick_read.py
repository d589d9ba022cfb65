"""The quick read-only path (models.plain_read): the dashboard's first view read with sqlite3
without the database stack gives exactly what the normal path gives, refuses what it cannot
read safely, and never pulls in SQLAlchemy."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session

from models.dashboard import dashboard
from models.db import open_database
from models.firstview import read_first_view
from models.queries import partnership_info
from tests.conftest import sqlite_only
from tests.tui_support import TODAY

ROOT = Path(__file__).resolve().parents[1]
pytestmark = sqlite_only  # the quick paths read SQLite files; PostgreSQL runs the same SQL in the dashboard/actions tests


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A small generated partnership (two years, a few hundred actions with updates)."""
    from benchmarks.generate import generate

    db, _, _ = generate(tmp_path_factory.mktemp("generated"), years=2, seed=7, today=TODAY, scale=0.05)
    return db


@pytest.fixture(params=["demo", "generated"])
def database(request, demo_template, generated, tmp_path) -> Path:
    source = demo_template if request.param == "demo" else generated
    path = tmp_path / "copy.db"
    shutil.copy(source, path)
    return path


def _normal(path: Path, read):
    engine = open_database(str(path))
    try:
        with Session(engine) as session:
            return read(session)
    finally:
        engine.dispose()


@pytest.mark.parametrize("offset", [0, -400, 30])
def test_first_view_is_what_the_whole_dashboard_shows(database, offset):
    today = TODAY + timedelta(days=offset)
    quick = read_first_view(str(database), today)
    whole, name = _normal(database, lambda s: (dashboard(s, today), partnership_info(s).name))
    assert quick is not None
    assert quick.meetings == whole.meetings
    assert quick.partnership == name
    assert quick.today == today
    if offset == 0:
        assert quick.meetings and any(m.chair for m in quick.meetings)  # it really read meetings and chairs


def test_refuses_a_schema_it_does_not_know_a_damaged_file_and_other_urls(demo_template, tmp_path):
    other = tmp_path / "other.db"
    shutil.copy(demo_template, other)
    with sqlite3.connect(other) as db:
        db.execute("UPDATE alembic_version SET version_num = 'ffff'")
    assert read_first_view(str(other), TODAY) is None
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4096)
    assert read_first_view(str(damaged), TODAY) is None
    assert read_first_view(str(tmp_path / "missing.db"), TODAY) is None
    assert not (tmp_path / "missing.db").exists()
    assert read_first_view("postgresql+psycopg://nobody@127.0.0.1:1/none", TODAY) is None
    assert read_first_view(f"sqlite:///{other}?mode=ro", TODAY) is None


def test_reading_quickly_changes_nothing_in_the_database(database):
    before = database.read_bytes()
    assert read_first_view(str(database), TODAY) is not None
    assert database.read_bytes() == before
    assert sorted(p.name for p in database.parent.iterdir() if p.name.startswith(database.name)) in (
        [database.name], sorted([database.name, database.name + "-shm", database.name + "-wal"]))
    assert not (database.parent / (database.name + "-wal")).exists() or \
        (database.parent / (database.name + "-wal")).stat().st_size == 0


def _run(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True)


STACK = "('sqlalchemy', 'sqlmodel', 'pydantic', 'alembic')"


def test_the_quick_path_never_imports_the_database_stack(demo_template):
    code = ("import sys\n"
            "from datetime import date\n"
            "from models.firstview import read_first_view\n"
            "assert read_first_view(sys.argv[1], date(2026, 11, 23)).meetings\n"
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {STACK}))\n")
    result = _run(code, str(demo_template))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_app_paints_the_first_view_before_importing_the_database_stack(demo_template, tmp_path):
    """Started as `convenor --db FILE` starts it: the upcoming meetings and the partnership's
    name are on screen while SQLAlchemy and SQLModel are still not imported; the whole
    dashboard follows."""
    path = tmp_path / "app.db"
    shutil.copy(demo_template, path)
    code = f"""
import sys, asyncio
from datetime import date
from textual.app import App
from textual.widgets import DataTable
import tui.app

seen = {{}}

async def script(pilot):
    app = pilot.app
    for _ in range(2000):
        tables = [t for t in app.screen.query(DataTable) if t.id == "dash-meetings"]
        if tables and tables[0].row_count and "Partnership" in str(app.title):
            break
        await asyncio.sleep(0.005)
    seen["stack"] = sorted(m for m in sys.modules if m.split('.')[0] in {STACK})
    seen["rows"] = tables[0].row_count
    seen["title"] = str(app.title)
    for _ in range(4000):
        if getattr(app.screen, "data_ready", False):
            break
        await asyncio.sleep(0.005)
    seen["whole"] = len(list(app.screen.query(DataTable)))
    app.exit()

original = App.run
App.run = lambda self, **kw: original(self, headless=True, size=(160, 48), auto_pilot=script)
tui.app.ConvenorApp.__init__.__kwdefaults__["today"] = date(2026, 11, 23)
from tui.cli import main
main(["--db", sys.argv[1]])
print(seen)
"""
    result = _run(code, str(path))
    assert result.returncode == 0, result.stderr
    seen = eval(result.stdout.strip().splitlines()[-1])  # noqa: S307  (our own dict literal)
    assert seen["stack"] == []
    assert seen["rows"] > 0
    assert seen["title"] == "Fellmouth and Brackwater Safeguarding Children Partnership"
    assert seen["whole"] == 6  # then every section, read through the database stack


@pytest.mark.parametrize(("argv", "launch"), [
    ([], {"command": None}),
    (["--db", "x.db"], {"command": None, "db": "x.db"}),
    (["--db=postgresql+psycopg://u@h/d"], {"command": None, "db": "postgresql+psycopg://u@h/d"}),
    (["--db", ""], None),
    (["--db", "  "], None),
    (["--db"], None),
    (["--help"], None),
    (["demo"], None),
    (["--db", "x.db", "actions"], None),
])
def test_a_plain_launch_is_told_apart_without_the_whole_parser(argv, launch):
    from tui.cli import plain_launch

    found = plain_launch(argv)
    assert (vars(found) if found is not None else None) == launch


def test_an_empty_db_is_still_refused_in_a_sentence(capsys):
    from tui.cli import main

    assert main(["--db", ""]) == 2
    assert "give a database URL or a file path" in capsys.readouterr().err
