"""What each `convenor` command does: open the database, call models and
exporters, print the result. No business rule lives here."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from models.arrangements import ArrangementsError, load_files
from models.backup import BackupError, backup, restore
from models.db import Engine, make_engine, session_scope
from models.formats import day_label, long_date
from models.listings import chair_rows, meeting_rows
from models.queries import NotFound, roster_for
from models.rules.roster import roster_to_dict
from models.scheduling import schedule
from models.text import visible
from tui.cli import EXIT_BAD_INPUT, EXIT_FAILED, CliError, date_range
from tui.cli.output import print_json
from tui.cli.common import _out, _row, _table, database, reading, say, warn
from tui.cli.progress import progress_bar


# ----------------------------------------------------------------- data in


def run_load(args: argparse.Namespace) -> int:
    files = args.file
    engine = database(args)
    try:
        label = f"Loading {Path(files[0]).name}" if len(files) == 1 else f"Loading {len(files)} files"
        with progress_bar(label) as progress:
            summaries = load_files(engine, files, progress)
    except ArrangementsError as exc:
        where = exc.path or files[0]
        for problem in exc.problems:
            print(visible(f"{where}: {problem}"), file=sys.stderr)
        warn(str(exc))
        return EXIT_BAD_INPUT
    finally:
        engine.dispose()
    for path, summary in zip(files, summaries):
        say(summary.line(Path(path).name))
    return 0


def run_schedule(args: argparse.Namespace) -> int:
    date_range(args.start, args.end)
    engine = database(args)
    try:
        with progress_bar("Scheduling meetings") as progress, session_scope(engine) as session:
            results = schedule(session, args.start, args.end, args.body, progress)
    except NotFound as exc:
        raise CliError(str(exc)) from exc
    finally:
        engine.dispose()
    created = [r for r in results if r.created]
    if args.json:
        print_json([{"id": r.meeting_id, "body": r.body, "date": r.date.isoformat(), "created": r.created,
                      "moved_from": r.moved_from.isoformat() if r.moved_from else None} for r in results])
        return 0
    console = _out()
    table = _table("id", "date", "body", "")
    for r in results:
        note = "created" if r.created else "already there"
        if r.moved_from:
            note += f" (moved from {day_label(r.moved_from)}, a bank holiday or weekend)"
        _row(table, str(r.meeting_id), r.date.isoformat(), r.body, note)
    if results:
        console.print(table)
    console.print(f"Created {len(created)} meeting{'s' if len(created) != 1 else ''}; "
                  f"{len(results) - len(created)} already existed.")
    return 0


def _on_database_file(engine: Engine, operation, source_or_target) -> Path:
    """Run models.backup's ``operation`` (backup or restore) on the database, failures as one sentence."""
    try:
        return operation(engine, source_or_target)
    except BackupError as exc:
        raise CliError(str(exc), EXIT_FAILED) from exc
    finally:
        engine.dispose()


def run_backup(args: argparse.Namespace) -> int:
    path = _on_database_file(database(args), backup, args.output)
    say(f"Backed up to {path}.")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    if not args.yes:
        if not sys.stdin.isatty():
            raise CliError("restore replaces the whole database; add --yes to confirm.")
        try:
            answer = input("This replaces the whole database with the backup. Type 'restore' to go on: ")
        except EOFError:
            answer = ""
            print()
        if answer.strip().lower() != "restore":
            print("Nothing was changed.")
            return EXIT_FAILED
    # Not upgraded first: the database being replaced may be damaged or from
    # another version, which is when a restore is needed.
    path = _on_database_file(make_engine(getattr(args, "db", None)), restore, args.file)
    say(f"Restored {path} from {args.file}.")
    return 0


# ----------------------------------------------------------------- listings


def run_meetings(args: argparse.Namespace) -> int:
    date_range(args.start, args.end)
    with reading(args) as session:
        rows = meeting_rows(session, args.body, args.start, args.end)
    if args.json:
        print_json(rows)
        return 0
    table = _table("id", "date", "time", "body", "status", "chair", "location", "quorum")
    for r in rows:
        quorum = "" if r["quorum"] is None else ("met" if r["quorum"]["met"] else "not met: " + ", ".join(r["quorum"]["missing"]))
        _row(table, str(r["id"]), r["date"], f'{r["start"][11:]}–{r["end"][11:]}', r["body"], r["status"],
             r["chair"], r["location"], quorum)
    _out().print(table if rows else "No meetings.")
    return 0


def run_chairs(args: argparse.Namespace) -> int:
    date_range(args.start, args.end)
    with reading(args) as session:
        rows = chair_rows(session, args.body, args.start, args.end)
    if args.json:
        print_json(rows)
        return 0
    table = _table("body", "from", "to", "organisation", "chair")
    for r in rows:
        _row(table, r["body"], r["from"], r["to"] or "(open)", r["organisation"], r["person"] or "GAP: nobody in post")
    _out().print(table if rows else "No chairs recorded.")
    return 0


def run_roster(args: argparse.Namespace) -> int:
    day = args.on or date.today()
    with reading(args) as session:
        roster = roster_to_dict(roster_for(session, day))
    if args.json:
        print_json(roster)
        return 0
    console = _out()
    console.print(f"Roster on {long_date(day)}")
    table = _table("statutory partner", "lead safeguarding partner", "delegated safeguarding partner")
    for p in roster["statutory_partners"]:
        _row(table, p["organisation"], p["lead"] or "GAP", p["delegated"] or "GAP")
    console.print(table)
    if roster["other_roles"]:
        other = _table("role", "person", "organisation")
        for r in roster["other_roles"]:
            _row(other, r["role"].replace("_", " "), r["person"], r["organisation"])
        console.print(other)
    for gap in roster["gaps"]:
        console.print(visible(f"Gap: {gap['organisation']} has no {gap['role'].replace('_', ' ')}."))
    for overlap in roster["overlaps"]:
        console.print(visible(f"Overlap: {', '.join(overlap['people'])} all hold {overlap['role'].replace('_', ' ')}"
                              + (f" for {overlap['organisation']}" if overlap["organisation"] else "") + "."))
    return 0
