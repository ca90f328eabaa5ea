"""What needs the clerk's attention today: my overdue and due-soon tasks, and report deadlines."""
from __future__ import annotations

from datetime import date

from gkdesk.domain.record import record
from gkdesk.domain.records import CLOSED, NOT_STARTED
from gkdesk.domain.report_audience import receives
from gkdesk.store.db import Database
from gkdesk.store.handins import form_of, marks
from gkdesk.store.search import addressed_condition
from gkdesk.store.unit_repo import UnitRepository



@record(frozen=True)
class DueTask:
    task_id: int
    notice_id: int
    doc_number: str
    number: str
    text: str
    due: date
    days_left: int  # negative: overdue by that many days
    # True when the task names no date and ``due`` is the notice's 附件1 report date.
    report_date: bool = False


@record(frozen=True)
class DueReport:
    notice_id: int
    doc_number: str
    what: str
    attachment: str
    due: date
    time: str
    days_left: int
    handed_in: date | None = None  # 已报送 on this day (store/handins.py), for the unit asked about
    audience: str = ""  # "牵头单位": a deadline for the units leading a task of the notice
    recipient: str = ""  # the unit the report goes to, when the notice names it ("报区政务服务办")
    # The unit asked about is the recipient: the date is when the report must be in with it, and
    # there is nothing for it to hand in (domain/report_audience.receives).
    collects: bool = False

    @property
    def form(self) -> str:
        return form_of(self.attachment, self.what, self.due)


def due_tasks(db: Database, unit: str, today: date, within_days: int = 7, limit: int = 200) -> list[DueTask]:
    """My unit's tasks with a date deadline that is past or within ``within_days``, not yet done.

    All filtering is SQL, so a store of any size hands Python only the rows shown. A task without
    a date of its own is due when its notice's 附件1 (the completion form) must be reported.
    """
    if not unit:
        return []
    mine, mine_params = addressed_condition(db, unit)
    u = UnitRepository(db).resolve(unit, create=False)
    horizon = date.fromordinal(today.toordinal() + within_days).isoformat()
    due_expr = ("COALESCE(t.deadline_due, (SELECT min(r.due) FROM report_deadlines r "
                "WHERE r.notice_id = t.notice_id AND r.attachment = '附件1'))")
    rows = db.query(
        f"SELECT t.id, t.notice_id, n.doc_number, t.number, t.text, t.deadline_due, {due_expr} AS due FROM tasks t "
        "JOIN notices n ON n.id = t.notice_id "
        "LEFT JOIN completions c ON c.task_id = t.id AND c.unit_id = ? "
        f"WHERE {due_expr} <= ? AND {mine} "
        f"AND COALESCE(c.status, ?) NOT IN ({', '.join('?' * len(CLOSED))}) "
        "ORDER BY due, t.seq LIMIT ?",
        (u.id if u else -1, horizon, *mine_params, NOT_STARTED, *CLOSED, limit),
    )
    out = []
    for r in rows:
        due = date.fromisoformat(r["due"])
        out.append(DueTask(r["id"], r["notice_id"], r["doc_number"], r["number"], r["text"], due,
                           (due - today).days, report_date=r["deadline_due"] is None))
    return out


def report_deadlines(db: Database, today: date, past_days: int = 30, unit: str = "") -> list[DueReport]:
    """The notices' 报送时限 from a month ago on, soonest first, with ``unit``'s 已报送 marks.

    A deadline for 牵头单位 only is left out for a unit that leads no task of that notice (a unit
    not chosen yet sees it: nobody can tell). The unit a report goes to always sees its date, as a
    date to collect by (``collects``), with no 已报送 mark of its own."""
    since = date.fromordinal(today.toordinal() - past_days).isoformat()
    leads, params = "1", []
    if unit:
        cond, params = addressed_condition(db, unit, ("lead",))
        leads = f"EXISTS (SELECT 1 FROM tasks t WHERE t.notice_id = r.notice_id AND {cond})"
    rows = db.query(
        "SELECT r.notice_id, n.doc_number, r.what, r.attachment, r.due, r.time, r.audience, r.recipient, "
        f"(r.audience = '' OR {leads}) AS reaches FROM report_deadlines r "
        "JOIN notices n ON n.id = r.notice_id WHERE r.due >= ? ORDER BY r.due, r.position",
        (*params, since),
    )
    done = marks(db, unit)
    out = []
    for r in rows:
        collects = receives(unit, r["recipient"])
        if not (r["reaches"] or collects):
            continue
        due = date.fromisoformat(r["due"])
        mark = None if collects else done.get((r["notice_id"], form_of(r["attachment"], r["what"], due)))
        out.append(DueReport(r["notice_id"], r["doc_number"], r["what"], r["attachment"] or "", due, r["time"] or "",
                             (due - today).days, mark, r["audience"], r["recipient"], collects))
    return out


def attention_count(reports: list[DueReport], tasks: list[DueTask]) -> int:
    """How many items need the clerk's attention: my listed tasks and the 报送时限 within 7 days not handed in."""
    return len(tasks) + sum(1 for r in reports if 0 <= r.days_left <= 7 and not r.handed_in)


def needing_attention(db: Database, unit: str, today: date) -> tuple[list[DueReport], list[DueTask], int]:
    """The reminders' rows and their attention count: the desk opens its reminders only when it is above 0."""
    reports = report_deadlines(db, today, unit=unit)
    tasks = due_tasks(db, unit, today)
    return reports, tasks, attention_count(reports, tasks)
