"""Screenshots of the desk → docs/screenshots/desk.png (with its 文件 menu open) and reminders.png;
with --screen, the whole 1366×768 screen of a first opening (seed 000 instead, 本单位 财政局) →
desk-1366x768.png.

    python scripts/shot_desk.py
    xvfb-run -s "-screen 0 1366x768x24" python scripts/shot_desk.py --screen

Offscreen, on a throwaway data folder: seed 001 imported, 本单位 区政务服务办, "today" 2022-07-25 (every
seed deadline is long past), a task selected with its completion filled in.
"""
from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "screenshots"
sys.path.insert(0, str(REPO))


def with_file_menu(w, app):
    """The window with its 文件 menu dropped down: an offscreen grab has no popups, so the menu is
    grabbed on its own and painted where it opens, under 文件 in the menu bar."""
    from PySide6.QtGui import QPainter

    from gkdesk.ui.backup_actions import file_menu

    menu = file_menu(w)
    bar = w.menuBar()
    at = bar.actionGeometry(menu.menuAction()).bottomLeft()
    menu.popup(bar.mapToGlobal(at))
    for _ in range(5):
        app.processEvents()
    image = w.grab()
    painter = QPainter(image)
    painter.drawPixmap(bar.mapTo(w, at), menu.grab())
    painter.end()
    menu.hide()
    return image


def first_opening_on_the_screen(store, app) -> int:
    """The desk as it first opens (no window.ini) on a 1366×768 screen, grabbed with the screen
    around it: the detail's buttons on the right and the status bar must be on it."""
    from gkdesk.ui.main_window import MainWindow

    screen = app.primaryScreen()
    if (screen.size().width(), screen.size().height()) != (1366, 768):
        print(f"屏幕是 {screen.size().width()}×{screen.size().height()}，不是 1366×768：请在 "
              "xvfb-run -s \"-screen 0 1366x768x24\" 下运行。", file=sys.stderr)
        return 1
    from gkdesk.importers import import_file
    from tests.fixtures.seed_docs import seed_dir

    # Seed 000 numbers its tasks (seed 001 does not): the 编号 column shows them at their depth.
    nid = store.notices.save_import(import_file(next(seed_dir().glob("000_*.txt")))).notice_id
    store.settings.own_unit = "财政局"
    today = date(2020, 11, 25)  # 附件1 is due 12月5日, task 6 by 11月底
    w = MainWindow(store, today)
    w.reminder_dock.show()  # a deadline is near: the dock is open, as the clerk first sees it
    w.restore_state()
    w.show()
    w.filter_bar.set_scope("mine")
    task = store.db.scalar("SELECT id FROM tasks WHERE notice_id = ? AND number = '10'", (nid,))
    w.show_task(task)
    from PySide6.QtTest import QTest

    QTest.qWait(800)  # the X server shows what was painted once the lazy tree's rows came in
    screen.grabWindow(0).save(str(OUT / "desk-1366x768.png"))
    w.detach_models()
    w.close()
    print(f"已保存 {OUT / 'desk-1366x768.png'}（窗口 {w.frameGeometry().width()}×{w.frameGeometry().height()}）")
    return 0


def main() -> int:
    on_screen = "--screen" in sys.argv[1:]
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb" if on_screen else "offscreen")
    os.environ["GKDESK_HOME"] = tempfile.mkdtemp(prefix="gkdesk-shot-")
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication

    from gkdesk.app import install_translations
    from gkdesk.importers import import_file
    from gkdesk.store import Store
    from gkdesk.ui.main_window import MainWindow

    app = QApplication([])
    install_translations(app)
    if not any("CJK" in f or "WenQuanYi" in f for f in QFontDatabase.families()):
        print("没有中文字体：截图会是方框，已停止。", file=sys.stderr)
        return 1
    store = Store.open()
    from tests.fixtures.seed_docs import seed_dir  # GKDESK_SEEDS, tests/seeds … or ../shared/seeds

    OUT.mkdir(parents=True, exist_ok=True)
    if on_screen:
        return first_opening_on_the_screen(store, app)
    store.notices.save_import(import_file(next(seed_dir().glob("001_*.txt"))))
    store.settings.own_unit = "区政务服务办"
    today = date(2022, 7, 25)
    w = MainWindow(store, today)
    w.resize(1500, 900)
    w.reminder_dock.hide()
    w.show()
    w.filter_bar.set_scope("mine")
    task = store.db.scalar("SELECT id FROM tasks WHERE text LIKE '在区政府门户网站首页设置“减税降费”栏目%'")
    w.ops.set_field(task, "区政务服务办", "status", "已完成")
    w.ops.set_field(task, "区政务服务办", "text", "已于2022年6月28日在区政府门户网站首页开设“减税降费”专栏，"
                    "链接重庆市税务局网站“组合式税费支持政策”专题。")
    w.ops.set_field(task, "区政务服务办", "completed_on", date(2022, 6, 28))
    w.ops.set_field(task, "区政务服务办", "links", ["http://www.jiangjin.gov.cn/zwgk_180/jsjf/"])
    late = store.db.scalar("SELECT id FROM tasks WHERE text LIKE '编制本机关政府信息公开目录%'")
    w.show_task(late)
    w.show_task(task)
    for _ in range(5):
        app.processEvents()
    OUT.mkdir(parents=True, exist_ok=True)
    with_file_menu(w, app).save(str(OUT / "desk.png"))
    # 区政务服务办 is the office the 检查汇总情况 goes to: its rows are its dates to collect by, with
    # nothing to mark 已报送 (a lead unit's desk has the mark; tests/test_report_handins.py).
    w.show_reminders()
    w.resizeDocks([w.reminder_dock], [330], w.reminder_dock.orientation() if hasattr(w.reminder_dock, "orientation") else __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.Orientation.Vertical)
    for _ in range(5):
        app.processEvents()
    w.grab().save(str(OUT / "reminders.png"))
    w.detach_models()
    w.close()
    print(f"已保存 {OUT / 'desk.png'} 和 {OUT / 'reminders.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
