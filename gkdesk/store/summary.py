"""汇总 of a notice: counts per unit and per section, tasks 已办结, the overdue list — in SQL.

One GROUP BY over (unit, section) gives both tables (a unit's row is the sum of its sections',
eighty units × a handful of sections is a few hundred rows); one GROUP BY per task gives the
已办结 count of the 通报; one query lists the overdue entries. Plain dataclasses out
(domain/summary.py), so the CLI, the exporters and the desk's 汇总 view read the same numbers.
"""

from __future__ import annotations

from datetime import date

from gkdesk.domain.records import NOT_STARTED
from gkdesk.domain.review import DONE_STATUSES, PASSED, RETURNED, warning_bounds
from gkdesk.domain.summary import OverdueItem, Summary, SummaryRow
from gkdesk.store.db import Database
from gkdesk.store.errors import StoreError
from gkdesk.store.review import ENTRIES_SQL, ReviewRepository

_DONE = "(" + ", ".join(f"'{s}'" for s in DONE_STATUSES) + ")"

# One row per entry with the facts the counts need, materialised once per summary (a temp table
# of this connection), so the entries' UNION and joins are not redone by each GROUP BY.
_FACTS = f"""
CREATE TEMP TABLE summary_facts AS
WITH e(task_id, unit_id) AS ({ENTRIES_SQL}),
numbered AS (SELECT id, row_number() OVER (ORDER BY seq) AS item_no FROM tasks WHERE notice_id = :notice)
SELECT e.unit_id, e.task_id, ss.section_id, n.item_no, t.deadline_due,
       coalesce(c.status, '{NOT_STARTED}') AS status,
       (c.id IS NOT NULL AND (c.status <> '{NOT_STARTED}' OR c.text <> '' OR c.completed_on IS NOT NULL
                              OR c.links <> '[]' OR c.note <> '')) AS reported,
       coalesce(v.state, '待审核') AS state
FROM e JOIN tasks t ON t.id = e.task_id JOIN numbered n ON n.id = e.task_id
JOIN subsections ss ON ss.id = t.subsection_id
LEFT JOIN completions c ON c.task_id = e.task_id AND c.unit_id = e.unit_id
LEFT JOIN reviews v ON v.task_id = e.task_id AND v.unit_id = e.unit_id
"""

_OVERDUE = f"(f.deadline_due IS NOT NULL AND f.deadline_due < :today AND f.status NOT IN {_DONE})"

_COUNTS = f"""count(*) AS tasks, sum(f.reported) AS reported,
       sum(f.state = '{PASSED}') AS passed, sum(f.state = '{RETURNED}') AS sent_back,
       sum(NOT f.reported) AS empty, sum({_OVERDUE}) AS overdue, sum(f.status IN {_DONE}) AS done,
       sum(f.deadline_due IS NOT NULL AND f.deadline_due >= :today AND f.deadline_due <= :soon
           AND f.status NOT IN {_DONE}) AS due_soon"""
# One GROUP BY gives both tables: a unit's row and a section's row are sums over this grid, which
# is faster than a GROUP BY per table over the entries (measured: bench/bench_summary.py).
_BY_UNIT_SECTION = f"SELECT f.unit_id, f.section_id, {_COUNTS} FROM temp.summary_facts f GROUP BY f.unit_id, f.section_id"

_BY_TASK = f"""
SELECT count(*) AS tasks, coalesce(sum(all_done), 0) AS done FROM (
  SELECT f.task_id, min(f.status IN {_DONE}) AS all_done FROM temp.summary_facts f GROUP BY f.task_id)
"""

_OVERDUE_LIST = f"""
SELECT f.unit_id, f.task_id, f.item_no, f.deadline_due, f.status
FROM temp.summary_facts f WHERE {_OVERDUE} ORDER BY f.item_no, f.unit_id
"""
_OVERDUE_TEXTS = f"""
SELECT id, text FROM tasks WHERE id IN (SELECT f.task_id FROM temp.summary_facts f WHERE {_OVERDUE})
"""

# The order of _COUNTS and of SummaryRow's fields.
_FIELDS = ("tasks", "reported", "passed", "sent_back", "empty", "overdue", "done", "due_soon")


def summarise(db: Database, notice_id: int, collector: str | None = None, today: date | None = None) -> Summary:
    """The 汇总 of one notice; `collector` limits the sheets counted to that collector's rounds."""
    from gkdesk.domain.today import today as _today

    n = db.query_one("SELECT title, doc_number FROM notices WHERE id = ?", (notice_id,))
    if n is None:
        raise StoreError(f"找不到编号为 {notice_id} 的通知。", "not_found")
    day = today or _today()
    days = ReviewRepository(db).warning_days
    out = Summary(n["title"], n["doc_number"], collector or "", day, days)
    overdue_before, soon_until = warning_bounds(day, days)

    sections = [(r[0], r[1]) for r in db.query(
        "SELECT id, title FROM sections WHERE notice_id = ? ORDER BY position", (notice_id,))]
    db.execute("DROP TABLE IF EXISTS temp.summary_facts")
    db.execute(_FACTS, {"notice": notice_id, "collector": collector})
    try:
        names = {r[0]: (r[1], r[2]) for r in db.query(
            "SELECT u.id, u.name, coalesce(l.position, 1e9) FROM units u LEFT JOIN unit_list l ON l.unit_id = u.id "
            "WHERE u.id IN (SELECT DISTINCT unit_id FROM temp.summary_facts)")}
        _fill(db, out, names, sections, {"today": overdue_before.isoformat(), "soon": soon_until.isoformat()})
    finally:
        db.execute("DROP TABLE IF EXISTS temp.summary_facts")
    return out


def _fill(db: Database, out: Summary, names, sections, params) -> None:
    units: dict[int, list[int]] = {}
    secs: dict[int, list[int]] = {}
    for r in db.query(_BY_UNIT_SECTION, params):
        v = r[2:]
        for key, acc in ((r[0], units), (r[1], secs)):
            a = acc.get(key)
            acc[key] = list(v) if a is None else [x + y for x, y in zip(a, v)]
    out.units = [SummaryRow(names[i][0], *units[i]) for i in sorted(units, key=lambda i: (names[i][1], names[i][0]))]
    out.sections = [SummaryRow(title, *secs[sid]) for sid, title in sections if sid in secs]

    t = db.query_one(_BY_TASK, params)
    out.task_count, out.tasks_done = int(t["tasks"]), int(t["done"])

    texts = {r[0]: r[1] for r in db.query(_OVERDUE_TEXTS, params)}
    dues: dict[str, date] = {}
    for r in db.query(_OVERDUE_LIST, params):
        due = dues.get(r[3]) or dues.setdefault(r[3], date.fromisoformat(r[3]))
        out.overdue.append(OverdueItem(names[r[0]][0], r[2], texts[r[1]], due, r[4]))


__all__ = ["summarise"]
