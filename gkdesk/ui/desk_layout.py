"""Sizes of the desk's views that depend on the font and the tree's depth, not fixed pixels; what
stands in the task tree's place when it lists nothing."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeView

from .after_paint import PaintedLabel

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
    """The line that stands in the tree area when a search or filter finds nothing (it says when it
    has painted: the desk's first frame may be this line, not the tree)."""
    window.no_hits = PaintedLabel()
    window.no_hits.setAlignment(Qt.AlignmentFlag.AlignCenter)
    window.no_hits.hide()
    return window.no_hits


def no_hits_reason(window) -> str | None:
    """Why the shown notice lists no task (the tree is hidden then); None when it lists some."""
    if window.notice_id is None or window.task_model.rowCount() > 0:
        return None
    f = window.current_filter()
    if f.query:
        return f"没有找到包含“{f.query}”的任务"
    if f.statuses or f.deadline or f.scope != "all":
        return "没有符合筛选条件的任务"
    return "这份通知中没有任务"


def show_no_hits(window) -> None:
    """Zero hits says so, rather than leaving an empty tree the clerk may take for a fault."""
    reason = no_hits_reason(window)
    if reason is not None:
        detail = "（已搜索编号、内容、单位和完成情况）" if window.current_filter().query else ""
        window.no_hits.setText(f"{reason}{detail}。")
    window.no_hits.setVisible(reason is not None)
    window.task_view.setVisible(reason is None)


def tree_place(window) -> str:
    """What the desk shows in the task tree's place, in words (`gkdesk --smoke` prints it)."""
    reason = no_hits_reason(window)
    if reason is not None:
        return f"任务树 0 行：{reason}"
    rows = window.task_model.rowCount()
    return f"任务树 {rows} 行：尚未导入通知" if not window.empty_hint.isHidden() else f"任务树 {rows} 行"
