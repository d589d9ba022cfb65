"""Drive the app as ``convenor --db URL`` would start it, headless, and time what a user sees.

    python -m benchmarks.tui_probe bare
    python -m benchmarks.tui_probe convenor DB PARTNERSHIP BODY [--actions]

Prints ``name=seconds`` lines (seconds from process start) and ``peak_mb=``.
``bare`` is the floor: a bare Textual app showing one line (``data``), then a key
pushing a screen with a 48-row table (``table``: from the key to the first frame
handed to the terminal that shows its first row). For Convenor,
``data`` is when the partnership's name and the next meeting's body are both
on screen. With ``--actions`` it then waits for the dashboard's workers to
finish (a user reads the dashboard first), presses ``a`` and times the Actions area:
``actions_open`` (from the key to the first frame that shows the first row, as
``table``), ``actions_filter`` (after the status filter is
set to completed, the rows change) and ``actions_search`` (after "neglect" is
put in a search box, if the area has one, the rows change; otherwise ``nan``). A figure that never
arrives within the time limit is printed as ``nan``.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import asyncio  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402

LIMIT = 90.0  # seconds each figure may take
SIZE = (160, 48)


def peak_mb() -> float:
    """Peak resident memory of this process image (VmHWM), in MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _say(name: str, value: float) -> None:
    print(f"{name}={value:.4f}", flush=True)


def _elapsed() -> float:
    return time.perf_counter() - T0


def _is_table(widget) -> bool:
    """A DataTable, or any table that reads like one (row_count, get_row_at: Convenor's VirtualTable)."""
    return hasattr(widget, "row_count") and hasattr(widget, "get_row_at")


def _row(table, index: int) -> list[str]:
    try:
        return [str(cell) for cell in table.get_row_at(index)]
    except IndexError:  # a virtual table's row whose page is not read yet
        return []


def visible_text(app) -> str:
    """The title and the text of labels and the rows of tables on the current screen."""
    from textual.widgets import Static

    parts = [str(app.title), str(app.sub_title)]
    for widget in app.screen.query("*"):
        if not widget.display:
            continue
        if _is_table(widget):
            for index in range(min(widget.row_count, 60)):
                parts.extend(_row(widget, index))
        elif isinstance(widget, Static):
            parts.append(str(widget.content))
    return "\n".join(parts)


def _tables(app, word: str):
    return [t for t in app.screen.query("*") if _is_table(t) and word in (t.id or "")]


def _shown(app, word: str) -> tuple[int, str]:
    """(rows, first row) of the tables whose id holds ``word``."""
    tables = [t for t in _tables(app, word) if t.row_count]
    if not tables:
        return 0, ""
    return tables[0].row_count, " ".join(_row(tables[0], 0))


class Frames:
    """The frames the app hands its terminal, each with the time it was handed over.

    Headless, Textual still lays out and draws every frame, then gives it to
    ``App._display``, which would write it to a terminal; the probe keeps each
    one (the drawing is already done, so keeping it costs nothing) and reads
    their text only after the measurement. ``first_with`` is when some text was
    first on screen: what a user sees, rather than when a widget held it.
    """

    def __init__(self, app) -> None:
        self.app = app
        self.handed: list[tuple[float, object]] = []
        original = app._display

        def display(screen, renderable) -> None:
            if renderable is not None and not app._batch_count:
                self.handed.append((_elapsed(), renderable))
            original(screen, renderable)

        app._display = display

    def first_with(self, text: str, since: float) -> float:
        console = self.app.console
        for at, update in self.handed:
            if at >= since and text in update.render_segments(console):
                return at
        return float("nan")


def _first_cell(app, word: str) -> str:
    """The first cell of the first row of the tables whose id holds ``word`` ('' when none shows)."""
    tables = [t for t in _tables(app, word) if t.row_count]
    cells = _row(tables[0], 0) if tables else []
    return cells[0].strip() if cells else ""


async def _until(check, deadline: float) -> bool:
    while _elapsed() < deadline:
        if check():
            return True
        await asyncio.sleep(0.005)
    return False


def _convenor(db: str, partnership: str, body: str, actions: bool) -> None:
    from textual.app import App
    from textual.widgets import Input, Select

    async def pilot_script(pilot) -> None:
        app = pilot.app
        deadline = _elapsed() + LIMIT
        ok = await _until(lambda: partnership in (text := visible_text(app)) and body in text, deadline)
        _say("data", _elapsed() if ok else float("nan"))
        if actions and ok:
            # A user reads the dashboard before pressing a key: let its workers (the rest of its
            # reads, the database stack imported in the background) finish first.
            await app.workers.wait_for_complete()
            frames = Frames(app)
            mark = _elapsed()
            await pilot.press("a")
            ok = await _until(lambda: _first_cell(app, "action"), mark + LIMIT)
            await pilot.pause()  # (the frame with the rows is handed over by now)
            _say("actions_open", frames.first_with(_first_cell(app, "action"), mark) - mark if ok else float("nan"))
            before = _shown(app, "action")
            selects = [s for s in app.screen.query(Select) if "status" in (s.id or "")]
            if ok and selects:
                mark = _elapsed()
                selects[0].value = "completed"
                ok = await _until(lambda: _shown(app, "action") not in (before, (0, "")), mark + LIMIT)
                _say("actions_filter", _elapsed() - mark if ok else float("nan"))
            else:
                _say("actions_filter", float("nan"))
            await app.workers.wait_for_complete()  # the count follows the first page: let it land first
            before = _shown(app, "action")
            boxes = [i for i in app.screen.query(Input) if "search" in (i.id or "")]
            if boxes:
                boxes[0].focus()
                await pilot.pause()
                mark = _elapsed()
                boxes[0].value = "neglect"  # as typed (pilot.press would add its own idle waits per key)
                ok = await _until(lambda: _shown(app, "action") != before, mark + LIMIT)
                _say("actions_search", _elapsed() - mark if ok else float("nan"))
            else:
                _say("actions_search", float("nan"))
        app.exit()

    original = App.run

    def run(self, **kwargs):  # the CLI's app.run(), made headless and driven
        return original(self, headless=True, size=SIZE, auto_pilot=pilot_script)

    App.run = run  # type: ignore[method-assign]
    from tui.cli import main

    main(["--db", db])


def _bare() -> None:
    from textual.app import App
    from textual.screen import Screen
    from textual.widgets import DataTable, Static

    class Table(Screen):
        def compose(self):
            yield DataTable(id="bare-actions")

        def on_mount(self):
            table = self.query_one(DataTable)
            table.add_columns("Reference", "Description")
            table.add_rows([(f"REF-{n:03d}", "An action") for n in range(SIZE[1])])

    class Bare(App):
        BINDINGS = [("t", "table", "Table")]

        def action_table(self) -> None:
            self.push_screen(Table())

        def compose(self):
            yield Static("hello")

    async def pilot_script(pilot) -> None:
        await _until(lambda: "hello" in visible_text(pilot.app), _elapsed() + LIMIT)
        _say("data", _elapsed())
        frames = Frames(pilot.app)
        mark = _elapsed()
        await pilot.press("t")
        await _until(lambda: _first_cell(pilot.app, "action"), _elapsed() + LIMIT)
        await pilot.pause()
        _say("table", frames.first_with(_first_cell(pilot.app, "action"), mark) - mark)
        pilot.app.exit()

    Bare().run(headless=True, size=SIZE, auto_pilot=pilot_script)


def main(argv: list[str]) -> None:
    if argv[0] == "bare":
        _bare()
    else:
        _convenor(argv[1], argv[2], argv[3], "--actions" in argv)
    print(f"peak_mb={peak_mb():.1f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
