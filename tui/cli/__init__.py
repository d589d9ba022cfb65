"""The `convenor` command line (a contract: see docs/cli.md and DESIGN.md).

Errors go to stderr as one sentence; bad input exits 2, other failures 1.
Text that came from the database or a file is printed through
``models.text.visible`` so that it cannot drive the terminal.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from datetime import date
from types import ModuleType
from typing import NoReturn, Sequence

from models.text import visible

EXIT_BAD_INPUT = 2
EXIT_FAILED = 1


# The module under tui/cli/ that holds each command's ``run_<command>`` handler;
# a command not listed here is in tui/cli/commands.py.
COMMAND_MODULES: dict[str | None, str] = {
    None: "launch",
    "demo": "launch",
    "deadlines": "deadlines",
    "export-yearly-report": "reports",
    "serve": "serve",
    "meeting": "meeting",
    "actions": "actions",
    "export-highlight": "highlight",
    "export": "exports",
}


class CliError(Exception):
    """A failure to report as one sentence; ``code`` is the exit status."""

    def __init__(self, message: str, code: int = EXIT_BAD_INPUT):
        super().__init__(message)
        self.code = code


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one sentence and exit status 2."""

    def error(self, message: str) -> NoReturn:
        text = visible(message.removeprefix("argument ")) or "bad command line"
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {text.rstrip('.')}. (See {self.prog} --help.)\n")


def iso_date(value: str) -> date:
    from models.rules.vocab import DATE_MAX, DATE_MIN

    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{visible(value)}" is not a date (write it as YYYY-MM-DD)') from None
    if not DATE_MIN <= day <= DATE_MAX:
        raise argparse.ArgumentTypeError(f"{value} is outside the dates Convenor keeps "
                                         f"({DATE_MIN.isoformat()} to {DATE_MAX.isoformat()})")
    return day


def meeting_id(value: str) -> int:
    """--meeting: a whole number that a database can hold (ids are positive)."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if not 0 < number < 2**31:
        raise argparse.ArgumentTypeError(f'"{visible(value)}" is not a meeting id (convenor meetings lists them)')
    return number


def database_value(value: str) -> str:
    """--db: a database URL or a file path; an empty one is refused, not taken as the default."""
    if not value.strip():
        raise argparse.ArgumentTypeError("give a database URL or a file path, not an empty value")
    return value


def date_range(start: date | None, end: date | None) -> None:
    """Refuse --to before --from."""
    if start is not None and end is not None and end < start:
        raise CliError(f"--to {end} is before --from {start}.")


def build_parser() -> Parser:
    from models.views import ACTION_STATUSES
    from tui.cli import action_options

    db = Parser(add_help=False)
    db.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, type=database_value,
                    help="database URL or SQLite file path (default: $CONVENOR_DB, else convenor.db in your data folder)")
    parser = Parser(prog="convenor", parents=[db], description="Governance for a safeguarding partnership.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    sub.add_parser("demo", parents=[db], help="open the app on the demo partnership (its own database unless --db)")

    p = sub.add_parser("load", parents=[db], help="import arrangements files, in order (all or nothing)")
    p.add_argument("file", metavar="FILE.toml", nargs="+")

    p = sub.add_parser("schedule", parents=[db], help="create the meetings that cadences call for")
    p.add_argument("--from", dest="start", type=iso_date, required=True, metavar="DATE")
    p.add_argument("--to", dest="end", type=iso_date, required=True, metavar="DATE")
    p.add_argument("--body", metavar="NAME")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("meetings", parents=[db], help="list meetings")
    p.add_argument("--body", metavar="NAME")
    p.add_argument("--from", dest="start", type=iso_date, metavar="DATE")
    p.add_argument("--to", dest="end", type=iso_date, metavar="DATE")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("meeting", parents=[db], help="one meeting whole: agenda, attendance, declarations, minutes")
    p.add_argument("id", type=meeting_id, metavar="ID")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("chairs", parents=[db], help="list chair terms")
    p.add_argument("--body", metavar="NAME")
    p.add_argument("--from", dest="start", type=iso_date, metavar="DATE")
    p.add_argument("--to", dest="end", type=iso_date, metavar="DATE")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("roster", parents=[db], help="LSPs, DSPs and other roles on a date, with gaps")
    p.add_argument("--on", dest="on", type=iso_date, metavar="DATE")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("actions", parents=[db], help="list actions")
    p.add_argument("--body", metavar="NAME")
    p.add_argument("--status", metavar="S", choices=ACTION_STATUSES)
    p.add_argument("--overdue", action="store_true")
    p.add_argument("--json", action="store_true")
    action_options.add_action_options(p, db, ACTION_STATUSES)

    export = sub.add_parser("export", help="write calendar invites and Word documents")
    kinds = export.add_subparsers(dest="kind", metavar="KIND", parser_class=Parser, required=True)
    p = kinds.add_parser("ics", parents=[db], help="calendar invites or a feed (.ics)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--meeting", type=meeting_id, metavar="ID")
    which.add_argument("--body", metavar="NAME")
    which.add_argument("--all", action="store_true")
    p.add_argument("--from", dest="start", type=iso_date, metavar="DATE")
    p.add_argument("--to", dest="end", type=iso_date, metavar="DATE")
    p.add_argument("--method", choices=("request", "publish", "cancel"), default="request")
    p.add_argument("-o", "--output", required=True, metavar="PATH")
    for kind, help_ in (("minutes", "minutes of a meeting (.docx)"), ("agenda", "agenda of a meeting (.docx)")):
        p = kinds.add_parser(kind, parents=[db], help=help_)
        p.add_argument("--meeting", type=meeting_id, required=True, metavar="ID")
        p.add_argument("--public", action="store_true", help="leave out exempt (Part II) items")
        p.add_argument("-o", "--output", required=True, metavar="FILE.docx")
    p = kinds.add_parser("actions", parents=[db], help="the action log (.docx or .csv)")
    p.add_argument("--body", metavar="NAME")
    p.add_argument("--status", metavar="S", choices=ACTION_STATUSES)
    p.add_argument("--public", action="store_true", help="leave out actions raised under exempt items")
    p.add_argument("-o", "--output", required=True, metavar="FILE.docx|FILE.csv")
    action_options.add_highlight_parser(kinds, db, iso_date)

    from tui.cli import deadlines, reports

    deadlines.add_parser(sub, db)
    reports.add_parser(kinds, db)

    p = sub.add_parser("backup", parents=[db], help="a consistent copy of the database")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p = sub.add_parser("restore", parents=[db], help="replace the database with a backup")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    from tui.cli import serve

    serve.add_parser(sub, db)
    return parser


def plain_launch(argv: Sequence[str]) -> argparse.Namespace | None:
    """`convenor` or `convenor --db VALUE` (a non-empty value): the app, started without
    building the whole command line parser (start-up time); None for anything else."""
    if not argv:
        return argparse.Namespace(command=None)
    value = argv[0][len("--db="):] if len(argv) == 1 and argv[0].startswith("--db=") else (
        argv[1] if len(argv) == 2 and argv[0] == "--db" else None)
    if value is None or not value.strip() or value.startswith("-"):
        return None
    return argparse.Namespace(command=None, db=value)


def import_resting(name: str) -> ModuleType:
    """Import the module ``name`` with the garbage collector resting.

    Importing a command's module (SQLAlchemy, SQLModel, the tables) makes hundreds of
    thousands of objects that live as long as the process and no garbage: the collector
    would only scan them again and again, so it rests while they are made and then
    leaves them out of its scans. A command that imports the database stack only when
    it needs it (a quick read-only path may not) imports it through here too.
    """
    if name in sys.modules:
        return sys.modules[name]
    gc.disable()
    try:
        return importlib.import_module(name)
    finally:
        gc.freeze()
        gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    args = plain_launch(sys.argv[1:] if argv is None else list(argv))
    if args is None:
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as exc:  # --help, or a usage error already reported
            return int(exc.code or 0)
    module = import_resting(f"tui.cli.{COMMAND_MODULES.get(args.command, 'commands')}")
    handler = getattr(module, f"run_{(args.command or 'app').replace('-', '_')}")
    try:
        return handler(args) or 0
    except CliError as exc:
        return fail(str(exc), exc.code)
    except BrokenPipeError:
        # The reader (e.g. `head`) went away; say nothing more.
        sys.stdout = open(os.devnull, "w")
        return 0
    except KeyboardInterrupt:
        print("convenor: interrupted; nothing more was written.", file=sys.stderr)
        return 130
    except OSError as exc:  # the disk or a terminal failed: the environment, not the input
        where = f" ({visible(str(exc.filename))})" if exc.filename else ""
        return fail(f"{exc.strerror or exc}{where}; nothing more was written.", EXIT_FAILED)
    except Exception as exc:
        from models.db import DatabaseUrlError, explain_failure  # only now: keeps start-up fast

        failure = explain_failure(exc)
        if failure is None:
            raise
        return fail(str(failure), EXIT_BAD_INPUT if isinstance(failure, DatabaseUrlError) else EXIT_FAILED)


def fail(message: str, code: int) -> int:
    """Print one sentence on stderr and return the exit status ``code``."""
    print(f"convenor: {visible(message)}", file=sys.stderr)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
