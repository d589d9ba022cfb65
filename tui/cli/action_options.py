"""The options of `convenor actions` (its filters and `update REF`) and of
`convenor export highlight`. Only argparse here: building the parser must not
import the models (the app's start-up imports nothing else before its first frame)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date


def add_action_options(actions: argparse.ArgumentParser, db: argparse.ArgumentParser, statuses: tuple[str, ...]) -> None:
    """The extra filters of `convenor actions` and its `update` subcommand."""
    actions.add_argument("--owner", metavar="NAME", help="only actions owned by this person")
    actions.add_argument("--organisation", metavar="NAME", help="only actions whose owner works for this organisation")
    actions.add_argument("--due-within", dest="due_within", type=int, metavar="N",
                         help="only outstanding actions due in the next N days")
    actions.add_argument("--search", metavar="TEXT", help="words in the reference, description or progress notes")
    sub = actions.add_subparsers(dest="subcommand", metavar="update", parser_class=type(actions))
    p = sub.add_parser("update", parents=[db], help="change an action's status, due date or owner with a note")
    p.add_argument("ref", metavar="REF", help="the action's reference, e.g. EXEC-2026-004")
    p.add_argument("--status", choices=statuses, metavar="S")
    p.add_argument("--note", metavar="TEXT", help="the progress note (evidence when completing, reason when cancelling)")
    p.add_argument("--due", metavar="DATE", help="the new due date (YYYY-MM-DD; 'none' clears it)")
    p.add_argument("--owner", metavar="NAME", help="the new owner ('none' clears it)")
    p.add_argument("--expect-version", dest="expect_version", type=int, metavar="N",
                   help="refuse the change if the action is no longer at version N")
    p.add_argument("--json", action="store_true")


def add_highlight_parser(kinds: argparse._SubParsersAction, db: argparse.ArgumentParser,
                         iso_date: Callable[[str], date]) -> None:
    """`convenor export highlight --body NAME --from D --to D -o FILE.docx`."""
    p = kinds.add_parser("highlight", parents=[db], help="a body's highlight report to the body above it (.docx)")
    p.add_argument("--body", required=True, metavar="NAME")
    p.add_argument("--from", dest="start", type=iso_date, required=True, metavar="DATE")
    p.add_argument("--to", dest="end", type=iso_date, required=True, metavar="DATE")
    p.add_argument("-o", "--output", required=True, metavar="FILE.docx")
    p.add_argument("--attach", action="store_true",
                   help="also attach it as a paper to the next agenda of the body it reports to")
    p.set_defaults(command="export-highlight")  # handled by tui/cli/highlight.py (COMMAND_MODULES)
