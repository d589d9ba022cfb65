"""Opening the app from the command line.

Kept apart from the other commands so that `convenor` and `convenor demo`
import nothing but Textual before the first frame: the database is opened
by the app's first worker. On a SQLite file, `convenor` first reads the
dashboard's first view read-only without the database stack
(models.firstview), so the first frame already shows real data.
"""

from __future__ import annotations

import argparse
import gc

from tui.cli import EXIT_FAILED


def run_app(args: argparse.Namespace) -> int:
    # Everything made until the first frame (Textual, the app, its first screen) lives as long
    # as the app: the garbage collector rests meanwhile, and the app lets it work again, with
    # those objects left out of its scans, once the frame is painted (ConvenorApp._after_first_frame).
    gc.disable()
    try:
        from tui.app import ConvenorApp

        app = ConvenorApp(url=getattr(args, "db", None))
        app.read_first_view()  # before the UI starts, so the first frame shows real data (SQLite)
        app.run()
    finally:
        gc.enable()
    return app.return_code or 0


def run_demo(args: argparse.Namespace) -> int:
    from tui.app import ConvenorApp

    app = ConvenorApp(url=getattr(args, "db", None), demo=True, prepare=_prepare_demo)
    app.run()
    return EXIT_FAILED if app.return_code else 0


def _prepare_demo(engine) -> None:
    from models.demo import prepare_demo

    prepare_demo(engine)
