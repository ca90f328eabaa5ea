"""CPU time of each phase of `gkdesk --smoke`, in one process, median of N processes (issue 16).

    PYTHONPATH=$PWD QT_QPA_PLATFORM=offscreen python bench/startup_phases.py DATA_DIR [--runs 9]

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
code = app.main(["--data-dir", sys.argv[1], "--smoke"])
mark("disposal, store closed")
print("\t".join(f"{name}={1000 * (t - marks[i][1]):.2f}" for i, (name, t) in enumerate(marks[1:])))
'''


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir")
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen",
               PYTHONPYCACHEPREFIX=os.environ.get("PYTHONPYCACHEPREFIX", "/tmp/gkdesk-bench-pycache"))
    phases: dict[str, list[float]] = {}
    for _ in range(args.runs + 1):  # the first run warms the caches
        out = subprocess.run([sys.executable, "-c", ONE, args.data_dir], cwd=ROOT, env=env, capture_output=True,
                             text=True, check=True).stdout.splitlines()[-1]
        for part in out.split("\t"):
            name, ms = part.rsplit("=", 1)
            phases.setdefault(name, []).append(float(ms))
    total = [sum(v[i] for v in phases.values()) for i in range(args.runs + 1)][1:]
    print(f"CPU ms, median (min–max) of {args.runs} processes")
    for name, v in [*phases.items(), ("total", [0.0, *total])]:
        v = v[1:]
        print(f"| {name} | {statistics.median(v):.1f} ({min(v):.1f}–{max(v):.1f}) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
