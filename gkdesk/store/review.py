"""审核: the review state of each unit's entry, its history in the task's audit log, the desk's role.

One transaction per change: the state row and its audit entry (who / when / from / to / reason)
are written together. Returning to 待审核 after a change is done by the schema's triggers, so the
desk, the CLI and a take-back cannot forget it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from gkdesk.domain.record import field, record
from gkdesk.domain.review import (
    DEFAULT_WARNING_DAYS,
    DONE_STATUSES,
    NORMAL,
    PENDING,
    RETURNED,
    WARNING_DAYS_SETTING,
    DeskRole,
    ReviewError,
    check_transition,
    desk_role,
    warning,
)
from gkdesk.domain.records import NOT_STARTED
from gkdesk.store import audit
from gkdesk.store.db import Database, now
from gkdesk.store.errors import StoreError
from gkdesk.store.search import addressed_condition
from gkdesk.store.settings import SettingsRepository
from gkdesk.store.unit_repo import Unit, UnitRepository


@record(frozen=True)
class Review:
    task_id: int
    unit: str
    state: str
    reason: str = ""
    at: str = ""
    who: str = ""


@record(frozen=True)
class ReviewChange:
    """One line of the task's review history."""

    at: str
    who: str
    unit: str
    from_state: str
    to_state: str
    reason: str
    cause: str  # 审核 / 退回后内容有修改 / 通过后内容有修改 / 重新报送的内容与已有的不同


@record
class Entry:
    """One unit's entry for a task, as the reviewer sees it side by side with the others."""

    unit: str
    status: str = NOT_STARTED
    text: str = ""
    started_on: str | None = None
    completed_on: str | None = None
    links: list[str] = field(default_factory=list)
    note: str = ""
    evidence: list[str] = field(default_factory=list)
    updated_at: str = ""
    state: str = PENDING
    reason: str = ""
    open_conflicts: int = 0
    warning: str = NORMAL  # 正常 / 即将到期 / 已逾期 for this unit's entry

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


# Every (task, unit) pair the collector asked for or holds: the sheets sent, completions, reviews.
ENTRIES_SQL = """
SELECT st.task_id, s.unit_id FROM collection_sheet_tasks st
  JOIN collection_sheets s ON s.id = st.sheet_id JOIN collection_rounds r ON r.id = s.round_id
  WHERE r.notice_id = :notice AND (:collector IS NULL OR r.collector = :collector)
UNION SELECT c.task_id, c.unit_id FROM completions c JOIN tasks t ON t.id = c.task_id WHERE t.notice_id = :notice
UNION SELECT v.task_id, v.unit_id FROM reviews v JOIN tasks t ON t.id = v.task_id WHERE t.notice_id = :notice
"""


class ReviewRepository:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.units = UnitRepository(db)
        self.settings = SettingsRepository(db)

    # -- the desk's role -----------------------------------------------------------------------
    def role(self, notice_id: int, own_unit: str | None = None) -> DeskRole:
        """From 设置 (本单位) and the notice: the units its reports go to; when the notice names none,
        the collectors of rounds handed out here. (A lead unit hands out rounds too, for the tasks
        it leads: that does not make it the collecting office of a notice that names one.)"""
        unit = self.settings.own_unit if own_unit is None else own_unit
        collectors = [r[0] for r in self.db.query(
            "SELECT DISTINCT recipient FROM report_deadlines WHERE notice_id = ? AND recipient <> ''", (notice_id,))]
        if not collectors:
            collectors = [r[0] for r in self.db.query(
                "SELECT DISTINCT collector FROM collection_rounds WHERE notice_id = ?", (notice_id,))]
        if not unit:
            return desk_role("", collectors, 0, 0)
        # Counted in SQL: the desk asks on every notice change, and a unit of a big notice has
        # thousands of tasks (reading them all made opening the window read 178,812 rows).
        lead, lead_params = addressed_condition(self.db, unit, ("lead",))
        any_role, any_params = addressed_condition(self.db, unit)
        row = self.db.query_one(
            f"SELECT count(*) AS mine, coalesce(sum({lead}), 0) AS led FROM tasks t "
            f"WHERE t.notice_id = ? AND {any_role}", (*lead_params, notice_id, *any_params))
        return desk_role(unit, collectors, row["led"], row["mine"] - row["led"])

    def leads(self, task_id: int, unit: str) -> bool:
        cond, params = addressed_condition(self.db, unit, ("lead",))
        return self.db.scalar(f"SELECT 1 FROM tasks t WHERE t.id = ? AND {cond}", (task_id, *params)) is not None

    @property
    def warning_days(self) -> int:
        value = self.settings.get(WARNING_DAYS_SETTING, DEFAULT_WARNING_DAYS)
        try:
            return max(0, int(value))
        except (TypeError, ValueError):
            return DEFAULT_WARNING_DAYS

    # -- states --------------------------------------------------------------------------------
    def _unit(self, unit: str | Unit) -> Unit:
        if isinstance(unit, Unit):
            return unit
        found = self.units.resolve(unit, create=False)
        if found is None:
            raise StoreError(f"找不到单位“{unit}”。", "not_found")
        return found

    def get(self, task_id: int, unit: str | Unit) -> Review:
        u = self._unit(unit)
        r = self.db.query_one("SELECT * FROM reviews WHERE task_id = ? AND unit_id = ?", (task_id, u.id))
        if r is None:
            return Review(task_id, u.name, PENDING)
        return Review(task_id, u.name, r["state"], r["reason"], r["at"], r["who"])

    def set_review(self, task_id: int, unit: str | Unit, state: str, reason: str = "", who: str = "",
                   reviewer: str | None = None) -> Review:
        """Mark one entry 通过 or 退回 (with a reason); one transaction with its history line.

        `reviewer` is the desk's unit (default: 本单位); it must be the collecting office or the
        task's lead unit. Raises ReviewError with a Chinese message otherwise.
        """
        u = self._unit(unit)
        notice_id = self.db.scalar("SELECT notice_id FROM tasks WHERE id = ?", (task_id,))
        if notice_id is None:
            raise StoreError(f"找不到编号为 {task_id} 的任务，可能已在修订导入时删除。", "not_found")
        cond, params = addressed_condition(self.db, u.name)
        asked = self.db.scalar(f"SELECT 1 FROM tasks t WHERE t.id = ? AND {cond}", (task_id, *params))
        if asked is None and not self.db.scalar(
                "SELECT 1 FROM completions WHERE task_id = ? AND unit_id = ?", (task_id, u.id)):
            raise ReviewError(f"这项任务没有交办给“{u.name}”，无从审核。")
        role = self.role(int(notice_id), reviewer)
        if not role.may_review(role.unit != "" and self.leads(task_id, role.unit)):
            raise ReviewError(f"{role.describe()}这项任务不由{role.unit or '本单位'}审核。")
        reason = reason.strip()
        with self.db.transaction():
            old = self.get(task_id, u)
            check_transition(old.state, state, reason)
            stamp = now()
            self.db.execute(
                "INSERT INTO reviews(task_id, unit_id, state, reason, at, who) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(task_id, unit_id) DO UPDATE SET state = excluded.state, reason = excluded.reason, "
                "at = excluded.at, who = excluded.who",
                (task_id, u.id, state, reason if state == RETURNED else "", stamp, who))
            audit.record(self.db, "review", "task", task_id, {
                "unit": u.name, "unit_id": u.id, "from": old.state, "to": state, "reason": reason, "cause": "审核"}, who)
        return self.get(task_id, u)

    def saved(self, task_id: int, unit: str | Unit) -> dict[str, Any] | None:
        """The entry's review row exactly as stored (None: never reviewed), for an undo to put back."""
        u = self._unit(unit)
        r = self.db.query_one("SELECT state, reason, at, who FROM reviews WHERE task_id = ? AND unit_id = ?",
                              (task_id, u.id))
        return None if r is None else {k: r[k] for k in ("state", "reason", "at", "who")}

    def restore_review(self, task_id: int, unit: str | Unit, saved: dict[str, Any] | None, who: str = "",
                       cause: str = "撤销审核") -> Review:
        """Put back a review row taken by `saved` (its state, reason, time and reviewer, or no row at
        all); one transaction with its history line, so the undo shows in the task's history too."""
        u = self._unit(unit)
        with self.db.transaction():
            old = self.get(task_id, u)
            if saved is None:
                self.db.execute("DELETE FROM reviews WHERE task_id = ? AND unit_id = ?", (task_id, u.id))
            else:
                self.db.execute(
                    "INSERT INTO reviews(task_id, unit_id, state, reason, at, who) VALUES (?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT(task_id, unit_id) DO UPDATE SET state = excluded.state, reason = excluded.reason, "
                    "at = excluded.at, who = excluded.who",
                    (task_id, u.id, saved["state"], saved["reason"], saved["at"], saved["who"]))
            back = saved["state"] if saved else PENDING
            audit.record(self.db, "review", "task", task_id, {
                "unit": u.name, "unit_id": u.id, "from": old.state, "to": back,
                "reason": saved["reason"] if saved else "", "cause": cause}, who)
        return self.get(task_id, u)

    def history(self, task_id: int, unit: str | None = None) -> list[ReviewChange]:
        """The task's review history, oldest first (from the audit log)."""
        import json  # on first use: not a module of the first frame (issue 16)

        rows = self.db.query(
            f"WITH {audit.ITEMS} SELECT at, who, detail FROM audit_items WHERE entity = 'task' AND entity_id = ? "
            "AND action = 'review' ORDER BY id, part = 0, part", (task_id,))
        out = []
        for r in rows:
            d = json.loads(r["detail"])
            if unit is not None and d.get("unit") != unit:
                continue
            out.append(ReviewChange(r["at"], r["who"], d.get("unit", ""), d.get("from", ""), d.get("to", ""),
                                    d.get("reason", ""), d.get("cause", "")))
        return out

    def returned_reasons(self, notice_id: int, unit_id: int) -> dict[int, str]:
        """Task id → 退回 reason, for the unit's next 填报表."""
        return {r[0]: r[1] for r in self.db.query(
            "SELECT v.task_id, v.reason FROM reviews v JOIN tasks t ON t.id = v.task_id "
            "WHERE t.notice_id = ? AND v.unit_id = ? AND v.state = ?", (notice_id, unit_id, RETURNED))}

    # -- 第N项: a task's number in the notice (document order), as the 通报 names it ----------------
    def task_by_item(self, notice_id: int, item: int) -> int | None:
        if item < 1:
            return None
        return self.db.scalar("SELECT id FROM tasks WHERE notice_id = ? ORDER BY seq LIMIT 1 OFFSET ?",
                              (notice_id, item - 1))

    def task_number(self, task_id: int, notice_id: int | None = None) -> int | None:
        """第N项 of a task (None when it does not exist, or is not in `notice_id`)."""
        r = self.db.query_one("SELECT notice_id, seq FROM tasks WHERE id = ?", (task_id,))
        if r is None or (notice_id is not None and r["notice_id"] != notice_id):
            return None
        return int(self.db.scalar("SELECT count(*) FROM tasks WHERE notice_id = ? AND seq <= ?",
                                  (r["notice_id"], r["seq"])))

    def task_text(self, task_id: int) -> str:
        return self.db.scalar("SELECT text FROM tasks WHERE id = ?", (task_id,), default="")

    # -- the reviewer's side-by-side view --------------------------------------------------------
    def entries(self, task_id: int, collector: str | None = None) -> list[Entry]:
        """Every unit's entry for a task: text, status, dates, links, evidence names, review state."""
        import json  # on first use: not a module of the first frame (issue 16)

        notice_id = self.db.scalar("SELECT notice_id FROM tasks WHERE id = ?", (task_id,))
        if notice_id is None:
            raise StoreError(f"找不到编号为 {task_id} 的任务。", "not_found")
        from gkdesk.domain.today import today

        due_text = self.db.scalar("SELECT deadline_due FROM tasks WHERE id = ?", (task_id,))
        due = date.fromisoformat(due_text) if due_text else None
        day, days = today(), self.warning_days
        rows = self.db.query(
            f"WITH e(task_id, unit_id) AS ({ENTRIES_SQL}) "
            "SELECT u.name, c.id AS cid, c.status, c.text, c.started_on, c.completed_on, c.links, c.note, c.updated_at, "
            "v.state, v.reason, (SELECT count(*) FROM collection_conflicts k WHERE k.task_id = e.task_id "
            "AND k.unit_id = e.unit_id AND k.resolution IS NULL) AS open "
            "FROM e JOIN units u ON u.id = e.unit_id "
            "LEFT JOIN completions c ON c.task_id = e.task_id AND c.unit_id = e.unit_id "
            "LEFT JOIN reviews v ON v.task_id = e.task_id AND v.unit_id = e.unit_id "
            "LEFT JOIN unit_list l ON l.unit_id = e.unit_id "
            "WHERE e.task_id = :task ORDER BY coalesce(l.position, 1e9), u.name",
            {"notice": notice_id, "collector": collector, "task": task_id})
        out = []
        for r in rows:
            e = Entry(r["name"], r["status"] or NOT_STARTED, r["text"] or "", r["started_on"], r["completed_on"],
                      json.loads(r["links"] or "[]"), r["note"] or "", updated_at=r["updated_at"] or "",
                      state=r["state"] or PENDING, reason=r["reason"] or "", open_conflicts=r["open"])
            e.warning = warning(due, day, e.status in DONE_STATUSES, days)
            if r["cid"] is not None:
                e.evidence = [x[0] for x in self.db.query(
                    "SELECT original_name FROM evidence WHERE completion_id = ? ORDER BY id", (r["cid"],))]
            out.append(e)
        return out


__all__ = ["ENTRIES_SQL", "Entry", "Review", "ReviewChange", "ReviewError", "ReviewRepository"]
