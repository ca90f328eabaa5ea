"""The 附件2 roster being filled in, without widgets: persons by 类别, kept as the paper form keeps
them (every category has at least one line; blank lines are the form's empty lines and are not
saved). The editor (ui/roster_editor.py) shows it as one table; this model is tested without Qt.
"""
from __future__ import annotations

from gkdesk.domain.roster_check import Issue, check_roster

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
