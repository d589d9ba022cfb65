"""`convenor deadlines`: the statutory clock on the command line.

    convenor deadlines [--from D] [--to D] [--json]
    convenor deadlines met ID --on D
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from tui.cli import EXIT_FAILED, CliError, date_range, iso_date

if TYPE_CHECKING:
    from models.obligations import Checkpoint

# The parser is built for every command, the app's start-up included: the
# database stack is imported only when a deadlines command runs.


def add_parser(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("deadlines", parents=[db], help="statutory checkpoints: due, overdue and met")
    p.add_argument("--from", dest="start", type=iso_date, metavar="DATE")
    p.add_argument("--to", dest="end", type=iso_date, metavar="DATE")
    p.add_argument("--json", action="store_true")
    action = p.add_subparsers(dest="deadlines_action", metavar="met", parser_class=type(p))
    met = action.add_parser("met", parents=[db], help="record a checkpoint as met")
    met.add_argument("id", metavar="ID", help="the checkpoint's id, as convenor deadlines lists it")
    met.add_argument("--on", dest="on", type=iso_date, required=True, metavar="DATE")


def _state_words(c: "Checkpoint") -> str:
    return f"met on {c.met_on.isoformat()}" if c.met_on else c.state


def run_deadlines(args: argparse.Namespace) -> int:
    from models.db import session_scope
    from models.obligations import deadlines
    from models.text import visible
    from tui.cli.common import _out, _table, database
    from tui.cli.output import print_json

    if getattr(args, "deadlines_action", None) == "met":
        return _record(args)
    date_range(args.start, args.end)
    engine = database(args)
    try:
        with session_scope(engine) as session:
            rows = deadlines(session, date.today(), args.start, args.end)
    finally:
        engine.dispose()
    if args.json:
        print_json([c.as_json() for c in rows])
        return 0
    if not rows:
        print("No statutory checkpoints in that period.")
        return 0
    table = _table("ID", "Obligation", "Checkpoint", "Due", "Working days left", "State")
    for c in rows:
        table.add_row(visible(c.id), visible(c.case_reference or c.obligation.replace("_", " ")),
                      c.checkpoint.replace("_", " "), c.due.isoformat(),
                      "" if c.met_on else str(c.working_days_left), _state_words(c))
    _out().print(table)
    return 0


def _record(args: argparse.Namespace) -> int:
    from models.db import session_scope
    from models.editing import StaleEdit
    from models.obligations import ObligationError
    from models.obligations_write import record_met
    from models.text import visible
    from tui.cli.common import database, say

    engine = database(args)
    try:
        with session_scope(engine) as session:
            summary = record_met(session, args.id, args.on, date.today())
    except ObligationError as exc:
        raise CliError(visible(str(exc))) from exc
    except StaleEdit as exc:
        raise CliError(str(exc), EXIT_FAILED) from exc
    finally:
        engine.dispose()
    say(summary)
    return 0
