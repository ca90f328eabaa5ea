"""设置 → 本单位: which unit this desk works for, and which group words include it."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QMessageBox, QVBoxLayout, QWidget,
)

from gkdesk.domain.units import group_kind, normalize_unit
from gkdesk.store import Store
from gkdesk.ui.edits import SetOwnUnit
from gkdesk.ui.operations import operations_for

GROUP_LABELS = {
    "departments": "属于“各部门”（区政府各部门、管委会各部门……）",
    "towns": "属于“各镇街”（各镇（街道）、各乡镇人民政府……）",
    "related": "写给“有关单位”“有关部门”的任务列入“可能涉及”（不算本单位的任务）",
}


def unit_choices(store: Store) -> list[str]:
    """Concrete units the notices name, for the 本单位 picker."""
    return sorted({u.name for u in store.units.list_units(groups=False)})


class UnitSettingsDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("设置本单位")
        self.store = store
        self.ops = operations_for(store, parent)
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.addItems(unit_choices(store))
        self.unit.setCurrentText(store.settings.own_unit)
        self.unit.lineEdit().setPlaceholderText("选择或输入单位名称，如 区财政局")
        self.checks = {k: QCheckBox(v) for k, v in GROUP_LABELS.items()}
        hint = QLabel("通知中写给“各部门”“各镇街”等统称的任务，会按这里的归属算作本单位的任务。"
                      "单位名称按简称匹配：“财政局”与“区财政局”视为同一单位。")
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow("本单位", self.unit)
        for c in self.checks.values():
            form.addRow("", c)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(hint)
        lay.addWidget(buttons)
        self.unit.currentTextChanged.connect(self._load_groups)
        self._load_groups(self.unit.currentText())
        self.resize(520, 260)

    def _load_groups(self, name: str) -> None:
        name = normalize_unit(name)
        kinds = self.store.units.group_kinds_of(name) if name else set()
        for k, c in self.checks.items():
            c.setChecked(k in kinds)

    def accept(self) -> None:
        name = normalize_unit(self.unit.currentText())
        if not name:
            QMessageBox.warning(self, "设置本单位", "请填写本单位名称。")
            return
        if group_kind(name):
            QMessageBox.warning(self, "设置本单位", f"“{name}”是统称，不是具体单位，请填写本单位的名称。")
            return
        groups = {k: c.isChecked() for k, c in self.checks.items()}
        if self.ops.run(SetOwnUnit(name, groups), parent=self):
            super().accept()
