"""Work that must wait for the desk's first frame (issue 16: the status-bar count of a
100,000-task notice took ~0.5 s and ran before the task tree was drawn).

What stands in the task tree's place says itself when it has painted: the tree
(`PaintedTreeView`) or, when a search or filter finds nothing and the tree is hidden, the
no-hits line (`PaintedLabel`). The window joins the two into one signal (`MainWindow.tree_area_painted`)
that `AfterFirstPaint` and `gkdesk --smoke` wait for. They are not watched through an event filter on
the tree's viewport: asking PySide for `viewport()` wraps a QWidget made by Qt, and finding its
Python class makes PySide create the classes (and ~70 enums) of every QWidget subclass — 8–15 ms
of the desk's start spent on dialogs it does not show.
"""
from __future__ import annotations

from PySide6.QtCore import QTimer, Signal, SignalInstance
from PySide6.QtWidgets import QLabel, QTreeView


class PaintedTreeView(QTreeView):
    """A QTreeView emitting `painted` after each paint of its rows (its viewport)."""

    painted = Signal()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        self.painted.emit()


class PaintedLabel(QLabel):
    """A QLabel emitting `painted` after each paint."""

    painted = Signal()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        self.painted.emit()


class AfterFirstPaint:
    """`request()` starts `timer` now if `painted` has been emitted once, else right after its first emission."""

    def __init__(self, painted: SignalInstance, timer: QTimer) -> None:
        self.timer = timer
        self.painted = False
        self._pending = False
        self._signal = painted
        painted.connect(self._first_paint)

    def request(self) -> None:
        if self.painted:
            self.timer.start()
        else:
            self._pending = True

    def _first_paint(self) -> None:
        if self.painted:
            return
        self.painted = True
        self._signal.disconnect(self._first_paint)
        if self._pending:
            self._pending = False
            self.timer.start()  # 0 ms: runs once this paint is done and shown
