"""A `convenor load` or `convenor schedule` killed half-way leaves all or nothing.

The command runs in a child process; once it is busy writing (SQLite: its
write-ahead log is growing; PostgreSQL: its transaction has been open a
while) it is killed with SIGKILL, so no Python clean-up runs. The database
must then pass SQLite's integrity check and hold exactly what it held before.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from models.arrangements import load_arrangements
from models.tables import ALL_TABLES

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")]
ROOT = Path(__file__).parents[1]
CLI = "import sys; from tui.cli import main; sys.exit(main())"


def big_arrangements(*, people: int, bodies: int, years: int,
                     partnership: str = "Bigshire Safeguarding Children Partnership") -> str:
    """A large arrangements file: many people and bodies, a monthly meeting of each body for ``years``."""
    out = [f'[partnership]\nname = "{partnership}"\n']
    for o in range(50):
        out.append(f'[[organisations]]\nname = "Organisation {o:03d}"\n')
    for p in range(people):
        org = f"Organisation {p % 50:03d}"
        out.append(f'[[people]]\nname = "Person {p:05d}"\norganisation = "{org}"\nemail = "person{p}@bigshire.example"\n')
        out.append(f'[[appointments]]\nperson = "Person {p:05d}"\nrole = "other"\norganisation = "{org}"\nfrom = 2024-01-01\n')
    for b in range(bodies):
        out.append(f'[[bodies]]\nname = "Group {b:03d}"\nkind = "delivery_group"\n'
                   f'cadence = {{ frequency = "monthly", weekday = "Tuesday", week = 2 }}\n'
                   f'chair = {{ person = "Person {b:05d}" }}\nmembers = [ {{ person = "Person {b + 1:05d}" }} ]\n')
    for b in range(bodies):
        for m in range(years * 12):
            day = date(2020 + m // 12, m % 12 + 1, 1 + b % 28)
            out.append(f'[[meetings]]\nbody = "Group {b:03d}"\ndate = {day}\nstatus = "held"\n'
                       f'  [[meetings.attendance]]\n  person = "Person {b:05d}"\n  status = "present"\n'
                       f'  [[meetings.items]]\n  title = "Item for {day}"\n  minute = "Discussed."\n  resolutions = ["Agreed."]\n'
                       f'    [[meetings.items.actions]]\n    description = "Follow up {b}-{m}"\n'
                       f'    owner = "Person {b:05d}"\n    due = {day + timedelta(days=30)}\n')
    return "\n".join(out)


def snapshot(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of every application table."""
    with engine.connect() as conn:
        return {t.__tablename__: [tuple(r) for r in conn.execute(text(f'SELECT * FROM "{t.__tablename__}" ORDER BY id'))]
                for t in ALL_TABLES}


def _busy_writing(engine: Engine, url: str) -> bool:
    if engine.dialect.name == "sqlite":
        wal = Path(engine.url.database + "-wal")
        return wal.exists() and wal.stat().st_size > 512 * 1024
    with engine.connect() as conn:
        return bool(conn.execute(text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND state <> 'idle' AND xact_start < now() - interval '1 second'")).scalar())


def kill_while_writing(engine: Engine, url: str, *args: str) -> None:
    """Run `convenor ARGS --db URL` and SIGKILL it once it is writing; fail if it finished first."""
    child = subprocess.Popen([sys.executable, "-c", CLI, *args, "--db", url], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ})
    deadline = time.monotonic() + 120
    try:
        while not _busy_writing(engine, url):
            assert child.poll() is None, f"the command ended before it could be killed: {child.stderr.read()!r}"
            assert time.monotonic() < deadline, "the command never started writing"
            time.sleep(0.05)
        # Killed as soon as it is seen writing: on a busy machine a further wait let the load finish first.
        assert child.poll() is None, "the command ended before it could be killed; make the input larger"
        child.send_signal(signal.SIGKILL)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL


def assert_intact(engine: Engine) -> None:
    engine.dispose()  # forget pooled connections; look at the file as a new process would
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert conn.execute(text("PRAGMA foreign_key_check")).all() == []


# Large enough that a load takes many seconds after it starts writing.
PEOPLE, BODIES, YEARS = 1500, 40, 3


def test_load_killed_half_way_writes_nothing(loaded, db_url, tmp_path):
    source = tmp_path / "bigshire.toml"
    # The same partnership as the one loaded: a file for another one would be refused.
    source.write_text(big_arrangements(people=PEOPLE, bodies=BODIES, years=YEARS,
                                       partnership="Northmoor Safeguarding Children Partnership"), encoding="utf-8")
    before = snapshot(loaded)

    kill_while_writing(loaded, db_url, "load", str(source))

    assert_intact(loaded)
    after = snapshot(loaded)
    if after != before:  # killed as it committed: then every record must be there
        assert len(after["person"]) == len(before["person"]) + PEOPLE and len(after["action"]) == len(before["action"]) + BODIES * YEARS * 12
    # The database is usable afterwards: the same load, run to the end, writes all of it.
    load_arrangements(loaded, source)
    final = snapshot(loaded)
    assert len(final["person"]) == len(before["person"]) + PEOPLE
    assert len(final["meeting"]) == len(before["meeting"]) + BODIES * YEARS * 12


def test_schedule_killed_half_way_creates_no_meeting(engine, db_url, tmp_path):
    source = tmp_path / "many-bodies.toml"
    source.write_text(big_arrangements(people=120, bodies=100, years=0), encoding="utf-8")
    load_arrangements(engine, source)
    before = snapshot(engine)
    assert before["meeting"] == []

    kill_while_writing(engine, db_url, "schedule", "--from", "2026-01-01", "--to", "2035-12-31")

    assert_intact(engine)
    after = snapshot(engine)
    assert after == before or len(after["meeting"]) == 100 * 12 * 10  # nothing, or (killed as it committed) all
    done = subprocess.run([sys.executable, "-c", CLI, "schedule", "--from", "2026-01-01", "--to", "2027-12-31",
                           "--db", db_url], cwd=ROOT, capture_output=True, text=True, env={**os.environ})
    assert done.returncode == 0, done.stderr
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM meeting")).scalar() >= 100 * 24
