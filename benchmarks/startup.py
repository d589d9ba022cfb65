"""Time to first screen: Convenor against a bare Textual app, in one run.

Run from the project folder:  .venv/bin/python -m benchmarks.startup
Each figure is the median of several fresh processes (imports included), from
process start until the first screen has been painted headless; for Convenor
also until the dashboard's data has arrived. Convenor is started as the
command line starts it: with a database URL, opened by the app's first worker. The ratio is what matters:
machines here are shared and noisy.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

RUNS = 7

BARE = """
import time; t0 = time.perf_counter()
from textual.app import App
from textual.widgets import Footer, Header, Static
class Bare(App):
    def compose(self):
        yield Header(); yield Static("hello"); yield Footer()
    def on_mount(self):
        self.call_after_refresh(self.first)
    def first(self):
        print(f"first={time.perf_counter() - t0:.4f}"); self.exit()
Bare().run(headless=True, size=(140, 45))
"""

CONVENOR = """
import time; t0 = time.perf_counter()
import sys
from pathlib import Path
import tui.app
class Timed(tui.app.ConvenorApp):
    CSS_PATH = str(Path(tui.app.__file__).with_name("app.tcss"))
    def on_mount(self):  # runs after ConvenorApp's own on_mount
        self.call_after_refresh(self.first)
    def first(self):
        print(f"first={time.perf_counter() - t0:.4f}")
        self.set_interval(0.005, self.poll)
    def poll(self):
        table = self.screen.query("DataTable").first() if self.screen.query("DataTable") else None
        if table is not None and table.row_count:
            print(f"data={time.perf_counter() - t0:.4f}"); self.exit()
Timed(url=sys.argv[1]).run(headless=True, size=(140, 45))
"""


def run(code: str, *args: str) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as script:
        script.write(code)  # a file, so Textual can locate the app class's source
    try:
        out = subprocess.run([sys.executable, script.name, *args], capture_output=True, text=True, check=True,
                             cwd=Path(__file__).resolve().parents[1]).stdout
    finally:
        Path(script.name).unlink()
    return {k: float(v) for k, v in (line.split("=") for line in out.split() if "=" in line)}


def main() -> None:
    from datetime import date

    from models.db import open_database
    from models.demo import prepare_demo

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "demo.db")
        engine = open_database(db)
        prepare_demo(engine, today=date.today())
        engine.dispose()
        bare, conv_first, conv_data = [], [], []
        for _ in range(RUNS):  # interleaved so both see the same machine load
            bare.append(run(BARE)["first"])
            figures = run(CONVENOR, db)
            conv_first.append(figures["first"])
            conv_data.append(figures["data"])
    b, f, d = statistics.median(bare), statistics.median(conv_first), statistics.median(conv_data)
    print(f"bare Textual app, first screen   {b:7.3f} s")
    print(f"Convenor, first screen           {f:7.3f} s   ratio {f / b:4.2f}")
    print(f"Convenor, dashboard data shown   {d:7.3f} s   ratio {d / b:4.2f}")


if __name__ == "__main__":
    main()
