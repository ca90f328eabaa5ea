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
