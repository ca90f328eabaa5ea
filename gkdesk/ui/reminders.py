"""提醒: my overdue and due-soon tasks and the notices' 报送时限, with days left."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QLabel,
    QMenu,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gkdesk.domain.deadlines import cn_date
from gkdesk.store import Store
from gkdesk.store.reminders import DueReport, DueTask, needing_attention

RED = QColor("#c0392b")
AMBER = QColor("#b9770e")
GREEN = QColor("#2e7d32")


def days_text(days: int) -> str:
    if days < 0:
        return f"已逾期 {-days} 天"
    if days == 0:
        return "今天到期"
    return f"还有 {days} 天"


def report_label(r: DueReport, when: str) -> str:
    """One 报送时限 as the unit asked about reads it: what it hands in, to whom, by when — or, for
    the unit the report goes to, who must hand it in to it by when."""
    what = f"{r.attachment + ' ' if r.attachment else ''}{r.what}"
    if r.collects:
        return f"{what} {'各牵头单位' if r.audience else '各单位'}须于{when}前报送本单位（{r.doc_number}）"
    return f"{what} {'牵头单位' if r.audience else ''}须于{when}前报送{r.recipient}（{r.doc_number}）"


REPORT_ROLE = Qt.ItemDataRole.UserRole + 1  # (notice_id, form, handed_in or None) on a 报送时限 row


class RemindersPanel(QWidget):
    task_activated = Signal(int)
    #: right-click 标记已报送 (True) / 取消已报送 (False) on a 报送时限: notice_id, form
    handin_requested = Signal(int, str, bool)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["事项", "时限", "剩余"])
        self.tree.setRootIsDecorated(True)
        self.tree.setColumnWidth(0, 420)
        self.tree.setColumnWidth(1, 150)
        self.tree.itemActivated.connect(self._activated)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.tree, 1)

    def refresh(self, unit: str, today: date,
                found: tuple[list[DueReport], list[DueTask], int] | None = None) -> int:
        """Rebuild (from ``found`` when the rows were just read); returns how many items need attention."""
        self.tree.clear()
        reports, tasks, count = found or needing_attention(self.store.db, unit, today)
        warn = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        info = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
        top_r = QTreeWidgetItem(self.tree, [f"报送时限（{len(reports)}）"])
        for r in reports:
            when = cn_date(r.due) + (r.time if r.time else "")
            label = report_label(r, when)
            left = f"已报送（{cn_date(r.handed_in)}）" if r.handed_in else days_text(r.days_left)
            it = QTreeWidgetItem(top_r, [label, when, left])
            if r.collects:  # the report comes to this unit: nothing of its own to mark handed in
                it.setToolTip(0, label + "\n本单位是报送对象：请在此前收齐。")
            else:
                it.setData(0, REPORT_ROLE, (r.notice_id, r.form, r.handed_in, r.attachment or r.what))
                it.setToolTip(0, label + ("" if r.handed_in else "\n右键可标记为已报送"))
            it.setIcon(0, warn if r.days_left <= 7 and not r.handed_in else info)
            if r.handed_in:
                it.setForeground(2, QBrush(GREEN))
            elif r.days_left < 0:
                it.setForeground(2, QBrush(RED))
            elif r.days_left <= 7:
                it.setForeground(2, QBrush(AMBER))
        title = f"本单位逾期和 7 天内到期的任务（{len(tasks)}）" if unit else "本单位任务（请先在“设置”中选择本单位）"
        top_t = QTreeWidgetItem(self.tree, [title])
        for t in tasks:
            first = t.text.split("\n", 1)[0]
            label = f"{t.number + '．' if t.number.isdigit() else t.number}{first}"
            when = cn_date(t.due) + ("（附件1报送时限）" if t.report_date else "")
            it = QTreeWidgetItem(top_t, [label, when, days_text(t.days_left)])
            it.setData(0, Qt.ItemDataRole.UserRole, t.task_id)
            it.setToolTip(0, t.text)
            it.setIcon(0, warn)
            it.setForeground(2, QBrush(RED if t.days_left < 0 else AMBER))
        self.tree.expandAll()
        overdue = sum(1 for t in tasks if t.days_left < 0)
        soon = len(tasks) - overdue
        upcoming = count - len(tasks)
        self.summary.setText(
            f"今天是 {cn_date(today)}。本单位逾期任务 {overdue} 项，7 天内到期 {soon} 项；"
            f"7 天内的报送时限 {upcoming} 个。双击任务可查看并填写完成情况。"
        )
        return count

    def _menu(self, pos) -> None:
        menu = self.menu_for(self.tree.itemAt(pos))
        if menu is not None:
            menu.popup(self.tree.viewport().mapToGlobal(pos))

    def menu_for(self, item: QTreeWidgetItem | None) -> QMenu | None:
        """标记已报送 / 取消已报送 on a 报送时限 row; None on any other row."""
        mark = item.data(0, REPORT_ROLE) if item else None
        if not mark:
            return None
        notice_id, form, done, name = mark
        menu = QMenu(self)
        text = f"取消“已报送”（{cn_date(done)}）" if done else f"标记{name}为已报送（今天）"
        menu.addAction(text).triggered.connect(lambda: self.handin_requested.emit(notice_id, form, not done))
        return menu

    def _activated(self, item: QTreeWidgetItem, _col: int) -> None:
        tid = item.data(0, Qt.ItemDataRole.UserRole)
        if tid is not None:
            self.task_activated.emit(int(tid))
