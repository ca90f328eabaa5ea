"""Shared behaviour of the desk's editable item views.

QAbstractItemView opens an editor only on key presses, so the first word an input method commits
(a QInputMethodEvent with no key press before it) while no editor is open is lost. The one rule:
such a commit opens the editor on the current cell and is forwarded to it.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QStyledItemDelegate


class _ImeOpensEditor(QObject):
    def eventFilter(self, view, event) -> bool:  # noqa: N802 (Qt's name)
        if (event.type() == QEvent.Type.InputMethod and event.commitString()
                and view.state() != QAbstractItemView.State.EditingState):
            index = view.currentIndex()
            if index.isValid() and view.edit(index, QAbstractItemView.EditTrigger.AnyKeyPressed, event):
                editor = view.indexWidget(index)
                if editor is not None:
                    QApplication.sendEvent(editor, event)
                    return True
        return False


def open_editor_on_input_method(view: QAbstractItemView) -> None:
    """Install the rule on view (kept alive as the view's child)."""
    view._ime_filter = _ImeOpensEditor(view)
    view.installEventFilter(view._ime_filter)


class LiveDelegate(QStyledItemDelegate):
    """Reports every keystroke of a cell editor so the checks run while the clerk types."""

    typing = Signal(int, int, str, object)  # row, column, text, the QLineEdit

    def createEditor(self, parent, option, index):
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            row, column = index.row(), index.column()
            editor.textEdited.connect(lambda text: self.typing.emit(row, column, text, editor))
        return editor
