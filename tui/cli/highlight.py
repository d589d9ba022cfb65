"""`convenor export highlight --body NAME --from D --to D -o FILE.docx [--attach]`: a body's
report to the body above it (models.highlight gathers it, exporters.highlight writes it).

With ``--attach`` the report is also attached as a paper to the next agenda of
the body it reports to (models.highlight_paper), in one transaction with the
file: if either cannot be done, neither is.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from exporters.files import ExportError
from exporters.highlight import write_highlight
from models.editing import EditError, StaleEdit
from models.highlight import PeriodError, highlight_report
from models.queries import NotFound
from models.records import RecordErrors
from tui.cli import EXIT_FAILED, CliError
from tui.cli.common import database, reading, say
from tui.cli.progress import progress_bar


def run_export_highlight(args: argparse.Namespace) -> int:
    if args.attach:
        return _attach(args)
    # One read and one document, nothing to count: the bar says the work is under way.
    with progress_bar("Writing the highlight report"):
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


def _attach(args: argparse.Namespace) -> int:
    from models.db import session_scope
    from models.highlight_paper import attach_highlight

    engine = database(args)
    try:
        with session_scope(engine) as session:
            attached = attach_highlight(session, args.body, args.start, args.end, Path(args.output),
                                        today=date.today(), write=write_highlight)
    except (PeriodError, NotFound, EditError, StaleEdit) as exc:
        raise CliError(str(exc)) from exc
    except RecordErrors as exc:
        raise CliError(" ".join(exc.errors.values())) from exc
    except ExportError as exc:
        raise CliError(f"{exc} Nothing was attached.", EXIT_FAILED) from exc
    finally:
        engine.dispose()
    say(attached.summary)
    return 0
