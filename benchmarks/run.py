"""Every benchmark figure beside its floor, measured in the same run.

    python -m benchmarks.run [--quick] [--label TEXT] [--keep DIR]

Generates the ten-year partnership (``benchmarks.generate``), then times each
operation in a fresh process (time and peak memory, from ``wait4``) and
prints it beside a floor measured in the same run, with the ratio: on a
shared, noisy machine only the ratios mean anything. Without ``--quick`` a
dated table is added to benchmarks/README.md. ``--quick`` uses a small
partnership and one run of each, only to show that everything still runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from benchmarks.generate import generate

ROOT = Path(__file__).resolve().parents[1]
README = Path(__file__).with_name("README.md")
# Each process reports its own peak resident memory (VmHWM belongs to the process
# image; ru_maxrss would carry over its parent's memory from before exec).
PEAK = ("import atexit, sys; atexit.register(lambda: sys.stderr.write('\\npeak_kb=' + "
        "[l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0] + '\\n'))\n")
CONVENOR = [sys.executable, "-c", PEAK + "from tui.cli import main; sys.exit(main())"]
TIMEOUT = 600
NAN = float("nan")

FLOOR_QUERY = PEAK + """
import json, sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute(
    "select a.reference, b.name, a.description, p.name, a.due, a.status from action a join body b on b.id = a.body_id "
    "left join person p on p.id = a.owner_id where a.status in ('open', 'in_progress') and a.due < ? order by a.due",
    (sys.argv[2],)).fetchall()
print(json.dumps([dict(zip(("reference", "body", "description", "owner", "due", "status"), r)) for r in rows]))
"""
FLOOR_DOCX = PEAK + "import io, docx; d = docx.Document(); d.add_paragraph('x'); d.save(io.BytesIO())"
FLOOR_TOML = PEAK + "import sys, tomllib; [tomllib.load(open(name, 'rb')) for name in sys.argv[1:]]"


@dataclass
class Figure:
    name: str
    seconds: float
    peak_mb: float
    floor_name: str
    floor_seconds: float
    floor_mb: float
    target: str

    def ratio(self) -> float:
        if self.seconds != self.seconds and self.floor_seconds != self.floor_seconds:
            return self.peak_mb / self.floor_mb  # a memory figure
        return self.seconds / self.floor_seconds if self.floor_seconds else NAN


# As a user's installation runs: Python keeps compiled modules (pip writes them for installed
# packages, and an editable install's modules are cached on first import), so a setting that
# stops them being written is not passed on to what is measured.
MEASURED_ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "COLUMNS": "160"}


def timed(command: list[str], *, cwd: Path = ROOT, check: bool = True) -> tuple[float, float, str]:
    """(seconds, peak MB, stdout) of one process; seconds are inf after the time limit, NaN after a failure."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                   env=MEASURED_ENV)
        deadline = started + TIMEOUT
        while True:
            pid, status, _ = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                os.wait4(process.pid, 0)
                return float("inf"), NAN, ""  # shown as "> 600" in the table
            time.sleep(0.002)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text = out.read().decode("utf-8", "replace")
        errors = err.read().decode("utf-8", "replace")
        if process.returncode and check:
            print(f"  ! {' '.join(command[3:])[:80]} failed: {errors[-300:]}", file=sys.stderr)
            seconds = NAN
        peaks = [line for line in (errors + "\n" + text).split() if line.startswith(("peak_kb=", "peak_mb="))]
        peak = NAN
        if peaks:
            name, value = peaks[-1].split("=")
            peak = float(value) / (1024 if name == "peak_kb" else 1)
        return seconds, peak, text


def probe(*args: str) -> tuple[dict[str, float], float]:
    _, peak, text = timed([sys.executable, "-m", "benchmarks.tui_probe", *args], check=False)
    figures = {k: float(v) for k, v in (line.split("=", 1) for line in text.split() if "=" in line)}
    return figures, peak


def median(values: list[float]) -> float:
    clean = [v for v in values if v == v]
    return statistics.median(clean) if clean else NAN


class Bench:
    def __init__(self, folder: Path, quick: bool):
        self.folder = folder
        self.quick = quick
        self.runs = 1 if quick else 3
        self.today = date.today()
        started = time.perf_counter()  # quick: one small year, so a few files and processes
        self.db, self.files, self.counts = generate(folder, years=1 if quick else 10, seed=1, today=self.today,
                                                    scale=0.1 if quick else 1.0)
        self.generate_seconds = time.perf_counter() - started
        print(f"generated {self.counts['meeting']} meetings, {self.counts['action']} actions, "
              f"{self.counts['actionupdate']} updates in {self.generate_seconds:.1f} s")
        self.figures: list[Figure] = []

    def copy(self, name: str) -> Path:
        target = self.folder / name
        shutil.copyfile(self.db, target)
        return target

    def convenor(self, *args: str, db: Path | None = None) -> tuple[float, float, str]:
        return timed([*CONVENOR, "--db", str(db or self.db), *args])

    def load_all(self, db: Path) -> tuple[float, float]:
        """One ``convenor load`` of all the files, in order (one transaction): seconds, peak."""
        seconds, peak, _ = self.convenor("load", *map(str, self.files), db=db)
        return seconds, peak

    def best(self, command, runs: int | None = None) -> tuple[float, float]:
        results = [command() for _ in range(runs or self.runs)]
        return median([r[0] for r in results]), max(r[1] for r in results)

    def add(self, name, seconds, peak, floor_name, floor, target) -> None:
        figure = Figure(name, seconds, peak, floor_name, floor[0], floor[1], target)
        self.figures.append(figure)
        print(f"{name:42} {seconds:8.3f} s {peak:6.0f} MB | {floor_name:28} {floor[0]:7.3f} s {floor[1]:5.0f} MB | "
              f"ratio {figure.ratio():6.1f}   target {target}", flush=True)

    def add_memory(self, name, peak, floor_name, floor_peak, target) -> None:
        figure = Figure(name, NAN, peak, floor_name, NAN, floor_peak, target)
        self.figures.append(figure)
        print(f"{name:42} {'':10} {peak:6.0f} MB | {floor_name:28} {'':9} {floor_peak:5.0f} MB | "
              f"ratio {peak / floor_peak:6.1f}   target {target}", flush=True)

    def facts(self) -> tuple[str, str, int]:
        with sqlite3.connect(self.db) as connection:
            partnership = connection.execute("select name from partnership").fetchone()[0]
            body = connection.execute("select b.name from meeting m join body b on b.id = m.body_id where m.date >= ? "
                                      "and m.status != 'cancelled' order by m.date, b.name limit 1",
                                      (self.today.isoformat(),)).fetchone()[0]
            meeting = connection.execute("select meeting_id from agendaitem group by meeting_id "
                                         "order by count(*) desc, meeting_id limit 1").fetchone()[0]
        return partnership, body, meeting

    def run(self) -> None:
        partnership, body, meeting = self.facts()
        bare, conv = [], []
        for _ in range(self.runs):  # interleaved, so both see the same machine load
            bare.append(probe("bare"))
            conv.append(probe("convenor", str(self.db), partnership, body, "--actions"))
        bare_data = median([b[0].get("data", NAN) for b in bare])
        bare_table = median([b[0].get("table", NAN) for b in bare])
        bare_peak = max(b[1] for b in bare)
        dash = [probe("convenor", str(self.db), partnership, body) for _ in range(1 if self.quick else 2)]
        self.add("launch to dashboard with real data", median([c[0].get("data", NAN) for c in conv + dash]),
                 max(c[1] for c in dash), "bare Textual app, one line", (bare_data, bare_peak), "<= 1.5x")
        for key, label in (("actions_open", "Actions area: open"), ("actions_filter", "Actions area: filter change"),
                           ("actions_search", "Actions area: search")):
            self.add(label, median([c[0].get(key, NAN) for c in conv]), NAN,
                     "bare app: push 48-row table", (bare_table, NAN), "< 0.1 s")
        self.add_memory("TUI peak memory (dashboard, then Actions)", max(c[1] for c in conv),
                        "bare Textual app, one line", bare_peak, "< 200 MB")
        toml_floor = self.best(lambda: timed([sys.executable, "-c", FLOOR_TOML, *map(str, self.files)]), 1)
        load = self.load_all(self.folder / "empty.db")
        self.add(f"load the {len(self.files)} arrangements files into an empty db", *load, "parse the TOML files",
                 toml_floor, "< 30 s")
        reload = self.load_all(self.copy("reload.db"))
        self.add("reload that changes nothing", *reload, "parse the TOML files", toml_floor, "< 10 s")
        query_floor = self.best(lambda: timed([sys.executable, "-c", FLOOR_QUERY, str(self.db), self.today.isoformat()]))
        ics = self.best(lambda: self.convenor("export", "ics", "--all", "--method", "publish", "-o",
                                              str(self.folder / "feed.ics")), 1)
        self.add("export ics --all --method publish", *ics, "sqlite3 query + json", query_floor, "< 1 s")
        overdue = self.best(lambda: self.convenor("actions", "--overdue", "--json"))
        self.add("actions --overdue --json", *overdue, "sqlite3 query + json", query_floor, "< 0.5 s")
        docx_floor = self.best(lambda: timed([sys.executable, "-c", FLOOR_DOCX]))
        log = self.best(lambda: self.convenor("export", "actions", "--status", "open", "-o",
                                              str(self.folder / "log.docx")), 1)
        with sqlite3.connect(self.db) as connection:
            opened = connection.execute("select count(*) from action where status = 'open'").fetchone()[0]
        self.add(f"action log .docx ({opened} actions)", *log, "blank python-docx file", docx_floor, "< 10 s, < 300 MB")
        minutes = self.best(lambda: self.convenor("export", "minutes", "--meeting", str(meeting), "-o",
                                                  str(self.folder / "minutes.docx")))
        self.add("minutes of a 30-item meeting", *minutes, "blank python-docx file", docx_floor, "printed")
        end = self.today + timedelta(days=3652)
        schedule = self.convenor("schedule", "--from", self.today.isoformat(), "--to", end.isoformat(),
                                 db=self.copy("schedule.db"))
        self.add("schedule 10 years", schedule[0], schedule[1], "sqlite3 query + json", query_floor, "printed")

    def table(self, label: str) -> str:
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        head = (f"\n### {stamp}: {label}\n\n{self.counts['meeting']} meetings, {self.counts['action']} actions, "
                f"{self.counts['actionupdate']} updates, {self.counts['person']} people "
                f"(generated in {self.generate_seconds:.0f} s).\n\n"
                "| figure | time (s) | peak MB | floor | floor (s) | floor MB | ratio | target |\n"
                "|---|---|---|---|---|---|---|---|\n")
        def number(value: float, digits: int, suffix: str = "") -> str:
            if value != value:
                return "n/a"
            return f"> {TIMEOUT}" if value == float("inf") else f"{value:.{digits}f}{suffix}"

        lines = [f"| {f.name} | {number(f.seconds, 3)} | {number(f.peak_mb, 0)} | {f.floor_name} | "
                 f"{number(f.floor_seconds, 3)} | {number(f.floor_mb, 0)} | "
                 f"{'n/a' if f.ratio() == float('inf') else number(f.ratio(), 1, 'x')} | {f.target} |" for f in self.figures]
        return head + "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small partnership, one run each, no README table")
    parser.add_argument("--label", default="", help="a few words for the README table (e.g. the commit)")
    parser.add_argument("--keep", type=Path, help="generate into and keep this folder")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="convenor-bench-"))
    try:
        bench = Bench(folder, args.quick)
        bench.run()
        if not args.quick:
            commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                    text=True).stdout.strip()
            with README.open("a", encoding="utf-8") as readme:
                readme.write(bench.table(args.label or f"commit {commit}"))
            print(f"Added the table to {README}.")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
