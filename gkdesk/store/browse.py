"""Paged reads for the task tree: which sections, subsections and tasks a filter keeps.

Every filter (my unit, status, deadline, full text) runs in SQL, and only the rows a screen shows
come back to Python, so a notice of 100,000 tasks opens by reading a few hundred rows. The tree
model (ui/task_model.py) holds ids and asks `task_rows` for a page of them as they are shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from gkdesk.domain.model import Deadline
from gkdesk.domain.record import field, record
from gkdesk.domain.records import CLOSED, DONE, NOT_STARTED
from gkdesk.domain.today import today as real_today
from gkdesk.store.db import Database
from gkdesk.domain.review import warning_bounds
from gkdesk.store.search import addressed_condition, concerning_condition, text_condition
from gkdesk.store.unit_repo import UnitRepository

SCOPES = ("all", "lead", "responsible", "mine", "concern")
DEADLINES = (None, "overdue", "week", "month", "ongoing")
SOON_DAYS = 7
_ROLES = {"lead": ("lead",), "responsible": ("responsible",), "mine": ("lead", "responsible")}
_SEP = "\x1f"  # joins unit names in one SQL value; never part of a normalized name
# My unit's status of task `t`; the completions row comes from the LEFT JOIN in _FROM.
_STATUS = f"coalesce(c.status, '{NOT_STARTED}')"
_OPEN = f"{_STATUS} NOT IN ({', '.join(repr(s) for s in CLOSED)})"
_FROM = "FROM tasks t LEFT JOIN completions c ON c.task_id = t.id AND c.unit_id = ?"


@record(frozen=True)
class TaskFilter:
    notice_id: int
    unit: str | None = None  # 本单位, any spelling (财政局 = 区财政局)
    scope: str = "all"  # all / lead / responsible / mine (lead or responsible) / concern (有关单位…)
    statuses: frozenset[str] | None = None  # my unit's status; no completion = 未开始
    deadline: str | None = None  # overdue / week / month / ongoing
    query: str = ""
    today: date = field(default_factory=real_today)
    soon_days: int = SOON_DAYS  # 即将到期 = due within this many days (设置 预警天数 on the desk)

    def __post_init__(self) -> None:
        if self.scope not in SCOPES:
            raise ValueError(f"scope must be one of {SCOPES}, got {self.scope!r}")
        if self.deadline not in DEADLINES:
            raise ValueError(f"deadline must be one of {DEADLINES}, got {self.deadline!r}")
        if self.statuses is not None:  # callers pass a set; frozen keeps the filter hashable
            object.__setattr__(self, "statuses", frozenset(self.statuses))

    @property
    def narrows(self) -> bool:
        """False when every task passes: the tree then also shows empty sections, as printed."""
        return bool(self.scope != "all" or self.statuses or self.deadline or self.query.strip())


class Part(NamedTuple):
    """A section or subsection row; for a subsection, how many of its tasks the filter keeps."""

    id: int
    title: str
    tasks: int | None  # None for sections (not counted)


class TaskPlace(NamedTuple):
    section_id: int
    subsection_id: int
    row: int  # among the subsection's tasks the filter keeps


class Counts(NamedTuple):
    total: int  # tasks the filter keeps
    mine: int  # of those, addressed to my unit (or its groups)
    done: int  # of mine (of all when no unit is set): my status 已完成
    overdue: int  # of mine (of all when no unit is set): due before today and not closed
    soon: int = 0  # of mine (of all when no unit is set): 即将到期, due within soon_days, not closed


@record(frozen=True)
class TaskRow:
    id: int
    number: str
    text: str
    lead: tuple[str, ...]
    responsible: tuple[str, ...]
    deadline_text: str
    deadline_kind: str
    due: date | None
    status: str  # my unit's status
    title: str = ""  # 工作任务 beside the requirement text, when the notice has both columns

    @property
    def deadline(self) -> Deadline:
        return Deadline(self.deadline_text, self.deadline_kind, self.due)

    def urgency(self, today: date, soon_days: int = SOON_DAYS) -> str | None:
        """'done', 'overdue', 'soon' (due within `soon_days`) or None — the rule of domain/review.py
        warning_bounds, which the 审核 entries and the 汇总 use too."""
        if self.status == DONE:
            return "done"
        if self.due is None or self.status in CLOSED:
            return None
        overdue_before, soon_until = warning_bounds(today, soon_days)
        if self.due < overdue_before:
            return "overdue"
        return "soon" if self.due <= soon_until else None


class _Where(NamedTuple):
    """A filter compiled to SQL over `_FROM`: params run join first, then the condition."""

    unit_id: int
    cond: str
    params: tuple[Any, ...]
    mine: str  # condition "addressed to my unit", "0" without a unit
    mine_params: tuple[Any, ...]


class TaskBrowser:
    def __init__(self, db: Database) -> None:
        self.db = db
        # Compiling reads the unit's aliases and groups; a model asks many times per filter.
        self._compile = lru_cache(maxsize=16)(self._compile_uncached)

    def forget(self) -> None:
        """Drop compiled filters after units, aliases or group membership changed."""
        self._compile.cache_clear()

    # -- the tree ------------------------------------------------------------------------------
    def sections(self, f: TaskFilter) -> list[Part]:
        """Sections holding a kept task (all of them when nothing is filtered), in order.

        Their tasks are not counted: a section only needs to know it has one, and EXISTS stops at
        the first, where a count would pass over every task of a 100,000-task notice once more.
        """
        w = self._compile(f)
        keep = (
            f" AND EXISTS (SELECT 1 FROM subsections s JOIN tasks t ON t.subsection_id = s.id "
            f"LEFT JOIN completions c ON c.task_id = t.id AND c.unit_id = ? "
            f"WHERE s.section_id = p.id AND {w.cond})" if f.narrows else ""
        )
        rows = self.db.query(
            f"SELECT p.id, p.title FROM sections p WHERE p.notice_id = ?{keep} ORDER BY p.position",
            (f.notice_id, *((w.unit_id, *w.params) if f.narrows else ())),
        )
        return [Part(r[0], r[1], None) for r in rows]

    def subsections(self, f: TaskFilter, section_id: int) -> list[Part]:
        """A section's subsections with the number of kept tasks (the tree's paging needs it)."""
        w = self._compile(f)
        rows = self.db.query(
            f"SELECT p.id, p.title, (SELECT count(*) {_FROM} WHERE t.subsection_id = p.id AND {w.cond}) "
            "FROM subsections p WHERE p.section_id = ? ORDER BY p.position",
            (w.unit_id, *w.params, section_id),
        )
        # Empty ones are dropped here: "WHERE n > 0" in SQL would count every subsection twice.
        return [Part(r[0], r[1], r[2]) for r in rows if r[2] or not f.narrows]

    def task_ids(self, f: TaskFilter, subsection_id: int, offset: int = 0, limit: int = 200) -> list[int]:
        w = self._compile(f)
        rows = self.db.query(
            f"SELECT t.id {_FROM} WHERE t.subsection_id = ? AND {w.cond} "
            "ORDER BY t.position LIMIT ? OFFSET ?",
            (w.unit_id, subsection_id, *w.params, limit, offset),
        )
        return [r[0] for r in rows]

    def task_count(self, f: TaskFilter, subsection_id: int) -> int:
        w = self._compile(f)
        return int(self.db.scalar(
            f"SELECT count(*) {_FROM} WHERE t.subsection_id = ? AND {w.cond}",
            (w.unit_id, subsection_id, *w.params), 0,
        ))

    def locate(self, f: TaskFilter, task_id: int) -> TaskPlace | None:
        """Where a task sits in the filtered tree, or None when the filter hides it."""
        w = self._compile(f)
        r = self.db.query_one(
            f"SELECT s.section_id, t.subsection_id, t.position {_FROM} "
            f"JOIN subsections s ON s.id = t.subsection_id WHERE t.id = ? AND t.notice_id = ? AND {w.cond}",
            (w.unit_id, task_id, f.notice_id, *w.params),
        )
        if r is None:
            return None
        before = self.db.scalar(
            f"SELECT count(*) {_FROM} WHERE t.subsection_id = ? AND t.position < ? AND {w.cond}",
            (w.unit_id, r[1], r[2], *w.params), 0,
        )
        return TaskPlace(r[0], r[1], int(before))

    def task_rows(self, ids: Sequence[int], unit: str | None = None) -> list[TaskRow]:
        """The shown columns of these tasks, in the order given; my status read for `unit`."""
        unit_id = self._unit_id(unit)
        names = (
            "(SELECT group_concat(name, char(31)) FROM (SELECT u.name FROM task_units tu "
            "JOIN units u ON u.id = tu.unit_id WHERE tu.task_id = t.id AND tu.role = '{}' "
            "ORDER BY tu.position))"
        )
        found: dict[int, TaskRow] = {}
        for start in range(0, len(ids), 500):  # stay far below SQLite's bound-parameter limit
            chunk = list(ids[start:start + 500])
            rows = self.db.query(
                f"SELECT t.id, t.number, t.text, {names.format('lead')}, {names.format('responsible')}, "
                f"t.deadline_text, t.deadline_kind, t.deadline_due, {_STATUS}, t.title "
                f"{_FROM} WHERE t.id IN ({','.join('?' * len(chunk))})",
                (unit_id, *chunk),
            )
            for r in rows:
                found[r[0]] = TaskRow(
                    r[0], r[1], r[2], tuple(r[3].split(_SEP)) if r[3] else (),
                    tuple(r[4].split(_SEP)) if r[4] else (), r[5], r[6],
                    date.fromisoformat(r[7]) if r[7] else None, r[8], r[9],
                )
        return [found[i] for i in ids if i in found]

    # -- the status bar ------------------------------------------------------------------------
    def counts(self, f: TaskFilter) -> Counts:
        """共 N 项，本单位 N 项，已完成 N 项，逾期 N 项 — one aggregate, no task rows read."""
        w = self._compile(f)
        # Grouping by "mine" evaluates that EXISTS once per task, not once per sum (at most 2 rows).
        rows = self.db.query(
            f"SELECT {w.mine} AS m, count(*), total({_STATUS} = '{DONE}'), "
            f"total(t.deadline_due < ? AND {_OPEN}), total(t.deadline_due BETWEEN ? AND ? AND {_OPEN}) "
            f"{_FROM} WHERE t.notice_id = ? AND {w.cond} GROUP BY m",
            (*w.mine_params, f.today.isoformat(), *(d.isoformat() for d in warning_bounds(f.today, f.soon_days)),
             w.unit_id, f.notice_id, *w.params),
        )
        total = sum(r[1] for r in rows)
        # done and overdue count my unit's tasks; every task when no unit is chosen.
        scoped = [r for r in rows if r[0] or not f.unit]
        return Counts(int(total), int(sum(r[1] for r in rows if r[0])),
                      int(sum(r[2] for r in scoped)), int(sum(r[3] for r in scoped)), int(sum(r[4] for r in scoped)))

    # -- compiling a filter --------------------------------------------------------------------
    def _unit_id(self, unit: str | None) -> int:
        # The same resolution the completion editor saves under (exact, alias, then same key).
        found = UnitRepository(self.db).resolve(unit, create=False) if unit else None
        return found.id if found else -1

    def _compile_uncached(self, f: TaskFilter) -> _Where:
        parts: list[str] = []
        params: list[Any] = []
        mine, mine_params = addressed_condition(self.db, f.unit) if f.unit else ("0", [])
        if f.scope != "all":
            if not f.unit:
                parts.append("0")  # "my tasks" without a unit: nothing is mine
            elif f.scope == "concern":
                cond, p = concerning_condition(self.db, f.unit)
                parts.append(cond)
                params += p
            else:
                cond, p = addressed_condition(self.db, f.unit, _ROLES[f.scope])
                parts.append(cond)
                params += p
        if f.statuses is not None:
            parts.append(f"{_STATUS} IN ({','.join('?' * len(f.statuses))})")
            params += sorted(f.statuses)
        parts_d, params_d = _deadline_condition(f.deadline, f.today)
        parts += parts_d
        params += params_d
        text = text_condition(self.db, f.query)
        if text is not None:
            parts.append(text[0])
            params += text[1]
        return _Where(self._unit_id(f.unit), " AND ".join(parts) or "1", tuple(params),
                      mine, tuple(mine_params))


def _deadline_condition(bucket: str | None, today: date) -> tuple[list[str], list[Any]]:
    if bucket == "overdue":
        return [f"t.deadline_due < ? AND {_OPEN}"], [today.isoformat()]
    if bucket == "week":
        end = today + timedelta(days=SOON_DAYS)
        return ["t.deadline_due BETWEEN ? AND ?"], [today.isoformat(), end.isoformat()]
    if bucket == "month":
        first = today.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return ["t.deadline_due BETWEEN ? AND ?"], [first.isoformat(), last.isoformat()]
    if bucket == "ongoing":
        return ["t.deadline_kind IN ('ongoing', 'monthly', 'periodic')"], []
    return [], []
