"""Handing out 填报表 to 80 units of a 60-task notice and taking 80 returns back, next to openpyxl.

    python bench/bench_collect.py [--units 80] [--tasks 60] [--runs 3]

gkdesk side: `collection_ops.hand_out` (plan from the store, write 80 styled, protected workbooks
with their hidden identity, record the round) and `collection_ops.take_back_files` (read each
return, check identity and digests, merge into the store in one transaction per file).
openpyxl side: the same cell values written into 80 plain workbooks (`Workbook().append`), and the
80 returns read back (`load_workbook(read_only=True)`, every value of every sheet). The issue's
aim: at most 2× openpyxl. Not a test: timings depend on the machine. CPU time of this process
(the machine is shared; wall time would count the neighbours). Each run is a pair per side, the\norder alternating between runs, after one warm-up run; the ratio is the median of the pairs'.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def make_notice(tasks: int):
    from gkdesk.domain.deadlines import parse_deadline
    from gkdesk.domain.model import Column, ImportResult, Notice, Section, Subsection, Task

    roles = [("工作任务", "section"), ("工作任务", "subsection"), ("贯彻举措", "text"), ("牵头单位", "lead"),
             ("责任单位", "responsible"), ("完成时限", "deadline")]
    sections = []
    per = 10
    for s in range(-(-tasks // per)):
        sub = Subsection(f"（{'一二三四五六七八九十'[s % 10]}）第{s + 1}组工作。")
        for i in range(min(per, tasks - s * per)):
            n = s * per + i + 1
            sub.tasks.append(Task(
                text=f"第{n}项：按照要求做好政务公开第{n}项工作，及时发布相关信息，加强政策解读，回应社会关切，"
                     f"确保信息准确、及时、规范。" * 2,
                lead=[f"区部门{n % 40 + 1}局"], responsible=["各镇（街道）", "区政府各部门"],
                deadline=parse_deadline("2022年12月底前", 2022)))
        sections.append(Section(f"{'一二三四五六七八九十'[s % 10]}、第{s + 1}部分", [sub]))
    return ImportResult(
        notice=Notice(doc_number="江津府办发〔2022〕97号", title="关于印发江津区2022年政务公开工作要点任务分工的通知",
                      year=2022),
        columns=[Column(h, r) for h, r in roles], sections=sections, source_sha256="bench")


def fill(paths: list[Path], back: Path) -> None:
    """Each unit types into three rows (not timed)."""
    import openpyxl

    back.mkdir()
    for k, p in enumerate(paths):
        wb = openpyxl.load_workbook(p)
        ws = wb["填报表"]
        head = [c.value for c in ws[4]]
        col = head.index("完成情况") + 1
        for r in (5, 6, 7):
            ws.cell(r, col, f"单位{k}已完成第{r}行的工作。")
        wb.save(back / p.name)


def bare_write(sheets, folder: Path) -> None:
    from openpyxl import Workbook

    folder.mkdir()
    for d in sheets:
        wb = Workbook()
        ws = wb.active
        ws.append([d.notice_title])
        ws.append([d.unit])
        ws.append(["\n".join(d.instructions)])
        ws.append(d.headers())
        for row in d.rows:
            ws.append([row.key, *row.fixed, *(row.held.get(f) for f in ("status", "text", "completed_on", "links", "note"))])
        idn = wb.create_sheet("_gkdesk")
        for row in d.rows:
            idn.append(["task", row.key, row.digest])
        wb.save(folder / (d.file_stem + ".xlsx"))


def bare_read(folder: Path) -> int:
    import openpyxl

    n = 0
    for p in sorted(folder.iterdir()):
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                n += len(row)
        wb.close()
    return n


def one_run(units: int, tasks: int, work: Path, bare_first: bool = False) -> dict[str, float]:
    """One pair per side; bare_first times openpyxl before gkdesk (runs alternate the order)."""
    from gkdesk import collection_ops as ops
    from gkdesk.domain.unit_list import listed
    from gkdesk.store import Store

    store = Store.open(work / "store")
    nid = store.notices.save_import(make_notice(tasks)).notice_id
    names = [f"区部门{i}局" for i in range(1, units // 2 + 1)] + [f"第{i}镇" for i in range(1, units - units // 2 + 1)]
    store.unit_list.load([listed(n) for n in names])

    def timed(fn):
        t = time.process_time()
        out = fn()
        return out, time.process_time() - t

    def gkdesk_out():
        return ops.hand_out(store, nid, names, work / "sent", "区政务服务办")

    if bare_first:  # the same cells, planned from a round of their own (not timed)
        sheets = store.collection.plan_sheets(store.collection.new_round(nid, "区政务服务办").id, names)
        _, bare_w = timed(lambda: bare_write(sheets, work / "bare"))
        (rnd, paths), gen = timed(gkdesk_out)
    else:
        (rnd, paths), gen = timed(gkdesk_out)
        sheets = store.collection.plan_sheets(rnd.id, names)
        _, bare_w = timed(lambda: bare_write(sheets, work / "bare"))
    assert len(paths) == units

    fill(paths, work / "back")
    if bare_first:
        _, bare_r = timed(lambda: bare_read(work / "back"))
    outcomes, take = timed(lambda: ops.take_back_files(store, [work / "back"]))
    if not bare_first:
        _, bare_r = timed(lambda: bare_read(work / "back"))
    assert [o.status for o in outcomes] == ["taken"] * units, [o.message for o in outcomes if o.status != "taken"][:3]
    assert int(store.db.scalar("SELECT count(*) FROM completions")) == 3 * units
    store.close()
    return {"gen": gen, "bare_write": bare_w, "take": take, "bare_read": bare_r}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=80)
    ap.add_argument("--tasks", type=int, default=60)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    os.environ.setdefault("PYTHONPYCACHEPREFIX", tempfile.gettempdir() + "/gkdesk-bench-pyc")
    results = []
    for i in range(args.runs + 1):  # run 0 warms up (imports, caches) and is not counted
        work = Path(tempfile.mkdtemp(prefix="gkdesk-bench-collect-"))
        try:
            r = one_run(args.units, args.tasks, work, bare_first=i % 2 == 1)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        if i:
            results.append(r)
    med = {k: statistics.median(r[k] for r in results) for k in results[0]}
    gen_ratios = [r["gen"] / r["bare_write"] for r in results]
    take_ratios = [r["take"] / r["bare_read"] for r in results]
    print(f"{args.units} units × {args.tasks}-task notice, {args.runs} alternating pairs (medians)")
    print(f"  hand out : gkdesk {med['gen']:.2f} s   openpyxl write {med['bare_write']:.2f} s   "
          f"ratio {statistics.median(gen_ratios):.2f}×  (pairs {' '.join(f'{x:.2f}' for x in gen_ratios)})")
    print(f"  take back: gkdesk {med['take']:.2f} s   openpyxl read  {med['bare_read']:.2f} s   "
          f"ratio {statistics.median(take_ratios):.2f}×  (pairs {' '.join(f'{x:.2f}' for x in take_ratios)})")


if __name__ == "__main__":
    main()
