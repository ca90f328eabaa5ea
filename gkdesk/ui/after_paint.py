"""Work that must wait for a widget's first paint (issue 16: the status-bar count of a
100,000-task notice took ~0.5 s and ran before the task tree was drawn)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class AfterFirstPaint(QObject):
    """`request()` starts `timer` now if `widget` has painted once, else right after its first paint."""

    def __init__(self, widget: QWidget, timer: QTimer) -> None:
        super().__init__(timer)
        self.timer = timer
        self.painted = False
        self._pending = False
        self._widget = widget
        widget.installEventFilter(self)

    def request(self) -> None:
        if self.painted:
            self.timer.start()
        else:
            self._pending = True

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if obj is self._widget and event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            self._widget.removeEventFilter(self)
            if self._pending:
                self._pending = False
                self.timer.start()  # 0 ms: runs once this paint is done and shown
        return False
