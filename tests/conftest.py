"""Fixtures shared by every test: a private data folder and database for each test.

Set CONVENOR_TEST_DB to a PostgreSQL server URL (e.g.
postgresql+psycopg://postgres@127.0.0.1:5432/postgres) to run the suite
against PostgreSQL: each test then gets a database of its own on that server.
"""

from __future__ import annotations

import gc
import os
import shutil
from pathlib import Path

import pytest
import textual.app as textual_app
import textual.pilot as textual_pilot

from tests.tui_support import wait_for_idle
from tests.templates import EXAMPLE, POSTGRES, PRELOADED, Templates, postgres_database  # noqa: F401  (EXAMPLE, POSTGRES: for tests)

# The pilot's waits for an idle process, in 5 ms slices (see tests/tui_support.wait_for_idle).
textual_app.wait_for_idle = wait_for_idle  # App._press_keys, after every key
textual_pilot.wait_for_idle = wait_for_idle  # Pilot.pause() and wait_for_scheduled_animations()

# Each pilot test builds and drops a whole Textual app: hundreds of thousands of objects, so
# with the collector's default thresholds (700, 10, 10) a test process spent about a sixth of
# its CPU in some ten thousand collections. Collecting the young generations some thirty times
# less often (and the old one still every few million allocations, which keeps each
# process's memory within a few hundred MB) leaves the tests as they are and the CPU to them.
gc.set_threshold(20_000, 20, 20)

TESTS = Path(__file__).parent
# The project's shared folder (checkers for exported files) lies beside the repository.
SHARED = next((p for p in (TESTS.parents[1] / "shared", Path("/work/shared")) if (p / "tools").is_dir()),
              TESTS.parents[1] / "shared")


def _cost(item) -> int:
    """A rough rank of a test's cost: 2 for the ``slow`` ones, 1 for the app's pilot and
    snapshot tests (each starts the app), 0 for the rest."""
    if item.get_closest_marker("slow"):
        return 2
    module = item.module.__name__.rpartition(".")[2] if item.module else ""
    return 1 if module.startswith(("test_tui_", "test_workspace_")) else 0


def pytest_collection_modifyitems(config, items) -> None:
    """Deal tests out so that the costly ones run first on every xdist worker.

    ``--dist worksteal`` first hands each worker a contiguous slice of the
    collection and later moves tests from the end of the longest queue to an
    idle worker. A long test collected late (the pilot tests sort after most
    others) would start near the end and run alone while the other workers
    have finished. So the tests are ordered by cost and dealt out like cards,
    one to each worker's slice in turn: every slice starts with its share of
    the long tests and ends with quick ones that are easy to steal. (The order
    is the same in every worker, as xdist requires.)
    """
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    ranked = sorted(items, key=_cost, reverse=True)  # stable: collection order within a rank
    sizes, left = [], len(items)
    for i in range(workers):  # the slices worksteal sends first (len(pending) // nodes remaining)
        sizes.append(left // (workers - i))
        left -= sizes[-1]
    slices: list[list] = [[] for _ in range(workers)]
    turn = 0
    for item in ranked:
        while len(slices[turn]) >= sizes[turn]:
            turn = (turn + 1) % workers
        slices[turn].append(item)
        turn = (turn + 1) % workers
    items[:] = [item for part in slices for item in part]


def pytest_xdist_auto_num_workers(config) -> int:
    """``-n auto``: three test processes for every two CPUs, at least two (or $PYTEST_XDIST_AUTO_NUM_WORKERS).

    The suite is CPU-bound, but the app's pilot tests also wait on worker
    threads and timers, and the crash, concurrency and CLI tests on child
    processes: one process per CPU leaves the CPUs idle in those waits. Two
    per CPU gave the same wall time on two CPUs as three processes, for about
    a tenth more CPU (each process collects the suite and prepares its own
    template databases).
    """
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS", "").isdigit():
        return int(os.environ["PYTEST_XDIST_AUTO_NUM_WORKERS"])
    cpus = len(os.sched_getaffinity(0))
    return min(16, max(2, 3 * cpus // 2))  # at most 16: each holds database connections


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path, monkeypatch):
    """Point the data folder and default database at the test's own folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.delenv("CONVENOR_DB", raising=False)
    monkeypatch.setenv("CONVENOR_USER", "test-officer")
    yield


@pytest.fixture(scope="session")
def templates(tmp_path_factory):
    made = Templates(tmp_path_factory.mktemp("templates"))
    yield made
    for drop in made.drops:
        drop()


@pytest.fixture
def db_url(request, templates, tmp_path):
    """A URL for the test's own database: SQLite in tmp_path, or PostgreSQL when configured.

    It is empty (no schema) unless the test also asks for ``engine``: then it
    is a copy of a template already at the schema's head, and with ``loaded``
    (or another fixture named in PRELOADED) one that already holds its files.
    """
    names = request.fixturenames
    if "engine" in names:
        kind = next((name for name in PRELOADED if name in names), "migrated")
        url, drop = templates.copy_url(kind, tmp_path)
    elif POSTGRES:
        url, drop = postgres_database()
    else:
        url, drop = f"sqlite:///{tmp_path / 'convenor.db'}", lambda: None
    yield url
    drop()


@pytest.fixture
def engine(db_url):
    from models.db import open_database

    engine = open_database(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def loaded(engine):
    """A database holding the shared example partnership (copied from a template loaded once)."""
    return engine


@pytest.fixture
def scheduled_demo(engine):
    """The demo arrangements file loaded (a copy of a template) and the year from the tests' today
    scheduled, as `convenor demo` does."""
    from datetime import timedelta

    from models.db import session_scope
    from models.scheduling import schedule
    from tests.tui_support import TODAY

    with session_scope(engine) as session:
        schedule(session, TODAY, TODAY + timedelta(days=365))
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
