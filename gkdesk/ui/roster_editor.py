"""附件2 人员名单 editor: my unit's persons by 类别, checked as the clerk types.

One table laid out like the paper form: the 类别 cell spans the persons of its category, then the
template's own columns (姓名 / 职务 / 联系电话 / 备注 and any extra one such as 邮箱). Each category
keeps at least one row, blank rows are the paper form's empty lines and are not saved. 保存 always
stores the draft; 导出… and 打印… need a roster without errors (warnings are fine).
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gkdesk.domain.roster_check import Issue
from gkdesk.domain.forms import DEFAULT_ROSTER
from gkdesk.ui.edits import RosterSave, SaveRosters
from gkdesk.ui.item_views import LiveDelegate, open_editor_on_input_method
from gkdesk.ui.operations import operations_for
from gkdesk.ui.roster_draft import RosterDraft, Row, cell_marks, cell_tip, has_errors, issue_report

ERROR_BG = QColor("#f6c6c6")
WARNING_BG = QColor("#fbe3a6")
_ERROR_CSS = "background: #f6c6c6;"
_WARNING_CSS = "background: #fbe3a6;"


class RosterEditor(QDialog):
    saved = Signal(int)  # roster id

    def __init__(self, store, notice_id: int, unit: str, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.ops = operations_for(store, parent)
        self.notice_id = notice_id
        self.unit = unit
        template = store.rosters.template(notice_id) or DEFAULT_ROSTER
        self.template = template
        roster = store.rosters.load_roster(notice_id, unit)
        self.draft = RosterDraft(list(template.categories or DEFAULT_ROSTER.categories),
                                 list(template.columns or DEFAULT_ROSTER.columns),
                                 roster.entries if roster else {})
        self.columns, self.categories, self.rows = self.draft.columns, self.draft.categories, self.draft.rows
        self.issues: list[Issue] = []
        self._index: list[tuple[str, int]] = []  # table row → (category, person index)
        self._start: dict[str, int] = {}  # category → its first table row
        self._loading = False
        self._dirty = False
        self._live_editor: QLineEdit | None = None
        self._live_cell: tuple[int, int] | None = None

        self.setWindowTitle(f"{template.label or '附件2'} {template.title or DEFAULT_ROSTER.title} — {unit}")
        self.resize(1000, 640)

        heading = QLabel(f"<b>{template.label or '附件2'}</b>　{template.title or DEFAULT_ROSTER.title}")
        heading.setTextFormat(Qt.TextFormat.RichText)

        self.unit_edit = QLineEdit(unit)
        self.unit_edit.setReadOnly(True)
        self.unit_edit.setToolTip("本单位：在“设置 → 本单位”中更改")
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy年M月d日")
        filled = (roster.filled_on if roster and roster.filled_on else None) or today or date.today()
        self.date_edit.setDate(QDate(filled.year, filled.month, filled.day))
        self.date_edit.dateChanged.connect(self._changed)
        head = QFormLayout()
        head.addRow("单位（公章）", self.unit_edit)
        head.addRow("填报日期", self.date_edit)

        self.add_btn = QPushButton("添加人员")
        self.add_btn.setToolTip("在当前人员之后添加一行（同一类别）")
        self.remove_btn = QPushButton("删除人员")
        self.up_btn = QPushButton("上移")
        self.down_btn = QPushButton("下移")
        self.add_btn.clicked.connect(self.add_person)
        self.remove_btn.clicked.connect(self.remove_person)
        self.up_btn.clicked.connect(lambda: self.move_person(-1))
        self.down_btn.clicked.connect(lambda: self.move_person(1))
        tools = QHBoxLayout()
        for b in (self.add_btn, self.remove_btn, self.up_btn, self.down_btn):
            tools.addWidget(b)
        tools.addStretch(1)

        self.table = QTableWidget(0, 1 + len(self.columns))
        self.table.setHorizontalHeaderLabels(["类别", *self.columns])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setWordWrap(True)
        open_editor_on_input_method(self.table)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(True)
        self.table.setColumnWidth(0, 260)
        for i, col in enumerate(self.columns, start=1):
            self.table.setColumnWidth(i, 150 if "电话" in col or "邮箱" in col else 110)
        self.delegate = LiveDelegate(self.table)
        self.delegate.typing.connect(self._typing)
        self.delegate.closeEditor.connect(self._editor_closed)
        self.table.setItemDelegate(self.delegate)
        self.table.itemChanged.connect(self._item_changed)
        self.table.currentCellChanged.connect(lambda *_: self._update_buttons())

        self.summary_label = QLabel()
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.save_btn = QPushButton("保存")
        self.save_btn.setDefault(True)
        self.export_btn = QPushButton("导出…")
        self.print_btn = QPushButton("打印…")
        self.close_btn = QPushButton("关闭")
        self.blocked_label = QLabel()
        self.blocked_label.setStyleSheet("color: #b00020;")
        self.status_label = QLabel()
        self.save_btn.clicked.connect(self.save)
        self.export_btn.clicked.connect(self.export)
        self.print_btn.clicked.connect(self.print)
        self.close_btn.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label)
        bottom.addWidget(self.blocked_label, 1)
        for b in (self.save_btn, self.export_btn, self.print_btn, self.close_btn):
            bottom.addWidget(b)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(head)
        layout.addLayout(tools)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.problems_label)
        layout.addLayout(bottom)

        self._render()
        self.table.setCurrentCell(0, 1)
        self.table.setFocus()

    # ---- model ------------------------------------------------------------------------------
    def entries(self) -> dict[str, list[Row]]:
        """What 保存 stores: the non-blank persons of each category, values trimmed."""
        return self.draft.entries()

    def filled_on(self) -> date:
        d = self.date_edit.date()
        return date(d.year(), d.month(), d.day())

    def current(self) -> tuple[str, int] | None:
        row = self.table.currentRow()
        return self._index[row] if 0 <= row < len(self._index) else None

    def row_of(self, category: str, index: int) -> int:
        """The table row of a category's person."""
        return self._start[category] + index

    # ---- table ------------------------------------------------------------------------------
    def _render(self, current: tuple[str, int] | None = None, column: int = 1) -> None:
        self._loading = True
        t = self.table
        t.clearSpans()
        self._index = self.draft.layout()
        t.setRowCount(len(self._index))
        self._start = self.draft.first_rows()
        for r, (cat, i) in enumerate(self._index):
            label = QTableWidgetItem(cat if i == 0 else "")
            label.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            label.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            t.setItem(r, 0, label)
            for c, col in enumerate(self.columns, start=1):
                t.setItem(r, c, QTableWidgetItem(str(self.rows[cat][i].get(col, "") or "")))
        for cat in self.categories:
            if len(self.rows[cat]) > 1:
                t.setSpan(self._start[cat], 0, len(self.rows[cat]), 1)
        t.resizeRowsToContents()
        self._loading = False
        if current is not None:
            t.setCurrentCell(self.row_of(*current), column)
        self._validate()

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading or item.column() == 0:
            return
        cat, i = self._index[item.row()]
        if self.draft.set_value(cat, i, self.columns[item.column() - 1], item.text()):
            self._changed()
        self._validate()

    def _typing(self, row: int, column: int, text: str, editor: QLineEdit) -> None:
        if column == 0 or row >= len(self._index):
            return
        cat, i = self._index[row]
        self.rows[cat][i][self.columns[column - 1]] = text
        self._live_editor, self._live_cell = editor, (row, column)
        self._changed()
        self._validate()

    def _editor_closed(self, *_args) -> None:
        """Esc throws away what was typed: take the model back to the cell's text."""
        if self._live_cell is None:
            return
        row, column = self._live_cell
        self._live_editor = self._live_cell = None
        item = self.table.item(row, column)
        if item is not None and row < len(self._index):
            cat, i = self._index[row]
            self.rows[cat][i][self.columns[column - 1]] = item.text()
        self._validate()

    def _changed(self, *_args) -> None:
        self._dirty = True
        self.status_label.setText("未保存")

    # ---- checks -----------------------------------------------------------------------------
    def _validate(self) -> None:
        self.issues = self.draft.issues()
        marks = cell_marks(self.issues, self.columns, self._start)
        self._loading = True
        t = self.table
        for r in range(t.rowCount()):
            for c in range(t.columnCount()):
                item = t.item(r, c)
                if item is None or (r, c) == self._live_cell:
                    continue  # touching the cell being typed in would reset its editor's text
                found = marks.get((r, c), [])
                if found:
                    item.setBackground(QBrush(ERROR_BG if has_errors(found) else WARNING_BG))
                    item.setToolTip(cell_tip(found))
                else:
                    item.setBackground(QBrush())
                    item.setToolTip("")
        self._loading = False
        editor = self._live_editor
        if editor is not None:
            try:
                found = marks.get(self._live_cell, [])
                editor.setStyleSheet((_ERROR_CSS if has_errors(found) else _WARNING_CSS) if found else "")
                editor.setToolTip("\n".join(i.message for i in found))
            except RuntimeError:  # the cell editor is gone
                self._live_editor = None
        self._show_issues()

    def _show_issues(self) -> None:
        report = issue_report(self.issues, self._window() is not None)
        self.summary_label.setText(f"<b style='color:{report.colour}'>{report.summary}</b>")
        self.problems_label.setText("\n".join(report.lines))
        self.problems_label.setVisible(bool(report.lines))
        self.blocked_label.setText(report.blocked)
        for b in (self.export_btn, self.print_btn):
            b.setEnabled(report.can_export)
            b.setToolTip(report.blocked)

    def _window(self):
        w = self.parent()
        return w if w is not None and hasattr(w, "store") and hasattr(w, "notice_id") else None

    # ---- persons ----------------------------------------------------------------------------
    def _update_buttons(self) -> None:
        cur = self.current()
        has = cur is not None
        self.remove_btn.setEnabled(has)
        self.up_btn.setEnabled(has and cur[1] > 0)
        self.down_btn.setEnabled(has and cur[1] < len(self.rows[cur[0]]) - 1)

    def _column(self) -> int:
        return max(1, self.table.currentColumn())

    def add_person(self, category: str | None = None) -> tuple[str, int]:
        """Add a row after the current person (or in `category`); returns (category, index).

        A category whose only row is still blank gets no second blank row: that row is used.
        """
        cur = self.current()
        if category is None or category is False:
            category = cur[0] if cur else self.categories[0]
        index, added = self.draft.add_person(category, cur[1] if cur and cur[0] == category else None)
        if added:
            self._changed()
        self._render((category, index), 1)
        self.table.editItem(self.table.item(self.row_of(category, index), 1))
        return category, index

    def remove_person(self) -> None:
        cur = self.current()
        if cur is None:
            return
        cat, i = cur
        nxt = self.draft.remove_person(cat, i)
        self._changed()
        self._render((cat, nxt), self._column())

    def move_person(self, step: int) -> None:
        cur = self.current()
        if cur is None:
            return
        cat, i = cur
        j = self.draft.move_person(cat, i, step)
        if j is None:
            return
        self._changed()
        self._render((cat, j), self._column())

    # ---- save / export ----------------------------------------------------------------------
    def _commit_editing(self) -> None:
        """Finish an open cell editor so its text is in the model."""
        w = self.table.focusWidget() if self.table.state() == QAbstractItemView.State.EditingState else None
        if w is not None:
            self.table.commitData(w)
            self.table.closeEditor(w, QAbstractItemDelegate.EndEditHint.NoHint)

    def save(self) -> int | None:
        """保存; None when the store refused (the clerk has been told why; the draft stays)."""
        self._commit_editing()
        op = SaveRosters(self.notice_id, [RosterSave(self.unit, self.entries(), self.filled_on())], who=self.unit)
        if not self.ops.run(op, parent=self):
            return None
        roster_id = op.roster_ids[0]
        self._dirty = False
        self.status_label.setText("已保存")
        self.saved.emit(roster_id)
        return roster_id

    def export(self):
        from gkdesk.ui.export_actions import export

        if self.save() is None:
            return None
        if has_errors(self.issues) or self._window() is None:
            return None
        return export(self.parent(), "roster")

    def print(self):
        from gkdesk.ui.export_actions import print_form

        if self.save() is None:
            return None
        if has_errors(self.issues) or self._window() is None:
            return None
        return print_form(self.parent(), "roster")

    def closeEvent(self, event) -> None:
        self._commit_editing()
        if self._dirty:
            answer = QMessageBox.question(
                self, "人员名单", "人员名单有未保存的修改，保存吗？",
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
            )
            if answer == QMessageBox.StandardButton.Cancel:
                event.ignore()
                return
            if answer == QMessageBox.StandardButton.Save and self.save() is None:
                event.ignore()  # not saved: the draft stays open
                return
        event.accept()

    def reject(self) -> None:  # Esc goes through the same question as 关闭
        self.close()


__all__ = ["RosterEditor"]
