"""汇总 view of a notice (read only): the 通报, per unit and per section tables (sortable), the
overdue list, the ranking, and the completion-rate charts drawn in the window.

Everything here reads: the models are filled from a domain.summary.Summary (store/summary.py); no
GUI write happens in this module. The chart is the same drawing as in the printed report
(printing/summary_chart.py), painted on the widget.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gkdesk.domain.review import DUE_SOON, OVERDUE, WARNING_COLOURS, WARNING_LEVELS, warning_label
from gkdesk.domain.summary import Summary, SummaryRow
from gkdesk.printing.summary_chart import draw_rate_chart

COUNT_HEADERS = ("事项", "已报送", "通过", "退回", "待审核", "未填报", "逾期", "完成率", "预警")
SORT_ROLE = Qt.ItemDataRole.UserRole
_ROOT = QModelIndex()


class SummaryRowModel(QAbstractTableModel):
    """SummaryRow per row: name, then the counts; sorts numerically through SORT_ROLE."""

    def __init__(self, first: str, parent=None) -> None:
        super().__init__(parent)
        self._first = first
        self._rows: list[SummaryRow] = []

    def set_rows(self, rows: list[SummaryRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else 1 + len(COUNT_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return ([self._first, *COUNT_HEADERS])[section]
        return None

    def _value(self, r: SummaryRow, col: int):
        if col == 9:
            return WARNING_LEVELS.index(r.warning)
        return (r.name, r.tasks, r.reported, r.passed, r.sent_back, r.pending, r.empty, r.overdue, r.rate)[col]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            v = self._value(r, col)
            if col == 8:
                return f"{v}%"
            if col == 9:
                return warning_label(r.warning) + (f"（{r.due_soon}）" if r.warning == DUE_SOON else "")
            if col == 7 and v:
                return f"{warning_label(OVERDUE)} {v}"  # symbol and colour: reads in black and white too
            return v if col == 0 else str(v)
        if role == SORT_ROLE:
            return self._value(r, col)
        if role == Qt.ItemDataRole.ForegroundRole and col == 7 and r.overdue:
            return QBrush(QColor(WARNING_COLOURS[OVERDUE]))
        if role == Qt.ItemDataRole.ForegroundRole and col == 9:
            return QBrush(QColor(WARNING_COLOURS[r.warning]))
        if role == Qt.ItemDataRole.TextAlignmentRole and col:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class OverdueModel(QAbstractTableModel):
    HEADERS = ("事项", "单位", "任务", "完成时限", "状态")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._items = []

    def set_items(self, items) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        o = self._items[index.row()]
        values = (o.item_no, o.unit, o.task, o.due.isoformat(), o.status)
        if role == SORT_ROLE:
            return values[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            v = values[index.column()]
            return f"第{v}项" if index.column() == 0 else v
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 3:
            return QBrush(QColor(WARNING_COLOURS[OVERDUE]))
        return None


class RateChart(QWidget):
    """The completion rates drawn in the window (the printed report's drawing)."""

    def __init__(self, title: str, parent=None) -> None:
        super().__init__(parent)
        self._title = title
        self._rows: list[SummaryRow] = []
        self.setMinimumHeight(160)

    def set_rows(self, rows: list[SummaryRow]) -> None:
        self._rows = list(rows)
        self.setMinimumHeight(max(160, 26 * (len(self._rows) + 3)))
        self.update()

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        try:
            draw_rate_chart(p, self.width(), self.height(), self._title, self._rows)
        finally:
            p.end()


def _table(model, parent=None) -> QTableView:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = QTableView(parent)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the store's order until the clerk clicks
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.verticalHeader().setVisible(False)
    head = view.horizontalHeader()
    head.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    head.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)  # unit names read whole
    view.setAlternatingRowColors(True)
    return view


class SummaryView(QWidget):
    """The 汇总 of one notice. `show_summary(summary)` fills every model; nothing is written."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.briefing = QLabel(self)
        self.briefing.setWordWrap(True)
        self.briefing.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.units = SummaryRowModel("单位", self)
        self.sections = SummaryRowModel("任务部分", self)
        self.ranking = SummaryRowModel("单位（按完成率排名）", self)
        self.overdue = OverdueModel(self)
        self.unit_chart = RateChart("各单位完成率", self)
        self.section_chart = RateChart("各部分完成率", self)
        self.tabs = QTabWidget(self)
        for title, model, chart in (("各单位", self.units, self.unit_chart), ("各部分", self.sections, self.section_chart)):
            split = QSplitter(Qt.Orientation.Vertical, self)
            split.addWidget(_table(model, split))
            split.addWidget(chart)
            self.tabs.addTab(split, title)
        self.tabs.addTab(_table(self.overdue, self), "逾期事项")
        self.tabs.addTab(_table(self.ranking, self), "排名")
        layout = QVBoxLayout(self)
        layout.addWidget(self.briefing)
        layout.addWidget(self.tabs, 1)

    def show_summary(self, summary: Summary) -> None:
        self.briefing.setText(summary.briefing())
        self.units.set_rows(summary.units)
        self.sections.set_rows(summary.sections)
        self.ranking.set_rows(summary.ranking())
        self.overdue.set_items(summary.overdue)
        self.unit_chart.set_rows(summary.units)
        self.section_chart.set_rows(summary.sections)
        self.tabs.setTabText(2, f"逾期事项（{len(summary.overdue)}）")

    def load(self, store, notice_id: int, collector: str | None = None) -> Summary:
        """Read the summary from the store (read only) and show it."""
        from gkdesk.store.summary import summarise

        summary = summarise(store.db, notice_id, collector)
        self.show_summary(summary)
        return summary


__all__ = ["OverdueModel", "RateChart", "SummaryRowModel", "SummaryView"]
