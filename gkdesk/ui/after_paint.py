"""Work that must wait for the task tree's first paint (issue 16: the status-bar count of a
100,000-task notice took ~0.5 s and ran before the task tree was drawn).

The tree says itself when it has painted (`PaintedTreeView.painted`) rather than being watched
through an event filter on its viewport: asking PySide for `viewport()` wraps a QWidget made by
Qt, and finding its Python class makes PySide create the classes (and ~70 enums) of every
QWidget subclass — 8–15 ms of the desk's start spent on dialogs it does not show.
"""
from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QTreeView


class PaintedTreeView(QTreeView):
    """A QTreeView emitting `painted` after each paint of its rows (its viewport)."""

    painted = Signal()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        self.painted.emit()


class AfterFirstPaint:
    """`request()` starts `timer` now if `view` has painted once, else right after its first paint."""

    def __init__(self, view: PaintedTreeView, timer: QTimer) -> None:
        self.timer = timer
        self.painted = False
        self._pending = False
        self._view = view
        view.painted.connect(self._first_paint)

    def request(self) -> None:
        if self.painted:
            self.timer.start()
        else:
            self._pending = True

    def _first_paint(self) -> None:
        if self.painted:
            return
        self.painted = True
        self._view.painted.disconnect(self._first_paint)
        if self._pending:
            self._pending = False
            self.timer.start()  # 0 ms: runs once this paint is done and shown
