"""How long work reports how far it has got, without knowing who is watching.

A long-running function (load, schedule, a large export) takes an optional
``progress`` argument: a callable ``progress(done, total)`` called with how
many units are finished out of how many. ``None`` means nobody is watching.
The command line turns it into a rich progress bar on a terminal
(``tui.cli.progress``); the TUI posts it to a ProgressBar from its worker.
"""

from __future__ import annotations

from typing import Callable, Optional

Progress = Callable[[int, int], None]


def report(progress: Optional[Progress], done: int, total: int) -> None:
    """Tell ``progress`` (if any) that ``done`` of ``total`` units are finished."""
    if progress is not None:
        progress(done, total)


def every(progress: Optional[Progress], total: int, step: int = 0) -> Callable[[int], None]:
    """A cheap per-item hook: ``tick(done)`` reports only every ``step`` items and at the end.

    ``step`` defaults to about 1% of ``total`` so that reporting never costs
    more than the work it reports on.
    """
    if progress is None:
        return lambda done: None
    step = step or max(1, total // 100)

    def tick(done: int) -> None:
        if done % step == 0 or done >= total:
            progress(done, total)

    return tick
