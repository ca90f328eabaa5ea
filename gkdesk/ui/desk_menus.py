"""The desk's menu bar. Every menu lists its actions from the start, but the module behind an
action (export and printing, the 附件1 sheet, 收集, backup, 操作历史 …) is imported only when the
action is first triggered: the desk's first paint needs none of them (issue 16, start-up).
"""
from __future__ import annotations

import importlib

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from gkdesk.domain.form_names import COMPLETION_FORM, COMPLETION_LABEL, ROSTER_FORM, ROSTER_LABEL

SEPARATOR = None

# 收集(&C): (text, function of ui/collection_actions called with the window).
COLLECTION = (
    ("单位名单…", "edit_unit_list"), ("下发填报表…", "hand_out"), ("导入回执…", "take_back"),
    ("导入整个文件夹的回执…", "take_back_folder"), ("报送情况…", "show_status"), SEPARATOR,
    ("收下上级下发的填报表…", "receive_sheet"), ("导出本单位回执…", "export_return"),
)


def later(window, module: str, function: str, *args):
    """A slot calling ``gkdesk.ui.<module>.<function>(window, *args)``, importing the module on the
    first call (and looking the function up on each, so what runs is what the module holds now)."""
    def slot(*_signal_args):
        return getattr(importlib.import_module(f"gkdesk.ui.{module}"), function)(window, *args)

    return slot


def build(window) -> None:
    def act(menu, text, slot, shortcut=None):
        a = QAction(text, window)
        if shortcut:
            a.setShortcut(QKeySequence(shortcut))
        a.triggered.connect(slot)
        if menu is not None:
            menu.addAction(a)
        return a

    mine, whole = f"本单位{COMPLETION_FORM}（{COMPLETION_LABEL}）…", f"整份通知{COMPLETION_FORM}（{COMPLETION_LABEL}）…"
    roster = f"{ROSTER_FORM}（{ROSTER_LABEL}）…"
    bar = window.menuBar()
    m = bar.addMenu("文件(&F)")
    window.import_action = act(m, "导入通知…", window.open_import, "Ctrl+O")
    act(m, "粘贴导入", window.paste_import, "Ctrl+Shift+V")
    # 操作历史… and 删除通知… are also on the notice list's right-click menu, acting on the notice there.
    window.history_action = act(m, "操作历史…", later(window, "history_actions", "open_history"))
    window.delete_action = act(m, "删除通知…", later(window, "history_actions", "delete_notice"))
    window.notice_view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    window.notice_view.addAction(window.delete_action)
    window.notice_view.addAction(window.history_action)
    m.addSeparator()
    act(m, f"填写{COMPLETION_FORM}（{COMPLETION_LABEL}）…", later(window, "form_editor", "open_form_editor"),
        "Ctrl+Shift+E")
    sub = m.addMenu("导出")
    act(sub, mine, later(window, "export_actions", "export", "mine"), "Ctrl+E")
    act(sub, whole, later(window, "export_actions", "export", "all"))
    act(sub, roster, later(window, "export_actions", "export", "roster"))
    sub = m.addMenu("打印")
    act(sub, mine, later(window, "export_actions", "print_form", "mine"), "Ctrl+P")
    act(sub, whole, later(window, "export_actions", "print_form", "all"))
    act(sub, roster, later(window, "export_actions", "print_form", "roster"))
    m.addSeparator()
    act(m, "备份数据…", later(window, "backup_actions", "back_up"))
    act(m, "从备份恢复…", later(window, "backup_actions", "choose_restore"))
    m.addSeparator()
    act(m, "退出", window.close, "Ctrl+Q")

    m = bar.addMenu("人员名单(&R)")
    act(m, "填写本单位人员名单（附件2）…", window.edit_roster, "Ctrl+R")
    act(m, "全区名单（汇总各单位报回的名单）…", window.roster_summary)
    m = bar.addMenu("收集(&C)")
    for entry in COLLECTION:
        if entry is SEPARATOR:
            m.addSeparator()
        else:
            act(m, entry[0], later(window, "collection_actions", entry[1]))
    window.collection_menu = m

    m = bar.addMenu("编辑(&E)")
    window.undo_action, window.redo_action = window.ops.make_actions(window)
    m.addAction(window.undo_action)
    m.addAction(window.redo_action)
    m.addSeparator()
    act(m, "搜索", lambda: window.filter_bar.search.setFocus(), "Ctrl+F")
    m = bar.addMenu("视图(&V)")
    act(m, "提醒", window.show_reminders, "F9")
    from . import review_actions  # 审核(&A): its button and its state are on the first frame

    review_actions.install(window)
    m = bar.addMenu("设置(&S)")
    act(m, "本单位…", window.edit_unit)
    m = bar.addMenu("帮助(&H)")
    act(m, "关于", window.about)
