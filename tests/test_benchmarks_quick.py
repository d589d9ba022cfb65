"""The benchmark generator: the same seed gives the same partnership, the file loads, and the
database it writes is what `convenor load` would write (loading the file changes nothing)."""

from __future__ import annotations

import sqlite3
import tomllib
from datetime import date


from benchmarks.generate import generate
from benchmarks.partnership import build_document
from benchmarks.toml_writer import dumps
from models.arrangements import check_arrangements, load_arrangements
from models.db import current_revision, head_revision, open_database

TODAY = date(2026, 11, 25)
TABLES = ("organisation", "person", "appointment", "body", "meeting", "attendance", "agendaitem", "action",
          "actionupdate")


def snapshot(db) -> dict[str, object]:
    with sqlite3.connect(db) as connection:
        counts = {t: connection.execute(f'select count(*) from "{t}"').fetchone()[0] for t in TABLES}
        first = connection.execute("select reference, description, due, status from action order by id limit 3").fetchall()
        people = connection.execute("select name, email from person order by id limit 3").fetchall()
    return {"counts": counts, "actions": first, "people": people}


def test_same_seed_same_partnership(tmp_path):
    a = generate(tmp_path / "a", years=2, seed=5, today=TODAY, scale=0.05)
    b = generate(tmp_path / "b", years=2, seed=5, today=TODAY, scale=0.05)
    c = generate(tmp_path / "c", years=2, seed=6, today=TODAY, scale=0.05)
    assert snapshot(a[0]) == snapshot(b[0])
    assert [f.read_text() for f in a[1]] == [f.read_text() for f in b[1]]
    assert snapshot(a[0]) != snapshot(c[0])
    counts = snapshot(a[0])["counts"]
    assert counts["action"] > 0 and counts["actionupdate"] > 0 and counts["attendance"] > 0


def test_database_is_at_head_and_the_file_changes_nothing(tmp_path):
    db, files, counts = generate(tmp_path, years=2, seed=3, today=TODAY, scale=0.03)
    assert len(files) >= 3  # the partnership, then meeting records year by year
    engine = open_database(str(db))
    try:
        assert current_revision(engine) == head_revision()
        summaries = [load_arrangements(engine, path) for path in files]
    finally:
        engine.dispose()
    assert not any(s.changed for s in summaries), [s.line() for s in summaries]
    assert snapshot(db)["counts"]["action"] == counts["action"]


def test_toml_round_trips_and_checks_clean():
    doc = build_document(1, seed=2, today=TODAY, scale=0.03)
    assert tomllib.loads(dumps(doc)) == doc
    _, problems = check_arrangements(doc)
    assert problems == []
