"""Shared by the app's pilot and snapshot tests."""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import date

from textual.widgets import DataTable
from textual.worker import WorkerCancelled

TODAY = date(2026, 11, 23)  # the demo's "today" in every UI test and snapshot
SIZE = (140, 45)

_typing = False  # True while type_text() sends its keys


async def wait_for_idle(min_sleep: float = 0, max_sleep: float = 1) -> None:
    """Textual's pilot's wait for an idle process, in 5 ms slices instead of 20 (conftest installs it).

    The pilot waits for the process to look idle after every key it presses
    (twice) and in every pilot.pause() (so in settle): Textual sleeps in slices
    of 1/50 s until one slice used less than 1/20 of it in CPU, so typing
    "2026-12-18" cost at least 0.4 s of sleeping, whatever the app did, and each
    settle some 0.15 s. In 5 ms slices the same tests sleep a quarter of that.
    settle does not rely on the process looking idle: it waits for the screen's
    data, its workers and its tables explicitly. While :func:`type_text` types,
    there is no wait between keys at all.
    """
    if _typing:
        await asyncio.sleep(0)
        return
    start = time.monotonic()
    while True:
        cpu = time.process_time()
        await asyncio.sleep(0.005)
        elapsed = time.monotonic() - start
        if elapsed >= max_sleep or (elapsed > min_sleep and time.process_time() - cpu < 0.005 / 20):
            return


async def type_text(pilot, text: str) -> None:
    """Type ``text`` into the focused widget as a fast typist does: one key event per
    character, in order, each sent as soon as the last one is queued (pilot.press
    waits for the screen to redraw after every key, some 30 ms a key); then wait
    until the app has handled them all."""
    global _typing
    _typing = True
    try:
        await pilot.press(*text)
    finally:
        _typing = False
    await pilot.pause()


async def search_palette(pilot, text: str) -> None:
    """Open the command palette, type ``text`` into it and wait until its hits are shown."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await type_text(pilot, text)
    await settle(pilot)


async def type_into(pilot, key: str, text: str) -> None:
    """Focus the form field ``key`` and type ``text`` into it, replacing what was there."""
    from tui.widgets.form_field import FormField
    from textual.widgets import Input

    field = pilot.app.screen.query_one(f"#field-{key.replace('.', '-')}", FormField)
    field.control.focus()
    await pilot.pause()
    if isinstance(field.control, Input):
        field.control.action_select_all()
    await type_text(pilot, text)


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
    # Then until two rounds in a row find nothing left to do. Each round's pause lets every
    # widget on the screen handle its messages (those a finished worker posted among them)
    # and lays out and paints what changed.
    quiet_rounds = 0
    for _ in range(300):
        await pilot.pause()
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.app.animator.wait_until_complete()
        quiet_rounds = quiet_rounds + 1 if _quiet(pilot.app) else 0
        if quiet_rounds == 2:
            return
        if not quiet_rounds:
            await pilot.pause(0.01)


def _quiet(app) -> bool:
    """Nothing running or waiting to be drawn: no worker, no animation, nothing for the screen to
    lay out or paint, and no table still measuring its rows (a DataTable measures its new rows
    when its queue runs dry; a frame taken before that shows headers as wide as their labels)."""
    screen = app.screen
    return (all(worker.is_finished for worker in app.workers)
            and not (app.animator._animations or app.animator._scheduled)
            and not (screen._layout_required or screen._repaint_required or screen._scroll_required
                     or screen._recompose_required or screen._dirty_widgets)
            and not any(t._require_update_dimensions or t._new_rows or t._updated_cells
                        for t in screen.query(DataTable)))
