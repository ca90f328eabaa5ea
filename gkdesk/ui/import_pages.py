"""The import wizard's three pages as widgets: 读取 (progress, or why the file cannot be imported),
结果 (what was read, the tree to check and fix) and 变化 (what a revised import changes)."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QListWidget, QProgressBar, QStyle, QVBoxLayout, QWidget

from gkdesk.domain.model import ImportResult
from gkdesk.ui.import_review import hint_text, other_warnings, summary_rows
from gkdesk.ui.import_tree import ImportTree


class ReadingPage(QWidget):
    def __init__(self, label: str) -> None:
        super().__init__()
        self.source_label = label
        self.heading = QLabel(f"正在读取：{label}")
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.stage = QLabel("准备读取……")
        self.error_icon = QLabel()
        self.error_icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(32))
        self.error_label = QLabel()
        self.error_label.setObjectName("importError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        error_row = QHBoxLayout()
        error_row.addWidget(self.error_icon, 0, Qt.AlignmentFlag.AlignTop)
        error_row.addWidget(self.error_label, 1)
        self.error_box = QWidget()
        self.error_box.setLayout(error_row)
        self.error_box.hide()
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        for w in (self.heading, self.bar, self.stage, self.error_box):
            lay.addWidget(w)
        lay.addStretch(2)

    def progress(self, percent: int, what: str) -> None:
        self.bar.setValue(percent)
        self.stage.setText(f"{what}……")

    def failed(self, message: str) -> None:
        self.bar.hide()
        self.stage.hide()
        self.heading.setText(f"无法导入：{self.source_label}")
        self.error_label.setText(f"{message}\n\n没有保存任何内容。")
        self.error_box.show()


class ResultPage(QWidget):
    def __init__(self, on_edit: Callable) -> None:
        super().__init__()
        self.banner = QLabel()
        self.banner.setObjectName("statusBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("#statusBanner { background: #eef4fb; border: 1px solid #b8cce4; padding: 6px; }")
        self.summary = QFormLayout()
        self.summary.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.tree = ImportTree(on_edit)
        self.hint = QLabel(hint_text(0))
        # The tree itself may be wrong (domain/plausibility.py): said above it, before anything is saved.
        self.doubt_box = QLabel()
        self.doubt_box.setObjectName("doubtBanner")
        self.doubt_box.setWordWrap(True)
        self.doubt_box.setStyleSheet("#doubtBanner { background: #fff4e0; border: 1px solid #e0a040; padding: 6px; }")
        self.doubt_box.hide()
        self.other_label = QLabel("其他提示：")
        self.other_warnings = QListWidget()
        self.other_warnings.setMaximumHeight(72)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.banner)
        lay.addWidget(self.doubt_box)
        lay.addLayout(self.summary)
        lay.addWidget(self.hint)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.other_label)
        lay.addWidget(self.other_warnings)

    def show_result(self, result: ImportResult) -> None:
        for label, value in summary_rows(result):
            field = QLabel(value)
            field.setWordWrap(True)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.summary.addRow(f"{label}：", field)
        self.doubt_box.setText("⚠ 导入结果可能不对：\n" + "\n".join(result.doubts))
        self.doubt_box.setVisible(bool(result.doubts))
        marked = self.tree.fill(result)
        other = other_warnings(result)
        self.other_warnings.clear()
        self.other_warnings.addItems(other)
        self.other_label.setVisible(bool(other))
        self.other_warnings.setVisible(bool(other))
        self.hint.setText(hint_text(marked))

    def summary_text(self) -> str:
        """Everything the page says above the tree, as one string."""
        parts = [self.banner.text()]
        for r in range(self.summary.rowCount()):
            for role in (QFormLayout.ItemRole.LabelRole, QFormLayout.ItemRole.FieldRole):
                item = self.summary.itemAt(r, role)
                if item is not None and isinstance(item.widget(), QLabel):
                    parts.append(item.widget().text())
        return "\n".join(parts)


class ChangesPage(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.changes_heading = QLabel()
        self.changes_heading.setWordWrap(True)
        self.changes_counts = QLabel()
        self.changes_counts.setObjectName("changeCounts")
        self.changes_counts.setStyleSheet("#changeCounts { font-size: 16px; font-weight: bold; }")
        self.dropped_label = QLabel()
        self.dropped_label.setWordWrap(True)
        self.dropped = QListWidget()
        lay = QVBoxLayout(self)
        for w in (self.changes_heading, self.changes_counts, self.dropped_label):
            lay.addWidget(w)
        lay.addWidget(self.dropped, 10)
        lay.addStretch(1)  # keeps the lines together at the top when there is no list

    def show_changes(self, heading: str, counts: str, dropped_note: str, dropped: list[str]) -> None:
        self.changes_heading.setText(heading)
        self.changes_counts.setText(counts)
        self.dropped_label.setText(dropped_note)
        self.dropped.clear()
        self.dropped.addItems(dropped)
        self.dropped.setVisible(bool(dropped))
