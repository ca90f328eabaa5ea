"""文件 → 备份数据… / 从备份恢复… in the window: a backup made, a completion changed, the backup restored."""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QMessageBox

from gkdesk.importers import import_file
from gkdesk.store import Store, backup
from gkdesk.ui import backup_actions
from gkdesk.ui.housekeeping import Housekeeping
from gkdesk.ui.main_window import MainWindow
from tests.fixtures.seed_docs import seed_dir

SEED_000 = next(seed_dir().glob("000_*.txt"))
TODAY = date(2020, 9, 1)


def test_back_up_change_and_restore_from_the_file_menu(qtbot, data_home, monkeypatch):
    monkeypatch.setenv("GKDESK_TODAY", TODAY.isoformat())
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, title, text: told.append((title, text)))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    store = Store.open(data_home)
    store.notices.save_import(import_file(SEED_000), who="测试")
    tid = store.db.scalar("SELECT id FROM tasks ORDER BY seq LIMIT 1")
    store.completions.set_completion(tid, "区财政局", status="已完成", text="已公开年度预算。")
    w = MainWindow(store, TODAY)
    qtbot.addWidget(w)
    w.show()
    try:
        texts = [a.text() for a in backup_actions.file_menu(w).actions()]
        assert texts.index("备份数据…") < texts.index("从备份恢复…") < texts.index("退出")
        job = backup_actions.back_up(w)
        qtbot.waitUntil(lambda: bool(told), timeout=10_000)
        assert job.wait(5)
        assert told[0][0] == "备份数据" and "通知 1、任务 56、完成情况 1" in told[0][1]
        [made] = backup.list_backups(data_home)
        dialog = backup_actions.RestoreDialog(w)
        assert dialog.list.count() == 1 and dialog.path() == str(made.path)
        assert dialog.list.item(0).text() == made.describe()
        dialog.close()

        assert w.ops.set_field(tid, "区财政局", "text", "改错了的内容")
        job = backup_actions.restore(w, str(made.path))
        qtbot.waitUntil(lambda: len(told) == 2, timeout=10_000)
        assert told[1][0] == "从备份恢复" and "恢复前的数据已另存为" in told[1][1]
        assert w.store.completions.get_completion(tid, "区财政局").text == "已公开年度预算。"
        assert w.ops.undo_stack.count() == 0
        kinds = sorted(b.kind for b in backup.list_backups(data_home))
        assert kinds == [backup.KIND_BEFORE_RESTORE, backup.KIND_MANUAL]
    finally:
        w.close()
        store.close()


def test_the_daily_backup_runs_off_the_gui_thread_once(qtbot, data_home, monkeypatch):
    """No session has ended on this folder yet: the start-up catch-up makes the daily backup, once."""
    monkeypatch.setenv("GKDESK_TODAY", TODAY.isoformat())
    store = Store.open(data_home)
    store.notices.save_import(import_file(SEED_000), who="测试")
    w = MainWindow(store, TODAY)
    qtbot.addWidget(w)
    try:
        for _ in range(2):  # two starts' chores (ui/housekeeping.py), begun at once, not at the paint
            chores = Housekeeping(w)
            chores.start()
            assert chores.wait(10)
        [daily] = backup.list_backups(data_home)
        assert daily.kind == backup.KIND_DAILY and daily.counts["tasks"] == 56
    finally:
        w.close()
        store.close()
