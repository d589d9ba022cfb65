"""Time to real data on the first screen: Convenor against a bare Textual app, in one run.

Run from the project folder:  .venv/bin/python -m benchmarks.startup [--years N]
Each figure is the median of several fresh processes (imports included), from
process start until the partnership's name and the next meeting are on screen
(Convenor started as ``convenor --db FILE`` starts it, on a generated
partnership), against a bare Textual app showing one line. The ratio is what
matters: machines here are shared and noisy. benchmarks.run reports the same
figure among the others.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from benchmarks.generate import generate
from benchmarks.run import Bench, probe

RUNS = 5


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup")
    parser.add_argument("--years", type=int, default=10)
    years = parser.parse_args().years
    with tempfile.TemporaryDirectory() as tmp:
        bench = Bench.__new__(Bench)
        bench.db, _, _ = generate(Path(tmp), years=years)
        from datetime import date

        bench.today = date.today()
        partnership, body, _ = bench.facts()
        bare, data, peak = [], [], []
        for _ in range(RUNS):  # interleaved so both see the same machine load
            bare.append(probe("bare")[0]["data"])
            figures, mb = probe("convenor", str(bench.db), partnership, body)
            data.append(figures.get("data", float("nan")))
            peak.append(mb)
    b, d = statistics.median(bare), statistics.median(data)
    print(f"bare Textual app, one line        {b:7.3f} s")
    print(f"Convenor, dashboard data shown    {d:7.3f} s   ratio {d / b:4.2f}   peak {max(peak):.0f} MB")


if __name__ == "__main__":
    main()
