"""The notices in the store grouped by year: 2020年 → 万盛经开办〔2020〕9号 关于印发…的通知.

A handful of rows, so everything loads at once; the same plain-node pattern as the task tree.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from gkdesk.store.notices import NoticeRepository, NoticeSummary

NOTICE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("发文字号", "标题")
NO_YEAR = "未注明年份"
Index = QModelIndex | QPersistentModelIndex


class _Node:
    __slots__ = ("parent", "row", "children", "year", "notice")

    def __init__(self, parent: _Node | None, row: int, year: int | None = None,
                 notice: NoticeSummary | None = None) -> None:
        self.parent, self.row, self.year, self.notice = parent, row, year, notice
        self.children: list[_Node] = []


class NoticeTreeModel(QAbstractItemModel):
    def __init__(self, notices: NoticeRepository | None = None, parent: QObject | None = None,
                 load: bool = True) -> None:
        """load=False: the caller reloads it itself (the desk does, choosing the notice after)."""
        super().__init__(parent)
        self.repo = notices
        self._root = _Node(None, 0)
        self._bold = QFont()
        self._bold.setBold(True)
        if notices is not None and load:
            self.reload()

    def reload(self) -> None:
        """Read the notices again (after an import or a delete)."""
        if self.repo is not None:
            self.set_notices(self.repo.list_notices())

    def set_notices(self, notices: Iterable[NoticeSummary]) -> None:
        self.beginResetModel()
        self._root = _Node(None, 0)
        years: dict[int | None, _Node] = {}
        # Newest year first, notices without a year last, each year in the order given.
        for n in sorted(notices, key=lambda n: -(n.year or 0)):
            group = years.get(n.year)
            if group is None:
                group = years[n.year] = _Node(self._root, len(self._root.children), n.year)
                self._root.children.append(group)
            group.children.append(_Node(group, len(group.children), n.year, n))
        self.endResetModel()

    def notice_id(self, index: Index) -> int | None:
        node = self._node(index)
        return node.notice.id if node.notice else None

    def index_for_notice(self, notice_id: int) -> QModelIndex:
        for group in self._root.children:
            for node in group.children:
                if node.notice and node.notice.id == notice_id:
                    return self.createIndex(node.row, 0, node)
        return QModelIndex()

    # -- QAbstractItemModel --------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self._node(parent).children[row])

    def parent(self, child: Index | None = None) -> Any:  # type: ignore[override]
        if child is None:  # QObject.parent(), which this override would otherwise hide
            return QObject.parent(self)
        if not child.isValid():
            return QModelIndex()
        up: _Node = child.internalPointer().parent
        return QModelIndex() if up is None or up.parent is None else self.createIndex(up.row, 0, up)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.column() > 0 else len(self._node(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node: _Node = index.internalPointer()
        n = node.notice
        if n is None:  # a year row
            if index.column() == 0 and role == Qt.ItemDataRole.DisplayRole:
                return f"{node.year}年" if node.year else NO_YEAR
            return self._bold if role == Qt.ItemDataRole.FontRole else None
        if role == NOTICE_ID_ROLE:
            return n.id
        if role == Qt.ItemDataRole.DisplayRole:
            return (n.doc_number or "（无文号）") if index.column() == 0 else n.title
        if role == Qt.ItemDataRole.ToolTipRole:
            revised = f"，第 {n.revision} 版" if n.revision > 1 else ""
            return (f"{n.doc_number}\n{n.title}\n共 {n.tasks} 项任务，已填完成情况 {n.completions} 条"
                    f"\n导入于 {n.imported_at}{revised}")
        return None

    def _node(self, index: Index) -> _Node:
        return index.internalPointer() if index.isValid() else self._root
