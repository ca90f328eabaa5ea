"""汇总 of a notice: counts per unit and per section, tasks 已办结, the overdue list — in SQL.

One GROUP BY over (unit, section) gives both tables (a unit's row is the sum of its sections',
eighty units × a handful of sections is a few hundred rows); one GROUP BY per task gives the
已办结 count of the 通报; one query lists the overdue entries. Plain dataclasses out
(domain/summary.py), so the CLI, the exporters and the desk's 汇总 view read the same numbers.
"""

from __future__ import annotations

from datetime import date

from gkdesk.domain.review import DONE_STATUSES, PASSED, RETURNED
from gkdesk.domain.summary import OverdueItem, Summary, SummaryRow
from gkdesk.store.db import Database
from gkdesk.store.errors import StoreError
from gkdesk.store.review import ENTRIES_SQL

_DONE = "(" + ", ".join(f"'{s}'" for s in DONE_STATUSES) + ")"

# One row per entry with the facts the counts need.
_FACTS = f"""
WITH e(task_id, unit_id) AS ({ENTRIES_SQL}),
f AS (
  SELECT e.unit_id, e.task_id, ss.section_id, t.seq, t.deadline_due,
         coalesce(c.status, '未开始') AS status,
         (c.id IS NOT NULL AND (c.status <> '未开始' OR c.text <> '' OR c.completed_on IS NOT NULL
                                OR c.links <> '[]' OR c.note <> '')) AS reported,
         coalesce(v.state, '待审核') AS state
  FROM e JOIN tasks t ON t.id = e.task_id JOIN subsections ss ON ss.id = t.subsection_id
  LEFT JOIN completions c ON c.task_id = e.task_id AND c.unit_id = e.unit_id
  LEFT JOIN reviews v ON v.task_id = e.task_id AND v.unit_id = e.unit_id
)
"""

_OVERDUE = f"(f.deadline_due IS NOT NULL AND f.deadline_due < :today AND f.status NOT IN {_DONE})"

_BY_UNIT_SECTION = _FACTS + f"""
SELECT f.unit_id, f.section_id, count(*) AS tasks, sum(f.reported) AS reported,
       sum(f.state = '{PASSED}') AS passed, sum(f.state = '{RETURNED}') AS sent_back,
       sum(NOT f.reported) AS empty, sum({_OVERDUE}) AS overdue, sum(f.status IN {_DONE}) AS done
FROM f GROUP BY f.unit_id, f.section_id
"""

_BY_TASK = _FACTS + f"""
SELECT count(*) AS tasks, coalesce(sum(all_done), 0) AS done FROM (
  SELECT f.task_id, min(f.status IN {_DONE}) AS all_done FROM f GROUP BY f.task_id)
"""

_OVERDUE_LIST = _FACTS + f"""
SELECT f.unit_id, f.task_id, f.deadline_due, f.status,
       (SELECT count(*) FROM tasks t2 WHERE t2.notice_id = :notice AND t2.seq <= f.seq) AS item_no
FROM f WHERE {_OVERDUE} ORDER BY f.seq, f.unit_id
"""

_FIELDS = ("tasks", "reported", "passed", "sent_back", "empty", "overdue", "done")


def summarise(db: Database, notice_id: int, collector: str | None = None, today: date | None = None) -> Summary:
    """The 汇总 of one notice; `collector` limits the sheets counted to that collector's rounds."""
    from gkdesk.domain.today import today as _today

    n = db.query_one("SELECT title, doc_number FROM notices WHERE id = ?", (notice_id,))
    if n is None:
        raise StoreError(f"找不到编号为 {notice_id} 的通知。", "not_found")
    day = today or _today()
    params = {"notice": notice_id, "collector": collector, "today": day.isoformat()}
    out = Summary(n["title"], n["doc_number"], collector or "", day)

    names = {r[0]: (r[1], r[2]) for r in db.query(
        "SELECT u.id, u.name, coalesce(l.position, 1e9) FROM units u LEFT JOIN unit_list l ON l.unit_id = u.id "
        "WHERE u.id IN (SELECT unit_id FROM collection_sheets s JOIN collection_rounds r ON r.id = s.round_id "
        "WHERE r.notice_id = :notice UNION SELECT c.unit_id FROM completions c JOIN tasks t ON t.id = c.task_id "
        "WHERE t.notice_id = :notice UNION SELECT v.unit_id FROM reviews v JOIN tasks t ON t.id = v.task_id "
        "WHERE t.notice_id = :notice)", {"notice": notice_id})}
    sections = [(r[0], r[1]) for r in db.query(
        "SELECT id, title FROM sections WHERE notice_id = ? ORDER BY position", (notice_id,))]
    units: dict[int, SummaryRow] = {}
    secs: dict[int, SummaryRow] = {}
    for r in db.query(_BY_UNIT_SECTION, params):
        u = units.get(r["unit_id"])
        if u is None:
            u = units[r["unit_id"]] = SummaryRow(names[r["unit_id"]][0])
        s = secs.get(r["section_id"])
        if s is None:
            s = secs[r["section_id"]] = SummaryRow("")
        for f in _FIELDS:
            v = r[f] or 0
            setattr(u, f, getattr(u, f) + v)
            setattr(s, f, getattr(s, f) + v)
    out.units = [units[i] for i in sorted(units, key=lambda i: (names[i][1], names[i][0]))]
    for sid, title in sections:
        if sid in secs:
            secs[sid].name = title
            out.sections.append(secs[sid])

    t = db.query_one(_BY_TASK, params)
    out.task_count, out.tasks_done = int(t["tasks"]), int(t["done"])

    texts = {}
    for r in db.query(_OVERDUE_LIST, params):
        if r["task_id"] not in texts:
            texts[r["task_id"]] = db.scalar("SELECT text FROM tasks WHERE id = ?", (r["task_id"],))
        out.overdue.append(OverdueItem(names[r["unit_id"]][0], int(r["item_no"]), texts[r["task_id"]],
                                       date.fromisoformat(r["deadline_due"]), r["status"]))
    return out


__all__ = ["summarise"]
