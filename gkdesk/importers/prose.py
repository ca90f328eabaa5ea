"""Notices written as prose: 一、 paragraphs are sections, （一） paragraphs their work points.

When numbered paragraphs (1．2．) stand under the （一） ones, the （一） become subsections and the
numbered paragraphs the tasks; otherwise each （一） paragraph is itself a task under an untitled
subsection. A notice with only 一、 items, each followed by lines such as "牵头单位：…" and
"完成时限：…", has one task per item under one untitled section. Field lines after an item, and
"（责任单位：…）" closing its text, give the item its units and deadline.
"""
from __future__ import annotations

import re

from gkdesk.domain.deadlines import deadline_from_text
from gkdesk.domain.model import Section, Subsection, Task
from gkdesk.lazy_re import lazy_compile

from .fields import apply_fields, field_parts, is_field_line, split_inline
from .grid import compact
from .roles import section_heading, subsection_heading

_SUB_NUMBER = lazy_compile(r"^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]\s*")
_ITEM_NUMBER = lazy_compile(r"^(\d{1,3})\s*[.．、]\s*(?!\d)")
_SECTION_NUMBER = lazy_compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．]\s*")


def _start_index(paragraphs: list[str]) -> int:
    """Skip the covering letter: work points follow the attachment title or the 此件公开发布 line."""
    for i, p in enumerate(paragraphs):
        if "此件公开发布" in p or re.fullmatch(r"附件\s*\d*", compact(p)):
            rest = paragraphs[i + 1 :]
            if any(section_heading(compact(x)) for x in rest):
                return i + 1
    return 0


def _field_paragraph(p: str) -> list[tuple[str, str]]:
    """The fields of a paragraph that holds only fields ("责任单位：…" or "（责任单位：…）")."""
    if is_field_line(p):
        return field_parts(p)
    rest, parts = split_inline(p)
    return parts if parts and not rest else []


def _items_mode(paras: list[str]) -> bool:
    """一、 items with field lines under them and no （一） level: each item is a task."""
    if any(subsection_heading(p) for p in paras):
        return False
    return any(section_heading(compact(p)) and any(_field_paragraph(q) for q in paras[k + 1 : k + 3])
               for k, p in enumerate(paras))


def _task(text: str, number: str, year_hint: int | None) -> Task:
    text, parts = split_inline(text.strip())
    task = Task(text=text, number=number)
    apply_fields(task, parts, year_hint)
    return task


def read_prose(paragraphs: list[str], year_hint: int | None = None) -> list[Section]:
    paras = [p.strip() for p in paragraphs if p and p.strip()]
    paras = paras[_start_index(paras) :]
    if _items_mode(paras):
        return _read_items(paras, year_hint)
    has_items = any(_ITEM_NUMBER.match(p) for p in paras) and any(subsection_heading(p) for p in paras)
    sections: list[Section] = []
    if not any(section_heading(compact(p)) for p in paras) and any(_field_paragraph(p) for p in paras):
        sections.append(Section(title=""))  # only （一） items, each with its field lines
    last: Task | None = None
    for p in paras:
        c = compact(p)
        if section_heading(c):
            sections.append(Section(title=p))
            last = None
            continue
        if not sections:
            continue
        parts = _field_paragraph(p)
        if parts:
            if last is not None:
                apply_fields(last, parts, year_hint)
            continue
        sec = sections[-1]
        m = _SUB_NUMBER.match(p)
        if m:
            if has_items:
                sec.subsections.append(Subsection(title=p))
                last = None
            else:
                if not sec.subsections:
                    sec.subsections.append(Subsection(title=""))
                last = _task(p[m.end() :], f"（{m.group(1)}）", year_hint)
                sec.subsections[-1].tasks.append(last)
            continue
        m = _ITEM_NUMBER.match(p)
        if m and has_items:
            if not sec.subsections:
                sec.subsections.append(Subsection(title=""))
            last = _task(p[m.end() :], m.group(1), year_hint)
            sec.subsections[-1].tasks.append(last)
    return _dated([s for s in sections if any(ss.tasks for ss in s.subsections)])


def _dated(sections: list[Section]) -> list[Section]:
    """Items without a 完成时限 line take a date their own words set (as tables without the column)."""
    for s in sections:
        for ss in s.subsections:
            for t in ss.tasks:
                if t.deadline.kind == "none":
                    t.deadline = deadline_from_text(t.text) or t.deadline
    return sections


def _read_items(paras: list[str], year_hint: int | None) -> list[Section]:
    sub = Subsection(title="")
    last: Task | None = None
    fields_seen = False
    for p in paras:
        m = _SECTION_NUMBER.match(p)
        parts = _field_paragraph(p)
        if m and section_heading(compact(p)):
            last = _task(p[m.end() :], m.group(1), year_hint)
            sub.tasks.append(last)
            fields_seen = False
        elif last is not None and parts:
            apply_fields(last, parts, year_hint)
            fields_seen = True
        elif last is not None and not fields_seen:
            last.text = f"{last.text}\n{p}"  # the item's text goes on until its field lines
    return _dated([Section(title="", subsections=[sub])]) if sub.tasks else []
