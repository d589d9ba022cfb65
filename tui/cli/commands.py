"""What each `convenor` command does: open the database, call models and
exporters, print the result. No business rule lives here."""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, Iterator

from rich.console import Console
from rich.table import Table
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models.arrangements import ArrangementsError, load_arrangements
from models.backup import BackupError, backup, restore
from models.db import DatabaseError, open_database, session_scope
from models.editing import EditError, cancel_meeting
from models.queries import (
    NotFound,
    action_log,
    chair_rows,
    meeting_ids,
    meeting_rows,
    meeting_view,
    meeting_views,
    partnership_info,
    roster_for,
)
from models.rules.roster import roster_to_dict
from models.scheduling import schedule
from tui.cli import EXIT_BAD_INPUT, EXIT_FAILED, CliError



def _out() -> Console:
    """Rich output; wide enough not to wrap rows when piped to a file."""
    return Console(soft_wrap=False, highlight=False, width=None if sys.stdout.isatty() else 200)


def _db(args: argparse.Namespace, default: str | None = None) -> Engine:
    try:
        return open_database(getattr(args, "db", None) or default)
    except DatabaseError as exc:
        raise CliError(str(exc), EXIT_FAILED) from exc


@contextmanager
def _reading(args: argparse.Namespace) -> Iterator[Session]:
    engine = _db(args)
    try:
        with Session(engine) as session:
            yield session
    except NotFound as exc:
        raise CliError(str(exc)) from exc
    finally:
        engine.dispose()


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def _table(*columns: str) -> Table:
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


# ----------------------------------------------------------------- data in


def run_load(args: argparse.Namespace) -> int:
    engine = _db(args)
    try:
        summary = load_arrangements(engine, args.file)
    except ArrangementsError as exc:
        for problem in exc.problems:
            print(f"{args.file}: {problem}", file=sys.stderr)
        print(f"convenor: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        engine.dispose()
    print(summary.line(Path(args.file).name))
    return 0


def run_schedule(args: argparse.Namespace) -> int:
    if args.end < args.start:
        raise CliError(f"--to {args.end} is before --from {args.start}.")
    engine = _db(args)
    try:
        with session_scope(engine) as session:
            results = schedule(session, args.start, args.end, args.body)
    except NotFound as exc:
        raise CliError(str(exc)) from exc
    finally:
        engine.dispose()
    created = [r for r in results if r.created]
    if args.json:
        _print_json([{"id": r.meeting_id, "body": r.body, "date": r.date.isoformat(), "created": r.created,
                      "moved_from": r.moved_from.isoformat() if r.moved_from else None} for r in results])
        return 0
    console = _out()
    table = _table("id", "date", "body", "")
    for r in results:
        note = "created" if r.created else "already there"
        if r.moved_from:
            note += f" (moved from {r.moved_from:%a %d %b}, a bank holiday or weekend)"
        table.add_row(str(r.meeting_id), r.date.isoformat(), r.body, note)
    if results:
        console.print(table)
    console.print(f"Created {len(created)} meeting{'s' if len(created) != 1 else ''}; "
                  f"{len(results) - len(created)} already existed.")
    return 0


def _on_database_file(args: argparse.Namespace, operation, source_or_target) -> Path:
    """Run models.backup's ``operation`` (backup or restore) on the database, failures as one sentence."""
    engine = _db(args)
    try:
        return operation(engine, source_or_target)
    except BackupError as exc:
        raise CliError(str(exc), EXIT_FAILED) from exc
    finally:
        engine.dispose()


def run_backup(args: argparse.Namespace) -> int:
    path = _on_database_file(args, backup, args.output)
    print(f"Backed up to {path}.")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    if not args.yes:
        if not sys.stdin.isatty():
            raise CliError("restore replaces the whole database; add --yes to confirm.")
        answer = input("This replaces the whole database with the backup. Type 'restore' to go on: ")
        if answer.strip().lower() != "restore":
            print("Nothing was changed.")
            return 1
    path = _on_database_file(args, restore, args.file)
    print(f"Restored {path} from {args.file}.")
    return 0


# ----------------------------------------------------------------- listings


def run_meetings(args: argparse.Namespace) -> int:
    with _reading(args) as session:
        rows = meeting_rows(session, args.body, args.start, args.end)
    if args.json:
        _print_json(rows)
        return 0
    table = _table("id", "date", "time", "body", "status", "chair", "location", "quorum")
    for r in rows:
        quorum = "" if r["quorum"] is None else ("met" if r["quorum"]["met"] else "not met: " + ", ".join(r["quorum"]["missing"]))
        table.add_row(str(r["id"]), r["date"], f'{r["start"][11:]}–{r["end"][11:]}', r["body"], r["status"],
                      r["chair"] or "", r["location"] or "", quorum)
    _out().print(table if rows else "No meetings.")
    return 0


def run_chairs(args: argparse.Namespace) -> int:
    with _reading(args) as session:
        rows = chair_rows(session, args.body, args.start, args.end)
    if args.json:
        _print_json(rows)
        return 0
    table = _table("body", "from", "to", "organisation", "chair")
    for r in rows:
        table.add_row(r["body"], r["from"], r["to"] or "(open)", r["organisation"] or "", r["person"] or "GAP: nobody in post")
    _out().print(table if rows else "No chairs recorded.")
    return 0


def run_roster(args: argparse.Namespace) -> int:
    day = args.on or date.today()
    with _reading(args) as session:
        roster = roster_to_dict(roster_for(session, day))
    if args.json:
        _print_json(roster)
        return 0
    console = _out()
    console.print(f"Roster on {day:%A} {day.day} {day:%B %Y}")
    table = _table("statutory partner", "lead safeguarding partner", "delegated safeguarding partner")
    for p in roster["statutory_partners"]:
        table.add_row(p["organisation"], p["lead"] or "GAP", p["delegated"] or "GAP")
    console.print(table)
    if roster["other_roles"]:
        other = _table("role", "person", "organisation")
        for r in roster["other_roles"]:
            other.add_row(r["role"].replace("_", " "), r["person"], r["organisation"] or "")
        console.print(other)
    for gap in roster["gaps"]:
        console.print(f"Gap: {gap['organisation']} has no {gap['role'].replace('_', ' ')}.")
    for overlap in roster["overlaps"]:
        console.print(f"Overlap: {', '.join(overlap['people'])} all hold {overlap['role'].replace('_', ' ')}"
                      + (f" for {overlap['organisation']}" if overlap["organisation"] else "") + ".")
    return 0


# ----------------------------------------------------------------- exports


def run_export(args: argparse.Namespace) -> int:
    from exporters.files import ExportError

    try:
        return {"ics": _export_ics, "minutes": _export_document, "agenda": _export_document,
                "actions": _export_actions}[args.kind](args)
    except ExportError as exc:
        raise CliError(str(exc), EXIT_FAILED) from exc


def _export_ics(args: argparse.Namespace) -> int:
    from exporters.ics import export_ics

    engine = _db(args)
    try:
        if args.meeting is not None and args.method == "cancel":
            with session_scope(engine) as session:
                if cancel_meeting(session, args.meeting):
                    print(f"Meeting {args.meeting} is now recorded as cancelled.", file=sys.stderr)
        with Session(engine) as session:
            if args.meeting is not None:
                ids = [meeting_view(session, args.meeting).id]
            else:
                ids = meeting_ids(session, args.body, args.start, args.end)
            views = meeting_views(session, ids)
            info = partnership_info(session)
    except (NotFound, EditError) as exc:
        raise CliError(str(exc)) from exc
    finally:
        engine.dispose()
    if args.method == "cancel" and args.meeting is None:
        views = [v for v in views if v.status == "cancelled"]
    if not views:
        raise CliError("No meetings match; nothing was written.")
    name = f"{info.name} — {args.body}" if args.body else info.name
    paths, warnings = export_ics(views, args.method, args.output, calendar_name=name)
    for warning in warnings:
        print(f"convenor: {warning}", file=sys.stderr)
    for path in paths:
        print(f"Wrote {path}")
    return 0


def _export_document(args: argparse.Namespace) -> int:
    with _reading(args) as session:
        view = meeting_view(session, args.meeting)
    if args.kind == "minutes":
        from exporters.minutes import write_minutes as write
    else:
        from exporters.agenda import write_agenda as write
    path = write(view, args.output, public=args.public)
    print(f"Wrote {path}")
    return 0


def _export_actions(args: argparse.Namespace) -> int:
    from exporters.action_log import write_action_log

    with _reading(args) as session:
        log = action_log(session, args.body, args.status)
    if args.public:
        log = type(log)(partnership=log.partnership, actions=tuple(a for a in log.actions if not a.exempt),
                        title=log.title, generated_on=log.generated_on)
    path = write_action_log(log, args.output)
    print(f"Wrote {path}")
    return 0
