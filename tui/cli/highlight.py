"""`convenor export highlight --body NAME --from D --to D -o FILE.docx`: a body's
report to the body above it (models.highlight gathers it, exporters.highlight writes it)."""

from __future__ import annotations

import argparse

from exporters.files import ExportError
from exporters.highlight import write_highlight
from models.highlight import PeriodError, highlight_report
from tui.cli import EXIT_FAILED, CliError
from tui.cli.commands import reading, say


def run_export_highlight(args: argparse.Namespace) -> int:
    try:
        with reading(args) as session:
            report = highlight_report(session, args.body, args.start, args.end)
    except PeriodError as exc:
        raise CliError(str(exc)) from exc
    try:
        path = write_highlight(report, args.output)
    except ExportError as exc:
        raise CliError(str(exc), EXIT_FAILED) from exc
    say(f"Wrote {path}")
    return 0
