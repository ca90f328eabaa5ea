"""收集 → 下发填报表…: pick the units the notice reaches and a folder; the sheets are written on the worker."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from gkdesk.domain.unit_list import GROUP_WORDS

from .collection_edits import HandOut
from .dialog_parts import chosen_notice, ok_cancel, on_worker


class HandOutDialog(QDialog):
    """Pick the units the notice reaches (all ticked) and the folder the sheets go into."""

    def __init__(self, window, notice_id: int) -> None:
        super().__init__(window)
        self.window_, self.notice_id = window, notice_id
        self.setWindowTitle("下发填报表")
        self.resize(560, 560)
        self.units = QListWidget()
        # The office collecting is handed no sheet: its own entries are on this desk already.
        reached = window.store.unit_list.reached(notice_id, collector=window.store.settings.own_unit or None)
        for r in reached:
            item = QListWidgetItem(f"{r.unit.name}　牵头 {r.lead} 项、责任 {r.responsible} 项（{'、'.join(r.via)}）")
            item.setData(Qt.ItemDataRole.UserRole, r.unit.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.units.addItem(item)
        self.count_label = QLabel()
        self.units.itemChanged.connect(self._count)
        self.picks = QHBoxLayout()
        self.picks.addWidget(QLabel("快速选择："))
        self._pick_button("全部", {r.unit.name for r in reached})
        for kind, word in GROUP_WORDS.items():
            members = {r.unit.name for r in reached if kind in r.unit.groups}
            # A group every reached unit is in (有关单位 by default) would only repeat 全部.
            if members and len(members) < len(reached):
                self._pick_button(f"各{word}（{len(members)}）", members)
        self._pick_button("全不选", set())
        self.picks.addStretch(1)
        self.picks.addWidget(self.count_label)
        self._count()
        self.folder = QLineEdit()
        pick = QPushButton("选择文件夹…")
        pick.clicked.connect(self.pick_folder)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("本通知涉及的单位（单位名单中的，含分组词所指的单位）："))
        lay.addLayout(self.picks)
        lay.addWidget(self.units)
        row = QHBoxLayout()
        row.addWidget(QLabel("保存到："))
        row.addWidget(self.folder, 1)
        row.addWidget(pick)
        lay.addLayout(row)
        lay.addWidget(ok_cancel(self, "生成", self.start))
        if self.units.count() == 0:
            lay.insertWidget(1, QLabel("单位名单中没有本通知涉及的单位。请先在“收集 → 单位名单”中导入全区单位。"))

    def _pick_button(self, text: str, names: set[str]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda: self.pick(names))
        self.picks.addWidget(button)
        return button

    def pick(self, names: set[str]) -> None:
        """Tick exactly these units (a group word's members), untick the others."""
        for i in range(self.units.count()):
            item = self.units.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in names
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _count(self, *_a) -> None:
        self.count_label.setText(f"已选 {len(self.chosen())} / {self.units.count()} 个单位")

    def chosen(self) -> list[str]:
        items = (self.units.item(i) for i in range(self.units.count()))
        return [i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked]

    def pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "填报表保存到")
        if folder:
            self.folder.setText(folder)

    def start(self):
        units, folder = self.chosen(), self.folder.text().strip()
        if not units or not folder:
            QMessageBox.information(self, "下发填报表", "请勾选单位并选择保存的文件夹。")
            return None
        w = self.window_
        op = HandOut(self.notice_id, units, folder, w.store.settings.own_unit or "")
        self.accept()
        return on_worker(w, op, "正在生成填报表……", lambda o: w.statusBar().showMessage(
            f"已生成 {len(o.paths)} 份填报表，保存在 {folder}", 15000))


def hand_out(window) -> HandOutDialog | None:
    nid = chosen_notice(window)
    if nid is None:
        return None
    dlg = HandOutDialog(window, nid)
    dlg.open()
    return dlg
