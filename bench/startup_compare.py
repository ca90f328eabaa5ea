"""`gkdesk --smoke` of several checkouts beside the bare window, alternating whole processes (issue 16).

    python bench/startup_compare.py DATA_DIR|empty --tree /tmp/before --tree . [--runs 9] [--floor]

One round runs each checkout's `--smoke`, then the bare PySide6 window (and, with --floor, the
desk's frame without gkdesk: bench/run.py BARE_DESK); the first round only warms the caches.
"empty" gives each run a data folder that does not exist yet (a clerk's first start). Prints per
side the median (min–max) wall time, its ratio to the bare window, the CPU time (user + system)
and its ratio, and the peak RSS — the same environment as bench/run.py.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # noqa: E402 - bench/run.py: env(), BARE_WINDOW, BARE_DESK


def once(argv: list[str], root: Path) -> tuple[float, float, float]:
    env = bench.env()
    env["PYTHONPATH"] = str(root)
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{argv[:4]} failed in {root}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store", help='data folder, or "empty" for a new one per run')
    ap.add_argument("--tree", action="append", type=Path, required=True, help="checkout (repeatable)")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--floor", action="store_true", help="also the desk's frame without gkdesk")
    args = ap.parse_args()
    here = bench.ROOT
    sides = [(str(t), t) for t in args.tree] + ([("floor", here)] if args.floor else []) + [("bare", here)]
    found: dict[str, list[tuple[float, float, float]]] = {name: [] for name, _ in sides}
    for run in range(args.runs + 1):
        for name, root in sides:
            folder = args.store
            if name == "bare":
                argv = [bench.PY, "-c", bench.BARE_WINDOW]
            elif name == "floor":
                argv = [bench.PY, "-c", bench.BARE_DESK, args.store]
            else:
                if args.store == "empty":
                    folder = tempfile.mkdtemp(prefix="gkdesk-first-start-")
                    shutil.rmtree(folder)
                argv = [bench.PY, "-m", "gkdesk.app", "--data-dir", folder, "--smoke"]
            result = once(argv, root.resolve())
            if folder != args.store:
                shutil.rmtree(folder, ignore_errors=True)
            if run:
                found[name].append(result)
    med = lambda v: statistics.median(v)
    bare_wall, bare_cpu = med([r[0] for r in found["bare"]]), med([r[1] for r in found["bare"]])
    print(f"{args.runs} alternating rounds; median (min–max)")
    print("| side | wall | × bare | CPU | × bare | peak RSS |")
    print("|---|---|---|---|---|---|")
    for name, rows in found.items():
        wall, cpu, rss = ([r[i] for r in rows] for i in range(3))
        print(f"| {name} | {med(wall):.3f} s ({min(wall):.3f}–{max(wall):.3f}) | {med(wall) / bare_wall:.2f} | "
              f"{med(cpu):.3f} s | {med(cpu) / bare_cpu:.2f} | {med(rss):.1f} MiB |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
