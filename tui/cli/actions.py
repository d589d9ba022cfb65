"""`convenor actions` (the action log, filtered) and `convenor actions update REF`.

The filters and the update rules are models', shared with the Actions area;
this module only reads the options and prints. The log is read on the quick
path (``sqlite3``, read-only, without importing the database stack) when the
database is a SQLite file at this version's schema, else through the
database stack; both run models.action_read's SQL, so they print the same.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from models.action_read import ActionFilter, FilterRefused, read_filtered_quickly
from models.plain_read import NotFound
from models.text import visible
from models.views import ActionRow
from tui.cli import CliError, import_resting
from tui.cli.common import _out, _table, database, reading
from tui.cli.output import print_json

CLEAR = ("", "none")  # `--due none` / `--owner none` clear the field


def action_json(r: ActionRow) -> dict[str, Any]:
    """One action as `convenor actions --json` prints it (the contract's fields first)."""
    latest = r.latest_update
    return {
        "reference": r.reference, "body": r.body, "description": r.description, "owner": r.owner,
        "due": r.due.isoformat() if r.due else None, "status": r.status, "overdue": r.overdue,
        "escalated_from": r.escalated_from, "escalated_to": r.escalated_to,
        "escalated_on": r.escalated_on.isoformat() if r.escalated_on else None,
        "latest_update": {"on": latest.on.isoformat(), "note": latest.note, "by": latest.by} if latest else None,
        "version": r.version,
    }


def run_actions(args: argparse.Namespace) -> int:
    if getattr(args, "ref", None) is not None:
        return _update(args)
    wanted = ActionFilter(body=args.body, status=args.status, overdue=args.overdue, owner=args.owner,
                          organisation=args.organisation, due_within=args.due_within, search=args.search)
    rows = _read(args, wanted)
    if args.json:
        print_json([action_json(r) for r in rows])
        return 0
    table = _table("reference", "due", "status", "owner", "action", "body")
    for r in rows:
        status = r.status.replace("_", " ") + (" (OVERDUE)" if r.overdue else "")
        body = r.body + (f" (escalated from {r.escalated_from} to {r.escalated_to})" if r.escalated_from else "")
        table.add_row(visible(r.reference), r.due.isoformat() if r.due else "", status, visible(r.owner or ""),
                      visible(r.description), visible(body))
    console = _out()
    console.print(table if rows else "No actions.")
    if rows:
        console.print(f"{len(rows)} action{'s' if len(rows) != 1 else ''}.")
    return 0


def _read(args: argparse.Namespace, wanted: ActionFilter) -> list[ActionRow]:
    """The filtered log: quickly when the database allows it, else through the database stack."""
    try:
        rows = read_filtered_quickly(getattr(args, "db", None), wanted, date.today())
    except (NotFound, FilterRefused) as exc:
        raise CliError(str(exc)) from exc
    if rows is not None:
        return rows
    import_resting("models.actions")  # the database stack, with the collector resting
    from models.actions import ActionProblem, filter_actions

    try:
        with reading(args) as session:
            return filter_actions(session, wanted)
    except ActionProblem as exc:
        raise CliError(str(exc)) from exc


def _update(args: argparse.Namespace) -> int:
    import_resting("models.actions")
    from models.actions import UNCHANGED, ActionProblem, find_action, update_action
    from models.db import read_session, session_scope
    from models.editing import StaleEdit

    if args.status is None and args.note is None and args.due is None and args.owner is None:
        raise CliError("Say what to change: --status, --note, --due or --owner.")
    due = UNCHANGED if args.due is None else (None if args.due.strip().lower() in CLEAR else args.due)
    owner = UNCHANGED if args.owner is None else (None if args.owner.strip().lower() in CLEAR else args.owner)
    engine = database(args)
    try:
        with session_scope(engine) as session:
            result = update_action(session, args.ref, status=args.status, note=args.note, due=due, owner=owner,
                                   on=date.today(), expected_version=args.expect_version)
        with read_session(engine) as session:
            version = find_action(session, result.reference).version
    except (NotFound, ActionProblem) as exc:
        raise CliError(str(exc)) from exc
    except StaleEdit:
        with read_session(engine) as session:
            now = find_action(session, args.ref)
            raise CliError(f"{now.reference} has changed since version {args.expect_version} (it is now version "
                           f"{now.version}); nothing was saved.") from None
    finally:
        engine.dispose()
    if args.json:
        print_json({"reference": result.reference, "changed": result.changed, "note": result.note,
                     "version": version})
    elif result.changed:
        print(f"Updated {result.reference} (now version {version}): {visible(result.note or '')}")
    else:
        print(f"Nothing to change on {result.reference}.")
    return 0
