"""Sizes of the desk's views that depend on the font and the tree's depth, not fixed pixels."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeView

# A task sits under at most a section and a subsection; numbers run up to three digits ("128.").
TASK_DEPTH = 2
WIDEST_NUMBER = "888."
PADDING = 16  # the item's margins and a little air, so the last digit is never clipped


def fit_number_column(view: QTreeView) -> None:
    """Width of the 编号 column so a task number shows whole at its indentation."""
    steps = TASK_DEPTH + (1 if view.rootIsDecorated() else 0)
    width = view.indentation() * steps + view.fontMetrics().horizontalAdvance(WIDEST_NUMBER) + PADDING
    view.setColumnWidth(0, max(view.columnWidth(0), width))


CONTENT_COLUMN = 1  # 内容


def stretch_content_column(view: QTreeView) -> None:
    """内容 takes the width the other columns leave, so 状态 stays in view on a 1366-px laptop.

    The other columns keep their widths (and stay resizable by hand); the tree scrolls sideways
    only when even they do not fit.
    """
    head = view.header()
    head.setStretchLastSection(False)
    head.setMinimumSectionSize(min(head.minimumSectionSize(), 60))
    head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    head.setSectionResizeMode(CONTENT_COLUMN, QHeaderView.ResizeMode.Stretch)


DEFAULT_SIZE = (1400, 860)
REMINDER_SHARE = 0.2  # the reminders are a glance; the task list and detail need the height


def fit_to_screen(window) -> None:
    """First opening without a saved size: the default, shrunk to the screen's free area."""
    screen = window.screen() or window.windowHandle() and window.windowHandle().screen()
    w, h = DEFAULT_SIZE
    if screen is not None:
        free = screen.availableGeometry()
        # Leave room for the window frame the geometry does not count.
        w, h = min(w, free.width() - 16), min(h, free.height() - 40)
        window.resize(w, h)
        window.move(free.x() + (free.width() - w) // 2, free.y() + max(0, (free.height() - h - 40) // 2))
    else:
        window.resize(w, h)


def size_reminder_dock(window, dock) -> None:
    """The bottom reminders dock takes a fifth of the height, not the third Qt gives it."""
    window.resizeDocks([dock], [max(90, int(window.height() * REMINDER_SHARE))], Qt.Orientation.Vertical)


def no_hits_label(window) -> QLabel:
    """The line that stands in the tree area when a search or filter finds nothing."""
    window.no_hits = QLabel()
    window.no_hits.setAlignment(Qt.AlignmentFlag.AlignCenter)
    window.no_hits.hide()
    return window.no_hits


def show_no_hits(window) -> None:
    """Zero hits says so, rather than leaving an empty tree the clerk may take for a fault."""
    f = window.current_filter()
    empty = window.notice_id is not None and window.task_model.rowCount() == 0
    if empty and f.query:
        window.no_hits.setText(f"没有找到包含“{f.query}”的任务（已搜索编号、内容、单位和完成情况）。")
    elif empty:
        window.no_hits.setText("没有符合筛选条件的任务。")
    window.no_hits.setVisible(empty)
    window.task_view.setVisible(not empty)
