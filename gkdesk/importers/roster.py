"""The 附件2 roster form (人员名单): its title, 类别 rows and person columns."""
from __future__ import annotations

import re

from gkdesk.domain.model import RosterTemplate

from .grid import Grid, compact

_TITLE_HINTS = ("名单", "人员", "联系人", "花名册", "信息表")


def is_roster_grid(grid: Grid) -> bool:
    for row in grid.rows[:3]:
        words = {compact(c.text) for c in row}
        if "姓名" in words and words & {"职务", "联系电话", "电话", "手机", "职务/职称", "手机号码", "办公电话"}:
            return True
    return False


def read_roster(grid: Grid) -> RosterTemplate | None:
    if not is_roster_grid(grid):
        return None
    rows = grid.padded().rows
    hidx = next(i for i, r in enumerate(rows[:3]) if any(compact(c.text) == "姓名" for c in r))
    header = [compact(c.text) for c in rows[hidx]]
    name_col = header.index("姓名")
    columns = [h for h in header[name_col:] if h]
    categories: list[str] = []
    for r in rows[hidx + 1 :]:
        if name_col == 0:
            break
        c = r[0]
        t = compact(c.text)
        if t and not c.merged_left and t not in categories:
            categories.append(t)
    title = ""
    label = "附件2"
    for cap in reversed(grid.caption):
        s = compact(cap)
        if not title and any(h in s for h in _TITLE_HINTS) and not s.startswith("单位"):
            title = s
        m = re.fullmatch(r"附件\s*(\d+)", s)
        if m:
            label = f"附件{m.group(1)}"
            break
    return RosterTemplate(title=title or "工作人员名单", categories=categories, columns=columns, label=label)
