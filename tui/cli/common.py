"""What every command shares: printing a line or a table, and opening the database.

Kept apart from the commands themselves so that a command imports only
what it uses (``rich`` is imported when a table is printed, the database
stack when the database is opened: a quick read-only path never imports it).
"""

from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Iterator

from models.plain_read import NotFound
from models.text import visible
from tui.cli import CliError, import_resting

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from models.db import Engine


def _out() -> "Console":
    """Rich output; wide enough not to wrap rows when piped to a file. Text is
    printed as given: no markup, no emoji codes (stored names may hold brackets)."""
    from rich.console import Console

    return Console(soft_wrap=False, highlight=False, markup=False, emoji=False,
                   width=None if sys.stdout.isatty() else 200)


def say(text: str) -> None:
    """A line on stdout, with control and bidi characters shown as escapes."""
    print(visible(text))


def warn(text: str) -> None:
    """A warning line on stderr, with control and bidi characters shown as escapes."""
    print(f"convenor: {visible(text)}", file=sys.stderr)


def database(args: argparse.Namespace) -> Engine:
    """The database named by --db (else CONVENOR_DB, else the default), opened and up to date."""
    return import_resting("models.db").open_database(getattr(args, "db", None))


@contextmanager
def reading(args: argparse.Namespace) -> Iterator[Any]:
    engine = database(args)
    try:
        with import_resting("models.db").read_session(engine) as session:
            yield session
    except NotFound as exc:
        raise CliError(str(exc)) from exc
    finally:
        engine.dispose()


def _table(*columns: str) -> "Table":
    from rich.table import Table

    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _row(table: "Table", *cells: str | None) -> None:
    """Add a row of stored text, each cell made safe for the terminal."""
    table.add_row(*(visible(cell or "") for cell in cells))
