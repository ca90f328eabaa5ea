"""收集 menu: 单位名单, 下发填报表, 导入回执 (with the conflicts to choose), 报送情况, and a unit's
side: 收下上级下发的填报表, 导出本单位回执.

The menu is listed by ui/desk_menus.py, which imports this module on the first use. Each entry's
dialog lives in its own module (unit_list_dialog, hand_out_dialog, take_back_dialog, own_return);
the writes are ui/collection_edits operations run through the desk's Operations (hand-out and
take-back on a worker, they read and write files); these modules only ask the clerk and show what
came back.
"""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from .dialog_parts import chosen_notice
from .hand_out_dialog import hand_out
from .own_return import export_return, receive_sheet
from .submission_status import SubmissionStatusDialog
from .take_back_dialog import take_back, take_back_folder
from .unit_list_dialog import edit_unit_list

__all__ = ["edit_unit_list", "export_return", "hand_out", "receive_sheet", "show_status", "take_back",
           "take_back_folder"]


def show_status(window) -> QWidget | None:
    """报送情况…: who of the notice's latest round has returned its sheet."""
    nid = chosen_notice(window)
    if nid is None:
        return None
    rnd = window.store.collection.latest_round(nid)
    if rnd is None:
        QMessageBox.information(window, "报送情况", "本通知还没有下发过填报表。")
        return None
    dlg = SubmissionStatusDialog(window.store.collection.status(rnd.id), window)
    dlg.open()
    return dlg
