"""Is an imported task tree plausible for the table it came from? The one rule, for every format. No Qt.

A table read with the wrong column roles (a header whose merged cells were lost, a column moved)
still gives a tree, only a wrong one: seed 000 without the header's w:gridSpan once gave 25 tasks
and no subsections instead of 56 and 23, and said nothing. The table itself shows what the tree
should roughly be — how many cells open a （一） subsection, how many rows carry a task number —
so a tree far from that is doubted aloud before anything is saved.
"""
from __future__ import annotations

from typing import NamedTuple

# Fewer tasks than this share of the numbered rows is "far fewer": a row whose number was read
# as part of the text above loses one task, not a quarter of them.
FEW_TASKS_RATIO = 0.75
# Below these counts a table is too small for the doubt to mean anything.
MIN_SUBSECTION_ROWS = 2
MIN_NUMBERED_ROWS = 5

_CHECK = "请仔细核对预览中的任务；如有错位，请在 Word/WPS 中检查表头（如合并单元格）后重新导入。"


class TableEvidence(NamedTuple):
    """What the task table's own cells show, counted by the importer before reading the tree.
    (A NamedTuple: immutable and compared by value like a frozen dataclass, cheaper to make.)"""

    subsection_cells: int  # distinct cell texts opening like "（一）"
    numbered_rows: int  # rows with a cell that is, or starts with, a task number ("12", "12．")


def tree_doubts(evidence: TableEvidence, subsections: int, tasks: int) -> list[str]:
    """The warnings, one Chinese sentence each, for a tree the table does not bear out; [] if plausible."""
    doubts: list[str] = []
    if evidence.subsection_cells >= MIN_SUBSECTION_ROWS and subsections == 0:
        doubts.append(f"表格中有 {evidence.subsection_cells} 个以“（一）”这样开头的小项，但导入结果中一个小项也没有，"
                      f"表头可能没有识别对，任务可能被放错了列。{_CHECK}")
    if evidence.numbered_rows >= MIN_NUMBERED_ROWS and tasks < evidence.numbered_rows * FEW_TASKS_RATIO:
        doubts.append(f"表格中有 {evidence.numbered_rows} 行带任务序号，但只识别出 {tasks} 项任务，"
                      f"可能有任务被合并或遗漏。{_CHECK}")
    return doubts
