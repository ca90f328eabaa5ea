"""The clerk's day at the desk, driven through the real window offscreen.

Import seed 000 through the wizard, choose 本单位 财政局, see exactly the tasks addressed to it or its
groups, edit a completion, undo, redo, attach a file — then a new process on the same data folder
finds everything.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from gkdesk.domain.units import MAY_CONCERN, default_membership, group_kind, unit_key
from gkdesk.importers import import_file
from gkdesk.ui.unit_settings import UnitSettingsDialog
from tests.fixtures.desk_steps import import_through_wizard, shown_tasks
from tests.fixtures.seed_docs import seed_path


def addressed_to_caizhengju(result) -> list[str]:
    """Independent of the store: tasks naming 财政局 under any prefix, or a group a 局 belongs to."""
    kinds = default_membership("财政局") - MAY_CONCERN  # 有关单位 "may concern", not mine
    out = []
    for t in result.tasks():
        names = t.lead + t.responsible
        if any(unit_key(n) == "财政局" or (group_kind(n) in kinds) for n in names):
            out.append(t.text)
    return out


def test_desk_story(qtbot, window, data_home, tmp_path):
    assert window.empty_hint.isVisible()
    import_through_wizard(qtbot, window, seed_path("000"))
    assert not window.empty_hint.isVisible()
    assert window.notice_id is not None
    assert len(shown_tasks(window)) == 56
    qtbot.waitUntil(lambda: window.counts_label.text().startswith("共 56 项"))

    # 设置 → 本单位: 财政局, a department by default.
    dlg = UnitSettingsDialog(window.store, window)
    dlg.unit.setCurrentText("财政局")
    assert dlg.checks["departments"].isChecked()
    dlg.accept()
    window.edit_unit = lambda: True  # the dialog above already did what the menu would
    window.ops.who = "财政局"
    window.filter_bar.set_scope("mine")
    expected = addressed_to_caizhengju(import_file(seed_path("000")))
    ids = shown_tasks(window)
    texts = [window.store.db.scalar("SELECT text FROM tasks WHERE id = ?", (i,)) for i in ids]
    assert texts == expected
    assert "加大稳金融政策公开力度，加大解读力度，加强舆论引导，主动回应热点问题，释放更多积极信号。" in texts
    # Task 50 (党工委组织部 / 区政法办、区委党校) is not addressed to 财政局 or its groups.
    assert not any(t.startswith("要把《政府信息公开条例》作为落实领导干部学法制度") for t in texts)
    qtbot.waitUntil(lambda: f"本单位 {len(expected)} 项" in window.counts_label.text())

    # Pick task 10 (lead 财政局) and fill in the completion.
    task10 = window.store.db.scalar("SELECT id FROM tasks WHERE number = '10'")
    window.show_task(task10)
    assert window.detail.task is not None and window.detail.task.id == task10
    assert window.detail.task.my_role == "lead"
    editor = window.detail.editor
    editor.status.setCurrentText("推进中")
    editor.text.setPlainText("已在政府网站发布稳金融政策解读3篇。")
    editor.flush()
    comp = window.store.completions.get_completion(task10, "财政局")
    assert (comp.status, comp.text) == ("推进中", "已在政府网站发布稳金融政策解读3篇。")

    window.undo_action.trigger()  # undoes the text
    assert window.store.completions.get_completion(task10, "财政局").text == ""
    assert editor.text.toPlainText() == ""
    window.redo_action.trigger()
    assert window.store.completions.get_completion(task10, "财政局").text == "已在政府网站发布稳金融政策解读3篇。"
    assert editor.text.toPlainText() == "已在政府网站发布稳金融政策解读3篇。"

    proof = tmp_path / "解读截图.txt"
    proof.write_text("政策解读页面截图说明", encoding="utf-8")
    editor._add_files([str(proof)])
    comp = window.store.completions.get_completion(task10, "财政局")
    assert [e.original_name for e in comp.evidence] == ["解读截图.txt"]
    assert window.store.completions.evidence_path(comp.evidence[0]).read_text(encoding="utf-8") == "政策解读页面截图说明"
    assert editor.evidence.count() == 1
    # 打开 hands the system viewer a copy under the file's own name.
    opened = []
    from PySide6.QtGui import QDesktopServices
    monkey = pytest.MonkeyPatch()
    monkey.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    editor.evidence.setCurrentRow(0)
    editor._open_evidence()
    monkey.undo()
    assert Path(opened[0]).name == "解读截图.txt"
    assert Path(opened[0]).read_text(encoding="utf-8") == "政策解读页面截图说明"
    # Removing a file is undoable too: the stored copy is kept until the next start.
    window.ops.remove_evidence(task10, "财政局", comp.evidence[0].id)
    assert window.store.completions.get_completion(task10, "财政局").evidence == []
    window.undo_action.trigger()
    back = window.store.completions.get_completion(task10, "财政局").evidence
    assert [e.original_name for e in back] == ["解读截图.txt"]
    window.redo_action.trigger()
    window.undo_action.trigger()
    # History tab lists what happened, newest first.
    assert window.detail.history.rowCount() >= 3
    # The last step was the undo of the removal: the history says so.
    assert window.detail.history.item(0, 2).text() == "撤销 删除佐证材料"
    assert window.detail.history.item(1, 2).text() == "重做 删除佐证材料"
    window.close()

    # A new process on the same data folder finds everything.
    script = (
        "import json,sys; from datetime import date; from PySide6.QtWidgets import QApplication;"
        "app=QApplication([]); from gkdesk.store import Store; from gkdesk.ui.main_window import MainWindow;"
        "s=Store.open(); w=MainWindow(s, date(2020,9,1)); w.restore_state();"
        f"w.show_task({task10}); e=w.detail.editor;"
        "print(json.dumps({'unit': s.settings.own_unit, 'status': e.status.currentText(),"
        "'text': e.text.toPlainText(), 'evidence': [e.evidence.item(i).text() for i in range(e.evidence.count())],"
        "'scope': w.filter_bar.scope, 'notices': w.notice_model.rowCount()}, ensure_ascii=False))"
    )
    env = {**os.environ, "GKDESK_HOME": str(data_home), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    again = json.loads(proc.stdout.decode("utf-8").strip().splitlines()[-1])
    assert again["unit"] == "财政局"
    assert again["status"] == "推进中"
    assert again["text"] == "已在政府网站发布稳金融政策解读3篇。"
    assert again["evidence"][0].startswith("解读截图.txt")
    assert again["notices"] == 1


def test_reminders_show_report_deadlines_with_days_left(qtbot, window):
    import_through_wizard(qtbot, window, seed_path("000"))
    window.show_reminders()
    tree = window.reminders.tree
    reports = tree.topLevelItem(0)
    texts = [reports.child(i).text(0) for i in range(reports.childCount())]
    assert any("附件2" in t and "2020年8月14日18:00前报送" in t for t in texts)
    days = [reports.child(i).text(2) for i in range(reports.childCount())]
    assert "已逾期 18 天" in days  # 2020-08-14 seen from 2020-09-01
    assert "还有 95 天" in days  # 2020-12-05


def test_overdue_tasks_are_reminded(qtbot, window, data_home):
    import_through_wizard(qtbot, window, seed_path("003"))
    window.store.settings.own_unit = "县政府办"
    window.today = date(2020, 12, 28)
    n = window.reminders.refresh("县政府办", date(2020, 12, 28))
    assert n > 0
    mine = window.reminders.tree.topLevelItem(1)
    labels = [mine.child(i).text(0) for i in range(mine.childCount())]
    # Task 25 (…县政府办等有关部门, 2020年11月底前) is overdue by 28 days; 26 (县政府办, 2020年底前) is due in 3.
    i25 = next(i for i, t in enumerate(labels) if t.startswith("25．"))
    assert mine.child(i25).text(2) == "已逾期 28 天"
    i26 = next(i for i, t in enumerate(labels) if t.startswith("26．"))
    assert mine.child(i26).text(2) == "还有 3 天"
    # Task 36 (县教体局、县卫健委…, 持续推进) has no date: never in the due list.
    assert not any(t.startswith("36．") for t in labels)


def test_export_completion_form_from_the_desk(qtbot, window, tmp_path):
    """文件 → 导出: the completion form for 本单位 is written off the GUI thread, with my text in it."""
    from docx import Document

    from gkdesk.ui import export_actions

    import_through_wizard(qtbot, window, seed_path("000"))
    window.store.settings.own_unit = "财政局"
    task10 = window.store.db.scalar("SELECT id FROM tasks WHERE number = '10'")
    window.ops.set_field(task10, "财政局", "text", "已发布稳金融政策解读3篇。")
    form = export_actions.build_form(window, "mine")
    assert form.unit == "财政局"
    out = tmp_path / "附件1-财政局.docx"
    job = export_actions.export_to(window, form, out)
    qtbot.waitUntil(lambda: not job.is_running and out.exists(), timeout=30_000)
    text = "\n".join(c.text for t in Document(out).tables for row in t.rows for c in row.cells)
    assert "已发布稳金融政策解读3篇。" in text
    assert "加大稳金融政策公开力度" in text


def test_roster_editor_opens_from_the_menu(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    import_through_wizard(qtbot, window, seed_path("000"))
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: told.append(a[-1]))
    assert window.edit_roster() is None and "本单位" in told[0]  # no 本单位 yet
    window.store.settings.own_unit = "财政局"
    dlg = window.edit_roster()
    qtbot.addWidget(dlg)
    assert dlg.isVisible()
    assert "全区政府信息公开工作人员名单" in dlg.windowTitle() + " ".join(
        w.text() for w in dlg.findChildren(__import__("PySide6.QtWidgets", fromlist=["QLabel"]).QLabel))
    dlg.reject()


def test_roster_summary_opens_from_the_menu(qtbot, window):
    import_through_wizard(qtbot, window, seed_path("000"))
    dlg = window.roster_summary()
    qtbot.addWidget(dlg)
    assert dlg.isVisible() and dlg.visible_rows() == []
    dlg.reject()


def test_first_run_welcome_leads_to_the_sample_tree(qtbot, window, monkeypatch):
    """A clerk who has never seen the app: sample notice, 本单位, and the tree is there."""
    from gkdesk.ui.welcome import WelcomeDialog, should_welcome

    assert should_welcome(window.store)

    def run(dlg):
        dlg.sample_button.click()
        dlg.unit_combo.setEditText("财政局")
        dlg.next()
        dlg.next()
        return dlg.result()

    monkeypatch.setattr(WelcomeDialog, "exec", run)
    window.welcome()
    assert window.unit == "财政局"
    assert not should_welcome(window.store)
    qtbot.waitUntil(lambda: window.counts_label.text().startswith("共 56 项"))
    assert len(shown_tasks(window)) == 56
