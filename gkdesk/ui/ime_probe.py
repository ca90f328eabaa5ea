"""A hidden start-up hook for installer/linux/ime-check.sh: typing Chinese through a real input
method into the installed app (issue 17). Never shown to the clerk; active only when the
environment variable GKDESK_IME_PROBE is set, to ``UNIT:TASK_ID``.

It makes UNIT the own unit (through Operations, like 设置 → 本单位), selects the task, puts the
keyboard focus into the 完成情况 editor and prints one line, ``IME-PROBE ready …``, once the
editor has the focus. The check then types pinyin with xdotool, commits a candidate and reads the
store: what the editor saved after its typing pause is what the clerk would have saved.
"""
from __future__ import annotations

import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from .edits import SetOwnUnit

ENV = "GKDESK_IME_PROBE"


def requested() -> tuple[str, int] | None:
    """(unit, task id) from GKDESK_IME_PROBE, or None when the hook is off or malformed."""
    value = os.environ.get(ENV, "")
    unit, _, task = value.rpartition(":")
    if not unit or not task.isdigit():
        return None
    return unit, int(task)


def install(window) -> bool:
    """Arm the hook on WINDOW (a MainWindow about to be shown). False when it is off."""
    probe = requested()
    if probe is None:
        return False
    unit, task_id = probe
    tries = {"left": 100}

    def focus() -> None:
        if window.unit != unit:
            window.ops.run(SetOwnUnit(unit), window)
        window.show_task(task_id)
        editor = window.detail.editor
        window.activateWindow()
        editor.text.setFocus()
        if editor.isEnabled() and QApplication.focusWidget() is editor.text:
            print(f"IME-PROBE ready task={task_id} unit={unit} "
                  f"QT_IM_MODULE={os.environ.get('QT_IM_MODULE', '')}", flush=True)
            return
        tries["left"] -= 1
        if tries["left"] > 0:
            QTimer.singleShot(100, focus)
        else:
            print("IME-PROBE failed: the 完成情况 editor did not get the focus", file=sys.stderr, flush=True)

    QTimer.singleShot(300, focus)
    return True
