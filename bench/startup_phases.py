"""CPU time of each phase of `gkdesk --smoke`, in one process, median of N processes (issue 16).

    python bench/startup_phases.py DATA_DIR [--runs 9] [--tree DIR …]

With --tree (a checkout of another commit, e.g. `git archive 291ec9e | tar -x -C /tmp/before`),
the processes alternate between the trees and each gets a column (this checkout if none is given).

CPU time (time.process_time) rather than the wall clock: on the shared machine it moves far less.
The phases follow app.main: the modules without Qt (app.WITHOUT_QT), PySide6, the desk's ui
modules, QApplication + translations + the store's opening, MainWindow(), show until the task
tree's first paint, the paint's end, and the window's disposal. Interpreter start and exit are
not in it (the whole process is bench/run.py's business).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ONE = r'''
import sys, time
marks = []
def mark(name):
    marks.append((name, time.process_time()))
mark("start")
import importlib
from gkdesk import app
for name in app.WITHOUT_QT:
    importlib.import_module(name)
mark("modules without Qt")
from PySide6.QtWidgets import QApplication
mark("import PySide6.QtWidgets")
import gkdesk.ui.main_window as mw
mark("import gkdesk.ui.main_window")
real_init, real_exec, real_exit = mw.MainWindow.__init__, QApplication.exec, QApplication.exit
def init(self, *a, **k):
    mark("QApplication, translations, Store.open")
    real_init(self, *a, **k)
    mark("MainWindow()")
def run(*a):
    mark("restore_state, show")
    code = real_exec(*a)
    mark("rest of the first paint")
    return code
def leave(*a):
    mark("until the tree's first paint")
    return real_exit(*a)
mw.MainWindow.__init__, QApplication.exec, QApplication.exit = init, staticmethod(run), staticmethod(leave)
from PySide6.QtCore import QTimer
real_shot = QTimer.singleShot
def shot(ms, *a):  # how --smoke ended before it called app.exit (commit 291ec9e and earlier)
    if ms == 0 and a and getattr(a[-1], "__name__", "") == "quit":
        mark("until the tree's first paint")
    return real_shot(ms, *a)
QTimer.singleShot = shot
code = app.main(["--data-dir", sys.argv[1], "--smoke"])
mark("disposal, store closed")
print("\t".join(f"{name}={1000 * (t - marks[i][1]):.2f}" for i, (name, t) in enumerate(marks[1:])))
'''


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--tree", action="append", type=Path, help="checkout to run (repeatable)")
    args = ap.parse_args()
    trees = args.tree or [ROOT]
    phases: list[dict[str, list[float]]] = [{} for _ in trees]
    for run in range(args.runs + 1):  # the first round warms the caches
        for tree, found in zip(trees, phases):
            env = dict(os.environ, PYTHONPATH=str(tree), QT_QPA_PLATFORM="offscreen",
                       PYTHONPYCACHEPREFIX=os.environ.get("PYTHONPYCACHEPREFIX", "/tmp/gkdesk-bench-pycache"))
            out = subprocess.run([sys.executable, "-c", ONE, args.data_dir], cwd=tree, env=env, capture_output=True,
                                 text=True, check=True).stdout.splitlines()[-1]
            if not run:
                continue
            for part in out.split("\t"):
                name, ms = part.rsplit("=", 1)
                found.setdefault(name, []).append(float(ms))
    print(f"CPU ms, median (min–max) of {args.runs} processes per tree, alternating")
    print("| phase | " + " | ".join(str(t) for t in trees) + " |")
    print("|---|" + "---|" * len(trees))
    names = list(dict.fromkeys(n for found in phases for n in found))
    cell = lambda v: f"{statistics.median(v):.1f} ({min(v):.1f}–{max(v):.1f})" if v else "—"
    for name in names:
        print(f"| {name} | " + " | ".join(cell(found.get(name, [])) for found in phases) + " |")
    totals = [[sum(v[i] for v in found.values()) for i in range(args.runs)] for found in phases]
    print("| total | " + " | ".join(cell(t) for t in totals) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
