"""How the listing queries and views scale from one year of records to ten.

Run from the project folder:  .venv/bin/python -m benchmarks.queries
Prints seconds for each operation on a 1-year and a 10-year partnership and
the ratio between them (figures taken in one run, so machine noise affects
both alike).
"""

from __future__ import annotations

import tempfile
import time
from datetime import date
from pathlib import Path

from sqlmodel import Session, select

from benchmarks.generate import generate
from models.db import open_database
from models.loader import write_plan
from models.listings import chair_rows, meeting_rows
from models.meeting_views import meeting_view, meeting_views
from models.queries import action_rows, meeting_ids
from models.tables import Meeting


def build(folder: Path, years: int):
    started = time.perf_counter()
    db, _, _ = generate(folder, years=years)
    return open_database(str(db)), time.perf_counter() - started


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def measure(engine) -> dict[str, float]:
    with Session(engine) as session:
        last = session.exec(select(Meeting.id).order_by(Meeting.date.desc())).first()
        count = len(session.exec(select(Meeting.id)).all())
        return {
            "meetings": count,
            "meeting_rows (all)": timed(lambda: meeting_rows(session)),
            "meeting_rows (one year)": timed(lambda: meeting_rows(session, start=date(date.today().year - 1, 1, 1), end=date(date.today().year - 1, 12, 31))),
            "action_rows (all)": timed(lambda: action_rows(session)),
            "action_rows (overdue)": timed(lambda: action_rows(session, overdue=True)),
            "meeting_view (latest)": timed(lambda: meeting_view(session, last)),
            "chair_rows": timed(lambda: chair_rows(session)),
            "meeting_views (all, for a feed)": timed(lambda: meeting_views(session, meeting_ids(session), with_minutes=False), repeat=1),
        }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        small, small_load = build(Path(tmp), 1)
        large, large_load = build(Path(tmp), 10)
        a, b = measure(small), measure(large)
        print(f"{'operation':28} {'1 year':>10} {'10 years':>10} {'ratio':>7}")
        print(f"{'generate':28} {small_load:10.3f} {large_load:10.3f} {large_load / small_load:7.1f}")
        for key in a:
            if key == "meetings":
                print(f"{'meetings held':28} {a[key]:10d} {b[key]:10d} {b[key] / a[key]:7.1f}")
                continue
            print(f"{key:28} {a[key]:10.4f} {b[key]:10.4f} {b[key] / a[key]:7.1f}")


if __name__ == "__main__":
    main()
