"""The desk's 汇总 view: read-only models filled from the store's summary, sortable, with the chart."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from gkdesk.ui.summary_view import SummaryView
from tests.fixtures.summary_data import OFFICE, SIX, seed_001_store

FATAL = QAbstractItemModelTester.FailureReportingMode.Fatal


@pytest.fixture
def filled(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("GKDESK_TODAY", "2022-09-20")
    store, nid = seed_001_store(tmp_path)
    view = SummaryView()
    qtbot.addWidget(view)
    testers = [QAbstractItemModelTester(m, FATAL) for m in (view.units, view.sections, view.ranking, view.overdue)]
    before = store.db.scalar("SELECT count(*) FROM audit_log")
    summary = view.load(store, nid, OFFICE)
    assert store.db.scalar("SELECT count(*) FROM audit_log") == before  # the view only reads
    yield view, summary, store, testers
    store.close()


def cells(model, col: int) -> list:
    return [model.index(r, col).data() for r in range(model.rowCount())]


def test_models_show_the_summary_and_sort_by_rate(filled, tmp_path):
    view, summary, _store, _ = filled
    assert cells(view.units, 0) == SIX
    assert cells(view.units, 1) == [str(u.tasks) for u in summary.units]
    assert cells(view.units, 8) == [f"{u.rate}%" for u in summary.units]
    assert cells(view.sections, 0) == [s.name for s in summary.sections]
    assert cells(view.ranking, 0) == [u.name for u in summary.ranking()]
    assert [view.overdue.index(r, 0).data() for r in range(view.overdue.rowCount())] == [
        f"第{o.item_no}项" for o in summary.overdue]
    assert view.briefing.text() == summary.briefing()
    assert view.tabs.tabText(2) == f"逾期事项（{len(summary.overdue)}）"
    # An overdue count carries the symbol, so it reads in black-and-white print.
    late = next(i for i, u in enumerate(summary.units) if u.overdue)
    assert view.units.index(late, 7).data().startswith("■ 已逾期")

    # Sorting 完成率 (numerically, through the proxy) puts the best unit first.
    table = view.tabs.widget(0).widget(0)
    table.sortByColumn(8, Qt.SortOrder.DescendingOrder)
    proxy = table.model()
    rates = [proxy.index(r, 8).data(Qt.ItemDataRole.UserRole) for r in range(proxy.rowCount())]
    assert rates == sorted((u.rate for u in summary.units), reverse=True)


def test_screenshot_of_the_view(filled, tmp_path):
    view, _summary, _store, _ = filled
    view.resize(1000, 720)
    view.show()
    image = view.grab().toImage()
    # The chart is painted: bars of its colour in the lower half of the window.
    from PySide6.QtGui import QColor

    want = QColor("#2F6FD0")
    bars = sum(1 for y in range(360, 720, 3) for x in range(0, 1000, 3) if image.pixelColor(x, y) == want)
    assert bars > 300
    image.save(str(tmp_path / "summary-view.png"))
