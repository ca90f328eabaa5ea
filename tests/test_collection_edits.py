"""The collector's operations through the desk's write helper (ui/operations.Operations) on seed 001:
下发填报表 and its undo, 导入回执 and its undo, 撤销导入回执 from the history the next morning, and the
单位名单 loaded and put back."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from gkdesk.domain.unit_list import parse_unit_list
from gkdesk.store import Store
from gkdesk.ui.collection_edits import LoadUnitList, RevertTakeBack, TakeBackReturns
from gkdesk.ui.operations import Operations
from tests.fixtures.collecting_office import TWO, completions, fill_two, hand_out_two, load_office, snapshot


@pytest.fixture
def desk(qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("GKDESK_TODAY", "2022-09-20")
    store = Store.open(tmp_path / "office")
    nid, _, _ = load_office(store, tmp_path)
    ops = Operations(store)
    ops.who = "张三"
    yield ops, nid
    store.close()


def test_hand_out_writes_the_sheets_and_undo_removes_the_round(desk, tmp_path):
    ops, nid = desk
    store = ops.store
    op = hand_out_two(ops, nid, tmp_path / "sent")
    assert [p.name for p in op.paths] == [f"江津区2022年政务公开任务分工_填报表_{u}.xlsx" for u in TWO]
    assert all(p.is_file() for p in op.paths)
    rounds = store.collection.rounds(nid)
    assert [r.id for r in rounds] == [op.round_id] and rounds[0].number == 1
    assert sorted(u.unit for u in store.collection.status(op.round_id).units) == sorted(TWO)
    assert ops.undo_stack.undoText() == "下发填报表"

    assert ops.undo()
    assert store.collection.rounds(nid) == []
    assert not any(p.exists() for p in op.paths)
    assert [e.action for e in store.audit.entries(entity="collection_round")] == ["delete_round", "hand_out", "new_round"]


def test_take_back_merges_the_filled_values_and_undo_restores_completions(desk, tmp_path, qtbot):
    ops, nid = desk
    store = ops.store
    hand = hand_out_two(ops, nid, tmp_path / "sent")
    files = fill_two(dict(zip(TWO, hand.paths)), tmp_path / "back")
    before = snapshot(store)

    op = TakeBackReturns(files)
    job = ops.start(op)  # on the worker, as the menu runs it
    with qtbot.waitSignal(job.finished, timeout=20_000):
        pass
    assert [o.status for o in op.outcomes] == ["taken", "taken"]
    assert len(op.return_ids) == 2 and ops.undo_stack.undoText() == "导入回执"
    assert completions(store, "区财政局") == {
        "切实做好政策性文件公开征": {"status": "已完成", "text": "已公开征求意见12件。", "completed_on": "2022-08-31",
                          "links": [], "note": ""},
        "公开2022年度税费政策": {"status": "推进中", "text": "", "completed_on": None, "links": [], "note": "每月更新"},
    }
    assert completions(store, "几江街道") == {
        "切实做好政策性文件公开征": {"status": "持续推进", "text": "街道公开栏每月更新。", "completed_on": None,
                          "links": [], "note": ""}}

    assert ops.undo()
    assert snapshot(store) == before
    assert completions(store, "区财政局") == {} and completions(store, "几江街道") == {}


def test_revert_take_back_after_a_restart_restores_completions_and_is_audited(desk, tmp_path, monkeypatch):
    ops, nid = desk
    store = ops.store
    hand = hand_out_two(ops, nid, tmp_path / "sent")
    files = fill_two(dict(zip(TWO, hand.paths)), tmp_path / "back")
    before = snapshot(store)
    take = TakeBackReturns(files)
    assert ops.run(take)
    assert len(completions(store, "区财政局")) == 2
    directory = store.directory
    store.close()

    # Next morning: a fresh store and desk; the undo stack is gone, the history is not.
    store = Store.open(directory)
    try:
        ops = Operations(store)
        ops.who = "张三"
        for rid in reversed(take.return_ids):
            op = RevertTakeBack(rid, nid)
            assert ops.run(op)
        assert ops.undo_stack.count() == 0  # a compensating operation, not an undo step
        assert snapshot(store) == before
        undone = [e for e in store.audit.entries(entity="collection_return") if e.action == "undo_take_back"]
        assert sorted(e.entity_id for e in undone) == sorted(take.return_ids)
        assert all(e.who == "张三" for e in undone)
        # A second revert of the same return is refused in Chinese and changes nothing.
        said = []
        monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text, *a, **k: said.append(text)))
        assert not ops.run(RevertTakeBack(take.return_ids[0], nid))
        assert said and "已撤销" in said[0]
        assert snapshot(store) == before
    finally:
        store.close()


def test_load_unit_list_undo_restores_the_list(desk):
    ops, _nid = desk
    store = ops.store
    before = [(u.name, tuple(u.groups)) for u in store.unit_list.list_units()]
    units, problems = parse_unit_list("区教委\t部门\n珞璜镇\t镇街\n")
    assert problems == []
    op = LoadUnitList(units, source="粘贴", replace=True)
    assert ops.run(op)
    after = [u.name for u in store.unit_list.list_units()]
    assert sorted(after) == ["区教委", "珞璜镇"]
    assert [u.name for u in store.unit_list.members("各镇（街道）")] == ["珞璜镇"]

    assert ops.undo()
    assert [(u.name, tuple(u.groups)) for u in store.unit_list.list_units()] == before
    assert "几江街道" in [u.name for u in store.unit_list.members("各镇（街道）")]
