"""The import wizard's tree: each row of an import result with its warnings, and the cells the
clerk may fix edited in place (the words and the edit rules are in ui/import_review.py)."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QStyle, QStyledItemDelegate, QTreeWidget, QTreeWidgetItem

from gkdesk.domain.model import ImportResult, Section, Subsection, Task
from gkdesk.ui.import_review import (
    COL_DEADLINE,
    COL_LEAD,
    COL_NUMBER,
    COL_RESP,
    COL_TEXT,
    COLUMNS,
    editable_text,
    task_view,
    tree_rows,
)

WARN_BACKGROUND = QColor("#fff4d6")


class _Row(QTreeWidgetItem):
    """One tree row and the domain object it shows; edits go straight into that object."""

    def __init__(self, parent: QTreeWidget | QTreeWidgetItem, node: Section | Subsection | Task,
                 warnings: list[str]) -> None:
        super().__init__(parent)
        self.node = node
        self.warnings = warnings  # the import's warnings about this row, kept in its tooltips
        self.setFlags(self.flags() | Qt.ItemFlag.ItemIsEditable)  # the delegate picks the columns


class _EditDelegate(QStyledItemDelegate):
    """Opens an editor only on cells the clerk may fix, filled with the raw text, not the label."""

    def __init__(self, tree: ImportTree) -> None:
        super().__init__(tree)
        self.tree = tree

    def createEditor(self, parent, option, index):
        if raw_text(self.tree.itemFromIndex(index), index.column()) is None:
            return None
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor, index) -> None:
        editor.setText(raw_text(self.tree.itemFromIndex(index), index.column()) or "")

    def setModelData(self, editor, model, index) -> None:
        self.tree.on_edit(self.tree.itemFromIndex(index), index.column(), editor.text())


def raw_text(item: QTreeWidgetItem | None, column: int) -> str | None:
    """The text an edit of this cell starts from; None when the cell is not editable."""
    return editable_text(getattr(item, "node", None), column)


class ImportTree(QTreeWidget):
    """``on_edit(item, column, text)`` receives each finished cell edit (the wizard applies it)."""

    def __init__(self, on_edit: Callable[[QTreeWidgetItem, int, str], None]) -> None:
        super().__init__()
        self.on_edit = on_edit
        self.setObjectName("importTree")
        self.setHeaderLabels(COLUMNS)
        self.setItemDelegate(_EditDelegate(self))
        self.setEditTriggers(QTreeWidget.EditTrigger.DoubleClicked | QTreeWidget.EditTrigger.EditKeyPressed)
        self.setUniformRowHeights(True)
        self.setIndentation(16)  # tasks sit two levels deep; their 编号 shares column 0
        header = self.header()
        header.setStretchLastSection(False)
        for col, width in ((COL_NUMBER, 116), (COL_LEAD, 170), (COL_RESP, 210), (COL_DEADLINE, 190)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)

    def fill(self, result: ImportResult) -> int:
        """Show every row of ``result``; returns how many warnings are marked on task rows."""
        self.clear()
        items: dict[int, _Row] = {}  # id(node) → its row, for the rows that hang under it
        marked = 0
        for node, parent, warnings in tree_rows(result):
            row = _Row(items[id(parent)] if parent is not None else self, node, warnings)
            items[id(node)] = row
            self.show_row(row)
            if isinstance(node, Task):
                marked += len(warnings)
            else:
                row.setFirstColumnSpanned(True)
                if parent is None:  # a section
                    font = row.font(0)
                    font.setBold(True)
                    row.setFont(0, font)
        self.expandAll()
        return marked

    def show_row(self, row: _Row) -> None:
        """(Re)write a row's cells from its node: a title, or a task's cells with its warnings."""
        if not isinstance(row.node, Task):
            row.setText(0, row.node.title)
            row.setToolTip(0, row.node.title)
            return
        view = task_view(row.node, row.warnings)
        for col, (text, tip) in enumerate(zip(view.texts, view.tips)):
            row.setText(col, text)
            row.setToolTip(col, tip)
            if view.warned:
                row.setBackground(col, QBrush(WARN_BACKGROUND))
        if view.warned:
            row.setIcon(COL_NUMBER, self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
