"""审核(&A) menu and the task tree's 审核 entry: what the desk offers follows its role for the notice.

The role comes from 设置 (本单位) and the notice (store/review.py ReviewRepository.role, the rule in
domain/review.py DeskRole): the collecting office reviews any task and sees the 汇总; a lead unit
reviews the tasks it leads and sees the 汇总 of its rounds; a responsible unit is offered neither.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolButton

from gkdesk.domain.review import LEAD, OFFICE


def install(window) -> None:
    menu = window.menuBar().addMenu("审核(&A)")
    review = QAction("审核当前任务…", window)
    review.triggered.connect(lambda: open_review(window))
    summary = QAction("汇总…", window)
    summary.triggered.connect(lambda: open_summary(window))
    menu.addAction(review)
    menu.addAction(summary)
    menu.addSeparator()
    days = QAction("预警天数…", window)
    days.triggered.connect(lambda: ask_warning_days(window))
    menu.addAction(days)
    window.review_action, window.summary_action = review, summary
    # The task tree's right-click menu offers 审核 on the task under the cursor.
    window.task_view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    window.task_view.addAction(review)
    # And the detail pane, beside its tabs: a button that is the same action (enabled and shown with it).
    button = QToolButton()
    button.setDefaultAction(review)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    window.detail.tabs.setCornerWidget(button, Qt.Corner.TopRightCorner)
    window.review_button = button
    window.notice_view.selectionModel().selectionChanged.connect(lambda *_a: update(window))
    window.task_view.selectionModel().selectionChanged.connect(lambda *_a: update(window))
    window.ops.changed.connect(lambda c: _forget_role(window, c))
    # 预警天数 changed: the tree's marks and the status bar's counts are drawn from the filter's bounds.
    window.ops.changed.connect(lambda c: window.apply_filter() if c.settings else None)
    update(window)


def role(window):
    """The desk's role for the chosen notice; kept until the notice, 本单位 or the notices change
    (it reads every task of the unit, too much to repeat on each click in the tree)."""
    if window.notice_id is None:
        return None
    key = (window.notice_id, window.unit)
    cached = getattr(window, "_desk_role", None)
    if cached is None or cached[0] != key:
        cached = (key, window.store.reviews.role(window.notice_id, window.unit))
        window._desk_role = cached
    return cached[1]


def _forget_role(window, changes) -> None:
    if changes.units or changes.notices or changes.tasks_removed:
        window._desk_role = None
        update(window)


def current_task(window) -> int | None:
    idx = window.task_view.currentIndex()
    return window.task_model.task_id(idx) if idx.isValid() else None


def may_review(window, task_id: int | None) -> bool:
    r = role(window)
    if r is None or task_id is None:
        return False
    return r.may_review(r.role == LEAD and window.store.reviews.leads(task_id, r.unit))


def update(window) -> None:
    r = role(window)
    window.summary_action.setEnabled(r is not None and r.role in (OFFICE, LEAD))
    window.review_action.setEnabled(may_review(window, current_task(window)))
    window.review_action.setVisible(r is not None and r.role in (OFFICE, LEAD))
    window.review_button.setVisible(window.review_action.isVisible())  # a tool button follows only enabled
    tip = r.describe() if r is not None else "请先在左侧选择一份通知。"
    window.review_action.setStatusTip(tip)
    window.summary_action.setStatusTip(tip)


def open_review(window, task_id: int | None = None):
    from PySide6.QtWidgets import QMessageBox

    from .review_window import ReviewWindow

    task_id = current_task(window) if task_id is None else task_id
    if task_id is None:
        QMessageBox.information(window, "审核", "请先在左侧选择一项任务。")
        return None
    if not may_review(window, task_id):
        r = role(window)
        QMessageBox.information(window, "审核", f"{r.describe() if r else ''}这项任务不由本单位审核。")
        return None
    dlg = ReviewWindow(window.store, task_id, window, reviewer=window.unit)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.show()
    return dlg


def ask_warning_days(window, days: int | None = None) -> bool:
    """设置 即将到期 的天数 (预警天数): the tree's marks, the status bar, 审核 and 汇总 follow it."""
    from PySide6.QtWidgets import QInputDialog

    from .review_edits import SetWarningDays

    if days is None:
        days, ok = QInputDialog.getInt(window, "预警天数", "完成时限前多少天内标为“即将到期”：",
                                       window.store.reviews.warning_days, 0, 365)
        if not ok:
            return False
    return window.ops.run(SetWarningDays(days), window)


def open_summary(window):
    from PySide6.QtWidgets import QMessageBox

    from .summary_window import SummaryWindow

    r = role(window)
    if r is None or r.role not in (OFFICE, LEAD):
        QMessageBox.information(window, "汇总", r.describe() if r else "请先在左侧选择一份通知。")
        return None
    # The office sums every unit's returns; a lead unit the rounds it handed out itself.
    dlg = SummaryWindow(window.store, window.notice_id, window, collector=window.unit)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.show()
    return dlg


__all__ = ["ask_warning_days", "install", "may_review", "open_review", "open_summary", "role", "update"]
