"""Two officers on one database: no silent overwrites, and SQLite waits for a busy writer.

Runs on SQLite, and on PostgreSQL when CONVENOR_TEST_DB is set.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import date
from datetime import time as time_of_day
from pathlib import Path

import pytest
from sqlmodel import Session, select

from models.arrangements import load_arrangements
from models.db import open_database
from models.editing import StaleEdit, apply_changes
from models.tables import Action, AgendaItem, Meeting
from tests.conftest import EXAMPLE, POSTGRES


def _meeting(s: Session) -> Meeting:
    return s.exec(select(Meeting).where(Meeting.date == date(2026, 1, 13))).one()


def _item(s: Session) -> AgendaItem:
    return s.exec(select(AgendaItem).where(AgendaItem.title == "Neglect strategy refresh")).one()


def _action(s: Session) -> Action:
    return s.exec(select(Action).where(Action.description.startswith("Circulate"))).one()


# (record, what officer A saves, what officer B then tries to save from the same starting copy)
CASES: dict[str, tuple[Callable[[Session], object], dict, dict]] = {
    "meeting": (_meeting, {"location": "Town Hall, Room 1"}, {"start_time": time_of_day(14, 0)}),
    "agenda item": (_item, {"title": "Neglect strategy (revised)"}, {"presenter": "Tom Whitfield"}),
    "minute": (_item, {"minute": "Alex's account of the discussion."}, {"minute": "Bea's account: the group agreed."}),
    "action": (_action, {"status": "completed"}, {"description": "Circulate the consultation to schools too"}),
}


@pytest.fixture
def second(loaded, db_url):
    """A second officer's connection to the same database."""
    engine = open_database(db_url)
    yield engine
    engine.dispose()


@pytest.mark.parametrize("kind", CASES)
def test_second_save_from_a_stale_copy_is_refused(kind, loaded, second, monkeypatch):
    get, change_a, change_b = CASES[kind]
    with Session(loaded) as a, Session(second) as b:
        record_a, record_b = get(a), get(b)
        base, table, record_id = record_b.version, type(record_b), record_b.id
        monkeypatch.setenv("CONVENOR_USER", "alex.officer")
        assert apply_changes(a, record_a, change_a, expected_version=base)
        a.commit()

        monkeypatch.setenv("CONVENOR_USER", "bea.officer")
        with pytest.raises(StaleEdit) as refused:
            apply_changes(b, record_b, change_b, expected_version=base)
    message = str(refused.value)
    field = next(iter(change_a)).replace("_", " ")
    assert "alex.officer" in message and f"they changed {field}" in message
    assert "nothing was saved" in message and message.count(".") <= 2
    assert refused.value.attempted == change_b  # Bea's text survives the refusal
    assert next(iter(change_a)) in refused.value.changed

    with Session(loaded) as check:
        row = check.get(table, record_id)
        assert row.version == base + 1
        for key, value in change_a.items():
            assert getattr(row, key) == value
        for key, value in change_b.items():
            if key not in change_a:
                assert getattr(row, key) != value


def test_refused_text_can_be_applied_again_on_the_fresh_copy(loaded, second):
    with Session(loaded) as a, Session(second) as b:
        item_a, item_b = _item(a), _item(b)
        base = item_b.version
        apply_changes(a, item_a, {"presenter": "Sofia Reyes (chair)"}, expected_version=base)
        a.commit()
        with pytest.raises(StaleEdit) as refused:
            apply_changes(b, item_b, {"minute": "Bea's careful minute."}, expected_version=base)
    with Session(second) as b:
        fresh = _item(b)
        assert apply_changes(b, fresh, refused.value.attempted, expected_version=fresh.version)
        b.commit()
    with Session(loaded) as check:
        item = _item(check)
        assert (item.presenter, item.minute, item.version) == ("Sofia Reyes (chair)", "Bea's careful minute.", base + 2)


def test_form_based_on_an_old_version_is_refused_when_saved_later(loaded, monkeypatch):
    """The usual screen flow: the form keeps the version; the save re-reads the record."""
    with Session(loaded) as s:
        form_version = _meeting(s).version
    monkeypatch.setenv("CONVENOR_USER", "alex.officer")
    with Session(loaded) as s:
        meeting = _meeting(s)
        apply_changes(s, meeting, {"location": "Civic Centre"}, expected_version=meeting.version)
        s.commit()
    monkeypatch.setenv("CONVENOR_USER", "bea.officer")
    with Session(loaded) as s:
        with pytest.raises(StaleEdit) as refused:
            apply_changes(s, _meeting(s), {"location": "Online (Teams)", "duration_minutes": 90},
                          expected_version=form_version)
    assert "Someone else (alex.officer)" in str(refused.value)
    assert "Executive Group on 13 January 2026" in str(refused.value)
    assert "they changed location" in str(refused.value)
    assert refused.value.current["location"] == "Civic Centre"
    assert refused.value.attempted == {"location": "Online (Teams)", "duration_minutes": 90}
    with Session(loaded) as s:
        assert (_meeting(s).location, _meeting(s).duration_minutes) == ("Civic Centre", 120)


def test_saving_a_record_someone_deleted_is_refused(loaded, second):
    with Session(loaded) as a, Session(second) as b:
        action_a, action_b = _action(a), _action(b)
        a.delete(action_a)
        a.commit()
        with pytest.raises(StaleEdit) as refused:
            apply_changes(b, action_b, {"status": "in_progress"}, expected_version=action_b.version)
    assert "deleted" in str(refused.value)
    assert refused.value.attempted == {"status": "in_progress"}


def test_two_saves_at_the_same_moment_cannot_both_win(loaded, second):
    """Officer A's save is in flight (uncommitted) when B saves the same minute."""
    outcome: dict[str, object] = {}
    with Session(loaded) as a:
        item_a = _item(a)
        base = item_a.version
        with Session(second) as b:
            item_b = _item(b)  # read before A commits
            b.rollback()

            def save_b() -> None:
                try:
                    apply_changes(b, item_b, {"minute": "Minute by B"}, expected_version=base)
                    b.commit()
                    outcome["b"] = "saved"
                except StaleEdit as exc:
                    outcome["b"] = exc

            apply_changes(a, item_a, {"minute": "Minute by A"}, expected_version=base)  # holds the row/lock
            worker = threading.Thread(target=save_b)
            worker.start()
            time.sleep(0.5)
            assert worker.is_alive(), "B should be waiting for A, not failing or overwriting"
            a.commit()
            worker.join(timeout=20)
    assert isinstance(outcome["b"], StaleEdit)
    with Session(loaded) as check:
        assert (_item(check).minute, _item(check).version) == ("Minute by A", base + 1)


# ----------------------------------------------------------------- SQLite busy timeout

HOLD_LOCK = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("BEGIN IMMEDIATE")
if sys.argv[2] == "touch-meeting":
    db.execute("UPDATE meeting SET location = 'Moved by the other officer', version = version + 1 "
               "WHERE date = '2026-01-13'")
print("locked", flush=True)
time.sleep(float(sys.argv[3]))
db.execute("COMMIT")
print("released", flush=True)
"""


sqlite_only = pytest.mark.skipif(
    bool(POSTGRES), reason="SQLite's whole-file write lock and busy timeout; PostgreSQL locks rows (tested above)")


def _hold_write_lock(path: Path, what: str = "nothing", seconds: float = 1.0) -> subprocess.Popen:
    """Another process that takes SQLite's write lock (BEGIN IMMEDIATE) and keeps it a while."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path), what, str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


@sqlite_only
def test_sqlite_save_waits_for_another_process_holding_the_write_lock(loaded):
    with Session(loaded) as s:
        meeting = _meeting(s)  # read before the other process locks the file
        holder = _hold_write_lock(Path(loaded.url.database), seconds=1.0)
        started = time.monotonic()
        apply_changes(s, meeting, {"location": "Room 5"}, expected_version=meeting.version)
        s.commit()
        waited = time.monotonic() - started
    assert holder.wait(timeout=10) == 0
    assert waited >= 0.7, "the save should have waited for the lock, not slipped past it"
    with Session(loaded) as s:
        assert _meeting(s).location == "Room 5"


@sqlite_only
def test_sqlite_save_after_a_locked_change_to_the_same_row_is_refused_not_locked(loaded):
    """The other process changes the very meeting while holding the lock: a clear StaleEdit, not 'database is locked'."""
    with Session(loaded) as s:
        meeting = _meeting(s)
        holder = _hold_write_lock(Path(loaded.url.database), "touch-meeting", seconds=1.0)
        with pytest.raises(StaleEdit) as refused:
            apply_changes(s, meeting, {"location": "Room 5"}, expected_version=meeting.version)
    assert holder.wait(timeout=10) == 0
    assert "they changed location" in str(refused.value)
    with Session(loaded) as s:
        assert _meeting(s).location == "Moved by the other officer"


@sqlite_only
def test_sqlite_load_waits_for_another_process_holding_the_write_lock(engine):
    holder = _hold_write_lock(Path(engine.url.database), seconds=1.0)
    started = time.monotonic()
    summary = load_arrangements(engine, EXAMPLE)
    assert time.monotonic() - started >= 0.7
    assert holder.wait(timeout=10) == 0
    assert summary.created["meeting"] == 1
