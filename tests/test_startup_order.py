"""Start-up order (issue 16): the desk paints its task tree first, and only then counts the notice.

Counting a 100,000-task notice for the status bar takes about half a second; done before the
first paint it holds the whole window back. Nothing here is timed: the test records the order
in which the tree's viewport is painted and the store is asked for the counts.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject


class _Order(QObject):
    """Notes "paint" each time the tree's viewport paints with rows in it."""

    def __init__(self, view, events: list[str]) -> None:
        super().__init__(view)
        self.view, self.events = view, events

    def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
        model = self.view.model()
        if event.type() == QEvent.Type.Paint and model is not None and model.rowCount() > 0:
            self.events.append("paint")
        return False


def test_the_status_count_comes_after_the_trees_first_paint(qtbot, monkeypatch, store, import_seed, today):
    from gkdesk.store.browse import TaskBrowser
    from gkdesk.ui.main_window import MainWindow

    import_seed("000")
    events: list[str] = []
    real_counts = TaskBrowser.counts

    def counting(self, f):
        events.append("count")
        return real_counts(self, f)

    monkeypatch.setattr(TaskBrowser, "counts", counting)
    w = MainWindow(store, today)
    qtbot.addWidget(w)
    w.task_view.viewport().installEventFilter(_Order(w.task_view, events))
    w.resize(1400, 860)
    w.show()
    qtbot.waitUntil(lambda: w.counts_label.text().startswith("共 "))
    assert "paint" in events and "count" in events, events
    assert events.index("paint") < events.index("count"), events
    total = store.db.scalar("SELECT count(*) FROM tasks")
    assert w.counts_label.text().startswith(f"共 {total} 项"), w.counts_label.text()
    w.detach_models()


_LATE_IMPORTS = r'''
import importlib.abc, sys
late = []
class Record(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if "PySide6.QtCore" in sys.modules and name not in sys.modules:
            late.append(name)
        return None
sys.meta_path.insert(0, Record())
from gkdesk import app
code = app.main(["--data-dir", sys.argv[1], "--smoke"])
print("exit", code)
print(" ".join(m for m in late if not m.startswith(("PySide6", "shiboken", "gkdesk.ui"))))
print(" ".join(m for m in late if m.startswith("gkdesk.ui")))
'''


def test_the_desk_imports_its_modules_without_qt_before_pyside6(store, import_seed, data_home):
    """Once PySide6 is loaded its import hook reads the source of every importing module (see
    app.WITHOUT_QT); `gkdesk --smoke` loads the store, domain and stdlib modules before it."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    import_seed("000")
    repo = Path(__file__).resolve().parents[1]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(repo))
    out = subprocess.run([sys.executable, "-c", _LATE_IMPORTS, str(data_home)], cwd=repo, env=env,
                         capture_output=True, text=True, timeout=120)
    lines = out.stdout.splitlines()
    at = lines.index("exit 0") if "exit 0" in lines else None
    assert at is not None and "窗口已显示" in lines[0], (out.stdout, out.stderr[-2000:])
    late_plain, late_ui = (lines[at + 1:] + ["", ""])[:2]
    assert late_plain == "", f"imported after PySide6, add them to app.WITHOUT_QT: {late_plain}"
    assert "gkdesk.ui.main_window" in late_ui.split()  # the recorder did see the desk's own imports
