"""The desk's 审核 and 汇总 on seed 001: 区政务服务办 opens 审核 for a task, marks one unit 通过 and
one 退回 with a reason through the window's buttons, undoes, sees the task's 历史; the tree shows the
overdue mark and the status bar counts it; the 汇总 window shows what the returns say.

Six units' returns are made by the collection machinery (conftest's reviewing_office, and
fill_all of tests/fixtures/collecting_office.py); every expected number is counted here from what the units typed and from the notice as imported.
docs/screenshots/review-window.png and summary-window.png are the windows these tests grab
(GKDESK_SHOTS=folder keeps them there).
"""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from gkdesk import collection_ops as cops
from gkdesk.domain.units import MAY_CONCERN, default_membership, group_kind
from gkdesk.domain.review import PASSED, PENDING, RETURNED
from gkdesk.domain.units import unit_key  # noqa: I001
from gkdesk.store import Store
from gkdesk.ui import review_actions
from gkdesk.ui.edits import SetOwnUnit
from gkdesk.ui.task_model import DEADLINE, TEXT_COLORS
from tests.fixtures.collecting_office import OFFICE, SIX, TODAY, fill_all

SHARED = "切实做好政策性文件公开征求意见"  # asked of all six units
LATE = "编制本机关政府信息公开目录"  # due 2022-06-30: overdue on TODAY
REASON = "请补充公开的文件数量和公开路径。"


@pytest.fixture
def today():
    return TODAY


@pytest.fixture
def desk(open_desk, reviewing_office, tmp_path):
    store, nid, result = reviewing_office
    _, paths = cops.hand_out(store, nid, SIX, tmp_path / "sent", OFFICE, who="张三")
    raw = fill_all(dict(zip(SIX, paths)), tmp_path / "back", skip={"区发展改革委"})
    outcomes = cops.take_back_files(store, [tmp_path / "back"], who="张三")
    assert [o.status for o in outcomes] == ["taken"] * 6
    return open_desk(store), store, nid, result, raw


def shot(widget, tmp_path, name: str) -> Path:
    """Grab the window as the clerk sees it; a real picture of painted rows, not a blank."""
    widget.resize(1180, 620)
    widget.show()
    image = widget.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, 1180, 5) for y in range(0, 620, 5)}
    assert image.width() >= 1180 and len(colours) > 20  # text and marks painted, not an empty frame
    path = Path(os.environ.get("GKDESK_SHOTS") or tmp_path) / name
    image.save(str(path))
    return path


def reviews(store: Store, task_id: int) -> dict[str, tuple]:
    return {r["name"]: (r["state"], r["reason"], r["at"], r["who"]) for r in store.db.query(
        "SELECT u.name, v.state, v.reason, v.at, v.who FROM reviews v JOIN units u ON u.id = v.unit_id "
        "WHERE v.task_id = ?", (task_id,))}


def task_id(store, nid, start: str) -> int:
    return next(t.id for t in store.notices.load_result(nid).tasks() if t.text.startswith(start))


def test_office_reviews_a_task_on_the_desk_and_undoes(qtbot, desk, tmp_path):
    w, store, nid, _result, raw = desk
    assert store.reviews.role(nid).role == "office"
    tid = task_id(store, nid, SHARED)
    w.show_task(tid)
    assert w.review_action.isVisible() and w.review_action.isEnabled()
    assert w.review_action in w.task_view.actions()  # the tree's right-click menu offers it
    assert w.review_button.defaultAction() is w.review_action and w.review_button.isVisibleTo(w)  # detail pane
    win = review_actions.open_review(w)
    qtbot.addWidget(win)
    # Side by side: every unit that was asked, with what it typed.
    assert [win.table.item(r, 0).text() for r in range(win.table.rowCount())] == SIX
    text = next(t for (u, t) in raw if u == "区财政局" and t.startswith(SHARED))
    shown = {win.table.item(r, 0).text(): win.table.item(r, 2).text() for r in range(win.table.rowCount())}
    assert shown == {u: raw[(u, text)]["text"] for u in SIX}

    win.select_unit("区财政局")
    qtbot.mouseClick(win.pass_button, Qt.MouseButton.LeftButton)
    win.select_unit("区司法局")
    qtbot.mouseClick(win.pass_button, Qt.MouseButton.LeftButton)
    before_return = reviews(store, tid)
    win.select_unit("区司法局")
    win.reason.insert(REASON)  # as an input method commits it (QTest.keyClicks aborts on CJK text)
    qtbot.mouseClick(win.return_button, Qt.MouseButton.LeftButton)
    rows = reviews(store, tid)
    assert set(rows) == {"区财政局", "区司法局"}
    assert rows["区财政局"][0::3] == (PASSED, OFFICE) and rows["区财政局"][1] == ""
    assert rows["区司法局"][:2] == (RETURNED, REASON) and rows["区司法局"][3] == OFFICE
    row = next(r for r in range(win.table.rowCount()) if win.table.item(r, 0).text() == "区司法局")
    assert win.table.item(row, 8).text() == f"✘ {RETURNED}" and win.table.item(row, 9).text() == REASON

    shot(win, tmp_path, "review-window.png")

    # 退回 without a reason is refused, in Chinese, and nothing is written.
    win.select_unit("区商务委")
    win.reason.clear()
    qtbot.mouseClick(win.return_button, Qt.MouseButton.LeftButton)
    assert "退回原因" in win.message.text()
    assert reviews(store, tid) == rows

    # The task's 历史 tab: who / when / from / to / reason of each change.
    history = [" | ".join(w.detail.history.item(r, c).text() for c in range(4))
               for r in range(w.detail.history.rowCount())]
    review_lines = [h for h in history if "审核：" in h]
    assert len(review_lines) == 3
    assert review_lines[0].endswith(f"[区司法局] 审核：{PASSED} → {RETURNED}（原因：{REASON}）")
    assert f" | {OFFICE} | 审核 | [区财政局] 审核：{PENDING} → {PASSED}" in review_lines[2]
    assert review_lines[0][:4] == str(date.today().year)

    # Undo puts back the review row exactly (state, reason, time, reviewer); then the row disappears.
    assert w.ops.undo(w)
    assert reviews(store, tid) == before_return
    assert w.ops.undo(w) and w.ops.undo(w)
    assert reviews(store, tid) == {}
    history = [w.detail.history.item(r, 3).text() for r in range(w.detail.history.rowCount())]
    assert history[0] == f"[区财政局] 审核：{PASSED} → {PENDING}"
    assert w.detail.history.item(0, 2).text() == f"撤销 审核 区财政局 {PASSED}"  # the undo says so
    assert w.ops.redo(w)
    assert reviews(store, tid)["区财政局"][0] == PASSED


def test_tree_marks_overdue_and_the_status_bar_counts_it(qtbot, desk):
    w, store, nid, result, _raw = desk
    late = task_id(store, nid, LATE)
    w.show_task(late)
    idx = w.task_model.index_for_task(late)
    cell = idx.siblingAtColumn(DEADLINE)
    assert cell.data(Qt.ItemDataRole.DecorationRole) is not None  # the triangle: reads without colour
    assert cell.data(Qt.ItemDataRole.ForegroundRole) is not None
    # Independent count: the tasks addressed to 区政务服务办 (by name or by a group it belongs to),
    # with a date before TODAY; the office filled none of them itself.
    kinds = default_membership(OFFICE) - MAY_CONCERN
    mine = [t for t in result.tasks()
            if any(unit_key(n) == unit_key(OFFICE) or group_kind(n) in kinds for n in t.lead + t.responsible)]
    overdue = sum(1 for t in mine if t.deadline.kind == "date" and t.deadline.due < TODAY)
    assert overdue > 0
    qtbot.waitUntil(lambda: f"逾期 {overdue} 项" in w.counts_label.text())
    assert f"本单位 {len(mine)} 项" in w.counts_label.text()

    # 设置 预警天数 = 75: 即将到期 = due from TODAY to 2022-12-04; the tree's clock and the count follow.
    assert review_actions.ask_warning_days(w, 75)
    assert store.reviews.warning_days == 75
    soon = [t for t in mine if t.deadline.kind == "date" and TODAY <= t.deadline.due <= date(2022, 12, 4)]
    assert soon
    qtbot.waitUntil(lambda: f"即将到期 {len(soon)} 项" in w.counts_label.text())
    cell = w.task_model.index_for_task(task_id(store, nid, soon[0].text[:12])).siblingAtColumn(DEADLINE)
    assert cell.data(Qt.ItemDataRole.DecorationRole) is not None
    assert cell.data(Qt.ItemDataRole.ForegroundRole) == TEXT_COLORS["soon"]
    assert w.ops.undo(w) and store.reviews.warning_days == 7  # 设置 back to the default: the row is gone
    assert store.settings.get("预警天数") is None
    qtbot.waitUntil(lambda: "即将到期" in w.counts_label.text() and f"即将到期 {len(soon)} 项" not in w.counts_label.text())


def test_summary_window_shows_the_counts(qtbot, desk, tmp_path):
    w, store, nid, _result, raw = desk
    tid = task_id(store, nid, SHARED)
    store_text = next(t for (u, t) in raw if t.startswith(SHARED))
    w.show_task(tid)
    win = review_actions.open_review(w)
    qtbot.addWidget(win)
    win.select_unit("几江街道")
    qtbot.mouseClick(win.pass_button, Qt.MouseButton.LeftButton)
    assert w.summary_action.isEnabled()
    sw = review_actions.open_summary(w)
    qtbot.addWidget(sw)
    shot(sw, tmp_path, "summary-window.png")
    model = sw.view.units
    got = {model.index(r, 0).data(): [model.index(r, c).data() for c in range(1, 9)] for r in range(model.rowCount())}
    want = {}
    for unit in SIX:
        mine = [k for k in raw if k[0] == unit]
        reported = sum(1 for k in mine if raw[k]["status"])
        passed = 1 if unit == "几江街道" and raw[(unit, store_text)]["status"] else 0
        done = sum(1 for k in mine if raw[k]["status"] == "已完成")
        rate = round(100 * done / len(mine))
        want[unit] = [str(len(mine)), str(reported), str(passed), "0", str(len(mine) - passed),  # 待审核: every entry not yet marked
                      str(len(mine) - reported)]
        assert got[unit][7] == f"{rate}%", unit
        got[unit] = got[unit][:6]
    assert got == want
    # Its exports: the .xlsx on a worker, the PDF on the GUI thread.
    job = sw.export("xlsx", tmp_path / "汇总.xlsx")
    with qtbot.waitSignal(job.finished, timeout=30_000):
        pass
    assert (tmp_path / "汇总.xlsx").stat().st_size > 0
    job = sw.export("docx", tmp_path / "汇总.docx")
    with qtbot.waitSignal(job.finished, timeout=30_000):
        pass
    from docx import Document

    report = Document(str(tmp_path / "汇总.docx"))
    assert any(p.text == sw.summary.briefing() for p in report.paragraphs)
    assert len(report.inline_shapes) == 2  # the two 完成率 charts, drawn by Qt before the worker ran
    sw.export("pdf", tmp_path / "汇总.pdf")
    assert (tmp_path / "汇总.pdf").read_bytes()[:4] == b"%PDF"


def test_a_responsible_unit_is_not_offered_review(qtbot, desk, monkeypatch):
    w, store, nid, _result, _raw = desk
    unit = "各政务服务场所"  # in seed 001 every department leads the 各部门 tasks; this one only answers
    assert store.reviews.role(nid, unit).role == "responsible"
    w.ops.run(SetOwnUnit(unit))
    w.show_task(task_id(store, nid, SHARED))
    assert not w.review_action.isVisible() and not w.review_action.isEnabled()
    assert not w.review_button.isVisibleTo(w)
    assert not w.summary_action.isEnabled()
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: told.append(a[-1]))
    assert review_actions.open_review(w, task_id(store, nid, SHARED)) is None
    assert "责任单位" in told[-1] and "不由本单位审核" in told[-1]
