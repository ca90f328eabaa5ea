"""撤销最近一次导入, the morning after: a bad revision (and then the import itself) is reverted
from the notice list after a restart, as compensating operations that are audited."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox

from gkdesk.importers import import_file
from gkdesk.store import versions
from gkdesk.ui.edits import ImportNotice
from tests.fixtures.seed_docs import seed_path
from tests.fixtures.seed_revisions import revised_without_task_10

SEED_000 = seed_path("000")
TODAY = date(2020, 9, 1)
UNIT = "财政局"


def test_codec_is_lossless():
    result = import_file(SEED_000)
    back = versions.load(versions.dump(result))
    assert back == result
    assert [t.source_ref for t in back.tasks()] == [t.source_ref for t in result.tasks()]
    assert back.roster == result.roster and back.notice.report_deadlines == result.notice.report_deadlines


@pytest.fixture
def asked(monkeypatch):
    questions: list[str] = []

    def question(parent, title, text, *a, **k):
        questions.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return questions


def test_a_revision_then_the_import_are_reverted_after_a_restart(open_desk, data_home, monkeypatch, asked):
    monkeypatch.setenv("GKDESK_TODAY", TODAY.isoformat())
    # Yesterday: the notice, two completions, then a revision that dropped task 10.
    w = open_desk()
    w.store.settings.own_unit = UNIT
    w.ops.who = UNIT
    assert w.ops.run(ImportNotice(import_file(SEED_000)))
    t10 = int(w.store.db.scalar("SELECT id FROM tasks WHERE number = '10'"))
    t11 = int(w.store.db.scalar("SELECT id FROM tasks WHERE number = '11'"))
    w.ops.set_field(t10, UNIT, "text", "已发布解读3篇。")
    w.ops.set_field(t11, UNIT, "status", "已完成")
    assert w.ops.run(ImportNotice(revised_without_task_10()))
    assert w.store.db.scalar("SELECT count(*) FROM tasks") == 55
    w.close()
    w.store.close()

    # This morning, after a restart: 撤销最近一次导入 on that notice.
    w = open_desk()
    nid = w.notice_id
    seen = []
    w.ops.changed.connect(seen.append)
    assert w.revert_import()
    assert "恢复为上一次导入前的内容" in asked[-1] and "新增 1 项" in asked[-1]
    assert w.store.db.scalar("SELECT count(*) FROM tasks WHERE notice_id = ?", (nid,)) == 56
    back10 = w.store.db.scalar("SELECT id FROM tasks WHERE number = '10'")
    assert back10 is not None and w.store.completions.get_completion(back10, UNIT) is None  # dropped then
    assert w.store.completions.get_completion(t11, UNIT).status == "已完成"  # kept task keeps its completion
    entry = w.store.audit.entries("notice", nid, limit=1)[0]
    assert (entry.action, entry.detail["op"], entry.detail["status"], entry.detail["added"]) == (
        "import", "撤销导入", "revised", 1)
    assert len(seen) == 1 and seen[0].notices == {nid} and seen[0].tasks_removed

    # And the first import too: the notice goes, with its completions (the clerk was told).
    assert w.revert_import()
    assert "新导入的通知" in asked[-1] and "1 条完成情况" in asked[-1]
    assert w.store.notices.list_notices() == []
    entry = w.store.audit.entries("notice", nid, limit=1)[0]
    assert (entry.action, entry.detail["op"]) == ("delete", "撤销导入")
    assert w.empty_hint.isVisible()
    w.close()
    w.store.close()


def test_nothing_to_revert_without_a_notice(open_desk, data_home, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda p, t, x, *a, **k: shown.append(x)))
    w = open_desk()
    assert not w.revert_import()
    assert shown == ["请先在左侧选择一份通知。"]
    w.close()
    w.store.close()
