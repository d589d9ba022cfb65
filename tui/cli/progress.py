"""A rich progress bar for long commands, shown only when stdout is a terminal.

``with progress_bar("Loading") as progress:`` gives a callable to pass as the
``progress`` argument of a long-running models/exporters function (see
``models.progress``). When stdout is not a terminal (a pipe, a file, CI) the
callable does nothing and nothing is printed, so JSON and scripts stay clean.
The bar is transient: it disappears when the work ends, leaving only the
command's own one-line result.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Iterator

from models.progress import Progress


def _quiet(done: int, total: int) -> None:
    """Nobody is watching: report nothing."""


@contextmanager
def progress_bar(label: str, *, stream=None) -> Iterator[Progress]:
    """A ``progress(done, total)`` callable that drives a bar on a terminal, or does nothing."""
    stream = stream if stream is not None else sys.stdout
    if not stream.isatty():
        yield _quiet
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeRemainingColumn

    bar = Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
              console=Console(file=stream), transient=True)
    task = bar.add_task(label, total=None)

    def advance(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    with bar:
        yield advance
