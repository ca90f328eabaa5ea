"""Start-up (issue 16): the desk's first paint imports only what it draws; the rest comes on first use.

`gkdesk --smoke` must not import the export, printing, collection, backup, history, import or
review windows, nor their stdlib (hashlib, logging.handlers, html …). Each menu still lists
its actions, and an action's module is imported when the clerk first triggers it — shown here in
a fresh process, where nothing imported it before. Nothing here is timed.
"""
from __future__ import annotations

import importlib
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# Imported by none of the first frame's code; each belongs to a menu, a dialog or a later write.
NOT_AT_START = (
    "gkdesk.ui.export_actions", "gkdesk.exporters.output", "gkdesk.exporters.docx_forms", "gkdesk.printing.pdf",
    "gkdesk.ui.form_editor", "gkdesk.ui.collection_actions", "gkdesk.collection_ops", "gkdesk.store.collection",
    "gkdesk.store.collection_merge", "gkdesk.ui.backup_actions", "gkdesk.store.backup", "gkdesk.store.restore",
    "gkdesk.store.recovery", "gkdesk.ui.history_actions", "gkdesk.ui.history_dialog", "gkdesk.ui.import_wizard",
    "gkdesk.importers", "gkdesk.ui.review_window", "gkdesk.ui.summary_window", "gkdesk.ui.roster_editor",
    "gkdesk.ui.unit_settings", "gkdesk.ui.crash_dialog", "gkdesk.ui.housekeeping", "gkdesk.store.housekeeping",
    "gkdesk.store.completions",
    "gkdesk.store.tree", "gkdesk.store.op_history", "gkdesk.store.forms", "gkdesk.domain.forms",
    "gkdesk.ui.drop_files", "gkdesk.ui.evidence_view", "gkdesk.ui.report_edits",
    "gkdesk.ui.reminders", "gkdesk.ui.report_marks", "gkdesk.ui.file_dialogs", "gkdesk.ui.edits",
    "gkdesk.ui.changes", "gkdesk.store.task_detail",
    "gkdesk.store.schema", "gkdesk.store.schema_steps",  # the store is at the latest version already
    "hashlib", "logging.handlers", "socket", "html", "difflib", "email",
    "dataclasses",  # the first frame's rows are @record classes (domain/record.py)
    "json",  # the one setting it reads (the notice last shown) SQLite decodes (store/settings.py)
)

# PySide6 builds a class (and its enums: QStyle's ~500 members) when it is first imported or returned;
# the first frame uses none of these: message boxes, the reminders' QStyle icons and QTreeWidget,
# file and input dialogs, the urgency icons' QPainter.
NOT_BUILT_AT_START = (
    "QtWidgets.QMessageBox", "QtWidgets.QStyle", "QtWidgets.QTreeWidget", "QtWidgets.QFileDialog",
    "QtWidgets.QInputDialog", "QtGui.QPainter", "QtGui.QDesktopServices",
)

_SMOKE = r'''
import sys
from gkdesk import app
code = app.main(["--data-dir", sys.argv[1], "--smoke"])
print("exit", code)
print(" ".join(sorted(sys.modules)))
import PySide6.QtGui, PySide6.QtWidgets
print(" ".join(f"{m}.{n}" for m in ("QtGui", "QtWidgets") for n in vars(getattr(PySide6, m))))
'''


def _python(code: str, *args: str) -> list[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=REPO, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, (out.stdout, out.stderr[-3000:])
    return out.stdout.splitlines()


@pytest.mark.parametrize("with_notice", [True, False], ids=["seed-000", "empty-store"])
def test_smoke_start_leaves_the_menus_modules_unimported(store, import_seed, data_home, with_notice):
    if with_notice:
        import_seed("000")
    lines = _python(_SMOKE, str(data_home))
    at = lines.index("exit 0")
    assert "窗口已显示" in lines[0], lines[:2]
    loaded = set(lines[at + 1].split())
    assert "gkdesk.ui.main_window" in loaded and "gkdesk.store.notices" in loaded  # the recorder saw the desk
    early = sorted(m for m in NOT_AT_START if m in loaded)
    assert early == [], f"imported by --smoke although the first frame does not need them: {early}"
    built = set(lines[at + 2].split())
    assert "QtWidgets.QTreeView" in built and "QtGui.QFont" in built  # the listing sees the desk's classes
    made = sorted(c for c in NOT_BUILT_AT_START if c in built)
    assert made == [], f"classes PySide built at --smoke although the first frame does not use them: {made}"


_FIRST_USE = r'''
import sys
from datetime import date
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from gkdesk.store import Store
from gkdesk.ui.main_window import MainWindow
app = QApplication([])
store = Store.open(sys.argv[1])
w = MainWindow(store, date(2020, 9, 1))
w.show()
app.processEvents()
said = []
QMessageBox.information = staticmethod(lambda parent, title, text, *a: said.append(f"{title}：{text}"))
menu = {a.text(): a for a in w.menuBar().actions()}
def action(menu_title, text):
    m = menu[menu_title].menu()
    for a in m.actions():
        if a.text() == text:
            return a
        if a.menu() is not None:
            for b in a.menu().actions():
                if b.text() == text:
                    return b
    raise SystemExit(f"no {text} in {menu_title}")
for module, menu_title, text in [
    ("gkdesk.ui.collection_actions", "收集(&C)", "单位名单…"),
    ("gkdesk.ui.history_actions", "文件(&F)", "操作历史…"),
    ("gkdesk.ui.export_actions", "文件(&F)", "本单位任务分工落实情况表（附件1）…"),
]:
    before = module in sys.modules
    action(menu_title, text).trigger()
    app.processEvents()
    shown = [d.windowTitle() for d in app.topLevelWidgets() if isinstance(d, QDialog) and d.isVisible()]
    print(module, "before" if before else "not-before", module in sys.modules, "|".join(shown), "|".join(said))
    for d in app.topLevelWidgets():
        if isinstance(d, QDialog) and d.isVisible():
            d.reject()
    said.clear()
w.close(); w.detach_models(); store.close()
'''


def test_a_menu_action_imports_its_module_when_first_triggered(store, import_seed, data_home):
    """In a fresh desk nothing has imported the modules behind 收集 → 单位名单…, 文件 → 操作历史…
    and 文件 → 导出 → 本单位附件1…; triggering each loads its module and does what it did before:
    the unit-list dialog opens, the history dialog opens, the export asks for 本单位 first."""
    import_seed("000")
    rows = {line.split()[0]: line.split(" ", 3)[1:] for line in _python(_FIRST_USE, str(data_home))
            if line.startswith("gkdesk.")}
    for module in ("gkdesk.ui.collection_actions", "gkdesk.ui.history_actions", "gkdesk.ui.export_actions"):
        before, after, _ = rows[module][0], rows[module][1], rows[module][2:]
        assert (before, after) == ("not-before", "True"), (module, rows[module])
    assert "单位名单" in rows["gkdesk.ui.collection_actions"][2]
    assert "操作历史" in rows["gkdesk.ui.history_actions"][2]
    assert "请先在“设置 → 本单位”中选择本单位" in rows["gkdesk.ui.export_actions"][2]


def test_the_reminders_panel_is_built_when_its_dock_first_shows(qtbot, store, import_seed):
    """Nothing is due on 2030-01-01, so the desk opens with its reminders dock hidden and has not
    built the panel; the dock shown from the window's own context menu (not F9) builds it then,
    with the day's text and its two headings, and the right-click on a 报送时限 is wired."""
    from gkdesk.ui.main_window import MainWindow

    import_seed("000")
    w = MainWindow(store, date(2030, 1, 1))
    qtbot.addWidget(w)
    w.show()
    assert w.reminder_dock.isHidden() and w.reminder_dock.widget() is None
    w.reminder_dock.show()
    panel = w.reminder_dock.widget()
    assert panel is w.reminders
    tops = [panel.tree.topLevelItem(i).text(0) for i in range(panel.tree.topLevelItemCount())]
    assert tops == ["报送时限（0）", "本单位任务（请先在“设置”中选择本单位）"]
    assert panel.summary.text().startswith("今天是 2030年1月1日。")
    from PySide6.QtCore import SIGNAL

    assert panel.receivers(SIGNAL("handin_requested(int,QString,bool)")) == 1  # report_marks.install
    w.detach_models()


def test_the_reminders_dock_opens_at_start_when_a_deadline_is_near(qtbot, store, import_seed):
    """Seed 000's 附件2 is due 2020-08-14: seen from 2020-08-10 the desk opens with the dock shown,
    its panel built from the rows read to decide it, counting that one."""
    from gkdesk.ui.main_window import MainWindow

    import_seed("000")
    w = MainWindow(store, date(2020, 8, 10))
    qtbot.addWidget(w)
    w.show()
    assert not w.reminder_dock.isHidden() and w.reminder_dock.widget() is w.reminders
    reports = w.reminders.tree.topLevelItem(0)
    days = [reports.child(i).text(2) for i in range(reports.childCount())]
    assert "还有 4 天" in days
    w.detach_models()


def test_the_desk_reopened_reads_its_tree_once_and_writes_nothing(qtbot, store, import_seed, today, monkeypatch):
    """The second start on a folder: the desk selects the notice last shown (already kept: no write
    transaction, no sync of the file) and window.ini restores the filter it was built with (the
    tree is not read a second time); the tree still shows the notice's sections."""
    from gkdesk.store.browse import TaskBrowser
    from gkdesk.ui.main_window import MainWindow

    import_seed("000")
    first = MainWindow(store, today)
    qtbot.addWidget(first)
    first.restore_state()
    first.close()  # writes window.ini; the first start kept last_notice
    first.detach_models()
    reads: list[int] = []
    real = TaskBrowser.sections
    monkeypatch.setattr(TaskBrowser, "sections", lambda self, f: reads.append(f.notice_id) or real(self, f))
    commits = store.db.commits
    w = MainWindow(store, today)
    qtbot.addWidget(w)
    w.restore_state()
    w.show()
    assert reads == [w.notice_id] and store.db.commits == commits
    assert w.task_model.rowCount() > 1
    assert w.task_model.data(w.task_model.index(0, 0)).startswith("一、")
    w.detach_models()


def test_every_lazy_menu_entry_names_a_function_its_module_has(qtbot, store, today, monkeypatch):
    """A typo in a menu entry would only fail when the clerk clicks it: every later() target exists."""
    from gkdesk.ui import desk_menus
    from gkdesk.ui.main_window import MainWindow

    named: list[tuple[str, str]] = []
    real = desk_menus.later
    monkeypatch.setattr(desk_menus, "later", lambda w, m, f, *a: named.append((m, f)) or real(w, m, f, *a))
    w = MainWindow(store, today)
    qtbot.addWidget(w)
    assert ("collection_actions", "hand_out") in named and ("export_actions", "print_form") in named
    for module, function in named:
        assert callable(getattr(importlib.import_module(f"gkdesk.ui.{module}"), function)), (module, function)
    w.detach_models()


def test_housekeeping_prunes_and_backs_up_only_after_the_first_paint(qtbot, store, import_seed, today):
    """The prune of unused evidence files and the start-up catch-up of the day's backup (a notice
    was imported and no session has reached its exit since) left the store's opening: they start
    once the task tree has painted, on a worker, and still do their work."""
    from gkdesk.store.backup import KIND_DAILY, list_backups
    from gkdesk.ui.housekeeping import Housekeeping
    from gkdesk.ui.main_window import MainWindow

    import_seed("000")
    orphan = store.completions.evidence.root / "ab" / ("ab" + "0" * 62)
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"left by a revision that dropped its task")
    old = time.time() - 3 * 24 * 3600
    os.utime(orphan, (old, old))
    w = MainWindow(store, today)
    qtbot.addWidget(w)
    chores = Housekeeping(w)
    qtbot.wait(50)
    assert chores.job is None and orphan.exists()  # not painted yet: nothing started
    w.show()
    qtbot.waitUntil(lambda: chores.job is not None, timeout=5_000)
    assert chores.wait(30)
    assert not orphan.exists()
    assert [b.kind for b in list_backups(store.directory)] == [KIND_DAILY]
    w.detach_models()


def test_a_new_store_is_made_in_one_transaction(tmp_path):
    """A clerk's first start: every schema step in one commit (one sync of the file, not eight);
    the steps still all ran, in order, and a second open finds nothing left to do."""
    from gkdesk.store import Store
    from gkdesk.store.schema import LATEST, STEPS

    store = Store.open(tmp_path / "new-folder")
    try:
        assert store.db.commits == 1 and len(STEPS) > 1
        assert store.db.user_version == LATEST
        assert store.db.has_table("deleted_notices") and store.db.has_table("task_units")
    finally:
        store.close()
    again = Store.open(tmp_path / "new-folder")
    try:
        assert again.db.commits == 0 and again.db.user_version == LATEST
    finally:
        again.close()


_SMOKE_COUNTS = r'''
import sys
from gkdesk.store.browse import TaskBrowser
real = TaskBrowser.counts
def counts(self, f):
    print("counted")
    return real(self, f)
TaskBrowser.counts = counts
from gkdesk import app
print("exit", app.main(["--data-dir", sys.argv[1], "--smoke"]))
'''


def test_smoke_ends_at_the_first_paint_before_the_status_count(store, import_seed, data_home):
    """`--smoke` stops once the tree has painted: the status-bar count the same paint queued
    (0.5 s on a 100,000-task notice) is not part of starting, and is not run."""
    import_seed("000")
    lines = _python(_SMOKE_COUNTS, str(data_home))
    assert "exit 0" in lines and "窗口已显示" in lines[0], lines
    assert "counted" not in lines, lines


def test_smoke_leaves_the_folders_window_layout_alone(store, import_seed, data_home):
    """`--smoke` never takes the folder (a clerk's desk may have it open): it restores the saved
    layout like any start, but does not write window.ini back when it closes."""
    import_seed("000")
    layout = data_home / "window.ini"
    layout.write_text("[General]\nmain_split=@ByteArray(kept)\n", encoding="utf-8")
    lines = _python(_SMOKE, str(data_home))
    assert "exit 0" in lines
    assert layout.read_text(encoding="utf-8") == "[General]\nmain_split=@ByteArray(kept)\n"


def test_housekeeping_runs_even_when_the_desk_is_never_drawn(qtbot, store, import_seed, today, monkeypatch):
    """A window that is not drawn (e.g. started minimized from a shortcut set to 最小化) has no
    first frame: the daily backup is still made, a little later. (A restored search that finds
    nothing is drawn — its no-hits line is the first frame: tests/test_smoke_first_frame.py.)"""
    from gkdesk.store.backup import KIND_DAILY, list_backups
    from gkdesk.ui import housekeeping
    from gkdesk.ui.main_window import MainWindow

    import_seed("000")
    monkeypatch.setattr(housekeeping, "LATEST_MS", 200)
    w = MainWindow(store, today)
    qtbot.addWidget(w)
    painted = []
    w.tree_area_painted.connect(lambda: painted.append(1))
    chores = housekeeping.Housekeeping(w)  # never shown, so never painted
    qtbot.waitUntil(lambda: chores.job is not None, timeout=5_000)
    assert chores.wait(30)
    assert painted == [] and [b.kind for b in list_backups(store.directory)] == [KIND_DAILY]
    w.detach_models()


def test_the_desk_reads_its_notice_list_once_at_start(qtbot, store, import_seed, today, monkeypatch):
    """The notice list's query counts every notice's tasks and completions (~25 ms on 100,000
    tasks): opening the desk runs it once, and the list still shows the notice, chosen."""
    from gkdesk.store.notices import NoticeRepository
    from gkdesk.ui.main_window import MainWindow

    nid = import_seed("000")
    calls = []
    real = NoticeRepository.list_notices
    monkeypatch.setattr(NoticeRepository, "list_notices", lambda self: calls.append(1) or real(self))
    w = MainWindow(store, today)
    qtbot.addWidget(w)
    assert len(calls) == 1
    assert w.notice_id == nid and w.task_model.rowCount() > 0
    w.detach_models()


def test_the_window_icon_is_read_from_its_png_sizes(qtbot):
    """The desk's window icon comes from resources/icons/gkdesk-<N>.png (rendered from gkdesk.svg by
    installer/make_icons.py): PNG is read by Qt itself, an SVG icon makes the start load and run the
    SVG icon engine. Every size is there, and a size is drawn from its own file."""
    from PySide6.QtCore import QSize

    from gkdesk.app import window_icon

    icon = window_icon()
    sizes = sorted(s.width() for s in icon.availableSizes())
    assert sizes == [16, 24, 32, 48, 64, 128, 256]
    assert all(s.width() == s.height() for s in icon.availableSizes())
    assert icon.pixmap(QSize(48, 48)).size() == QSize(48, 48) and not icon.pixmap(QSize(48, 48)).isNull()
