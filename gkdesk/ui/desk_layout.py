"""Sizes of the desk's views that depend on the font and the tree's depth, not fixed pixels."""
from __future__ import annotations

from PySide6.QtWidgets import QTreeView

# A task sits under at most a section and a subsection; numbers run up to three digits ("128.").
TASK_DEPTH = 2
WIDEST_NUMBER = "888."
PADDING = 16  # the item's margins and a little air, so the last digit is never clipped


def fit_number_column(view: QTreeView) -> None:
    """Width of the 编号 column so a task number shows whole at its indentation."""
    steps = TASK_DEPTH + (1 if view.rootIsDecorated() else 0)
    width = view.indentation() * steps + view.fontMetrics().horizontalAdvance(WIDEST_NUMBER) + PADDING
    view.setColumnWidth(0, max(view.columnWidth(0), width))
