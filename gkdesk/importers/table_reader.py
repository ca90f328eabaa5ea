"""The one table reader: a Grid with column roles → sections, subsections and tasks.

Every format ends here, so a .docx, an .xlsx, an HTML page and a text copy of the same notice give
the same tree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from gkdesk.domain.deadlines import parse_deadline
from gkdesk.domain.model import Column, Section, Subsection, Task
from gkdesk.domain.units import is_blank_unit, split_units

from .grid import Cell, Grid, clean_cell_text, compact
from .roles import SECTION_RE, SUBSECTION_RE, assign_roles, find_header_row

_LEADING_NUMBER = re.compile(r"^\s*(\d{1,3})\s*(?:[．、]|\.(?!\d))\s*")
_CARRIED = ("lead", "responsible", "deadline")
_ROLE_NAMES = {"lead": "牵头单位", "responsible": "责任单位", "deadline": "完成时限"}


@dataclass
class TableResult:
    columns: list[Column]
    sections: list[Section]
    warnings: list[str] = field(default_factory=list)


def _title_key(text: str) -> str:
    return re.sub(r"[\s。．.，,：:；;]", "", text)


class _TreeBuilder:
    """Finds or makes sections/subsections, so rows repeated at page breaks land in one place."""

    def __init__(self) -> None:
        self.sections: list[Section] = []
        self.section: Section | None = None
        self.subsection: Subsection | None = None

    def enter_section(self, title: str) -> None:
        key = _title_key(title)
        for s in self.sections:
            if _title_key(s.title) == key:
                if s is not self.section:
                    self.section, self.subsection = s, None
                return
        self.section = Section(title=title)
        self.sections.append(self.section)
        self.subsection = None

    def enter_subsection(self, title: str) -> None:
        if self.section is None:
            self.enter_section("")
        assert self.section is not None
        key = _title_key(title)
        for ss in self.section.subsections:
            if _title_key(ss.title) == key:
                self.subsection = ss
                return
        self.subsection = Subsection(title=title)
        self.section.subsections.append(self.subsection)

    def add_task(self, task: Task) -> None:
        if self.subsection is None:
            self.enter_subsection("")
        assert self.subsection is not None
        self.subsection.tasks.append(task)


def _heading_text(text: str) -> str:
    """Section titles are one line: "政府信息公开\n工作负责人" was a paragraph break in the cell."""
    return "".join(ln.strip() for ln in text.split("\n"))


def _is_header_repeat(row: list[Cell], header: list[Cell]) -> bool:
    a = [compact(c.text) for c in row]
    b = [compact(c.text) for c in header]
    return any(a) and a == b


def read_task_table(grid: Grid, year_hint: int | None = None) -> TableResult | None:
    """The task tree of one table, or None when the table is not a task table."""
    grid = grid.padded()
    if grid.width < 2 or not grid.rows:
        return None
    warnings: list[str] = []
    hidx = find_header_row(grid)
    headers, roles = assign_roles(grid, hidx)
    if "text" not in roles:
        return None
    if hidx is None:
        if not ({"section", "subsection"} & set(roles)):
            return None
        warnings.append(f"{grid.name}：未找到可识别的表头，已按单元格内容推断各列。")
    columns = [Column(header=headers[c], role=roles[c]) for c in range(grid.width) if roles[c] != "ignore"]
    col_of: dict[str, list[int]] = {}
    for c, r in enumerate(roles):
        col_of.setdefault(r, []).append(c)

    tree = _TreeBuilder()
    header_row = grid.rows[hidx] if hidx is not None else []
    first = hidx + 1 if hidx is not None else 0
    # Last value seen per carried column within the current subsection (text formats only).
    carried: dict[str, str] = {}
    prev_task: Task | None = None
    for r in range(first, len(grid.rows)):
        row = grid.rows[r]
        ref = f"{grid.name}第{r + 1}行"
        if header_row and _is_header_repeat(row, header_row):
            continue

        def value(role: str) -> tuple[str, bool]:
            """(text, is_continuation) of the role's column(s) in this row."""
            parts, cont = [], False
            for c in col_of.get(role, []):
                cell = row[c]
                if cell.merged_left:
                    continue
                if cell.merged_above:
                    cont = True
                t = clean_cell_text(cell.text)
                if t and t not in parts:
                    parts.append(t)
            return "\n".join(parts), cont

        if not any(compact(c.text) for c in row):
            continue
        # Continuation cells repeat the rows above; only fresh text can make a banner.
        distinct = {compact(c.text) for c in row if compact(c.text) and not c.merged_above}
        # A banner row: one title across the row (a section written as a full-width row).
        if len(distinct) == 1 and compact(value("text")[0]) in ("", *distinct):
            only = _heading_text(next(c.text for c in row if compact(c.text) and not c.merged_above))
            if SECTION_RE.match(only):
                tree.enter_section(only)
                carried.clear()
                continue
            if SUBSECTION_RE.match(only):
                tree.enter_subsection(only)
                carried.clear()
                continue
            if all(c.merged_left for c in row[1:]):
                warnings.append(f"{ref}：通栏行“{_one_line(only)}”不是任务，已跳过。")
                continue

        sec, sec_cont = value("section")
        sub, sub_cont = value("subsection")
        # A column holding both levels: a （一） in the section column is a subsection.
        if sec and not sec_cont and SUBSECTION_RE.match(compact(sec)) and not sub:
            sub, sec = sec, ""
        if sec and not sec_cont:
            before = tree.subsection
            tree.enter_section(_heading_text(sec))
            if tree.subsection is not before:
                carried.clear()
        if sub and not sub_cont:
            before = tree.subsection
            tree.enter_subsection(_heading_text(sub))
            if tree.subsection is not before:
                carried.clear()

        text, text_cont = value("text")
        title, _ = value("title")
        number, _ = value("number")
        if text_cont and prev_task is not None:
            # A measure cell merged down over several rows: the extra rows only add units.
            for role in ("lead", "responsible"):
                v, _ = value(role)
                for u in split_units(v):
                    lst = getattr(prev_task, role)
                    if u not in lst:
                        lst.append(u)
            continue
        if not text and title:
            text, title = title, ""
        if not text:
            leftovers = [value(x)[0] for x in _CARRIED]
            if any(leftovers) and not grid.explicit_merges:
                warnings.append(f"{ref}：有单位或时限但没有举措内容，已忽略。")
            continue

        vals: dict[str, str] = {}
        for role in _CARRIED:
            v, cont = value(role)
            if not v and not grid.explicit_merges and role in col_of and role in carried:
                v = carried[role]
                if v:
                    warnings.append(f"{ref}：{_ROLE_NAMES[role]}为空，按合并单元格沿用上一行“{_one_line(v)}”。")
            vals[role] = v
            if role in col_of:
                carried[role] = v
        task = Task(
            text=text,
            number=compact(number).rstrip(".．、"),
            title=title,
            lead=split_units(vals["lead"]),
            responsible=split_units(vals["responsible"]),
            deadline=parse_deadline(vals["deadline"], year_hint),
            source_ref=ref,
        )
        if task.deadline.kind == "unparsed":
            warnings.append(f"{ref}：完成时限“{task.deadline.text}”无法识别为日期，已按原文保留。")
        if not task.lead and not task.responsible and ("lead" in col_of or "responsible" in col_of):
            if not (is_blank_unit(vals["lead"]) and vals["lead"]) and not vals["responsible"]:
                warnings.append(f"{ref}：未写牵头单位和责任单位。")
        tree.add_task(task)
        prev_task = task

    sections = [s for s in tree.sections if any(ss.tasks for ss in s.subsections)]
    for s in sections:
        s.subsections = [ss for ss in s.subsections if ss.tasks or ss.title]
    if not any(ss.tasks for s in sections for ss in s.subsections):
        return None
    if "number" not in roles:
        _number_from_text(sections)
    return TableResult(columns=columns, sections=sections, warnings=warnings)


def _one_line(text: str) -> str:
    s = text.replace("\n", "、")
    return s if len(s) <= 30 else s[:29] + "…"


def _number_from_text(sections: list[Section]) -> None:
    """Leading 1．2．3． that run in sequence through the table are task numbers.

    "1." at the start of every cell (a list inside the cell) is not: the sequence must climb.
    """
    tasks = [t for s in sections for ss in s.subsections for t in ss.tasks]
    found = [(t, _LEADING_NUMBER.match(t.text)) for t in tasks]
    nums = [int(m.group(1)) for _, m in found if m]
    if len(nums) < 3 or len(nums) < 0.8 * len(tasks):
        return
    if nums != list(range(nums[0], nums[0] + len(nums))):
        return
    for t, m in found:
        if m:
            t.number = m.group(1)
            t.text = t.text[m.end() :].lstrip()
