"""One task with everything the detail pane shows: where it sits, its units, its deadline."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gkdesk.domain.model import Deadline
from gkdesk.store.db import Database
from gkdesk.store.search import concern_condition, unit_condition


@dataclass(frozen=True)
class TaskDetail:
    id: int
    notice_id: int
    doc_number: str
    section: str
    subsection: str
    number: str
    title: str
    text: str
    lead: tuple[str, ...]
    responsible: tuple[str, ...]
    deadline: Deadline
    my_role: str | None  # "lead" / "responsible" / None when not addressed to my unit
    my_via: tuple[str, ...]  # the names on the task that make it mine (e.g. 管委会各部门)
    may_concern: tuple[str, ...] = ()  # not mine, but vague words that may mean my unit (有关单位)


def notice_of(db: Database, task_id: int) -> int | None:
    """The notice a task belongs to (None once a revision removed it)."""
    return db.scalar("SELECT notice_id FROM tasks WHERE id = ?", (task_id,))


def get_task(db: Database, task_id: int, my_unit: str = "") -> TaskDetail | None:
    r = db.query_one(
        "SELECT t.*, s.title AS section, ss.title AS subsection, n.doc_number FROM tasks t "
        "JOIN subsections ss ON ss.id = t.subsection_id JOIN sections s ON s.id = ss.section_id "
        "JOIN notices n ON n.id = t.notice_id WHERE t.id = ?",
        (task_id,),
    )
    if r is None:
        return None
    units = db.query(
        "SELECT tu.role, u.name FROM task_units tu JOIN units u ON u.id = tu.unit_id "
        "WHERE tu.task_id = ? ORDER BY tu.role, tu.position",
        (task_id,),
    )
    role, via = None, ()
    if my_unit:
        # Only this task's own unit rows are matched, whatever the size of the notice.
        for want in ("lead", "responsible"):
            cond, params = unit_condition(db, my_unit)
            names = db.query(
                "SELECT u.name FROM task_units tu JOIN units u ON u.id = tu.unit_id "
                f"WHERE tu.task_id = ? AND tu.role = ? AND {cond} ORDER BY tu.position",
                (task_id, want, *params),
            )
            if names:
                role, via = want, tuple(n[0] for n in names)
                break
    maybe: tuple[str, ...] = ()
    if my_unit and role is None:
        cond, params = concern_condition(db, my_unit)
        maybe = tuple(n[0] for n in db.query(
            "SELECT u.name FROM task_units tu JOIN units u ON u.id = tu.unit_id "
            f"WHERE tu.task_id = ? AND {cond} ORDER BY tu.role, tu.position",
            (task_id, *params),
        ))
    due = date.fromisoformat(r["deadline_due"]) if r["deadline_due"] else None
    return TaskDetail(
        id=task_id, notice_id=r["notice_id"], doc_number=r["doc_number"], section=r["section"],
        subsection=r["subsection"], number=r["number"], title=r["title"], text=r["text"],
        lead=tuple(u["name"] for u in units if u["role"] == "lead"),
        responsible=tuple(u["name"] for u in units if u["role"] == "responsible"),
        deadline=Deadline(r["deadline_text"], r["deadline_kind"], due, r["deadline_source"]), my_role=role, my_via=tuple(via),
        may_concern=maybe,
    )
