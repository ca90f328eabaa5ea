"""Issue 14: a damaged database at start-up offers the newest good backup (item 5: no traceback).

The damage is the one SQLite finds only when a table is read: the notices table's root page
overwritten. Store.open() still succeeds; the window's constructor (its notice list) used to raise
into the crash dialog with a traceback, and the command line named *.bak-v* files that do not exist.
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from gkdesk.importers import import_file
from gkdesk.store import Store, backup
from gkdesk.store.audit import CHANNEL_DESK
from gkdesk.ui import damaged_store
from tests.fixtures.cli_runs import run_process
from tests.fixtures.seed_docs import build_docx

pytestmark = pytest.mark.reliability

ROOT = Path(__file__).resolve().parents[1]


def _damage_notices(db: Path) -> bytes:
    con = sqlite3.connect(db)
    try:
        root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'notices'").fetchone()[0]
        size = con.execute("PRAGMA page_size").fetchone()[0]
    finally:
        con.close()
    data = bytearray(db.read_bytes())
    data[(root - 1) * size:root * size] = b"\xa5" * size
    db.write_bytes(bytes(data))
    return bytes(data)


def _folder(tmp_path: Path) -> tuple[Path, backup.BackupInfo, bytes]:
    """Seed 000 and a completion, a good backup, a newer backup that is itself damaged, then the
    store damaged. Returns the folder, the good backup and the damaged store's bytes."""
    home = tmp_path / "data"
    store = Store.open(home)
    try:
        store.notices.save_import(import_file(build_docx("000", tmp_path / "000.docx")), who="测试")
        task = store.db.scalar("SELECT id FROM tasks ORDER BY seq")
        store.completions.set_completion(task, "区教育局", status="已完成", text="已在区政府网站公开。")
    finally:
        store.close()
    good = backup.make_backup(home, kind=backup.KIND_DAILY)
    bad = backup.make_backup(home, to=backup.backup_dir(home) / "gkdesk-backup-29991231-000000.zip")
    import zipfile

    spoiled = bad.path.with_suffix(".tmp")
    with zipfile.ZipFile(bad.path) as zin, zipfile.ZipFile(spoiled, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == backup.DB_MEMBER:  # its sha256 in the manifest no longer matches
                data = data[:5000] + b"\0" * 4000 + data[9000:]
            zout.writestr(item, data)
    os.replace(spoiled, bad.path)
    bad_manifest = backup.read_info(bad.path)
    assert bad_manifest is not None and bad_manifest.created_at >= good.created_at  # newer, listed first
    damaged = _damage_notices(home / "gkdesk.sqlite3")
    return home, good, damaged


def test_cli_names_restore_and_the_newest_good_backup(tmp_path):
    home, good, _damaged = _folder(tmp_path)
    proc = run_process("--data-dir", str(home), "show", "1")
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 3
    assert "Traceback" not in err and "bak-v" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("错误：数据文件已损坏，无法打开。最近一份完好的备份是 ")
    assert f'gkdesk-cli --data-dir "{home}" restore "{good.path}"' in lines[0]
    assert "29991231" not in lines[0]  # the newer backup fails restore's checks: passed over
    # The command it names works: the notice is back.
    assert run_process("--data-dir", str(home), "restore", str(good.path)).returncode == 0
    shown = run_process("--data-dir", str(home), "show", "1")
    assert shown.returncode == 0 and "23 个小项，56 项任务" in shown.stdout.decode("utf-8")


def test_store_error_message_names_the_backups_not_bak_v():
    from gkdesk.store.errors import user_problem

    exc = sqlite3.DatabaseError("database disk image is malformed")
    msg = str(user_problem(exc))
    assert "bak-v" not in msg and "从备份恢复" in msg and "gkdesk-cli restore" in msg and "backups" in msg


def _open(home: Path, monkeypatch, answer: bool, today):
    from gkdesk.ui.main_window import MainWindow

    asked: list = []
    told: list[str] = []
    said: list[str] = []
    monkeypatch.setattr(damaged_store, "ask_restore", lambda good: asked.append(good) or answer)
    monkeypatch.setattr(damaged_store, "tell", lambda text, error=False: told.append(text))
    opened = damaged_store.open_desk(home, lambda: Store.open(home, channel=CHANNEL_DESK),
                                     lambda s: MainWindow(s, today), said.append)
    return opened, asked, told, said


def test_window_offers_the_newest_good_backup_and_restores_it(qtbot, tmp_path, monkeypatch, today):
    home, good, damaged = _folder(tmp_path)
    opened, asked, told, said = _open(home, monkeypatch, True, today)
    assert opened is not None
    store, window = opened
    qtbot.addWidget(window)
    try:
        assert [g.path for g in asked] == [good.path]  # one dialog, naming the good backup
        assert "最近一份完好的备份" in damaged_store.damaged_text(good) and good.created_at[:16] in \
            damaged_store.damaged_text(good)
        notices = store.notices.list_notices()
        assert [(n.doc_number, n.tasks) for n in notices] == [("万盛经开办〔2020〕9号", 56)]
        rows = store.db.query("SELECT status, text FROM completions")
        assert [tuple(r) for r in rows] == [("已完成", "已在区政府网站公开。")]
        assert window.notice_model.rowCount() >= 1
        # The damaged file was kept before it was replaced.
        assert len(told) == 1 and "损坏的数据文件已另存为" in told[0]
        kept = [p for p in backup.backup_dir(home).iterdir() if p.name.startswith("gkdesk-damaged-")] + \
            [b.path for b in backup.list_backups(home) if b.kind == backup.KIND_BEFORE_RESTORE]
        assert kept
        raw = [p for p in kept if p.suffix == ".sqlite3"]
        assert raw == [] or raw[0].read_bytes() == damaged  # kept as it was, byte for byte
    finally:
        window.close()
        store.close()


def test_window_declined_changes_nothing(qtbot, tmp_path, monkeypatch, today):
    home, good, damaged = _folder(tmp_path)
    opened, asked, told, said = _open(home, monkeypatch, False, today)
    assert opened is None
    assert [g.path for g in asked] == [good.path] and told == []
    assert (home / "gkdesk.sqlite3").read_bytes() == damaged
    assert said and "gkdesk-cli restore" in said[0]


def test_window_without_backup_says_so(qtbot, tmp_path, monkeypatch, today):
    home = tmp_path / "data"
    Store.open(home).close()
    store = Store.open(home)
    store.notices.save_import(import_file(build_docx("000", tmp_path / "000.docx")), who="测试")
    store.close()
    _damage_notices(home / "gkdesk.sqlite3")
    opened, asked, told, _said = _open(home, monkeypatch, True, today)
    assert opened is None and asked == [None]
    assert "也没有完好的备份" in damaged_store.damaged_text(None)


def test_smoke_start_on_a_damaged_store_is_one_chinese_line(tmp_path):
    home, good, _damaged = _folder(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("GKDESK_HOME", None)
    proc = subprocess.run([sys.executable, "-c", "import sys; from gkdesk.app import main; sys.exit(main(sys.argv[1:]))",
                           "--data-dir", str(home), "--smoke"], capture_output=True, timeout=60, env=env, cwd=ROOT)
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 1
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.strip() and "propagateSizeHints" not in ln]
    assert len(lines) == 1 and str(good.path) in lines[0]
    assert not (home / "gkdesk.log").exists() or "Traceback" not in (home / "gkdesk.log").read_text("utf-8")
