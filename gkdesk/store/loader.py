"""Rebuild an ImportResult from the store: one query per table, never one per task."""

from __future__ import annotations

from datetime import date

from gkdesk.domain.model import (
    Column,
    Deadline,
    ImportResult,
    Notice,
    ReportDeadline,
    RosterTemplate,
    Section,
    Subsection,
    Task,
)
from gkdesk.store.db import Database
from gkdesk.store.errors import StoreError


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def load_result(db: Database, notice_id: int) -> ImportResult:
    import json  # on first use: not a module of the first frame (issue 16)

    row = db.query_one("SELECT * FROM notices WHERE id = ?", (notice_id,))
    if row is None:
        raise StoreError(
            f"找不到编号为 {notice_id} 的通知，可能已被删除。", "not_found"
        )
    notice = _notice(row)
    notice.report_deadlines = _report_deadlines(db, notice_id)
    return ImportResult(
        notice=notice,
        columns=_columns(db, notice_id),
        sections=_sections(db, notice_id),
        roster=roster_template(db, notice_id),
        warnings=json.loads(row["warnings"]),
        source_name=row["source_name"],
        source_sha256=row["source_sha256"] or "",
        source_format=row["source_format"],
    )


def _notice(n) -> Notice:
    import json  # on first use: not a module of the first frame (issue 16)

    return Notice(
        doc_number=n["doc_number"],
        title=n["title"],
        issuer=n["issuer"],
        date=_date(n["date"]),
        year=n["year"],
        attachments=json.loads(n["attachments"]),
        contact=n["contact"],
        phone=n["phone"],
        table_title=n["table_title"],
    )


def _report_deadlines(db: Database, notice_id: int) -> list[ReportDeadline]:
    return [
        ReportDeadline(
            r["what"],
            date.fromisoformat(r["due"]),
            r["time"],
            r["attachment"],
            r["recipient"],
            r["audience"],
        )
        for r in db.query(
            "SELECT what, due, time, attachment, recipient, audience FROM report_deadlines WHERE notice_id = ? ORDER BY position",
            (notice_id,),
        )
    ]


def _columns(db: Database, notice_id: int) -> list[Column]:
    return [
        Column(r["header"], r["role"])
        for r in db.query(
            "SELECT header, role FROM notice_columns WHERE notice_id = ? ORDER BY position",
            (notice_id,),
        )
    ]


def _sections(db: Database, notice_id: int) -> list[Section]:
    """Sections → subsections → tasks with their units: four queries, whatever the size."""
    sections: dict[int, Section] = {}
    for r in db.query(
        "SELECT id, title FROM sections WHERE notice_id = ? ORDER BY position",
        (notice_id,),
    ):
        sections[r["id"]] = Section(r["title"])
    subsections: dict[int, Subsection] = {}
    for r in db.query(
        "SELECT ss.id, ss.section_id, ss.title FROM subsections ss JOIN sections s ON s.id = ss.section_id "
        "WHERE s.notice_id = ? ORDER BY s.position, ss.position",
        (notice_id,),
    ):
        sub = subsections[r["id"]] = Subsection(r["title"])
        sections[r["section_id"]].subsections.append(sub)
    tasks = _tasks(db, notice_id, subsections)
    _add_units(db, notice_id, tasks)
    return list(sections.values())


def _tasks(db: Database, notice_id: int, subsections: dict[int, Subsection]) -> dict[int, Task]:
    tasks: dict[int, Task] = {}
    for r in db.query(
        "SELECT id, subsection_id, number, title, text, deadline_text, deadline_kind, deadline_due, deadline_source, source_ref "
        "FROM tasks WHERE notice_id = ? ORDER BY seq",
        (notice_id,),
    ):
        task = tasks[r["id"]] = Task(
            text=r["text"],
            number=r["number"],
            title=r["title"],
            source_ref=r["source_ref"],
            id=r["id"],
            deadline=Deadline(
                r["deadline_text"], r["deadline_kind"], _date(r["deadline_due"]), r["deadline_source"]
            ),
        )
        subsections[r["subsection_id"]].tasks.append(task)
    return tasks


def _add_units(db: Database, notice_id: int, tasks: dict[int, Task]) -> None:
    for r in db.query(
        "SELECT tu.task_id, tu.role, u.name FROM task_units tu JOIN tasks t ON t.id = tu.task_id "
        "JOIN units u ON u.id = tu.unit_id WHERE t.notice_id = ? ORDER BY tu.task_id, tu.role, tu.position",
        (notice_id,),
    ):
        task = tasks[r["task_id"]]
        (task.lead if r["role"] == "lead" else task.responsible).append(r["name"])


def roster_template(db: Database, notice_id: int) -> RosterTemplate | None:
    """The notice's 附件2 template (the first one stored), or None."""
    import json  # on first use: not a module of the first frame (issue 16)

    t = db.query_one(
        "SELECT label, title, categories, columns FROM roster_templates WHERE notice_id = ? ORDER BY id LIMIT 1",
        (notice_id,),
    )
    if t is None:
        return None
    return RosterTemplate(
        t["title"],
        json.loads(t["categories"]),
        json.loads(t["columns"]),
        t["label"],
    )
