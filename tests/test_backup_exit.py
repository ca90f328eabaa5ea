"""The daily backup is made when the clerk's session ends (issue 14: "at exit, at most once a day").

Yesterday the clerk's work was backed up and she closed the desk. Today she records a 完成情况 and
closes it: the day's backup holds that text. A look without a change, or a second close the same
day, makes none. 取消 on 正在备份数据… leaves no half-written .zip, and a session that never reached
its exit (killed) is backed up at the next start.
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton

from gkdesk.importers import import_file
from gkdesk.store import Store, backup
from gkdesk.ui import backup_actions
from gkdesk.ui.housekeeping import Housekeeping
from gkdesk.ui.main_window import MainWindow
from tests.fixtures.seed_docs import seed_dir

REPO = Path(__file__).resolve().parents[1]
SEED_000 = next(seed_dir().glob("000_*.txt"))
TODAY = date(2020, 9, 1)
UNIT = "区财政局"
WORDS = "已在区政府网站公开2020年度部门预算。"


@pytest.fixture
def yesterday_backed_up(data_home, tmp_path, monkeypatch) -> Path:
    """Seed 000 with one completion and its evidence file; yesterday's daily backup of it made, and
    yesterday's session ended cleanly."""
    monkeypatch.setenv("GKDESK_TODAY", TODAY.isoformat())
    store = Store.open(data_home)
    store.notices.save_import(import_file(SEED_000), who="测试")
    first = store.db.scalar("SELECT id FROM tasks ORDER BY seq LIMIT 1 OFFSET 3")
    comp = store.completions.set_completion(first, "区教育局", status="推进中", text="正在整理义务教育招生政策。")
    proof = tmp_path / "招生政策公开截图.txt"
    proof.write_text("2020年义务教育招生政策已于9月1日公开。", encoding="utf-8")
    store.completions.add_evidence(comp, proof)
    store.close()
    real_now = backup.now
    monkeypatch.setattr(backup, "now", lambda: real_now() - timedelta(days=1))
    assert backup.daily_backup(data_home) is not None
    backup.record_exit(data_home)
    monkeypatch.setattr(backup, "now", real_now)
    return data_home


def dailies(folder: Path) -> list[backup.BackupInfo]:
    return [b for b in backup.list_backups(folder) if b.kind == backup.KIND_DAILY]


def text_inside(info: backup.BackupInfo, tmp_path: Path) -> str | None:
    """The 完成情况 text of the first task (only 区财政局 writes there) in the database the backup holds."""
    out = tmp_path / f"inside-{info.path.stem}.sqlite3"
    with zipfile.ZipFile(info.path) as z:
        out.write_bytes(z.read(backup.DB_MEMBER))
    conn = sqlite3.connect(out)
    try:
        row = conn.execute("SELECT text FROM completions WHERE task_id = (SELECT id FROM tasks ORDER BY seq LIMIT 1)"
                           ).fetchone()
    finally:
        conn.close()
    return row[0] if row else None


@pytest.fixture
def desk(qtbot, yesterday_backed_up):
    """open() starts the desk on the folder (the window shown); every one is closed afterwards."""
    opened = []

    def open_() -> MainWindow:
        store = Store.open(yesterday_backed_up)
        w = MainWindow(store, TODAY)
        qtbot.addWidget(w)
        w.show()
        opened.append((w, store))
        return w

    yield open_
    for w, store in opened:
        w.close()
        store.close()


def write(w: MainWindow, text: str) -> None:
    task = w.store.db.scalar("SELECT id FROM tasks ORDER BY seq LIMIT 1")
    assert w.ops.set_field(task, UNIT, "text", text)


def test_a_change_is_backed_up_when_the_session_ends_and_only_once_that_day(desk, yesterday_backed_up, tmp_path):
    folder = yesterday_backed_up
    [yesterday] = dailies(folder)
    w = desk()
    write(w, WORDS)
    w.close()
    made = backup_actions.back_up_at_exit(w)
    assert made is not None and made.kind == backup.KIND_DAILY
    assert made.created_at[:10] == datetime.now().date().isoformat()
    assert [b.path for b in dailies(folder)] == [made.path, yesterday.path]
    assert text_inside(made, tmp_path) == WORDS and text_inside(yesterday, tmp_path) is None
    assert made.mark == backup.current_mark(folder) != yesterday.mark
    assert made.counts["evidence"] == 1 and len(made.files) == 1  # the evidence file went in as well

    # After lunch: another change and another close the same day. No second daily backup.
    w2 = desk()
    write(w2, "已公开。")
    w2.close()
    assert backup_actions.back_up_at_exit(w2) is None
    assert [b.path for b in dailies(folder)] == [made.path, yesterday.path]
    # That close ended the session as it should: tomorrow's start does not catch up on it, tomorrow's
    # close backs up the afternoon's change with tomorrow's.
    tomorrow = datetime.now() + timedelta(days=1)
    assert backup.daily_due(folder, tomorrow, catch_up=True) is False
    assert backup.daily_due(folder, tomorrow) is True


def test_a_look_without_a_change_makes_no_backup(desk, yesterday_backed_up):
    folder = yesterday_backed_up
    before = dailies(folder)
    w = desk()
    w.show_task(w.store.db.scalar("SELECT id FROM tasks ORDER BY seq LIMIT 1"))
    w.close()  # the window remembered what it showed (view state): not a change of the clerk's data
    assert backup_actions.back_up_at_exit(w) is None
    assert dailies(folder) == before and len(before) == 1


def _cancel_while_copying_evidence(monkeypatch, folder: Path) -> list[str]:
    """The worker stops once it has begun the zip (the database in it) until 取消 is pressed."""
    pressed = threading.Event()
    seen: list[str] = []
    real_go_on = backup._go_on

    def go_on(progress, percent, what):
        if what == "正在复制佐证材料" and not pressed.is_set():
            seen.extend(p.name for p in backup.backup_dir(folder).rglob("*.zip"))
            pressed.wait(10)
        real_go_on(progress, percent, what)

    def press() -> None:
        bar = next(d for d in QApplication.topLevelWidgets() if isinstance(d, QProgressDialog) and d.isVisible())
        seen.append(bar.labelText())
        [cancel] = [b for b in bar.findChildren(QPushButton) if b.text() == "取消"]
        cancel.click()
        pressed.set()

    monkeypatch.setattr(backup, "_go_on", go_on)
    QTimer.singleShot(200, press)
    return seen


def test_cancel_leaves_no_half_written_zip_and_the_next_start_catches_up(desk, yesterday_backed_up, monkeypatch,
                                                                         tmp_path):
    folder = yesterday_backed_up
    before = sorted(p.name for p in backup.backup_dir(folder).rglob("*"))
    w = desk()
    write(w, WORDS)
    w.close()
    seen = _cancel_while_copying_evidence(monkeypatch, folder)
    assert backup_actions.back_up_at_exit(w) is None
    assert "backup.zip" in seen  # the half-written zip existed while the worker waited …
    assert any(s.startswith("正在备份数据…") for s in seen)
    assert sorted(p.name for p in backup.backup_dir(folder).rglob("*")) == before  # … and is gone
    monkeypatch.undo()
    # Cancelled is not a clean end: the next start makes the day's backup.
    w2 = desk()
    chores = Housekeeping(w2)  # the start's chores (the prune, then the catch-up), begun at once
    chores.start()
    assert chores.wait(20)
    [today, _yesterday] = dailies(folder)
    assert text_inside(today, tmp_path) == WORDS


def test_a_failed_backup_at_exit_says_one_line_and_loses_nothing(desk, yesterday_backed_up, monkeypatch, caplog):
    folder = yesterday_backed_up
    told = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: told.append((title, text)))
    w = desk()
    write(w, WORDS)

    def full(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "_write_zip", full)
    # The window still shows (the app was told to quit some other way): the clerk is told.
    assert backup_actions.back_up_at_exit(w) is None
    assert told == [("备份数据", "退出前的自动备份未能完成：磁盘空间已满，备份未能完成。请清理磁盘空间后重试。"
                                 "数据本身没有受影响，下次启动时会再备份。")]
    assert "daily backup at exit failed" in caplog.text
    # Closed: only the log hears of it.
    w.close()
    assert backup_actions.back_up_at_exit(w) is None
    assert len(told) == 1
    assert w.store.completions.get_completion(w.store.db.scalar("SELECT id FROM tasks ORDER BY seq LIMIT 1"),
                                              UNIT).text == WORDS
    assert len(dailies(folder)) == 1 and not list(backup.backup_dir(folder).glob(".gkdesk-backup-*"))
    assert backup.daily_due(folder, catch_up=True) is True  # the next start tries again


# -- the real app, in a process of its own -------------------------------------------------------------
def _session(folder: Path, step: str, text: str = "") -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.fixtures.desk_session", str(folder), step, text],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"})


def _finish(child: subprocess.Popen) -> str:
    out, err = child.communicate(timeout=90)
    assert child.returncode == 0, err[-2000:]
    return out


def test_the_app_backs_up_at_exit_once_its_event_loop_ends(yesterday_backed_up, tmp_path):
    folder = yesterday_backed_up
    assert _finish(_session(folder, "write", WORDS)).splitlines() == ["saved", "exit 0"]
    [today, yesterday] = dailies(folder)
    assert text_inside(today, tmp_path) == WORDS and today.mark == backup.current_mark(folder)
    # The next start has nothing to catch up on and the next close nothing to add.
    assert _finish(_session(folder, "look")).splitlines() == ["exit 0"]
    assert [b.path for b in dailies(folder)] == [today.path, yesterday.path]


def test_a_killed_session_is_backed_up_at_the_next_start(yesterday_backed_up, tmp_path):
    folder = yesterday_backed_up
    child = _session(folder, "write-and-wait", WORDS)
    try:
        assert child.stdout.readline().strip() == "saved"
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=30)
    assert len(dailies(folder)) == 1  # the killed session never reached its exit
    assert _finish(_session(folder, "look")).splitlines() == ["exit 0"]
    [today, _yesterday] = dailies(folder)
    assert text_inside(today, tmp_path) == WORDS
