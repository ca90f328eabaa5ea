"""save_import of a 20,000-task tree (tests/fixtures/big_store.py), whole processes, alternating.

`python bench/bench_save_import.py [--runs 5] [--tasks 20000] [--before DIR]` times the save
in this checkout and, with --before, in another source tree (e.g. `git archive` of an older
commit unpacked into DIR), and prints the ratio of medians.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SIDE = r'''
import sys, tempfile, time
from pathlib import Path
from gkdesk.store import Store
from tests.fixtures.big_store import big_result
result = big_result(int(sys.argv[1]))
st = Store.open(Path(tempfile.mkdtemp()))
t = time.perf_counter()
st.notices.save_import(result)
print(time.perf_counter() - t)
'''


def arg(name: str, default: str) -> str:
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def main() -> None:
    runs, tasks = int(arg("--runs", "5")), arg("--tasks", "20000")
    trees = {"now": ROOT}
    if "--before" in sys.argv:
        trees["before"] = Path(arg("--before", ""))
    times: dict[str, list[float]] = {k: [] for k in trees}
    for _ in range(runs):
        for side, tree in trees.items():
            out = subprocess.run([sys.executable, "-c", SIDE, tasks], cwd=tree, capture_output=True,
                                 text=True, check=True, env={"PYTHONPATH": str(tree), "PATH": "/usr/bin"})
            times[side].append(float(out.stdout.strip().splitlines()[-1]))
    for side, v in times.items():
        print(f"{side:7} median {statistics.median(v):.2f} s  min-max {min(v):.2f}-{max(v):.2f}")
    if "before" in times:
        print(f"ratio now/before {statistics.median(times['now']) / statistics.median(times['before']):.2f}x")


if __name__ == "__main__":
    main()
