"""Notices written as prose: 一、 paragraphs are sections, （一） paragraphs their work points.

When numbered paragraphs (1．2．) stand under the （一） ones, the （一） become subsections and the
numbered paragraphs the tasks; otherwise each （一） paragraph is itself a task under an untitled
subsection.
"""
from __future__ import annotations

import re

from gkdesk.domain.model import Section, Subsection, Task

from .grid import compact
from .roles import SECTION_RE, SUBSECTION_RE

_SUB_NUMBER = re.compile(r"^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]\s*")
_ITEM_NUMBER = re.compile(r"^(\d{1,3})\s*[.．、]\s*(?!\d)")


def _start_index(paragraphs: list[str]) -> int:
    """Skip the covering letter: work points follow the attachment title or the 此件公开发布 line."""
    for i, p in enumerate(paragraphs):
        if "此件公开发布" in p or re.fullmatch(r"附件\s*\d*", compact(p)):
            rest = paragraphs[i + 1 :]
            if any(SECTION_RE.match(compact(x)) for x in rest):
                return i + 1
    return 0


def read_prose(paragraphs: list[str]) -> list[Section]:
    paras = [p.strip() for p in paragraphs if p and p.strip()]
    paras = paras[_start_index(paras) :]
    has_items = any(_ITEM_NUMBER.match(p) for p in paras) and any(SUBSECTION_RE.match(p) for p in paras)
    sections: list[Section] = []
    for p in paras:
        c = compact(p)
        if SECTION_RE.match(c):
            sections.append(Section(title=p))
            continue
        if not sections:
            continue
        sec = sections[-1]
        m = _SUB_NUMBER.match(p)
        if m:
            if has_items:
                sec.subsections.append(Subsection(title=p))
            else:
                if not sec.subsections:
                    sec.subsections.append(Subsection(title=""))
                sec.subsections[-1].tasks.append(Task(text=p[m.end() :].strip(), number=f"（{m.group(1)}）"))
            continue
        m = _ITEM_NUMBER.match(p)
        if m and has_items:
            if not sec.subsections:
                sec.subsections.append(Subsection(title=""))
            sec.subsections[-1].tasks.append(Task(text=p[m.end() :].strip(), number=m.group(1)))
    return [s for s in sections if any(ss.tasks for ss in s.subsections)]
