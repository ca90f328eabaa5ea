"""全部 / 本单位 / 我牵头的 / 我负责的 / 可能涉及 (有关单位…), status, deadline and an instant full-text search box."""
from __future__ import annotations

from PySide6.QtCore import Signal, QTimer
from PySide6.QtWidgets import QButtonGroup, QComboBox, QHBoxLayout, QLineEdit, QToolButton, QWidget

from gkdesk.domain.records import STATUSES

SCOPES = [("all", "全部"), ("mine", "本单位"), ("lead", "我牵头的"), ("responsible", "我负责的"), ("concern", "可能涉及")]
DEADLINES = [(None, "全部时限"), ("overdue", "已逾期"), ("week", "7天内到期"), ("month", "本月"), ("ongoing", "持续推进")]


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.scope_group = QButtonGroup(self)
        self.scope_buttons: dict[str, QToolButton] = {}
        for i, (key, label) in enumerate(SCOPES):
            b = QToolButton()
            b.setText(label)
            b.setCheckable(True)
            b.setAutoRaise(True)
            self.scope_group.addButton(b, i)
            self.scope_buttons[key] = b
            lay.addWidget(b)
        self.scope_buttons["all"].setChecked(True)
        self.status = QComboBox()
        self.status.addItem("全部状态", None)
        for s in STATUSES:
            self.status.addItem(s, s)
        self.deadline = QComboBox()
        for key, label in DEADLINES:
            self.deadline.addItem(label, key)
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索任务内容或单位（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        lay.addWidget(self.status)
        lay.addWidget(self.deadline)
        lay.addWidget(self.search, 1)
        # Search as the clerk types, but not on every keystroke of a fast typist.
        self._debounce = QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(self.changed)
        self.scope_group.idClicked.connect(lambda _i: self.changed.emit())
        self.status.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.deadline.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.search.textChanged.connect(lambda _t: self._debounce.start())

    def stop_pending(self) -> None:
        """Drop a search still waiting out its debounce (the window is closing)."""
        self._debounce.stop()

    @property
    def scope(self) -> str:
        return SCOPES[max(0, self.scope_group.checkedId())][0]

    def set_scope(self, key: str) -> None:
        self.scope_buttons[key].setChecked(True)
        self.changed.emit()

    @property
    def statuses(self) -> set[str] | None:
        s = self.status.currentData()
        return {s} if s else None

    @property
    def deadline_bucket(self) -> str | None:
        return self.deadline.currentData()

    @property
    def query(self) -> str:
        return self.search.text().strip()
