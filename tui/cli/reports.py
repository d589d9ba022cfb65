"""`convenor export yearly-report`: the yearly-report evidence pack.

    convenor export yearly-report --from D --to D -o FILE.docx [--json]
"""

from __future__ import annotations

import argparse

from tui.cli import EXIT_FAILED, CliError, date_range, iso_date

# The parser is built for every command, the app's start-up included: the
# database stack is imported only when the export runs.


def add_parser(kinds: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    p = kinds.add_parser("yearly-report", parents=[db], help="the yearly-report evidence pack (.docx)")
    p.add_argument("--from", dest="start", type=iso_date, required=True, metavar="DATE")
    p.add_argument("--to", dest="end", type=iso_date, required=True, metavar="DATE")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("-o", "--output", metavar="FILE.docx")
    which.add_argument("--json", action="store_true", help="print the figures as JSON instead")
    p.set_defaults(command="export-yearly-report")


def run_export_yearly_report(args: argparse.Namespace) -> int:
    from contextlib import nullcontext
    from datetime import date

    from exporters.files import ExportError
    from exporters.yearly_report import write_yearly_report
    from models.db import read_session
    from models.queries import partnership_info
    from models.yearly_report import yearly_report
    from tui.cli.common import database, say
    from tui.cli.output import print_json
    from tui.cli.progress import progress_bar

    date_range(args.start, args.end)
    engine = database(args)
    # No bar with --json: what it prints is read by programs.
    with nullcontext() if args.json else progress_bar("Writing the yearly report") as progress:
        try:
            with read_session(engine) as session:
                report = yearly_report(session, args.start, args.end, date.today())
                info = partnership_info(session)
        finally:
            engine.dispose()
        if args.json:
            print_json(report.as_json())
            return 0
        try:
            path = write_yearly_report(report, info, args.output, progress=progress)
        except ExportError as exc:
            raise CliError(str(exc), EXIT_FAILED) from exc
    say(f"Wrote {path}")
    if not report.escalation_recorded:
        print("Note: escalation is not recorded yet, so escalated actions show 0.")
    return 0
