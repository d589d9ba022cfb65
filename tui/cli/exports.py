"""`convenor export ...`: read the database, hand plain views to an exporter.

A cancellation of one meeting records the cancellation and writes the file
as one step: the change is committed only after the file was written, so a
file that cannot be written leaves the database as it was.

A feed (``export ics --method publish``) writes nothing to the database. On
a SQLite file at this version's schema it is read read-only with ``sqlite3``
(:func:`models.feed_read.read_feed`), without importing the database stack;
anywhere else, or when that read fails, it is read through the ORM: the same
SQL either way (models.feed_read), so the same file.
"""

from __future__ import annotations

import argparse
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from exporters.files import ExportError
from models.plain_read import NotFound
from models.views import MeetingView, PartnershipInfo
from tui.cli import EXIT_FAILED, CliError, date_range, import_resting
from tui.cli.common import database, reading, say, warn
from tui.cli.progress import progress_bar


def run_export(args: argparse.Namespace) -> int:
    try:
        return {"ics": _export_ics, "minutes": _export_document, "agenda": _export_document,
                "actions": _export_actions}[args.kind](args)
    except ExportError as exc:
        raise CliError(str(exc), EXIT_FAILED) from exc


def _export_ics(args: argparse.Namespace) -> int:
    from exporters.ics import export_ics

    return _write_ics(args, export_ics)


def _write_ics(args: argparse.Namespace, export_ics) -> int:
    date_range(args.start, args.end)
    if args.method == "publish":
        from models.feed_read import read_feed

        with _collector_resting():
            try:
                quick = read_feed(getattr(args, "db", None), args.meeting, args.body, args.start, args.end)
            except NotFound as exc:
                raise CliError(str(exc)) from exc
            if quick is not None:
                written, warnings = _write_views(args, export_ics, *quick)
        if quick is not None:
            return _report(written, warnings)
    import_resting("models.meeting_views")  # the database stack, with the collector resting
    from models.db import session_scope
    from models.editing import EditError, cancel_meeting
    from models.meeting_views import feed_views, meeting_view, meeting_views
    from models.queries import meeting_ids, partnership_info

    cancelling = args.meeting is not None and args.method == "cancel"
    engine = database(args)
    written: list[Path] = []
    recorded = False
    try:
        # One transaction: the cancellation is committed only once its file is written.
        with session_scope(engine) as session:
            if cancelling:
                recorded = cancel_meeting(session, args.meeting)
            if args.meeting is not None:
                ids = [meeting_view(session, args.meeting).id]
            else:
                ids = meeting_ids(session, args.body, args.start, args.end)
            if args.method == "publish":  # a feed prints less than an invitation, so reads less
                views = feed_views(session, ids)
            else:
                views = meeting_views(session, ids, with_minutes=False)
            written, warnings = _write_views(args, export_ics, views, partnership_info(session))
    except (NotFound, EditError) as exc:
        raise CliError(str(exc)) from exc
    except BaseException:
        if recorded:
            # The file was written but the cancellation could not be committed:
            # a cancellation the database does not record must not be sent.
            for path in written:
                path.unlink(missing_ok=True)
        raise
    finally:
        engine.dispose()
    if recorded:
        warn(f"Meeting {args.meeting} is now recorded as cancelled.")
    return _report(written, warnings)


@contextmanager
def _collector_resting() -> Iterator[None]:
    """The garbage collector rests while a feed is read and written: its tens of thousands
    of plain views and strings hold no cycles, and scanning them would only cost time."""
    resting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if resting:
            gc.enable()


def _write_views(args: argparse.Namespace, export_ics, views: list[MeetingView],
                 info: PartnershipInfo) -> tuple[list[Path], list[str]]:
    """Write the .ics file(s) of ``views`` (only the cancelled ones for a cancellation of a selection)."""
    if args.method == "cancel" and args.meeting is None:
        views = [v for v in views if v.status == "cancelled"]
    if not views:
        raise CliError("No meetings match; nothing was written.")
    name = f"{info.name} — {args.body}" if args.body else info.name
    with progress_bar("Writing calendar files") as progress:
        return export_ics(views, args.method, args.output, calendar_name=name,
                          folder=args.meeting is None, progress=progress)


def _report(written: list[Path], warnings: list[str]) -> int:
    for warning in warnings:
        warn(warning)
    for path in written:
        say(f"Wrote {path}")
    return 0


def _export_document(args: argparse.Namespace) -> int:
    meeting_view = import_resting("models.meeting_views").meeting_view

    with reading(args) as session:
        view = meeting_view(session, args.meeting)
    if args.kind == "minutes":
        from exporters.minutes import write_minutes as write
    else:
        from exporters.agenda import write_agenda as write
    path = write(view, args.output, public=args.public)
    say(f"Wrote {path}")
    return 0


def _export_actions(args: argparse.Namespace) -> int:
    from exporters.action_log import write_action_log

    action_log = import_resting("models.queries").action_log

    with progress_bar("Exporting the action log") as progress:
        with reading(args) as session:
            log = action_log(session, args.body, args.status)
        if args.public:
            log = type(log)(partnership=log.partnership, actions=tuple(a for a in log.actions if not a.exempt),
                            title=log.title, generated_on=log.generated_on)
        path = write_action_log(log, args.output, progress=progress)
    say(f"Wrote {path}")
    return 0

