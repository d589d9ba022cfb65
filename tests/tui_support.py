"""Shared by the app's pilot and snapshot tests."""

from __future__ import annotations

import contextlib
import time
from datetime import date

from textual.widgets import DataTable
from textual.worker import WorkerCancelled

TODAY = date(2026, 11, 23)  # the demo's "today" in every UI test and snapshot
SIZE = (140, 45)


async def settle(pilot) -> None:
    """Wait until the screen shows its data, every worker has finished (a replaced
    one counts as finished), their messages have landed and tables have finished
    scrolling to their cursors (so snapshots are stable). The one settle helper.

    A screen whose reading failed never becomes ready: once no worker has run
    for a second and a half, no data is coming and settle stops waiting for it."""
    idle_since = time.monotonic()
    for _ in range(200):
        await pilot.pause()
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        if getattr(pilot.app.screen, "data_ready", True):
            break
        if any(not worker.is_finished for worker in pilot.app.workers):
            idle_since = time.monotonic()
        elif time.monotonic() - idle_since > 1.5:  # (a timer may start a reading after a pause)
            break
        await pilot.pause(0.02)
    for _ in range(2):
        await pilot.pause()
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    # A DataTable measures its new rows when its queue runs dry; a frame taken before that
    # shows headers as wide as their labels (the busier the machine, the likelier).
    for _ in range(100):
        if not any(t._require_update_dimensions or t._new_rows or t._updated_cells
                   for t in pilot.app.screen.query(DataTable)):
            break
        await pilot.pause(0.01)
    await pilot.pause()
