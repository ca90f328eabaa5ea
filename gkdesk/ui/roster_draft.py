"""The 附件2 roster being filled in, without widgets: persons by 类别, kept as the paper form keeps
them (every category has at least one line; blank lines are the form's empty lines and are not
saved). The editor (ui/roster_editor.py) shows it as one table; this model is tested without Qt.
"""
from __future__ import annotations

from dataclasses import dataclass

from gkdesk.domain.roster_check import ERROR, Issue, check_roster, summary

Row = dict[str, str]
Entries = dict[str, list[Row]]


def is_blank(row: Row) -> bool:
    return not any(str(v or "").strip() for v in row.values())


class RosterDraft:
    def __init__(self, categories: list[str], columns: list[str], entries: Entries | None = None) -> None:
        entries = entries or {}
        self.columns = list(columns)
        # Categories the stored roster has but the template lost stay visible, after the template's.
        self.categories = list(categories) + [c for c in entries if c not in categories]
        self.rows: dict[str, list[Row]] = {
            c: [dict(r) for r in entries.get(c, [])] or [self.blank()] for c in self.categories
        }

    def blank(self) -> Row:
        return {c: "" for c in self.columns}

    def entries(self) -> Entries:
        """What 保存 stores: the non-blank persons of each category, values trimmed."""
        out: Entries = {}
        for cat in self.categories:
            persons = [{k: str(v or "").strip() for k, v in r.items()} for r in self.rows[cat] if not is_blank(r)]
            if persons:
                out[cat] = persons
        return out

    def layout(self) -> list[tuple[str, int]]:
        """Table row → (category, person index), categories in form order."""
        return [(cat, i) for cat in self.categories for i in range(len(self.rows[cat]))]

    def first_rows(self) -> dict[str, int]:
        """Category → the table row of its first person."""
        out, row = {}, 0
        for cat in self.categories:
            out[cat] = row
            row += len(self.rows[cat])
        return out

    def set_value(self, category: str, index: int, column: str, text: str) -> bool:
        """True when the value changed."""
        row = self.rows[category][index]
        if row.get(column, "") == text:
            return False
        row[column] = text
        return True

    def add_person(self, category: str, after: int | None = None) -> tuple[int, bool]:
        """A line after person `after` (or at the end); (its index, whether a line was added).

        A category whose only line is still blank gets no second blank line: that line is used.
        """
        rows = self.rows[category]
        if len(rows) == 1 and is_blank(rows[0]):
            return 0, False
        index = after + 1 if after is not None else len(rows)
        rows.insert(index, self.blank())
        return index, True

    def remove_person(self, category: str, index: int) -> int:
        """Remove a line (the last one becomes blank instead); the index to select next."""
        rows = self.rows[category]
        del rows[index]
        if not rows:
            rows.append(self.blank())
        return min(index, len(rows) - 1)

    def move_person(self, category: str, index: int, step: int) -> int | None:
        """Swap with the neighbour `step` away; the new index, or None at either end."""
        rows = self.rows[category]
        j = index + step
        if not 0 <= j < len(rows):
            return None
        rows[index], rows[j] = rows[j], rows[index]
        return j

    def issues(self) -> list[Issue]:
        return check_roster(self.categories, self.rows, self.columns)


# -- what the editor shows about the issues (words and places, no widgets) ------------------------
MAX_LISTED = 8
Cell = tuple[int, int]  # (table row, table column); column 0 is 类别, the template's columns follow


def has_errors(issues: list[Issue]) -> bool:
    return any(i.level == ERROR for i in issues)


def issue_cell(issue: Issue, columns: list[str], first_rows: dict[str, int]) -> Cell:
    """Where an issue is marked: its person's cell, or the 类别 cell when it is about the category."""
    if issue.row is None:
        return first_rows[issue.category], 0
    col = 1 + columns.index(issue.column) if issue.column in columns else 0
    return first_rows[issue.category] + issue.row, col


def cell_marks(issues: list[Issue], columns: list[str], first_rows: dict[str, int]) -> dict[Cell, list[Issue]]:
    marks: dict[Cell, list[Issue]] = {}
    for issue in issues:
        marks.setdefault(issue_cell(issue, columns, first_rows), []).append(issue)
    return marks


def cell_tip(found: list[Issue]) -> str:
    """The tooltip of a marked cell: each issue with its kind."""
    return "\n".join(("错误：" if i.level == ERROR else "提醒：") + i.message for i in found)


@dataclass(frozen=True)
class IssueReport:
    """The lines under the table and whether 导出…/打印… may run (and why not)."""

    summary: str
    colour: str
    lines: list[str]
    can_export: bool
    blocked: str


def issue_report(issues: list[Issue], from_window: bool) -> IssueReport:
    """Errors block 导出/打印 (warnings do not); so does an editor opened without the main window,
    which is what exports and prints."""
    errors = [i for i in issues if i.level == ERROR]
    colour = "#b00020" if errors else "#8a5a00" if issues else "#2e7d32"
    lines = []
    for i in issues[:MAX_LISTED]:
        kind = "错误" if i.level == ERROR else "提醒"
        if i.row is None:  # the message names the category itself
            lines.append(f"{kind}　{i.message}")
            continue
        where = f"{i.category} 第{i.row + 1}行" + (f" {i.column}" if i.column else "")
        lines.append(f"{kind}　{where}：{i.message}")
    if len(issues) > MAX_LISTED:
        lines.append(f"……另有 {len(issues) - MAX_LISTED} 个问题")
    if errors:
        blocked = f"有 {len(errors)} 个错误，改正后才能导出或打印（提醒不影响）"
    elif not from_window:
        blocked = "请从主窗口打开人员名单以导出或打印"
    else:
        blocked = ""
    return IssueReport(summary(issues), colour, lines, not errors and from_window, blocked)
