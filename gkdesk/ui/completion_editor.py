"""My unit's 完成情况 for one task: status, text, date, 公开路径 links and 佐证材料 files.

Every edit is saved at once through Operations (no Save button to forget); typing is saved after a
short pause and when the editor loses the task.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDateEdit, QFormLayout, QHBoxLayout, QLabel,
    QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget,
)

from gkdesk.domain.records import NOT_STARTED, STATUSES

# QUrl, QDesktopServices, QInputDialog, QMessageBox, QStyle and the file dialogs are imported where
# a link or file is shown or added: PySide builds each class and its enums (QStyle's ~500 members)
# on its first import, and the desk's first frame shows no task (issue 16).

from .operations import Operations

if TYPE_CHECKING:  # ui/changes.py comes with the first write
    from .changes import Changes

_NO_DATE = QDate(2000, 1, 1)
_SAVE_PAUSE_MS = 700


def is_valid_url(text: str) -> bool:
    from PySide6.QtCore import QUrl

    url = QUrl(text.strip())
    return url.isValid() and url.scheme() in ("http", "https") and bool(url.host())


class _EvidenceList(QListWidget):
    """Accepts files dropped from the desktop or Explorer."""

    def __init__(self, on_files, parent=None) -> None:
        super().__init__(parent)
        self._on_files = on_files
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)

    def dragEnterEvent(self, e) -> None:  # noqa: N802 - Qt's name
        e.acceptProposedAction() if e.mimeData().hasUrls() else e.ignore()

    def dragMoveEvent(self, e) -> None:  # noqa: N802
        e.acceptProposedAction() if e.mimeData().hasUrls() else e.ignore()

    def dropEvent(self, e) -> None:  # noqa: N802
        files = [u.toLocalFile() for u in e.mimeData().urls() if u.isLocalFile()]
        if files:
            e.acceptProposedAction()
            self._on_files(files)


class CompletionEditor(QWidget):
    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.task_id: int | None = None
        self.unit = ""
        self._loading = False

        self.status = QComboBox()
        self.status.addItems(list(STATUSES))
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("填写本单位的完成情况……")
        self.text.setMinimumHeight(90)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy年M月d日")
        self.date.setMinimumDate(_NO_DATE)
        self.date.setSpecialValueText("未填写")
        self.links = QListWidget()
        self.links.setMaximumHeight(80)
        self.links.setToolTip("双击打开网址")
        self.evidence = _EvidenceList(self._add_files)
        self.evidence.setMaximumHeight(100)
        self.evidence.setToolTip("可把文件拖到这里添加；双击用系统程序打开")

        form = QFormLayout()
        form.addRow("状态", self.status)
        form.addRow("完成情况", self.text)
        form.addRow("完成日期", self.date)
        form.addRow("公开路径", self._with_buttons(self.links, [("添加…", self._add_link), ("删除", self._remove_link)]))
        form.addRow("佐证材料", self._with_buttons(
            self.evidence, [("添加…", self._choose_files), ("打开", self._open_evidence), ("删除", self._remove_evidence)]))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(form)
        self.unsaved = QLabel("数据文件正被其他窗口占用，刚才的修改尚未保存，稍后会自动保存。")
        self.unsaved.setWordWrap(True)
        self.unsaved.setStyleSheet("color: #b35900;")
        self.unsaved.setVisible(False)
        lay.addWidget(self.unsaved)
        ops.pending_changed.connect(self._show_pending)

        self._save_timer = QTimer(self, singleShot=True, interval=_SAVE_PAUSE_MS)
        self._save_timer.timeout.connect(self._save_text)
        self.status.currentTextChanged.connect(lambda v: self._set("status", v))
        self.text.textChanged.connect(lambda: None if self._loading else self._save_timer.start())
        self.date.dateChanged.connect(self._date_changed)
        self.links.itemDoubleClicked.connect(self._open_link)
        self.evidence.itemDoubleClicked.connect(lambda _i: self._open_evidence())
        ops.changed.connect(self._on_changed)
        self.setEnabled(False)

    def _with_buttons(self, lst: QListWidget, buttons) -> QWidget:
        w = QWidget()
        h = QHBoxLayout(w)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(lst, 1)
        col = QVBoxLayout()
        for label, slot in buttons:
            b = QPushButton(label)
            b.clicked.connect(slot)
            col.addWidget(b)
        col.addStretch(1)
        h.addLayout(col)
        return w

    # -- loading -------------------------------------------------------------------------------
    def set_task(self, task_id: int | None, unit: str) -> None:
        self.flush()
        self.task_id, self.unit = task_id, unit
        self.setEnabled(task_id is not None and bool(unit))
        self.reload()

    def reload(self) -> None:
        self._loading = True
        try:
            comp = None
            if self.task_id is not None and self.unit:
                comp = self.ops.store.completions.get_completion(self.task_id, self.unit)
            self.status.setCurrentText(self._value(comp, "status", NOT_STARTED))
            text = self._value(comp, "text", "")
            if self.text.toPlainText() != text:
                self.text.setPlainText(text)
            d = self._value(comp, "completed_on", None)
            self.date.setDate(QDate(d.year, d.month, d.day) if d else _NO_DATE)
            self.links.clear()
            for link in self._value(comp, "links", []):
                item = QListWidgetItem(link)
                if not is_valid_url(link):
                    from PySide6.QtWidgets import QStyle

                    item.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
                    item.setToolTip("不是有效的网址（应以 http:// 或 https:// 开头）")
                self.links.addItem(item)
            self.evidence.clear()
            for ev in comp.evidence if comp else []:
                item = QListWidgetItem(f"{ev.original_name}（{_size(ev.size)}）")
                item.setData(Qt.ItemDataRole.UserRole, ev.id)
                self.evidence.addItem(item)
        finally:
            self._loading = False

    def _value(self, comp, name: str, default):
        """What the clerk last entered: a save still waiting for a busy store wins over the store."""
        stored = getattr(comp, name) if comp else default
        if self.task_id is None:
            return stored
        return self.ops.pending_value(self.task_id, self.unit, name, stored)

    def _show_pending(self, count: int) -> None:
        self.unsaved.setVisible(count > 0)

    def _on_changed(self, changes: Changes) -> None:
        if self.task_id in changes.completions and not self._save_timer.isActive():
            self.reload()

    # -- saving --------------------------------------------------------------------------------
    def flush(self) -> None:
        """Save typing that is still waiting for its pause (task switch, window closing)."""
        if self._save_timer.isActive():
            self._save_timer.stop()
            self._save_text()

    def _set(self, name: str, value) -> None:
        if self._loading or self.task_id is None:
            return
        self.ops.set_field(self.task_id, self.unit, name, value)

    def _save_text(self) -> None:
        self._set("text", self.text.toPlainText())

    def _date_changed(self, d: QDate) -> None:
        self._set("completed_on", None if d == _NO_DATE else d.toPython())

    def _current_links(self) -> list[str]:
        return [self.links.item(i).text() for i in range(self.links.count())]

    def _add_link(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        url, ok = QInputDialog.getText(self, "添加公开路径", "网址或栏目路径：")
        if ok and url.strip():
            self._set("links", [*self._current_links(), url.strip()])

    def _remove_link(self) -> None:
        row = self.links.currentRow()
        if row >= 0:
            links = self._current_links()
            del links[row]
            self._set("links", links)

    def _open_link(self, item: QListWidgetItem) -> None:
        if is_valid_url(item.text()):
            from PySide6.QtCore import QUrl
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(QUrl(item.text().strip()))

    # -- evidence ------------------------------------------------------------------------------
    def _choose_files(self) -> None:
        from gkdesk.ui import file_dialogs

        files, _ = file_dialogs.get_open_file_names(self, "选择佐证材料")
        self._add_files(files)

    def _add_files(self, files: list[str]) -> None:
        if self.task_id is None or not self.isEnabled():
            return
        for f in files:
            # A file that cannot be stored is named in a message; nothing of it is kept.
            self.ops.add_evidence(self.task_id, self.unit, f, parent=self)

    def _selected_evidence(self) -> tuple[int, str] | None:
        item = self.evidence.currentItem()
        return (item.data(Qt.ItemDataRole.UserRole), item.text()) if item else None

    def _open_evidence(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices
        from PySide6.QtWidgets import QMessageBox

        sel = self._selected_evidence()
        if sel is None or self.task_id is None:
            return
        ev = self.ops.store.completions.evidence.get(sel[0])
        if ev is None:
            return
        blob = self.ops.store.completions.evidence_path(ev)
        # The stored copy is named by its hash; the viewer gets a cleaned-up copy (evidence_view).
        try:
            from gkdesk.ui import evidence_view  # tempfile, shutil: only to show a file

            shown = evidence_view.view_copy(blob, ev.sha256, ev.original_name)
        except FileNotFoundError:
            QMessageBox.warning(self, "无法打开佐证材料", f"“{ev.original_name}”的文件已不在数据文件夹中。")
            return
        except OSError:
            QMessageBox.warning(self, "无法打开佐证材料",
                                f"无法为“{ev.original_name}”准备临时副本（临时文件夹不可写或磁盘已满）。")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(shown)))

    def _remove_evidence(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        sel = self._selected_evidence()
        if sel is None or self.task_id is None:
            return
        answer = QMessageBox.question(self, "删除佐证材料", f"确定删除佐证材料“{sel[1]}”吗？（可用“撤销”恢复）")
        if answer == QMessageBox.StandardButton.Yes:
            self.ops.remove_evidence(self.task_id, self.unit, sel[0], parent=self)


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"
