"""Make a large partnership for benchmarks: a SQLite database and its arrangements file.

    python -m benchmarks.generate --years 10 [--seed N] [--out DIR] [--today YYYY-MM-DD]

writes ``DIR/partnership-<years>y.db`` (at the migration head, so
``open_database`` accepts it) and the same partnership as arrangements files
that ``convenor load`` reads, in order: ``DIR/partnership-<years>y.toml`` (the
partnership, people, appointments and bodies) and
``DIR/partnership-<years>y-meetings-<year>.toml`` (each year's meeting
records; a file may be at most 5 MB). The
document is checked by the project's own ``check_arrangements`` and the
database is written row for row as ``convenor load`` would write it (same ids,
references, defaults), but with bulk inserts, so loading the file into that
database changes nothing. The same seed and ``--today`` give the same files.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
import uuid
from datetime import date, datetime, time as clock, timezone
from pathlib import Path
from random import Random

from benchmarks.partnership import build_document
from benchmarks.toml_writer import dumps
from models.arrangements import Plan, check_arrangements
from models.checks import FILE_LIMIT
from models.db import open_database
from models.references import body_prefix
from models.rules.cadence_table import parse_cadence
from models.tables import Body

VERSIONED = ("version", "created_at", "updated_at")


def _d(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _t(value: clock) -> str:
    return value.strftime("%H:%M:%S.%f")


class _Rows:
    """Rows per table with ids handed out in the order the loader creates records."""

    def __init__(self, stamp: str):
        self.tables: dict[str, tuple[tuple[str, ...], list[tuple]]] = {}
        self.stamp = stamp

    def add(self, table: str, values: dict, *, versioned: bool = True) -> int:
        columns, rows = self.tables.setdefault(table, (("id", *values, *(VERSIONED if versioned else ())), []))
        new_id = len(rows) + 1
        extra = (1, self.stamp, self.stamp) if versioned else ()
        rows.append((new_id, *values.values(), *extra))
        return new_id

    def write(self, connection: sqlite3.Connection) -> None:
        for table, (columns, rows) in self.tables.items():
            marks = ", ".join("?" * len(columns))
            quoted = ", ".join(f'"{c}"' for c in columns)
            connection.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', rows)


def plan_rows(plan: Plan, *, seed: int, stamp: str) -> _Rows:
    """The rows ``convenor load`` would create for ``plan`` in an empty database.

    A plan entry holds only the settings the file gives; the others take the
    tables' defaults, as they do in a load.
    """
    rows = _Rows(stamp)
    uid_rng = Random(seed * 7919 + 1)
    org = {e["name"]: rows.add("organisation", {"name": e["name"], "short_name": e.get("short_name"),
                                                "kind": e.get("kind", "relevant_agency"),
                                                "statutory": e.get("statutory", False), "category": e.get("category")})
           for e in plan.organisations}
    person = {}
    for e in plan.people:
        person[e["name"]] = rows.add("person", {"name": e["name"], "title": e.get("title"),
                                                "organisation_id": org.get(e.get("organisation")),
                                                "email": e.get("email"), "phone": e.get("phone")})
    p = plan.partnership
    rows.add("partnership", {"name": p["name"], "short_name": p.get("short_name"), "areas": json.dumps(p.get("areas", [])),
                             "timezone": p.get("timezone", "Europe/London"), "bank_holidays": p.get("bank_holidays", "england"),
                             "protective_marking": p.get("protective_marking", "OFFICIAL"),
                             "business_manager_id": person.get(p.get("business_manager"))})
    for e in plan.appointments:
        rows.add("appointment", {"person_id": person[e["person"]], "role": e["role"],
                                 "organisation_id": org.get(e.get("organisation")),
                                 "start": _d(e["start"]), "end": _d(e.get("end")), "notes": e.get("notes")})
    bodies, cadences, prefixes = {}, {}, {}
    for e in plan.bodies:
        rules = {"cadence": e.get("cadence"), "chair_rule": e.get("chair"), "quorum_rule": e.get("quorum")}
        body_id = rows.add("body", {"name": e["name"], "short_name": e.get("short_name"),
                                    "kind": e.get("kind", "delivery_group"), "reports_to_id": None,
                                    **{k: json.dumps(v) if v is not None else None for k, v in rules.items()},
                                    "minute_numbering": e.get("minute_numbering", "per_meeting"), "active": True})
        bodies[e["name"]] = body_id
        cadences[e["name"]] = parse_cadence(rules["cadence"])[0] if rules["cadence"] else None
        prefixes[e["name"]] = body_prefix(Body(name=e["name"], short_name=e.get("short_name")))
        for m in e.get("members", []):
            rows.add("bodymember", {"body_id": body_id, "role": m["role"], "organisation_id": org.get(m["organisation"]),
                                    "person_id": person.get(m["person"]), "capacity": m["capacity"], "voting": m["voting"]},
                     versioned=False)
        for position, title in enumerate(e.get("standing_items", []), start=1):
            rows.add("standingitem", {"body_id": body_id, "position": position, "title": title}, versioned=False)
    columns, body_rows = rows.tables["body"]
    parent = columns.index("reports_to_id")
    for index, e in enumerate(plan.bodies):
        if e.get("reports_to"):
            row = list(body_rows[index])
            row[parent] = bodies[e["reports_to"]]
            body_rows[index] = tuple(row)
    for e in plan.forward_plan:
        rows.add("forwardplanitem", {"body_id": bodies[e["body"]], "title": e["title"], "month": e.get("month"),
                                     "recurring": e.get("recurring"), "due": _d(e.get("due")), "notes": e.get("notes")})
    used: dict[str, int] = {}
    for m in sorted(plan.meetings, key=lambda m: m["date"]):
        cadence = cadences[m["body"]]
        meeting_id = rows.add("meeting", {
            "body_id": bodies[m["body"]], "date": _d(m["date"]),
            "start_time": _t(m.get("time") or (cadence.time if cadence else clock(10, 0))),
            "duration_minutes": m.get("duration_minutes") or (cadence.duration_minutes if cadence else 120),
            "title": m.get("title"), "status": m.get("status") or "planned",
            "location": m.get("location") or (cadence.location if cadence else None),
            "online_link": m.get("online_link"), "uid": f"{uuid.UUID(int=uid_rng.getrandbits(128), version=4)}@convenor",
            "sequence": 0, "cadence_date": None, "minutes_approved_on": _d(m.get("minutes_approved_on")),
            "notes": m.get("notes")})
        for a in m.get("attendance", []):
            rows.add("attendance", {"meeting_id": meeting_id, "person_id": person[a["person"]], "status": a["status"],
                                    "deputy_for_id": person.get(a["deputy_for"]), "capacity": a["capacity"]})
        for position, item in enumerate(m.get("items", []), start=1):
            exempt = item.get("exempt") or {}
            item_id = rows.add("agendaitem", {
                "meeting_id": meeting_id, "position": position, "title": item["title"], "presenter": item.get("presenter"),
                "duration_minutes": item.get("duration_minutes"), "standing": item.get("standing", False),
                "exempt": bool(exempt), "exempt_paragraph": exempt.get("paragraph"), "exempt_reason": exempt.get("reason"),
                "minute": item.get("minute")})
            for number, text in enumerate(item.get("resolutions", []), start=1):
                rows.add("resolution", {"item_id": item_id, "position": number, "text": text}, versioned=False)
            for a in item.get("actions", []):
                reference = a.get("reference")
                if not reference:
                    prefix = f"{prefixes[m['body']]}-{m['date'].year}-"
                    used[prefix] = used.get(prefix, 0) + 1
                    reference = f"{prefix}{used[prefix]:03d}"
                action_id = rows.add("action", {
                    "reference": reference, "body_id": bodies[m["body"]], "meeting_id": meeting_id, "item_id": item_id,
                    "description": a["description"], "owner_id": person.get(a.get("owner")), "due": _d(a.get("due")),
                    "status": a.get("status", "open"), "completed_on": _d(a.get("completed"))})
                for u in sorted(a.get("updates", []), key=lambda u: u["on"]):
                    rows.add("actionupdate", {"action_id": action_id, "on": _d(u["on"]), "note": u["note"],
                                              "status": u.get("status")}, versioned=False)
    if plan.actions:
        raise ValueError("top-level actions are not generated")
    rows.add("auditentry", {"at": stamp, "actor": "benchmarks.generate", "operation": "load", "table_name": "arrangements",
                            "record_id": None, "summary": "Generated benchmark partnership", "changes": None}, versioned=False)
    return rows


def write_database(path: Path, rows: _Rows) -> None:
    """Create the schema at the migration head, then bulk-insert every row."""
    if path.exists():
        path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    open_database(str(path)).dispose()
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA synchronous = OFF")
        with connection:
            rows.write(connection)
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("ANALYZE")
    finally:
        connection.close()


def generate(out: Path, *, years: int = 10, seed: int = 1, today: date | None = None,
             scale: float = 1.0) -> tuple[Path, list[Path], dict[str, int]]:
    """Write the database and the arrangements files; return their paths and row counts.

    The first file holds the partnership, its people and bodies; then one file
    of meeting records per year (``convenor load`` refuses files over 5 MB), to
    be loaded in order.
    """
    today = today or date.today()
    doc = build_document(years, seed, today, scale=scale)
    plan, problems = check_arrangements(doc)
    if problems:
        raise ValueError(f"generated document has problems: {[str(p) for p in problems[:3]]}")
    stamp = datetime.combine(today, clock(9, 0), tzinfo=timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
    rows = plan_rows(plan, seed=seed, stamp=stamp)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"partnership-{years}y" + (f"-s{seed}" if seed != 1 else "") + (f"-x{scale:g}" if scale != 1 else "")
    db = out / f"{stem}.db"
    write_database(db, rows)
    files = [out / f"{stem}.toml"]
    files[0].write_text(dumps({k: v for k, v in doc.items() if k != "meetings"}), encoding="utf-8")
    by_year: dict[int, list[dict]] = {}
    for meeting in doc["meetings"]:
        by_year.setdefault(meeting["date"].year, []).append(meeting)
    for year in sorted(by_year):
        files.append(out / f"{stem}-meetings-{year}.toml")
        files[-1].write_text(dumps({"meetings": by_year[year]}), encoding="utf-8")
    too_large = [f.name for f in files if f.stat().st_size > FILE_LIMIT]
    if too_large:
        raise ValueError(f"{too_large} are larger than an arrangements file may be")
    return db, files, {table: len(table_rows) for table, (_, table_rows) in rows.tables.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/data"))
    parser.add_argument("--today", type=date.fromisoformat, default=None, help="split between held and planned meetings")
    parser.add_argument("--scale", type=float, default=1.0, help="shrink the partnership (0.1 = a tenth)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    db, files, counts = generate(args.out, years=args.years, seed=args.seed, today=args.today, scale=args.scale)
    print(", ".join(f"{n} {table}" for table, n in counts.items()))
    print(f"Wrote {db} ({db.stat().st_size / 1e6:.0f} MB) and {len(files)} arrangements files, "
          f"{files[0].name} first, then its meeting records year by year "
          f"({sum(f.stat().st_size for f in files) / 1e6:.0f} MB) in {time.perf_counter() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
