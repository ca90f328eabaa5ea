"""Rebuild an ImportResult from the store: one query per table, never one per task."""

from __future__ import annotations

import json
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
    n = db.query_one("SELECT * FROM notices WHERE id = ?", (notice_id,))
    if n is None:
        raise StoreError(
            f"找不到编号为 {notice_id} 的通知，可能已被删除。", "not_found"
        )
    notice = Notice(
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
    notice.report_deadlines = [
        ReportDeadline(
            r["what"],
            date.fromisoformat(r["due"]),
            r["time"],
            r["attachment"],
            r["recipient"],
        )
        for r in db.query(
            "SELECT what, due, time, attachment, recipient FROM report_deadlines WHERE notice_id = ? ORDER BY position",
            (notice_id,),
        )
    ]
    columns = [
        Column(r["header"], r["role"])
        for r in db.query(
            "SELECT header, role FROM notice_columns WHERE notice_id = ? ORDER BY position",
            (notice_id,),
        )
    ]
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
    for r in db.query(
        "SELECT tu.task_id, tu.role, u.name FROM task_units tu JOIN tasks t ON t.id = tu.task_id "
        "JOIN units u ON u.id = tu.unit_id WHERE t.notice_id = ? ORDER BY tu.task_id, tu.role, tu.position",
        (notice_id,),
    ):
        task = tasks[r["task_id"]]
        (task.lead if r["role"] == "lead" else task.responsible).append(r["name"])
    roster = None
    t = db.query_one(
        "SELECT label, title, categories, columns FROM roster_templates WHERE notice_id = ? ORDER BY id LIMIT 1",
        (notice_id,),
    )
    if t:
        roster = RosterTemplate(
            t["title"],
            json.loads(t["categories"]),
            json.loads(t["columns"]),
            t["label"],
        )
    return ImportResult(
        notice=notice,
        columns=columns,
        sections=list(sections.values()),
        roster=roster,
        warnings=json.loads(n["warnings"]),
        source_name=n["source_name"],
        source_sha256=n["source_sha256"] or "",
        source_format=n["source_format"],
    )
