"""Desk actions around a notice that main_window only wires up."""
from __future__ import annotations

from PySide6.QtCore import QTimer


def ask_unit_once_imported(window, wizard) -> None:
    """A file chosen in the welcome is imported after it closed, so its 本单位 page had no units
    to offer; once the notice is there, ask for 本单位 if it is still unset."""
    if wizard is None:
        return

    def ask(*_args) -> None:
        if not window.store.settings.own_unit:
            window.edit_unit()

    # Deferred: the wizard finishes its own signal before a modal dialog opens over it.
    wizard.imported.connect(lambda *a: QTimer.singleShot(0, ask))
