"""The 汇总 of 80 units × 1,000 tasks, next to a bare SQL GROUP BY of the same counts.

    python bench/bench_summary.py [--units 80] [--tasks 1000] [--reps 100] [--no-view]

gkdesk side: `store.summary.summarise` (entries from the sheets sent, completions and reviews;
per unit and per section, tasks 已办结, the overdue list, plain dataclasses) and then the desk's
汇总 view models filled offscreen (`SummaryView.show_summary`: tables, ranking, overdue list).
Bare side: the same counts straight from `collection_sheet_tasks ⋈ completions ⋈ reviews` — one
GROUP BY per unit, one per section, one per task, the overdue rows — into plain dicts.
Every unit is sent every task (80,000 entries); two thirds are filled, a quarter reviewed.
CPU time of this process (the machine is shared); --reps runs per side in 4 interleaved blocks,
the ratio is the median of the blocks' median ratios. Aim: at most 2×.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.bench_collect import make_notice

COLLECTOR = "区政务服务办"

BARE_FACTS = """
WITH f AS (
  SELECT s.unit_id, st.task_id, ss.section_id, t.deadline_due,
         coalesce(c.status, '未开始') AS status,
         (c.id IS NOT NULL AND (c.status <> '未开始' OR c.text <> '')) AS reported,
         coalesce(v.state, '待审核') AS state
  FROM collection_sheet_tasks st JOIN collection_sheets s ON s.id = st.sheet_id
  JOIN tasks t ON t.id = st.task_id JOIN subsections ss ON ss.id = t.subsection_id
  LEFT JOIN completions c ON c.task_id = st.task_id AND c.unit_id = s.unit_id
  LEFT JOIN reviews v ON v.task_id = st.task_id AND v.unit_id = s.unit_id)
"""
COUNTS = ("count(*), sum(reported), sum(state = '通过'), sum(state = '退回'), sum(NOT reported), "
          "sum(deadline_due < :today AND status NOT IN ('已完成', '不涉及')), sum(status IN ('已完成', '不涉及'))")


def bare(db, today: str) -> dict:
    out: dict = {"units": {}, "sections": {}}
    for r in db.query(BARE_FACTS + f"SELECT unit_id, {COUNTS} FROM f GROUP BY unit_id", {"today": today}):
        out["units"][r[0]] = tuple(r[1:])
    for r in db.query(BARE_FACTS + f"SELECT section_id, {COUNTS} FROM f GROUP BY section_id", {"today": today}):
        out["sections"][r[0]] = tuple(r[1:])
    out["tasks"] = tuple(db.query_one(BARE_FACTS + "SELECT count(*), sum(d) FROM (SELECT task_id, "
                                      "min(status IN ('已完成', '不涉及')) AS d FROM f GROUP BY task_id)", {"today": today}))
    out["overdue"] = [tuple(r) for r in db.query(
        BARE_FACTS + "SELECT unit_id, task_id FROM f WHERE deadline_due < :today "
        "AND status NOT IN ('已完成', '不涉及')", {"today": today})]
    return out


def floor(db, today: str) -> dict:
    """Only the per-unit GROUP BY: the least any summary can cost (printed for reference)."""
    return {r[0]: tuple(r[1:]) for r in db.query(BARE_FACTS + f"SELECT unit_id, {COUNTS} FROM f GROUP BY unit_id",
                                                  {"today": today})}


def build(folder: Path, units: int, tasks: int):
    from gkdesk.domain.unit_list import parse_unit_list
    from gkdesk.store import Store

    store = Store.open(folder)
    nid = store.notices.save_import(make_notice(tasks)).notice_id
    names = [f"区部门{i + 1}局" for i in range(units)]
    listed, _ = parse_unit_list("".join(f"{n}\t部门\n" for n in names))
    store.unit_list.load(listed, source="bench")
    rnd = store.collection.new_round(nid, COLLECTOR)
    sheets = store.collection.plan_sheets(rnd.id, names)
    store.collection.record_sheets(rnd.id, [(s, s.file_stem + ".xlsx") for s in sheets])
    # Entries filled and reviewed straight into the tables (set_completion per entry would take
    # minutes of set-up; the summary reads the tables whatever wrote them).
    rng = random.Random(13)
    task_ids = [t.id for t in store.notices.load_result(nid).tasks()]
    unit_ids = [store.units.resolve(n).id for n in names]
    # Half the tasks are due before "today" so the overdue list is real.
    store.db.execute("UPDATE tasks SET deadline_due = '2022-06-30' WHERE notice_id = ? AND seq % 2 = 0", (nid,))
    comp, rev = [], []
    for u in unit_ids:
        for t in task_ids:
            x = rng.random()
            if x < 0.66:
                comp.append((t, u, rng.choice(("已完成", "推进中", "持续推进", "已完成")), f"单位{u}任务{t}已落实。"))
                if x < 0.25:
                    rev.append((t, u, "通过" if x < 0.22 else "退回", "" if x < 0.22 else "请补充公开路径。"))
    with store.db.transaction():
        store.db.executemany(
            "INSERT INTO completions(task_id, unit_id, status, text, updated_at) VALUES (?, ?, ?, ?, '2022-09-01 10:00:00')",
            comp)
        store.db.executemany(
            "INSERT INTO reviews(task_id, unit_id, state, reason, at) VALUES (?, ?, ?, ?, '2022-09-02 10:00:00')", rev)
    store.db.execute("ANALYZE")
    return store, nid


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=80)
    ap.add_argument("--tasks", type=int, default=1000)
    ap.add_argument("--reps", type=int, default=100)
    ap.add_argument("--no-view", action="store_true", help="time the store side only (no Qt)")
    args = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from datetime import date

    from gkdesk.store.summary import summarise

    work = Path(tempfile.mkdtemp(prefix="h13-bench-"))
    try:
        t0 = time.perf_counter()
        store, nid = build(work / "store", args.units, args.tasks)
        print(f"set-up: {args.units} units × {args.tasks} tasks, "
              f"{store.db.scalar('SELECT count(*) FROM collection_sheet_tasks')} entries, "
              f"{time.perf_counter() - t0:.1f} s")
        today = date(2022, 9, 20)
        view = None
        if not args.no_view:
            from PySide6.QtWidgets import QApplication

            app = QApplication.instance() or QApplication([])  # noqa: F841 (kept alive)
            from gkdesk.ui.summary_view import SummaryView

            view = SummaryView()

        def ours():
            s = summarise(store.db, nid, COLLECTOR, today)
            if view is not None:
                view.show_summary(s)
            return s

        s = ours()
        b = bare(store.db, today.isoformat())
        # Same numbers on both sides (checked once, not timed).
        assert len(s.units) == len(b["units"]) == args.units
        assert sum(u.tasks for u in s.units) == sum(v[0] for v in b["units"].values())
        assert sum(u.passed for u in s.units) == sum(v[2] for v in b["units"].values())
        assert sum(u.overdue for u in s.units) == sum(v[5] for v in b["units"].values()) == len(s.overdue)
        assert (s.task_count, s.tasks_done) == b["tasks"]

        blocks = 4
        per_block = max(1, -(-args.reps // blocks))

        def timed(fn, n: int) -> list[float]:
            out = []
            for _ in range(n):
                c = time.process_time()
                fn()
                out.append(time.process_time() - c)
            return out

        ratios = []
        ours_t, bare_t = [], []
        for _ in range(blocks):  # interleaved blocks, so a noisy neighbour hits both sides
            o = statistics.median(timed(ours, per_block))
            r = statistics.median(timed(lambda: bare(store.db, today.isoformat()), per_block))
            ours_t.append(o)
            bare_t.append(r)
            ratios.append(o / r)
        floor_t = statistics.median(timed(lambda: floor(store.db, today.isoformat()), per_block))
        what = "summarise" + ("" if args.no_view else " + 汇总 view models")
        print(f"{what}: {statistics.median(ours_t) * 1000:.1f} ms   bare GROUP BY: "
              f"{statistics.median(bare_t) * 1000:.1f} ms   (medians of {blocks} interleaved blocks × {per_block} runs each side)")
        print(f"ratio: {statistics.median(ratios):.2f}×  (blocks: {', '.join(f'{x:.2f}' for x in ratios)})")
        print(f"for reference, the per-unit GROUP BY alone: {floor_t * 1000:.1f} ms "
              f"({statistics.median(ours_t) / floor_t:.2f}× of it for the whole summary)")
        store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
