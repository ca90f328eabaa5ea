"""删除通知, and the 操作历史 that reverts it (and imports, take-backs) another day.

The clerk of 区财政局 has filled in seed 000 (two completions, a 佐证材料 file, the 附件2 roster, a
review) next to seed 001, then deletes seed 000: it leaves the tree and the counts, its file stays in
the data folder, and 编辑 → 撤销 puts every row back. After a restart the same deletion is reverted
from 文件 → 操作历史…; so are a revision and a take-back of a return; and an entry a later operation
depends on is refused in Chinese, naming that operation.
"""
from __future__ import annotations

import dataclasses
import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from gkdesk.domain.forms import DEFAULT_ROSTER
from gkdesk.domain.unit_list import parse_unit_list
from gkdesk.importers import import_file
from gkdesk.store import Store
from gkdesk.store import schema
from gkdesk.store.evidence_files import blob_path
from gkdesk.ui.collection_edits import TakeBackReturns
from gkdesk.ui.edits import ImportNotice, RosterSave, SaveRosters
from gkdesk.ui.main_window import MainWindow
from tests.fixtures.seed_docs import build_docx, seed_dir
from tests.fixtures.collecting_office import TWO, UNIT_LIST, fill_two, hand_out_two

SEEDS = seed_dir()
SEED_000 = next(SEEDS.glob("000_*.txt"))
SEED_001 = next(SEEDS.glob("001_*.txt"))
TODAY = date(2020, 9, 1)
UNIT = "财政局"


def rows(store) -> dict[str, list[tuple]]:
    """Every table's rows and the search index, the audit log and view settings aside."""
    names = [r[0] for r in store.db.query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('audit_log', 'settings') "
        "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'task_fts%' ORDER BY name")]
    out = {n: sorted(tuple(r) for r in store.db.query(f'SELECT * FROM "{n}"')) for n in names}
    if store.db.fts:
        out["task_fts"] = sorted(tuple(r) for r in store.db.query("SELECT rowid, * FROM task_fts"))
    return out


@pytest.fixture
def answers(monkeypatch):
    """The clerk answers 是 to every question; what was asked and told is kept."""
    said: dict[str, list[str]] = {"question": [], "information": [], "warning": []}

    def question(parent, title, text, *a, **k):
        said["question"].append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    for name in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(
            lambda parent, title, text, *a, _n=name, **k: said[_n].append(text)))
    return said


def _desk(qtbot, home) -> MainWindow:
    w = MainWindow(Store.open(home), TODAY)
    qtbot.addWidget(w)
    w.show()
    return w


def _history(w: MainWindow, notice_id: int | None = None):
    """文件 → 操作历史… as the clerk opens it (the dialog is the window's child named "history")."""
    w.history_action.trigger()
    dlg = w.findChild(QDialog, "history")
    assert dlg is not None and dlg.isVisible()
    return dlg


def _delete(w: MainWindow, notice_id: int) -> None:
    """删除通知… on the notice list's right-click menu, answered 是."""
    w.reload_notices(select=notice_id)
    assert w.notice_id == notice_id and w.delete_action in w.notice_view.actions()
    w.delete_action.trigger()
    assert w.store.notices.find_notice(notice_id) != notice_id


def _close(w: MainWindow) -> None:
    w.close()
    w.detach_models()
    w.store.close()


def _filled_desk(qtbot, home, tmp_path) -> tuple[MainWindow, int, int]:
    """Seeds 000 and 001; 区财政局's work on 000: two completions, a file, its roster, a review."""
    w = _desk(qtbot, home)
    w.store.settings.own_unit = UNIT
    w.ops.who = UNIT
    assert w.ops.run(ImportNotice(import_file(SEED_001)))
    assert w.ops.run(ImportNotice(import_file(SEED_000)))
    nid = w.store.notices.find_notice("万盛经开办〔2020〕9号")
    other = next(n.id for n in w.store.notices.list_notices() if n.id != nid)
    t5 = int(w.store.db.scalar("SELECT id FROM tasks WHERE notice_id = ? AND number = '5'", (nid,)))
    t6 = int(w.store.db.scalar("SELECT id FROM tasks WHERE notice_id = ? AND number = '6'", (nid,)))
    assert w.ops.set_field(t5, UNIT, "status", "已完成")
    assert w.ops.set_field(t5, UNIT, "text", "已于2020年10月28日前公开预算执行情况。")
    assert w.ops.set_field(t6, UNIT, "status", "推进中")
    proof = tmp_path / "预算公开截图.pdf"
    proof.write_bytes(b"%PDF-1.4 budget screenshot")
    assert w.ops.add_evidence(t5, UNIT, proof)
    entries = {c: [] for c in DEFAULT_ROSTER.categories}
    entries[DEFAULT_ROSTER.categories[0]] = [{"姓名": "李明", "职务": "副局长", "电话": "023-85276110"}]
    assert w.ops.run(SaveRosters(nid, [RosterSave(UNIT, entries, date(2020, 9, 1))]))
    # 管委会办公室 passed it (the row a review leaves; who may review is test_review_rules' story).
    w.store.reviews.restore_review(t5, UNIT, {"state": "通过", "reason": "", "at": "2020-09-01 10:00:00",
                                              "who": "管委会办公室"}, cause="审核")
    w.reload_notices(select=nid)
    return w, nid, other


def test_delete_a_filled_notice_then_undo_brings_every_row_back(qtbot, data_home, tmp_path, answers):
    w, nid, other = _filled_desk(qtbot, data_home, tmp_path)
    store = w.store
    before = rows(store)
    sha = store.db.scalar("SELECT sha256 FROM evidence")
    w._update_counts()
    assert w.notice_id == nid and "共 56 项" in w.counts_label.text()

    w.delete_action.trigger()
    asked = answers["question"][-1]
    assert "“万盛经开办〔2020〕9号”" in asked and "56 项任务、2 条完成情况、1 个佐证材料文件、1 份人员名单、1 条审核记录" in asked
    assert [n.id for n in store.notices.list_notices()] == [other]
    assert w.notice_id == other  # the tree shows the notice that is left
    w._update_counts()
    assert "共 56 项" not in w.counts_label.text()
    assert store.db.scalar("SELECT count(*) FROM tasks WHERE notice_id = ?", (nid,)) == 0
    assert store.db.scalar("SELECT count(*) FROM completions") == 0
    assert blob_path(store.completions.evidence.root, sha).is_file()  # kept while restorable
    entry = store.audit.entries("notice", nid, limit=1)[0]
    assert (entry.action, entry.detail["op"], entry.who, entry.detail["completions"]) == ("delete", "删除通知", UNIT, 2)
    assert w.undo_action.text() == "撤销 删除通知"

    assert w.ops.undo()
    assert rows(store) == before
    assert {n.id for n in store.notices.list_notices()} == {nid, other}
    back = store.audit.entries("notice", nid, limit=1)[0]
    assert (back.action, back.detail["op"]) == ("restore", "撤销 删除通知")
    # The restored tasks keep their own history (same ids): 完成情况 edits are still listed.
    t5 = int(store.db.scalar("SELECT id FROM tasks WHERE notice_id = ? AND number = '5'", (nid,)))
    assert any(e.action == "set_completion" for e in store.audit.entries("completion",
               store.completions.get_completion(t5, UNIT).id))
    assert w.ops.redo() and store.notices.find_notice("万盛经开办〔2020〕9号") is None
    _close(w)


def test_deleted_then_restarted_then_restored_from_the_history(qtbot, data_home, tmp_path, answers):
    w, nid, _other = _filled_desk(qtbot, data_home, tmp_path)
    before = rows(w.store)
    sha = w.store.db.scalar("SELECT sha256 FROM evidence")
    _delete(w, nid)
    _close(w)

    # The next morning: the app starts (and prunes stored files nothing uses), the history has it.
    w = _desk(qtbot, data_home)
    w.store.completions.prune_evidence_files()
    assert blob_path(w.store.completions.evidence.root, sha).is_file()
    dlg = _history(w)
    top = dlg.entries[0]
    assert (top.kind, top.can_revert) == ("删除通知", True)
    assert dlg.table.item(0, 2).text().startswith("“万盛经开办〔2020〕9号”（56 项任务、2 条完成情况、1 个佐证材料文件")
    assert dlg.table.item(0, 3).text() == UNIT
    kinds = [dlg.table.item(i, 1).text() for i in range(dlg.table.rowCount())]
    assert kinds[:3] == ["删除通知", "导入通知", "导入通知"]  # newest first
    dlg.table.selectRow(0)
    job = dlg.revert_selected()
    with qtbot.waitSignal(job.finished, timeout=20_000):
        pass
    assert "恢复已删除的通知“万盛经开办〔2020〕9号”" in answers["question"][-1]
    assert rows(w.store) == before
    assert w.store.notices.find_notice("万盛经开办〔2020〕9号") == nid
    assert w.ops.undo_stack.count() == 0  # a compensating operation, not an undo step
    back = w.store.audit.entries("notice", nid, limit=1)[0]
    assert (back.action, back.detail["op"], back.who) == ("restore", "撤销 删除通知", UNIT)
    # The list follows: the deletion is now done with, the restore is listed on top.
    assert dlg.entries[0].kind == "恢复通知" and not dlg.entries[1].can_revert
    assert "已于" in dlg.entries[1].reason and "恢复" in dlg.entries[1].reason
    _close(w)


def test_the_sample_notice_can_be_deleted_and_undone(qtbot, data_home, answers):
    from gkdesk.ui.welcome import WelcomeDialog, sample_notice

    if sample_notice() is None:
        pytest.fail("the bundled sample notice is missing from resources/samples")
    w = _desk(qtbot, data_home)
    welcome = WelcomeDialog(w.store, w)
    nid = welcome.open_sample()
    welcome.close()
    assert nid is not None and w.store.notices.list_notices()[0].id == nid
    assert w.store.audit.entries("notice", nid, limit=1)[0].channel == "示例"
    before = rows(w.store)
    assert w.notice_id == nid
    w.delete_action.trigger()
    assert w.store.notices.list_notices() == [] and w.empty_hint.isVisible()
    assert w.ops.undo() and rows(w.store) == before
    _close(w)


def test_declining_the_question_deletes_nothing(qtbot, data_home, tmp_path, monkeypatch):
    w, nid, _ = _filled_desk(qtbot, data_home, tmp_path)
    before = rows(w.store)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    w.delete_action.trigger()
    assert rows(w.store) == before
    assert w.store.notices.find_notice(nid) == nid
    _close(w)


def test_a_restore_whose_ids_were_taken_since_gets_new_ids_and_clears_the_undo(store, seeds_dir):
    """SQLite reuses the highest ids: a notice imported after the deletion may take them."""
    first = store.notices.save_import(import_file(SEED_001)).notice_id
    last = store.notices.save_import(import_file(SEED_000)).notice_id
    t = int(store.db.scalar("SELECT max(id) FROM tasks WHERE notice_id = ?", (last,)))
    number = store.db.scalar("SELECT number FROM tasks WHERE id = ?", (t,))
    store.completions.set_completion(t, UNIT, status="已完成", text="按期完成。")
    deletion = store.trash.delete(last)
    third = store.notices.save_import(import_file(next(seeds_dir.glob("002_*.txt")))).notice_id
    assert third == last  # the id came free and was taken
    nid, moved = store.trash.restore(deletion)
    assert moved and nid not in (first, third)
    done = store.db.query("SELECT t.number, c.text FROM completions c JOIN tasks t ON t.id = c.task_id "
                          "WHERE t.notice_id = ?", (nid,))
    assert [tuple(r) for r in done] == [(number, "按期完成。")]
    assert store.db.scalar("SELECT count(*) FROM tasks WHERE notice_id = ?", (nid,)) == 56
    assert store.db.scalar("SELECT count(*) FROM tasks WHERE notice_id = ?", (third,)) > 0


def test_the_deletion_table_comes_from_its_own_schema_step(store):
    assert any(f is schema._notice_deletion for _, f in schema.STEPS)
    assert store.db.has_table("deleted_notices") and store.db.user_version == schema.LATEST


# -- imports and take-backs from the history, across a restart ----------------------------------------
def _without_task_10():
    r = import_file(SEED_000)
    for s in r.sections:
        for ss in s.subsections:
            ss.tasks = [t for t in ss.tasks if t.number != "10"]
    r.source_sha256 = "revised-000"
    return dataclasses.replace(r)


def test_a_revision_is_reverted_from_the_history_after_a_restart_and_the_first_import_waits(
        qtbot, data_home, answers):
    w = _desk(qtbot, data_home)
    w.store.settings.own_unit = UNIT
    w.ops.who = UNIT
    assert w.ops.run(ImportNotice(import_file(SEED_000)))
    assert w.ops.run(ImportNotice(_without_task_10()))
    nid = w.notice_id
    _close(w)

    w = _desk(qtbot, data_home)
    dlg = _history(w)
    revision, first = dlg.entries[0], dlg.entries[1]
    assert (revision.kind, revision.can_revert) == ("导入通知", True) and "修订" in revision.what
    # The first import depends on nothing later being there: refused, naming the revision.
    assert not first.can_revert and "又导入了这份通知的修订版" in first.reason
    dlg.table.selectRow(1)
    assert dlg.revert_selected() is False
    assert "请先撤销那次导入" in answers["information"][-1]
    dlg.table.selectRow(0)
    job = dlg.revert_selected()
    with qtbot.waitSignal(job.finished, timeout=20_000):
        pass
    assert w.store.db.scalar("SELECT count(*) FROM tasks WHERE notice_id = ?", (nid,)) == 56
    entry = w.store.audit.entries("notice", nid, limit=1)[0]
    assert (entry.action, entry.detail["op"]) == ("import", "撤销 导入通知")
    _close(w)


@pytest.fixture
def office(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("GKDESK_TODAY", "2022-09-20")
    notice = build_docx("001", tmp_path / "江津府办发〔2022〕97号.docx")
    home = tmp_path / "office"
    w = _desk(qtbot, home)
    assert w.ops.run(ImportNotice(import_file(notice)))
    units, problems = parse_unit_list(UNIT_LIST)
    assert problems == []
    w.store.unit_list.load(units, source="粘贴")
    w.ops.who = "区政务服务办"
    return w, home


def _took_back(qtbot, w, tmp_path):
    nid = w.notice_id
    hand = hand_out_two(w.ops, nid, tmp_path / "sent")
    files = fill_two(dict(zip(TWO, hand.paths)), tmp_path / "back")
    before = rows(w.store)
    take = TakeBackReturns(files[:1])
    assert w.ops.run(take)
    return nid, before, take


def test_a_take_back_is_reverted_from_the_history_after_a_restart(qtbot, office, tmp_path, answers):
    w, home = office
    nid, before, take = _took_back(qtbot, w, tmp_path)
    _close(w)

    w = _desk(qtbot, home)
    dlg = _history(w)
    top = dlg.entries[0]
    assert (top.kind, top.can_revert, top.entity_id) == ("导入回执", True, take.return_ids[0])
    assert "区财政局" in top.what and "填报 2 项" in top.what
    dlg.table.selectRow(0)
    job = dlg.revert_selected()
    with qtbot.waitSignal(job.finished, timeout=20_000):
        pass
    assert rows(w.store) == before
    undone = w.store.audit.entries("collection_return", take.return_ids[0], limit=1)[0]
    assert (undone.action, undone.detail["op"]) == ("undo_take_back", "撤销 导入回执")
    assert dlg.entries[0].kind == "撤销导入回执" and "已于" in dlg.entries[1].reason
    _close(w)


def test_a_take_back_edited_since_is_refused_naming_the_edit(qtbot, office, tmp_path, answers):
    w, home = office
    nid, _before, take = _took_back(qtbot, w, tmp_path)
    task = int(w.store.db.scalar("SELECT c.task_id FROM completions c JOIN units u ON u.id = c.unit_id "
                                 "WHERE u.name = '区财政局' AND c.status = '已完成'"))
    number = w.store.db.scalar("SELECT number FROM tasks WHERE id = ?", (task,))
    assert w.ops.set_field(task, "区财政局", "text", "已公开征求意见13件（更正）。")
    after = rows(w.store)
    dlg = _history(w)
    entry = next(e for e in dlg.entries if e.action == "take_back")
    assert not entry.can_revert
    assert f"修改了第 {number} 项的完成情况" in entry.reason and "区政务服务办" in entry.reason
    dlg.select_entry(entry.audit_id)
    assert dlg.revert_selected() is False
    assert f"第 {number} 项" in answers["information"][-1]
    assert rows(w.store) == after
    _close(w)


def test_a_deletion_is_refused_once_the_same_notice_was_imported_again(qtbot, data_home, answers):
    w = _desk(qtbot, data_home)
    assert w.ops.run(ImportNotice(import_file(SEED_000)))
    nid = w.notice_id
    _delete(w, nid)
    assert w.ops.run(ImportNotice(import_file(SEED_000)))
    again = w.notice_id
    dlg = _history(w)
    deletion = next(e for e in dlg.entries if e.action == "delete")
    assert not deletion.can_revert and "又导入了同一份通知“万盛经开办〔2020〕9号”" in deletion.reason
    dlg.select_entry(deletion.audit_id)
    assert dlg.revert_selected() is False
    assert [n.id for n in w.store.notices.list_notices()] == [again]
    # Once that copy is deleted, the first one can come back.
    _delete(w, again)
    dlg.reload()
    deletion = next(e for e in dlg.entries if e.action == "delete" and e.entity_id == nid and e.can_revert)
    dlg.select_entry(deletion.audit_id)
    job = dlg.revert_selected()
    with qtbot.waitSignal(job.finished, timeout=20_000):
        pass
    assert w.store.notices.find_notice("万盛经开办〔2020〕9号") is not None
    _close(w)


def test_the_history_lists_every_kind_newest_first(qtbot, office, tmp_path, answers):
    """The office's week: 001 imported, units listed, sheets out, one return back, 000 imported,
    revised and deleted — each a row, newest first, saying whether and why it can be reverted."""
    w, _home = office
    _took_back(qtbot, w, tmp_path)
    assert w.ops.run(ImportNotice(import_file(SEED_000)))
    assert w.ops.run(ImportNotice(_without_task_10()))
    _delete(w, w.store.notices.find_notice("万盛经开办〔2020〕9号"))
    dlg = _history(w)
    dlg.resize(1100, 420)
    table = [[dlg.table.item(r, c).text() for c in range(5)] for r in range(dlg.table.rowCount())]
    assert [r[1] for r in table] == ["删除通知", "导入通知", "导入通知", "导入回执", "下发填报表", "导入单位名单",
                                     "导入通知"]
    assert table[0][4] == "可以撤销" and table[3][4] == "可以撤销"
    assert table[1][4].startswith("这份通知已于") and "撤销那次“删除通知”" in table[1][4]
    assert "修订" in table[1][2] and "删除 1 项" in table[1][2]
    assert table[4][4] == "" and table[3][3] == "区政务服务办"
    dlg.table.selectRow(1)
    assert "撤销那次“删除通知”" in dlg.reason.text() and dlg.revert_button.isEnabled()
    shots = os.environ.get("GKDESK_SHOTS")
    if shots:
        dlg.table.selectRow(0)
        dlg.grab().save(str(Path(shots) / "op-history.png"))
    _close(w)
