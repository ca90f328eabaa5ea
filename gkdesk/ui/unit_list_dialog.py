"""收集 → 单位名单…: the district's unit list as text, typed, pasted or read from a 通讯录 table."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from .collection_edits import LoadUnitList
from .dialog_parts import ok_cancel


class UnitListDialog(QDialog):
    """The district's unit list as text, one unit a line: 名称<Tab>分组 (typed, pasted or read)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window_, self.source = window, "手工录入"
        self.setWindowTitle("单位名单")
        self.resize(560, 520)
        self.text = QPlainTextEdit()
        self.text.setPlainText("\n".join(f"{u.name}\t{u.group_words}" for u in window.store.unit_list.list_units()))
        read = QPushButton("从通讯录表格读取…")
        read.clicked.connect(self.read_file)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("每行一个单位：单位名称，Tab 或空格，所属分组（部门、镇街……）。可直接粘贴。"))
        lay.addWidget(self.text)
        row = QHBoxLayout()
        row.addWidget(read)
        row.addStretch(1)
        row.addWidget(ok_cancel(self, "保存", self.save))
        lay.addLayout(row)

    def read_file(self) -> None:
        from gkdesk.domain.model import NoticeImportError
        from gkdesk.importers.unit_list_reader import read_unit_list

        path, _ = QFileDialog.getOpenFileName(self, "选择通讯录表格", "", "表格 (*.xlsx *.xls *.et *.csv);;所有文件 (*)")
        if not path:
            return
        try:
            units, problems = read_unit_list(path)
        except NoticeImportError as exc:
            QMessageBox.warning(self, "读取失败", str(exc))
            return
        self.text.setPlainText("\n".join(f"{u.name}\t{u.group_words}" for u in units))
        self.source = Path(path).name
        if problems:
            QMessageBox.information(self, "提示", "\n".join(problems[:20]))

    def save(self) -> None:
        from gkdesk.domain.unit_list import parse_unit_list

        units, problems = parse_unit_list(self.text.toPlainText())
        if problems:
            QMessageBox.information(self, "提示", "\n".join(problems[:20]))
        if self.window_.ops.run(LoadUnitList(units, self.source, replace=True), parent=self):
            self.accept()


def edit_unit_list(window) -> UnitListDialog:
    dlg = UnitListDialog(window)
    dlg.open()
    return dlg
