"""本单位's 附件1 as one editable sheet: the rows the exported form prints, section rows between them.

The rows come from store.forms.completion_form (the very list the .docx/.xlsx/PDF writers get), so
the sheet and the printed form cannot disagree on which tasks are 本单位's or in what order. The
notice's columns are read-only; the single 完成情况 column of the form is split into the four things
the clerk types (完成情况, 状态, 完成日期, 公开路径), each saved through Operations as one SetField.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemDelegate, QComboBox

from gkdesk.domain.collection import parse_date
from gkdesk.domain.forms import CompletionRow, format_date
from gkdesk.domain.records import NOT_STARTED, STATUSES
from gkdesk.store.forms import completion_form

from .changes import Changes
from .item_views import LiveDelegate
from .operations import Operations

# (header, completion field) of the columns the clerk fills, in the order Tab walks them.
FILL_COLUMNS = (("完成情况", "text"), ("状态", "status"), ("完成日期", "completed_on"), ("公开路径/链接", "links"))
_SKIPPED_ROLES = {"section", "subsection", "completion"}  # shown as rows, or split into FILL_COLUMNS
_LINK_SPLIT = re.compile(r"[；;\n\s]+")


@dataclass
class SheetRow:
    """A task row (task set) or a section / subsection row (heading set, spans the sheet)."""

    heading: str = ""
    task: CompletionRow | None = None


class FormSheetModel(QAbstractTableModel):
    def __init__(self, ops: Operations, notice_id: int, unit: str, parent=None) -> None:
        super().__init__(parent)
        self.ops, self.notice_id, self.unit = ops, notice_id, unit
        self.columns: list[tuple[str, str]] = []  # (header, role) of the notice's own columns kept
        self.rows: list[SheetRow] = []
        self.problem = ""  # the last edit that could not be read (shown by the editor)
        self.reload()
        ops.changed.connect(self._on_changed)

    # -- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        self.beginResetModel()
        form = completion_form(self.ops.store, self.notice_id, self.unit)
        self.form_title = form.title
        self.columns = [(h, r) for h, r in form.headers if r not in _SKIPPED_ROLES]
        self.rows = []
        section = subsection = None
        for row in form.rows:
            if row.section and row.section != section:
                self.rows.append(SheetRow(heading=row.section))
                subsection = None
            section = row.section
            if row.subsection and row.subsection != subsection:
                self.rows.append(SheetRow(heading=row.subsection))
            subsection = row.subsection
            self.rows.append(SheetRow(task=row))
        # One query for the whole sheet; a paint reads this, not the store, for every cell.
        self._comps = {c.task_id: c for c in self.ops.store.completions.completions_for_notice(
            self.notice_id, unit=self.unit)}
        self.endResetModel()

    def _on_changed(self, changes: Changes) -> None:
        ids = {r.task.task_id for r in self.rows if r.task is not None}
        if changes.notices or changes.units or changes.tasks_removed:
            self.reload()
        elif ids & set(changes.completions):
            for tid in ids & set(changes.completions):
                self._comps[tid] = self.ops.store.completions.get_completion(tid, self.unit)
            top, bottom = self.index(0, self.fill_start()), self.index(len(self.rows) - 1, self.columnCount() - 1)
            self.dataChanged.emit(top, bottom)

    # -- shape ---------------------------------------------------------------------------------
    def fill_start(self) -> int:
        return len(self.columns)

    def field_of(self, column: int) -> str | None:
        k = column - self.fill_start()
        return FILL_COLUMNS[k][1] if 0 <= k < len(FILL_COLUMNS) else None

    def column_of(self, name: str) -> int:
        return self.fill_start() + [f for _, f in FILL_COLUMNS].index(name)

    def task_rows(self) -> list[int]:
        return [i for i, r in enumerate(self.rows) if r.task is not None]

    def task_id(self, row: int) -> int | None:
        r = self.rows[row]
        return r.task.task_id if r.task is not None else None

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns) + len(FILL_COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section][0] if section < self.fill_start() else FILL_COLUMNS[section - self.fill_start()][0]
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.rows[index.row()].task is not None and self.field_of(index.column()) is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    # -- values --------------------------------------------------------------------------------
    def _completion(self, row: int):
        tid = self.task_id(row)
        return self._comps.get(tid) if tid is not None else None

    def value(self, row: int, name: str) -> Any:
        comp = self._completion(row)
        if name == "status":
            return comp.status if comp else NOT_STARTED
        return getattr(comp, name) if comp else None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if r.task is None:
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return r.heading
            if role == Qt.ItemDataRole.FontRole:
                from PySide6.QtGui import QFont

                f = QFont()
                f.setBold(True)
                return f
            return None
        name = self.field_of(index.column())
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        if name is None:
            return r.task.value(self.columns[index.column()][1])
        v = self.value(index.row(), name)
        if name == "completed_on":
            return format_date(v) if v else ""
        if name == "links":
            return "；".join(v or [])
        return v or ""

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        name = self.field_of(index.column())
        tid = self.task_id(index.row())
        if role != Qt.ItemDataRole.EditRole or name is None or tid is None:
            return False
        text = str(value or "").strip()
        self.problem = ""
        if name == "completed_on":
            try:
                new: Any = parse_date(text)
            except ValueError:
                self.problem = f"“{text}”不是日期，请写成 2020年11月30日 或 2020-11-30。"
                return False
        elif name == "links":
            new = [x for x in _LINK_SPLIT.split(text) if x]
        elif name == "status":
            if text not in STATUSES:
                return False
            new = text
        else:
            new = str(value or "")
        ok = self.ops.set_field(tid, self.unit, name, new)
        if ok:
            self.dataChanged.emit(index, index)
        return ok


class SheetDelegate(LiveDelegate):
    """状态 is chosen from a drop-down; Enter, like Tab, saves the cell and moves on."""

    def createEditor(self, parent, option, index):  # noqa: N802
        if index.model().field_of(index.column()) == "status":
            box = QComboBox(parent)
            box.addItems(list(STATUSES))
            return box
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor, index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            editor.setCurrentText(index.data(Qt.ItemDataRole.EditRole) or NOT_STARTED)
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor, model, index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText())
        else:
            super().setModelData(editor, model, index)

    def eventFilter(self, editor, event) -> bool:  # noqa: N802
        from PySide6.QtCore import QEvent

        if (event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.EditNextItem)
            return True
        return super().eventFilter(editor, event)


__all__ = ["FILL_COLUMNS", "FormSheetModel", "SheetDelegate"]
