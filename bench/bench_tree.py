"""How long the task tree takes to open and to search a notice of 100,000 tasks.

    python bench/bench_tree.py [--runs 5]

Builds the store with tests/test_task_model_scale.build_big_notice (10 sections × 10 subsections
× 1000 tasks), then times, median of ``--runs`` runs, what a clerk waits for: the model opened
(sections), the first section and subsection expanded and the first page painted in an offscreen
QTreeView; and, separately, the status-bar counts (one aggregate over every kept task, which the
window can run after the first paint). The same for searches (2 characters via LIKE, 5 via the
trigram index), a 我牵头的 + 已逾期 filter, and jumping to the last task. Prints the rows each step
read from the store too. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QTreeView  # noqa: E402

from gkdesk.store import Store  # noqa: E402
from gkdesk.store.browse import TaskBrowser, TaskFilter  # noqa: E402
from gkdesk.ui.task_model import NODE_KIND_ROLE, TaskTreeModel  # noqa: E402
from tests.test_task_model_scale import build_big_notice  # noqa: E402

TODAY = date(2020, 12, 1)


def settle(app: QApplication, done) -> None:
    while not done():
        app.processEvents()


def open_and_paint(app: QApplication, store: Store, f: TaskFilter) -> None:
    """set_filter, expand the first section and subsection, paint the view."""
    model = TaskTreeModel(TaskBrowser(store.db))
    view = QTreeView()
    view.setUniformRowHeights(True)
    view.resize(1000, 700)
    model.set_filter(f)
    view.setModel(model)
    view.show()
    section = model.index(0, 0)
    view.expand(section)
    settle(app, lambda: model.data(model.index(0, 0, section), NODE_KIND_ROLE) == "subsection")
    sub = model.index(0, 0, section)
    view.expand(sub)
    settle(app, lambda: model.data(model.index(0, 0, sub), NODE_KIND_ROLE) == "task")
    view.grab()  # a real paint: the visible rows' columns are read here
    view.close()


def jump_to_last(store: Store, f: TaskFilter, task_id: int) -> None:
    model = TaskTreeModel(TaskBrowser(store.db))
    model.set_filter(f)
    model.data(model.index_for_task(task_id))


def measure(store: Store, runs: int, step) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        with store.db.counting() as reads:
            step()
        times.append(time.perf_counter() - start)
        rows = reads.rows
    return statistics.median(times), rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp))
        start = time.perf_counter()
        notice_id = build_big_notice(store)
        print(f"generate 100,000 tasks: {time.perf_counter() - start:.2f} s  (fts: {store.db.fts})")
        last = int(store.db.scalar("SELECT max(id) FROM tasks WHERE notice_id = ?", (notice_id,)))
        cases = {
            "open (本单位 财政局)": lambda: open_and_paint(app, store, TaskFilter(notice_id, unit="财政局", today=TODAY)),
            "search 舆情 (LIKE)": lambda: open_and_paint(
                app, store, TaskFilter(notice_id, unit="财政局", query="舆情", today=TODAY)),
            "search 网站集约化 (trigram)": lambda: open_and_paint(
                app, store, TaskFilter(notice_id, unit="财政局", query="网站集约化", today=TODAY)),
            "我牵头的 + 已逾期": lambda: open_and_paint(
                app, store, TaskFilter(notice_id, unit="财政局", scope="lead", deadline="overdue", today=TODAY)),
            "index_for_task(last task)": lambda: jump_to_last(
                store, TaskFilter(notice_id, unit="财政局", today=TODAY), last),
        }
        print(f"{'step':<28} {'median':>9} {'rows read':>10}   (median of {args.runs} runs)")
        counted = {
            f"counts: {name}": (lambda f=f: TaskBrowser(store.db).counts(f))
            for name, f in {
                "本单位 财政局": TaskFilter(notice_id, unit="财政局", today=TODAY),
                "no unit": TaskFilter(notice_id, today=TODAY),
                "search 舆情": TaskFilter(notice_id, unit="财政局", query="舆情", today=TODAY),
                "search 网站集约化": TaskFilter(notice_id, unit="财政局", query="网站集约化", today=TODAY),
            }.items()
        }
        for name, fn in {**cases, **counted}.items():
            seconds, rows = measure(store, args.runs, fn)
            print(f"{name:<28} {seconds * 1000:7.1f} ms {rows:>10}")
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
