"""Gathering the two forms from the store: the rows a unit hands in, ready for any writer.

The writers (exporters/ for .docx/.xlsx, printing/ for PDF and paper) take these plain forms and
never query the store themselves.
"""
from __future__ import annotations

from datetime import date

from gkdesk.domain.forms import (
    COMPLETION_FORM,
    COMPLETION_LABEL,
    DEFAULT_ROSTER,
    ROSTER_LABEL,
    CompletionForm,
    CompletionRow,
    RosterForm,
    clean_text,
    completion_cell,
    format_date,
)
from gkdesk.domain.today import today as _today

COMPLETION = "完成情况"

# When a notice was imported from prose and has no table columns of its own.
DEFAULT_HEADERS = [
    ("重点任务", "section"),
    ("序号", "number"),
    ("工作任务", "text"),
    ("牵头单位", "lead"),
    ("责任单位", "responsible"),
    ("完成时限", "deadline"),
    (COMPLETION, "completion"),
]


def _default_headers(result) -> list[tuple[str, str]]:
    """For a notice without a table of its own: the standard columns that have something in them."""
    tasks = result.tasks()
    present = {
        "section": any(s.title for s in result.sections),
        "number": any(t.number for t in tasks),
        "text": True,
        "lead": any(t.lead for t in tasks),
        "responsible": any(t.responsible for t in tasks),
        "deadline": any(t.deadline.text or t.deadline.due for t in tasks),
        "completion": True,
    }
    return [(h, r) for h, r in DEFAULT_HEADERS if present.get(r, False)]


def _headers(result) -> list[tuple[str, str]]:
    headers = [(c.header or "", c.role) for c in result.columns if c.role != "ignore"]
    if not headers:
        headers = _default_headers(result)
    if not any(role == "completion" for _, role in headers):
        headers.append((COMPLETION, "completion"))
    return [(h if h.strip() else COMPLETION if r == "completion" else h, r) for h, r in headers]


def _deadline_text(task) -> str:
    dl = task.deadline
    if dl.text:
        return dl.text
    return format_date(dl.due) if dl.due else ""


def _cell(c) -> str:
    return completion_cell(
        c.text, c.status, c.completed_on, c.links, [e.original_name for e in c.evidence]
    )


def completion_form(store, notice_id: int, unit: str | None = None, today: date | None = None) -> CompletionForm:
    """The 附件1 form for one unit (only the tasks addressed to it) or, without unit, the whole notice."""
    result = store.notices.load_result(notice_id)
    headers = _headers(result)
    has_number = any(role == "number" for _, role in headers)
    wanted: set[int] | None = None
    by_task: dict[int, list[str]] = {}
    if unit:
        wanted = {ut.task_id for ut in store.notices.tasks_for_unit(notice_id, unit)}
        for c in store.completions.completions_for_notice(notice_id, unit=unit):
            text = _cell(c)
            if text:
                by_task.setdefault(c.task_id, []).append(text)
    else:
        for c in store.completions.completions_for_notice(notice_id):
            text = _cell(c)
            if text:
                by_task.setdefault(c.task_id, []).append(f"{c.unit_name}：{text}")
    rows: list[CompletionRow] = []
    for s in result.sections:
        for ss in s.subsections:
            for t in ss.tasks:
                if wanted is not None and t.id not in wanted:
                    continue
                text = clean_text(t.text)
                if not has_number and t.number:
                    # The notice numbered its measures inside the text column ("1．对照……").
                    text = f"{t.number}．{text}"
                rows.append(
                    CompletionRow(
                        section=clean_text(s.title),
                        subsection=clean_text(ss.title),
                        number=clean_text(t.number),
                        text=text,
                        lead="、".join(t.lead),
                        responsible="、".join(t.responsible),
                        deadline=clean_text(_deadline_text(t)),
                        completion="\n".join(by_task.get(t.id, [])) if t.id is not None else "",
                        title=clean_text(t.title),
                        task_id=t.id,
                    )
                )
    n = result.notice
    title = n.table_title or n.title or COMPLETION_FORM
    return CompletionForm(
        title=clean_text(title),
        label=COMPLETION_LABEL,
        unit=unit or None,
        filled_on=today or _today(),
        headers=headers,
        rows=rows,
    )


def roster_form(store, notice_id: int, unit: str | None, today: date | None = None) -> RosterForm:
    """The 附件2 form of a unit: its saved persons in the notice's template, blank rows where none."""
    template = store.rosters.template(notice_id) or DEFAULT_ROSTER
    roster = store.rosters.load_roster(notice_id, unit) if unit else None
    columns = [clean_text(c) for c in (template.columns or DEFAULT_ROSTER.columns)]
    entries = roster.entries if roster else {}
    categories = list(template.categories or DEFAULT_ROSTER.categories)
    categories += [c for c in entries if c not in categories]
    blocks: list[tuple[str, list[list[str]]]] = []
    for cat in categories:
        rows = [
            [clean_text(str(person.get(col, "") or "")) for col in columns]
            for person in entries.get(cat, [])
        ]
        rows = [r for r in rows if any(v.strip() for v in r)] or [["" for _ in columns]]
        blocks.append((clean_text(cat), rows))
    return RosterForm(
        label=template.label or ROSTER_LABEL,
        title=clean_text(template.title) or DEFAULT_ROSTER.title,
        unit=unit or None,
        filled_on=(roster.filled_on if roster and roster.filled_on else today),
        columns=columns,
        blocks=blocks,
    )


__all__ = ["completion_form", "roster_form"]
