"""`gkdesk --smoke` on a clerk's real folder (issue 16): it ends at the desk's first frame, whatever
stands in the task tree's place — the tree's rows, the empty hint, or the line saying a search or
filter restored from window.ini finds nothing (the tree is hidden then and never paints).

Each start runs the real `app.main([... "--smoke"])` in a child process with a short time limit,
so a smoke that waited for a paint which never comes fails in seconds instead of hanging CI.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from gkdesk import APP_TITLE

REPO = Path(__file__).resolve().parents[1]

# The child's limit: generous for a start on a loaded test machine, short next to the real 30 s.
_SMOKE = r'''
import sys
from gkdesk import app
app.SMOKE_TIMEOUT_MS = 8_000
print("exit", app.main(["--data-dir", sys.argv[1], "--smoke"]))
'''


def _smoke(folder: Path) -> tuple[int, str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    out = subprocess.run([sys.executable, "-c", _SMOKE, str(folder)], cwd=REPO, env=env, capture_output=True,
                         text=True, encoding="utf-8", timeout=120)
    return out.returncode, out.stdout, out.stderr


def _close_desk_with(open_desk, data_home: Path, search: str = "", status: str | None = None) -> bytes:
    """The clerk's last session: the desk closed with this search or status filter; its window.ini."""
    w = open_desk(restore=True)
    if search:
        w.filter_bar.search.setText(search)
    if status is not None:
        w.filter_bar.status.setCurrentIndex(w.filter_bar.status.findData(status))
    w.apply_filter()
    assert w.no_hits.isVisible() and not w.task_view.isVisible()  # the story's state: nothing found
    w.close()
    return (data_home / "window.ini").read_bytes()


def test_smoke_passes_when_the_restored_search_finds_nothing(store, import_seed, open_desk, data_home):
    """The clerk last searched for a word no task of the shown notice has, and closed the desk. A
    set-up check on that folder opens the desk as she left it (tree hidden, 没有找到… in its place):
    it passes at once, says what it showed, and leaves her window.ini alone."""
    import_seed("000")
    layout = _close_desk_with(open_desk, data_home, search="无此词语甲乙丙")
    code, out, err = _smoke(data_home)
    assert "exit 0" in out, (out, err[-2000:])
    assert code == 0 and "未能显示" not in err
    assert f"{APP_TITLE}：窗口已显示，任务树 0 行：没有找到包含“无此词语甲乙丙”的任务" in out, out
    assert f"（数据文件夹 {data_home}）。" in out
    assert (data_home / "window.ini").read_bytes() == layout


def test_smoke_passes_when_the_restored_status_filter_finds_nothing(store, import_seed, open_desk, data_home):
    """No task of the notice is 已完成 yet, and the clerk closed the desk filtered on 已完成."""
    import_seed("000")
    _close_desk_with(open_desk, data_home, status="已完成")
    code, out, err = _smoke(data_home)
    assert code == 0 and "exit 0" in out, (out, err[-2000:])
    assert f"{APP_TITLE}：窗口已显示，任务树 0 行：没有符合筛选条件的任务" in out, out


def test_smoke_reports_the_rows_and_the_empty_hint_it_showed(store, import_seed, data_home):
    """The two first frames that always passed still pass, and say what they showed: an empty
    folder's hint, then the imported notice's sections."""
    code, out, err = _smoke(data_home)
    assert code == 0, (out, err[-2000:])
    assert f"{APP_TITLE}：窗口已显示，任务树 0 行：尚未导入通知（数据文件夹 {data_home}）。" in out, out
    import_seed("000")
    code, out, err = _smoke(data_home)
    assert code == 0, (out, err[-2000:])
    rows = out.split("任务树 ", 1)[1].split(" 行", 1)[0]
    assert int(rows) > 1 and f"任务树 {rows} 行（数据文件夹 {data_home}）。" in out, out
    assert not (data_home / "window.ini").exists()  # --smoke writes no layout of its own


def test_smoke_and_the_desk_on_a_notice_without_tasks(store, open_desk, data_home):
    """The store can hold a notice that has no tasks: the desk says so (no filter is to blame), and
    a set-up check on that folder passes, saying the same."""
    from tests.test_app_smoke import sample_result

    bare = sample_result()
    bare.sections = []
    store.notices.save_import(bare)
    w = open_desk(restore=True)
    assert w.no_hits.isVisible() and w.no_hits.text() == "这份通知中没有任务。"
    w.close()
    code, out, err = _smoke(data_home)
    assert code == 0, (out, err[-2000:])
    assert "窗口已显示，任务树 0 行：这份通知中没有任务（数据文件夹" in out, out


def test_a_desk_restored_on_nothing_found_still_counts_and_does_its_chores(
        qtbot, store, import_seed, open_desk, data_home, today, monkeypatch):
    """The clerk reopens the desk on her last search, which finds nothing. The no-hits line is its
    first frame: the status bar gives the count (共 0 项 …) and the start's chores (the catch-up of
    the day's backup) begin then, not only at the fallback for a window that is never drawn."""
    from gkdesk.store.backup import KIND_DAILY, list_backups
    from gkdesk.ui import housekeeping
    from gkdesk.ui.main_window import MainWindow

    import_seed("000")
    _close_desk_with(open_desk, data_home, search="无此词语甲乙丙")
    monkeypatch.setattr(housekeeping, "LATEST_MS", 600_000)  # the fallback cannot be what starts them
    w = MainWindow(store, today)  # started as app.main starts it
    qtbot.addWidget(w)
    w.restore_state()
    w.show()
    chores = housekeeping.Housekeeping(w)
    assert "没有找到包含“无此词语甲乙丙”的任务" in w.no_hits.text() and not w.task_view.isVisible()
    qtbot.waitUntil(lambda: w.counts_label.text().startswith("共 0 项"), timeout=5_000)
    qtbot.waitUntil(lambda: chores.job is not None, timeout=5_000)
    assert chores.wait(30)
    assert [b.kind for b in list_backups(store.directory)] == [KIND_DAILY]
    w.close()
    w.detach_models()
