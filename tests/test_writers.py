"""Every way the desk writes goes through the one helper (gkdesk/ui/operations.py).

Each test drives one writer the way the clerk does and counts what the write left: one store
transaction, one audit entry carrying the operation's label (a bulk write's several records are
that entry's parts: Tally.items), one undo step where the write is undoable, and one Changes
broadcast saying what changed. The `driven` fixture checks the one audit entry for every
operation any of these tests commits. Undo and redo are counted the
same way. The last test reads the ui/ package so that a new dialog cannot write around the helper.
"""
from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from gkdesk.exporters.docx_forms import export_roster_docx
from gkdesk.domain.forms import DEFAULT_ROSTER, RosterForm
from gkdesk.importers import import_file
from gkdesk.store import Store
from gkdesk.ui.changes import Changes
from gkdesk.ui.import_wizard import PAGE_RESULT, ImportWizard
from tests.fixtures.seed_docs import seed_dir
from tests.fixtures.write_checks import DRIVEN, Tally, edit_classes, spy_worker_stores

SEEDS = seed_dir()
SEED_000 = next(SEEDS.glob("000_*.txt"))
TODAY = date(2020, 9, 1)
UNIT = "财政局"
CATS = DEFAULT_ROSTER.categories
pytestmark = pytest.mark.usefixtures("count_view_state", "driven")


def test_every_edit_class_is_driven_from_the_desk():
    """A new Edit without a test here (or in test_writers_more.py) that drives it fails."""
    assert set(DRIVEN) == edit_classes()
    tests_dir = Path(__file__).parent
    for where in set(DRIVEN.values()):
        file, name = where.split("::")
        assert f"def {name}(" in (tests_dir / file).read_text(encoding="utf-8"), where


@pytest.fixture
def desk(open_desk, store):
    """财政局's desk on seed 000 (conftest's today is the seed's 2020-09-01)."""
    store.notices.save_import(import_file(SEED_000), who="测试")
    store.settings.own_unit = UNIT
    return open_desk(store)


@pytest.fixture
def empty_desk(window):
    """The desk of a first start: nothing imported, no 本单位."""
    return window


def task_id(store: Store, number: str) -> int:
    return int(store.db.scalar("SELECT id FROM tasks WHERE number = ?", (number,)))


def test_completion_status_edit_then_undo_and_redo(desk):
    task10 = task_id(desk.store, "10")
    desk.show_task(task10)
    t = Tally(desk.ops)
    desk.detail.editor.status.setCurrentText("推进中")
    assert (t.commits, t.audit(), t.undo_steps) == (1, [("set_completion", "修改状态")], 1)
    assert t.changes == [Changes(completions=frozenset({task10}))]

    u = Tally(desk.ops)
    desk.undo_action.trigger()
    assert desk.store.completions.get_completion(task10, UNIT).status == "未开始"
    assert desk.detail.editor.status.currentText() == "未开始"  # the editor followed the broadcast
    assert (u.commits, u.audit(), u.undo_steps) == (1, [("set_completion", "撤销 修改状态")], -1)
    assert u.changes == [Changes(completions=frozenset({task10}))]

    r = Tally(desk.ops)
    desk.redo_action.trigger()
    assert desk.store.completions.get_completion(task10, UNIT).status == "推进中"
    assert (r.commits, r.audit(), r.undo_steps, len(r.changes)) == (1, [("set_completion", "重做 修改状态")], 1, 1)


def test_typing_saved_at_pauses_is_one_undo_step(desk):
    task10 = task_id(desk.store, "10")
    desk.show_task(task10)
    t = Tally(desk.ops)
    editor = desk.detail.editor
    editor.text.setPlainText("已发布")
    editor.flush()
    editor.text.setPlainText("已发布政策解读3篇。")
    editor.flush()
    assert t.commits == 2 and len(t.changes) == 2
    assert t.undo_steps == 1 and desk.undo_action.text() == "撤销 修改完成情况"
    desk.undo_action.trigger()
    assert desk.store.completions.get_completion(task10, UNIT).text == ""


def test_evidence_add_and_remove(desk, tmp_path, monkeypatch):
    task10 = task_id(desk.store, "10")
    desk.show_task(task10)
    desk.ops.set_field(task10, UNIT, "status", "推进中")
    proof = tmp_path / "公开截图.txt"
    proof.write_text("栏目截图说明", encoding="utf-8")

    t = Tally(desk.ops)
    desk.detail.editor._add_files([str(proof)])
    assert (t.commits, t.audit(), t.undo_steps) == (1, [("add_evidence", "添加佐证材料")], 1)
    assert t.changes == [Changes(completions=frozenset({task10}))]
    assert desk.detail.editor.evidence.count() == 1

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    r = Tally(desk.ops)
    desk.detail.editor.evidence.setCurrentRow(0)
    desk.detail.editor._remove_evidence()
    assert (r.commits, r.audit(), r.undo_steps) == (1, [("remove_evidence", "删除佐证材料")], 1)
    assert r.changes == [Changes(completions=frozenset({task10}))]
    assert desk.detail.editor.evidence.count() == 0


def test_evidence_on_a_task_without_completion_is_one_step(desk, tmp_path):
    task10 = task_id(desk.store, "10")
    desk.show_task(task10)
    proof = tmp_path / "会议纪要.txt"
    proof.write_text("纪要", encoding="utf-8")
    t = Tally(desk.ops)
    desk.detail.editor._add_files([str(proof)])
    # The completion row it needs is created in the same transaction, undo step and audit entry.
    assert t.commits == 1 and t.undo_steps == 1 and len(t.changes) == 1
    assert t.audit() == [("add_evidence", "添加佐证材料")]
    assert t.items() == [("add_evidence", "添加佐证材料"), ("set_completion", "添加佐证材料")]
    # The task's 修改记录 still reads both from that one entry (newest first).
    comp = desk.store.completions.get_completion(task10, UNIT)
    mine = [e for e in desk.store.audit.entries("completion", comp.id) if e.id > t.audit0]
    assert [(e.action, e.part) for e in mine] == [("add_evidence", 0), ("set_completion", 1)]
    assert len({e.id for e in mine}) == 1


def _confirm(qtbot, wiz: ImportWizard) -> None:
    qtbot.waitUntil(lambda: wiz.stack.currentIndex() == PAGE_RESULT, timeout=15_000)
    with qtbot.waitSignal(wiz.imported, timeout=15_000):
        wiz.confirm_button.click()


def test_import_through_the_wizard_commits_on_the_worker(qtbot, empty_desk, monkeypatch):
    opened = spy_worker_stores(empty_desk.ops, monkeypatch)
    t = Tally(empty_desk.ops)
    wiz = empty_desk.open_import(str(SEED_000))
    _confirm(qtbot, wiz)
    nid = wiz.notice_id
    assert [db.commits for db in opened] == [1]  # one transaction, on the worker's own connection
    assert t.commits == 0  # nothing of the clerk's data written on the GUI's connection
    assert t.audit() == [("import", "导入通知")]
    assert t.undo_steps == 0  # an import is not an in-session undo step (see DEVELOPING.md)
    assert t.changes == [Changes(notices=frozenset({nid}))]
    assert empty_desk.notice_id == nid and not empty_desk.empty_hint.isVisible()  # the tree followed


def test_paste_import_goes_through_the_helper(qtbot, empty_desk, monkeypatch):
    opened = spy_worker_stores(empty_desk.ops, monkeypatch)
    from PySide6.QtGui import QGuiApplication

    # setText, not setMimeData: a QMimeData made in Python and owned by the clipboard crashes
    # PySide at interpreter exit.
    QGuiApplication.clipboard().setText(SEED_000.read_text(encoding="utf-8"))
    t = Tally(empty_desk.ops)
    wiz = empty_desk.paste_import()
    _confirm(qtbot, wiz)
    assert [db.commits for db in opened] == [1]
    assert t.audit() == [("import", "导入通知")] and len(t.changes) == 1


def test_cancel_while_saving_stores_nothing(qtbot, empty_desk, monkeypatch):
    t = Tally(empty_desk.ops)
    wiz = ImportWizard(empty_desk.store, empty_desk, path=SEED_000)
    qtbot.addWidget(wiz)
    qtbot.waitUntil(lambda: wiz.stack.currentIndex() == PAGE_RESULT, timeout=15_000)
    from gkdesk.ui import edits

    real = edits.ImportNotice.apply

    def slow_apply(self, store):
        changes = real(self, store)
        wiz.save_job.cancel()  # the clerk presses 取消 while the save runs
        return changes

    monkeypatch.setattr(edits.ImportNotice, "apply", slow_apply)
    wiz.confirm_button.click()
    qtbot.waitUntil(lambda: not wiz.save_job.is_running, timeout=15_000)
    qtbot.wait(50)
    assert empty_desk.store.notices.list_notices() == []
    assert t.audit() == [] and t.changes == []


def test_welcome_sample_and_own_unit(qtbot, empty_desk, monkeypatch):
    from gkdesk.ui.welcome import WelcomeDialog

    seen = {}

    def step(name, action):
        t = Tally(empty_desk.ops)
        action()
        seen[name] = (t.commits, t.audit(), list(t.changes), t.undo_steps)

    def run(dlg):
        step("sample", dlg.sample_button.click)
        dlg.unit_combo.setEditText("区教委")
        step("unit", dlg.next)
        step("finish", dlg.next)
        return dlg.result()

    monkeypatch.setattr(WelcomeDialog, "exec", run)
    empty_desk.welcome()
    nid = empty_desk.store.notices.list_notices()[0].id
    assert seen["sample"] == (1, [("import", "导入通知")], [Changes(notices=frozenset({nid}))], 0)
    assert seen["unit"] == (1, [("set_own_unit", "设置本单位")], [Changes(units=True)], 1)
    assert seen["finish"] == (0, [], [], 0)  # 'welcomed' is view state
    assert empty_desk.ops.who == "区教委" and empty_desk.unit == "区教委"


def test_unit_settings_dialog_and_its_undo(desk):
    from gkdesk.ui.unit_settings import UnitSettingsDialog

    assert "departments" in desk.store.units.group_kinds_of(UNIT)
    t = Tally(desk.ops)
    dlg = UnitSettingsDialog(desk.store, desk)
    dlg.unit.setCurrentText("区民政局")
    dlg.checks["towns"].setChecked(True)
    dlg.accept()
    assert (t.commits, t.audit(), t.undo_steps) == (1, [("set_own_unit", "设置本单位")], 1)
    assert t.changes == [Changes(units=True)]
    assert desk.unit == "区民政局" and desk.ops.who == "区民政局"
    assert "towns" in desk.store.units.group_kinds_of("区民政局")

    u = Tally(desk.ops)
    desk.undo_action.trigger()
    assert desk.unit == UNIT and desk.ops.who == UNIT
    assert "towns" not in desk.store.units.group_kinds_of("区民政局")
    assert (u.commits, u.audit(), len(u.changes)) == (1, [("set_own_unit", "撤销 设置本单位")], 1)


def test_roster_editor_save_and_undo(qtbot, desk, monkeypatch):
    from gkdesk.ui.roster_editor import RosterEditor

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    ed = RosterEditor(desk.store, desk.notice_id, UNIT, desk, today=TODAY)
    qtbot.addWidget(ed)
    ed.table.item(ed.row_of(CATS[0], 0), 1).setText("张三")
    t = Tally(desk.ops)
    assert ed.save() is not None
    assert (t.commits, t.audit(), t.undo_steps) == (1, [("save_roster", "保存人员名单")], 1)
    assert t.changes == [Changes(rosters=frozenset({desk.notice_id}))]
    ed.close()
    desk.undo_action.trigger()
    assert desk.store.rosters.load_roster(desk.notice_id, UNIT) is None  # there was none before


def _roster_file(tmp_path: Path, unit: str, name: str) -> Path:
    blocks = [(c, [[name, "科员", "13812345678", ""]] if c == CATS[0] else [["", "", "", ""]]) for c in CATS]
    form = RosterForm("附件2", DEFAULT_ROSTER.title, unit, date(2020, 8, 13), list(DEFAULT_ROSTER.columns), blocks)
    return export_roster_docx(form, tmp_path / f"{unit}.docx")


def test_roster_summary_import_and_cell_edit(qtbot, desk, tmp_path, monkeypatch):
    from gkdesk.ui.roster_summary import HEADERS, RosterSummaryDialog

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))
    files = [_roster_file(tmp_path, "区教委", "赵六"), _roster_file(tmp_path, "区民政局", "钱七")]
    dlg = RosterSummaryDialog(desk.store, desk.notice_id, desk, who=UNIT)
    qtbot.addWidget(dlg)
    t = Tally(desk.ops)
    report = dlg.import_files(files)
    assert [u for _n, u, _k in report.saved] == ["区教委", "区民政局"]
    # Both returns are one step: one transaction, one audit entry naming both rosters, one undo step.
    assert t.commits == 1 and t.undo_steps == 1 and len(t.changes) == 1
    assert t.audit() == [("save_roster", "导入各单位报回的名单")]
    assert t.items() == [("save_roster", "导入各单位报回的名单")] * 2

    e = Tally(desk.ops)
    row = next(r for r in range(dlg.table.rowCount()) if dlg.table.item(r, HEADERS.index("姓名")).text() == "钱七")
    dlg.table.item(row, HEADERS.index("职务")).setText("副科长")
    assert (e.commits, e.audit(), e.undo_steps, len(e.changes)) == (1, [("save_roster", "修改全区名单")], 1, 1)
    dlg.close()

    desk.undo_action.trigger()  # the cell edit
    assert desk.store.rosters.load_roster(desk.notice_id, "区民政局").entries[CATS[0]][0]["职务"] == "科员"
    u = Tally(desk.ops)
    desk.undo_action.trigger()  # the import of both files
    assert desk.store.rosters.list_rosters(desk.notice_id) == []
    assert (u.commits, u.audit(), u.undo_steps) == (1, [("delete_roster", "撤销 导入各单位报回的名单")], -1)
    assert u.items() == [("delete_roster", "撤销 导入各单位报回的名单")] * 2


def test_choosing_a_notice_is_view_state_only(desk):
    t = Tally(desk.ops)
    desk.ops.remember("last_notice", desk.notice_id)
    assert t.audit() == [] and t.changes == [] and t.undo_steps == 0


# -- no ui/ module writes around the helper --------------------------------------------------------
UI = Path(__file__).resolve().parents[1] / "gkdesk" / "ui"
HELPER = {"operations.py", "edits.py", "review_edits.py", "collection_edits.py", "notice_edits.py", "report_edits.py"}
STORE_WRITES = {
    "save_import", "delete_notice", "set_completion", "add_evidence", "remove_evidence", "add_stored",
    "save_roster", "delete_roster", "save_template", "set_membership", "add_alias", "ensure", "record",
    "execute", "executemany", "insert", "run_script", "transaction", "operation", "prune",
    "prune_evidence_files", "set", "set_review", "restore_review", "delete", "restore",
}


def store_writes(source: str) -> list[str]:
    """Calls of a store write method on something reached through a store (``self.store.x.set(…)``)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in STORE_WRITES:
            receiver = ast.unparse(node.func.value)
            if "store" in receiver or receiver.endswith(("db", "settings", "rosters", "completions", "units")):
                found.append(f"{receiver}.{node.func.attr}()")
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr == "own_unit":
                    found.append(f"{ast.unparse(target)} = …")
    return found


def test_the_grep_catches_a_direct_write():
    assert store_writes("self.store.settings.own_unit = 'x'\nself.store.rosters.save_roster(1, 'a', {})") == [
        "self.store.settings.own_unit = …", "self.store.rosters.save_roster()"]
    assert store_writes("self.ops.add_evidence(1, 'u', p)\nself._wizards.remove(w)") == []


def test_no_ui_module_writes_to_the_store_outside_the_helper():
    offenders = {
        p.name: calls for p in sorted(UI.glob("*.py"))
        if p.name not in HELPER and (calls := store_writes(p.read_text(encoding="utf-8")))
    }
    assert offenders == {}
