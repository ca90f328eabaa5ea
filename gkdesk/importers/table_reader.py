"""The one table reader: a Grid with column roles → sections, subsections and tasks.

Every format ends here, so a .docx, an .xlsx, an HTML page and a text copy of the same notice give
the same tree. Reading is done in steps, each a small function: find the layout (header row,
column roles), read one row's values per role, recognise banner rows, enter the section levels a
row names, and make the row's task.
"""
from __future__ import annotations

from gkdesk.domain.record import replace
from typing import NamedTuple

from gkdesk.domain.deadlines import deadline_from_text, parse_deadline
from gkdesk.domain.model import Column, Deadline, Section, Subsection, Task
from gkdesk.domain.unit_names import join_wrapped_names
from gkdesk.domain.units import is_blank_unit, split_units

from .fields import apply_fields, split_inline
from .grid import Cell, Grid, clean_cell_text, compact
from .roles import assign_roles, find_header_row, section_heading, subsection_heading
from .task_numbers import number_from_text

_CARRIED = ("lead", "responsible", "deadline")
_ROLE_NAMES = {"lead": "牵头单位", "responsible": "责任单位", "deadline": "完成时限"}


# The reader's own records are NamedTuples: made once per table or row and never changed, and a
# NamedTuple class costs a quarter of what a dataclass costs to make when the CLI starts.
class TableResult(NamedTuple):
    columns: list[Column]
    sections: list[Section]
    warnings: list[str]


_KEY_PUNCTUATION = str.maketrans("", "", "。．.，,：:；;")


def _title_key(text: str) -> str:
    """The title without white space and 。．.，,：:；; (str.split() drops what re's \\s matches)."""
    return "".join(text.split()).translate(_KEY_PUNCTUATION)


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

    def finished(self) -> list[Section]:
        """The sections that hold tasks, without empty untitled subsections."""
        sections = [s for s in self.sections if any(ss.tasks for ss in s.subsections)]
        for s in sections:
            s.subsections = [ss for ss in s.subsections if ss.tasks or ss.title]
        return sections


def _heading_text(text: str) -> str:
    """Section titles are one line: "政府信息公开\n工作负责人" was a paragraph break in the cell."""
    return "".join(ln.strip() for ln in text.split("\n"))


def _is_header_repeat(row: list[Cell], header_words: list[str]) -> bool:
    """A header row repeated at a page break."""
    return len(row) == len(header_words) and any(header_words) and all(
        compact(c.text) == w for c, w in zip(row, header_words))


def _one_line(text: str) -> str:
    s = text.replace("\n", "、")
    return s if len(s) <= 30 else s[:29] + "…"


# -- step 1: the layout -------------------------------------------------------------------------


class Layout(NamedTuple):
    """Where the data starts and which column holds what."""

    header_row: list[Cell]
    first: int  # index of the first data row
    columns: list[Column]
    col_of: dict[str, list[int]]  # role → its column indexes, left to right

    @property
    def header_words(self) -> list[str]:
        return [compact(c.text) for c in self.header_row]

    def has(self, role: str) -> bool:
        return role in self.col_of

    def header(self, role: str) -> str:
        """The notice's own header word for a role ("工作要求")."""
        return next((c.header for c in self.columns if c.role == role), role)


def read_layout(grid: Grid, warnings: list[str]) -> Layout | None:
    """The header row and column roles of a padded grid, or None when it is no task table."""
    if grid.width < 2 or not grid.rows:
        return None
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
    header_row = grid.rows[hidx] if hidx is not None else []
    first = hidx + 1 if hidx is not None else 0
    return Layout(header_row=header_row, first=first, columns=columns, col_of=col_of)


# -- step 2: one row's values -------------------------------------------------------------------


class Value(NamedTuple):
    """One role's text in a row."""

    text: str
    # Some cell of the role continues a cell above (a vertical merge): the text is not the row's own.
    cont: bool = False


def row_values(row: list[Cell], col_of: dict[str, list[int]], clean=clean_cell_text) -> dict[str, Value]:
    """Each role's text in this row (several columns of one role joined by line breaks)."""
    out: dict[str, Value] = {}
    for role, cols in col_of.items():
        parts: list[str] = []
        cont = False
        for c in cols:
            cell = row[c]
            if cell.merged_left:
                continue
            if cell.merged_above:
                cont = True
            t = clean(cell.text)
            if t and t not in parts:
                parts.append(t)
        out[role] = Value("\n".join(parts), cont)
    return out


# -- step 3: banner rows ------------------------------------------------------------------------


def banner_title(row: list[Cell], values: dict[str, Value]) -> str | None:
    """The one title written across a row (a section as a full-width row), or None.

    Continuation cells repeat the rows above; only fresh text can make a banner.
    """
    distinct = {k for c in row if not c.merged_above and (k := compact(c.text))}
    if len(distinct) != 1:
        return None
    text = values.get("text", Value(""))
    if compact(text.text) not in ("", *distinct):
        return None
    return _heading_text(next(c.text for c in row if compact(c.text) and not c.merged_above))


def is_full_width(row: list[Cell]) -> bool:
    return all(c.merged_left for c in row[1:])


class _Memo:
    """Per-table memo of pure readings: unit and deadline cells repeat down a table."""

    def __init__(self, year_hint: int | None) -> None:
        self.year_hint = year_hint
        self.clean: dict[str, str] = {}
        self.unit_names: dict[str, tuple[str, ...]] = {}
        self.deadlines: dict[str, Deadline] = {}

    def clean_text(self, text: str) -> str:
        c = self.clean.get(text)
        if c is None:
            c = self.clean[text] = clean_cell_text(text)
        return c

    def units(self, text: str) -> list[str]:
        """A unit cell's names, with names wrapped over two paragraphs joined first."""
        u = self.unit_names.get(text)
        if u is None:
            u = self.unit_names[text] = tuple(split_units(join_wrapped_names(text)))
        return list(u)

    def deadline(self, text: str) -> Deadline:
        d = self.deadlines.get(text)
        if d is None:
            d = self.deadlines[text] = parse_deadline(text, self.year_hint)
        return replace(d)  # a copy: each task owns its deadline


# -- steps 4 and 5: levels and tasks ------------------------------------------------------------


class _TableReader:
    def __init__(self, grid: Grid, layout: Layout, year_hint: int | None, warnings: list[str]) -> None:
        self.grid = grid
        self.layout = layout
        self.year_hint = year_hint
        self.warnings = warnings
        self.tree = _TreeBuilder()
        # Last value seen per carried column within the current subsection (text formats only).
        self.carried: dict[str, str] = {}
        self.prev_task: Task | None = None
        self.memo = _Memo(year_hint)

    def read(self) -> list[Section]:
        lay = self.layout
        header_words = lay.header_words
        for r in range(lay.first, len(self.grid.rows)):
            row = self.grid.rows[r]
            if header_words and _is_header_repeat(row, header_words):
                continue
            if not any(c.text and not c.text.isspace() for c in row):  # blank: compact() of every cell ""
                continue
            self.read_row(row, f"{self.grid.name}第{r + 1}行")
        return self.tree.finished()

    def read_row(self, row: list[Cell], ref: str) -> None:
        values = row_values(row, self.layout.col_of, self.memo.clean_text)
        banner = banner_title(row, values)
        if banner is not None and self.enter_banner(banner, row, ref):
            return
        self.enter_levels(values)
        text, title = values.get("text", Value("")), values.get("title", Value(""))
        # A row whose own cell is only its title shares the requirement and units above: a task.
        own_title = bool(title.text) and not title.cont
        if text.cont and self.prev_task is not None and not own_title:
            self.extend_previous(values)
            return
        if not text.text and title.text and self.carries_requirement(title):
            # A text copy cannot show the merge: a blank requirement under a filled one repeats it.
            assert self.prev_task is not None
            text = Value(self.prev_task.text)
            self.warnings.append(f"{ref}：{self.layout.header('text')}为空，按合并单元格沿用上一行“{_one_line(text.text)}”。")
        if not text.text and title.text:
            text, title = title, Value("")
        if not text.text:
            leftovers = [values[x].text for x in _CARRIED if x in values]
            if any(leftovers) and not self.grid.explicit_merges:
                self.warnings.append(f"{ref}：有单位或时限但没有举措内容，已忽略。")
            return
        task = self.make_task(text.text, title.text, values, ref)
        self.tree.add_task(task)
        self.prev_task = task

    def carries_requirement(self, title: Value) -> bool:
        """In a text copy, a row with a title but a blank requirement right under a titled task."""
        prev = self.prev_task
        return (not self.grid.explicit_merges and not title.cont and self.layout.has("title")
                and prev is not None and bool(prev.title) and self.tree.subsection is not None
                and bool(self.tree.subsection.tasks) and self.tree.subsection.tasks[-1] is prev)

    def enter_banner(self, title: str, row: list[Cell], ref: str) -> bool:
        """Enter the level a banner row names; True when the row is used up."""
        if section_heading(title):
            self.tree.enter_section(title)
            self.carried.clear()
            return True
        if subsection_heading(title):
            self.tree.enter_subsection(title)
            self.carried.clear()
            return True
        if is_full_width(row):
            self.warnings.append(f"{ref}：通栏行“{_one_line(title)}”不是任务，已跳过。")
            return True
        return False

    def enter_levels(self, values: dict[str, Value]) -> None:
        """Enter the section and subsection this row names in its own (not merged) cells."""
        sec = values.get("section", Value(""))
        sub = values.get("subsection", Value(""))
        # A column holding both levels: a （一） in the section column is a subsection.
        if sec.text and not sec.cont and subsection_heading(compact(sec.text)) and not sub.text:
            sub, sec = sec, Value("")
        before = self.tree.subsection
        if sec.text and not sec.cont:
            self.tree.enter_section(_heading_text(sec.text))
        if self.tree.subsection is not before:
            self.carried.clear()
        before = self.tree.subsection
        if sub.text and not sub.cont:
            self.tree.enter_subsection(_heading_text(sub.text))
        if self.tree.subsection is not before:
            self.carried.clear()

    def extend_previous(self, values: dict[str, Value]) -> None:
        """A measure cell merged down over several rows: the extra rows only add units."""
        assert self.prev_task is not None
        for role in ("lead", "responsible"):
            for u in self.memo.units(values.get(role, Value("")).text):
                lst = getattr(self.prev_task, role)
                if u not in lst:
                    lst.append(u)

    def carried_values(self, values: dict[str, Value], ref: str) -> dict[str, str]:
        """Lead, responsible and deadline text; a blank in a text format repeats the row above."""
        out: dict[str, str] = {}
        for role in _CARRIED:
            v = values.get(role, Value("")).text
            if not v and not self.grid.explicit_merges and self.layout.has(role) and role in self.carried:
                v = self.carried[role]
                if v:
                    self.warnings.append(f"{ref}：{_ROLE_NAMES[role]}为空，按合并单元格沿用上一行“{_one_line(v)}”。")
            out[role] = v
            if self.layout.has(role):
                self.carried[role] = v
        return out

    def make_task(self, text: str, title: str, values: dict[str, Value], ref: str) -> Task:
        vals = self.carried_values(values, ref)
        text, inline = split_inline(text)
        task = Task(
            text=text,
            number=compact(values.get("number", Value("")).text).rstrip(".．、"),
            title=title,
            lead=self.memo.units(vals["lead"]),
            responsible=self.memo.units(vals["responsible"]),
            deadline=self.memo.deadline(vals["deadline"]),
            source_ref=ref,
        )
        apply_fields(task, inline, self.year_hint)
        if not self.layout.has("deadline") and task.deadline.kind == "none":
            # No 完成时限 column: a date the task's own words set is its deadline.
            task.deadline = deadline_from_text(f"{text}\n{title}") or task.deadline
        if task.deadline.kind == "unparsed":
            self.warnings.append(f"{ref}：完成时限“{task.deadline.text}”无法识别为日期，已按原文保留。")
        has_unit_column = self.layout.has("lead") or self.layout.has("responsible")
        if not task.lead and not task.responsible and has_unit_column:
            if not (is_blank_unit(vals["lead"]) and vals["lead"]) and not vals["responsible"]:
                self.warnings.append(f"{ref}：未写牵头单位和责任单位。")
        return task


def read_task_table(grid: Grid, year_hint: int | None = None) -> TableResult | None:
    """The task tree of one table, or None when the table is not a task table."""
    grid = grid.padded()
    warnings: list[str] = []
    layout = read_layout(grid, warnings)
    if layout is None:
        return None
    sections = _TableReader(grid, layout, year_hint, warnings).read()
    if not any(ss.tasks for s in sections for ss in s.subsections):
        return None
    if not layout.has("number"):
        number_from_text(sections)
    return TableResult(columns=layout.columns, sections=sections, warnings=warnings)
