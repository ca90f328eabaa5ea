"""备份与恢复 (issue 14): a clerk backs up the year's records, something goes wrong, she restores.

Each story runs through gkdesk-cli and the store, and compares real content: the notice's tasks,
each unit's 完成情况 text, the evidence files' bytes.
"""
from __future__ import annotations

import json
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from gkdesk import cli, folder_lock, paths
from gkdesk.importers import import_file
from gkdesk.store import Store, backup
from gkdesk.store.restore import restore_backup, verify_backup
from tests.fixtures.seed_docs import seed_dir

SEED_000 = next(seed_dir().glob("000_*.txt"))
UNIT = "区财政局"


def _fill(home: Path, tmp_path: Path) -> dict:
    """Seed 000 imported, two units' completions written, one with a 佐证材料 file."""
    store = Store.open(home)
    try:
        store.notices.save_import(import_file(SEED_000), who="测试")
        tasks = [t for t, in store.db.query("SELECT id FROM tasks ORDER BY seq")]
        store.completions.set_completion(tasks[0], UNIT, status="已完成", text="已在区政府网站公开年度预算。")
        comp = store.completions.set_completion(tasks[3], "区教育局", status="推进中", text="正在整理义务教育招生政策。")
        proof = tmp_path / "招生政策公开截图.txt"
        proof.write_text("2020年义务教育招生政策已于9月1日公开。", encoding="utf-8")
        store.completions.add_evidence(comp, proof)
        return _content(store)
    finally:
        store.close()


def _content(store: Store) -> dict:
    rows = store.db.query("SELECT t.number, t.text, u.name, c.status, c.text FROM completions c "
                          "JOIN tasks t ON t.id = c.task_id JOIN units u ON u.id = c.unit_id ORDER BY t.seq, u.name")
    blobs = {}
    for r in store.db.query("SELECT sha256, original_name FROM evidence"):
        blobs[r[1]] = store.completions.evidence.path(r[0]).read_bytes()
    tasks = [tuple(r) for r in store.db.query("SELECT number, text FROM tasks ORDER BY seq")]
    return {"completions": [tuple(r) for r in rows], "evidence": blobs, "tasks": tasks}


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_backup_change_restore_round_trip_through_the_cli(data_home, tmp_path, capsys):
    before = _fill(data_home, tmp_path)
    usb = tmp_path / "U盘"
    usb.mkdir()
    code, out, _ = _run(capsys, "backup", "--to", str(usb))
    assert code == 0
    [zip_path] = usb.glob("gkdesk-backup-*.zip")
    assert f"已备份到 {zip_path}（通知 1、任务 56、完成情况 2、佐证材料 1、人员名单 0，" in out

    # The week after: a text overwritten and the notice deleted, evidence file gone from disk.
    store = Store.open(data_home)
    store.notices.delete_notice(1, who="测试")
    store.close()
    for blob in paths.evidence_dir(data_home).rglob("*"):
        if blob.is_file():
            blob.unlink()

    code, out, err = _run(capsys, "restore", str(zip_path))
    assert (code, err) == (0, "")
    assert "已从备份恢复：" in out and "通知 1、任务 56、完成情况 2、佐证材料 1、人员名单 0" in out
    store = Store.open(data_home)
    try:
        assert _content(store) == before
        assert before["evidence"]["招生政策公开截图.txt"].decode("utf-8").startswith("2020年义务教育招生政策")
    finally:
        store.close()
    # What the restore replaced was kept first, so the restore itself can be undone.
    [kept] = [b for b in backup.list_backups(data_home) if b.kind == backup.KIND_BEFORE_RESTORE]
    assert kept.counts["notices"] == 0 and kept.counts["completions"] == 0
    assert f"gkdesk-cli restore \"{kept.path}\"" in out
    code, _, _ = _run(capsys, "restore", str(kept.path))
    store = Store.open(data_home)
    assert store.db.scalar("SELECT count(*) FROM notices") == 0
    store.close()


def test_a_foreign_zip_is_refused_word_for_word(data_home, tmp_path, capsys):
    before = _fill(data_home, tmp_path)
    foreign = tmp_path / "照片.zip"
    with zipfile.ZipFile(foreign, "w") as z:
        z.writestr("a.jpg", b"\xff\xd8")
    code, _, err = _run(capsys, "restore", str(foreign))
    assert (code, err) == (3, "错误：“照片.zip”不是政务公开任务台的备份文件，未做任何更改。\n")
    text = tmp_path / "名单.zip"
    text.write_text("不是压缩文件", encoding="utf-8")
    code, _, err = _run(capsys, "restore", str(text))
    assert (code, err) == (3, "错误：“名单.zip”不是政务公开任务台的备份文件，未做任何更改。\n")
    store = Store.open(data_home)
    assert _content(store) == before
    store.close()
    assert backup.list_backups(data_home) == []  # refused before anything was kept or replaced


def _rewrite(src: Path, dst: Path, member: str, change) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item, change(data) if item.filename == member else data)


def test_a_damaged_backup_is_refused_and_nothing_changes(data_home, tmp_path, capsys):
    before = _fill(data_home, tmp_path)
    good = backup.make_backup(data_home, to=tmp_path / "good.zip").path
    # A flipped byte inside the zip: the member's CRC fails.
    raw = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as z:
        info = z.getinfo(backup.DB_MEMBER)
    raw[info.header_offset + 30 + len(info.filename) + 200] ^= 0xFF
    flipped = tmp_path / "flipped.zip"
    flipped.write_bytes(bytes(raw))
    code, _, err = _run(capsys, "restore", str(flipped))
    assert (code, err) == (3, "错误：备份文件“flipped.zip”已损坏（文件内容校验失败），无法恢复，未做任何更改。请换用另一份备份。\n")
    # An evidence file swapped for other bytes: its sha256 (its name) no longer matches.
    sha = next(iter(backup.read_info(good).files))
    swapped = tmp_path / "swapped.zip"
    _rewrite(good, swapped, f"evidence/{sha[:2]}/{sha}", lambda _d: "别的内容".encode())
    code, _, err = _run(capsys, "restore", str(swapped))
    assert err == "错误：备份文件“swapped.zip”已损坏（文件内容校验失败），无法恢复，未做任何更改。请换用另一份备份。\n"
    # Counts edited in the manifest: the database inside does not agree.
    counted = tmp_path / "counted.zip"

    def more(data: bytes) -> bytes:
        m = json.loads(data)
        m["counts"]["completions"] = 3
        return json.dumps(m).encode()

    _rewrite(good, counted, backup.MANIFEST_NAME, more)
    code, _, err = _run(capsys, "restore", str(counted))
    assert err == "错误：备份文件“counted.zip”已损坏（记录数与说明不符），无法恢复，未做任何更改。请换用另一份备份。\n"
    store = Store.open(data_home)
    assert _content(store) == before
    store.close()
    verify_backup(good, data_home)  # the original still passes every check


def test_restore_is_refused_while_a_window_owns_the_folder(data_home, tmp_path, capsys):
    _fill(data_home, tmp_path)
    good = backup.make_backup(data_home).path
    window = folder_lock.FolderLock(data_home)
    assert window.acquire() is None
    try:
        code, _, err = _run(capsys, "restore", str(good))
    finally:
        window.release()
    assert code == 3
    assert err.startswith("错误：政务公开任务台窗口（进程 ") and err.endswith("正在使用这个数据文件夹，请先关闭它再恢复。\n")


def test_a_snapshot_is_kept_before_a_revised_import(data_home, tmp_path, capsys):
    _fill(data_home, tmp_path)
    revised = tmp_path / SEED_000.name
    revised.write_text(SEED_000.read_text(encoding="utf-8").replace("政务公开", "政务公开工作", 1), encoding="utf-8")
    code, out, _ = _run(capsys, "import", str(revised))
    assert code == 0 and "已按修订版更新" in out
    [snap] = backup.list_backups(data_home)
    assert snap.kind == backup.KIND_SNAPSHOT and not snap.included
    assert snap.counts["completions"] == 2 and len(snap.files) == 1
    with zipfile.ZipFile(snap.path) as z:  # the database only: evidence stays in the data folder
        assert z.namelist() == [backup.DB_MEMBER, backup.MANIFEST_NAME]


def _fake(folder: Path, kind: str, when: datetime) -> Path:
    p = folder / f"gkdesk-{kind}-{when:%Y%m%d-%H%M%S}.zip"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr(backup.MANIFEST_NAME, json.dumps({
            "format": backup.FORMAT, "kind": kind, "created_at": when.isoformat(sep=" "), "schema_version": 1,
            "counts": dict.fromkeys(backup.COUNTED, 0), "evidence": {}}))
    return p


def test_rotation_keeps_ten_newest_a_week_of_days_and_a_year_of_months(tmp_path):
    folder = backup.backup_dir(tmp_path)
    folder.mkdir()
    now = datetime(2026, 12, 3, 9, 0)
    # Three daily backups a day for 20 days (a clerk restarting), then one on the 1st of 14 months.
    days = [_fake(folder, backup.KIND_DAILY, now - timedelta(days=d, hours=h)) for d in range(20) for h in (0, 2, 4)]
    months = [_fake(folder, backup.KIND_DAILY, datetime(2025, m, 1) if m <= 12 else datetime(2024, m - 12, 1))
              for m in range(1, 15)]
    snaps = [_fake(folder, backup.KIND_SNAPSHOT, now - timedelta(minutes=m)) for m in range(15)]
    manual = _fake(folder, backup.KIND_MANUAL, datetime(2020, 1, 1))
    backup.rotate(tmp_path, now)
    left = {p.name for p in folder.glob("*.zip")}
    newest_ten = {p.name for p in days[:10]}
    newest_per_day = {p.name for p in days[0:24:3]}  # today and the 7 days before it (8 calendar days)
    assert newest_ten <= left and newest_per_day <= left
    assert {p.name for p in snaps[:10]} <= left and not {p.name for p in snaps[10:]} & left
    assert manual.name in left
    # Of the monthly ones, those within 12 months stay (Dec 2025 … ), older go; Nov 2026's newest
    # daily is kept as that month's representative.
    assert {p.name for p in months if datetime.strptime(p.name[13:21], "%Y%m%d") >= now - timedelta(days=372)} <= left
    assert not {months[0].name, months[12].name, months[13].name} & left
    # Older days of this month beyond the week: not the newest of anything, gone.
    assert days[-1].name not in left and days[30].name not in left


def test_daily_backup_runs_once_a_day(data_home, tmp_path):
    _fill(data_home, tmp_path)
    first = backup.daily_backup(data_home)
    assert first is not None and first.kind == backup.KIND_DAILY and first.included
    assert backup.daily_backup(data_home) is None
    assert [b.path for b in backup.list_backups(data_home)] == [first.path]


def test_the_daily_backup_is_due_after_a_change_at_most_once_a_day(data_home, tmp_path):
    tomorrow = datetime.now() + timedelta(days=1)
    Store.open(data_home).close()
    assert backup.daily_due(data_home) is False  # an empty store: nothing the clerk did to keep
    _fill(data_home, tmp_path)
    assert backup.daily_due(data_home) is True
    made = backup.daily_backup(data_home)
    assert made.mark == backup.current_mark(data_home) and made.mark["audit_id"] > 0
    assert backup.read_info(made.path).mark == made.mark  # kept in the manifest
    assert backup.daily_due(data_home, tomorrow) is False  # unchanged since
    store = Store.open(data_home)
    store.settings.set("last_notice", 1)  # view state: no audit entry, not a change
    assert backup.daily_due(data_home, tomorrow) is False
    tid = store.db.scalar("SELECT id FROM tasks ORDER BY seq LIMIT 1")
    store.completions.set_completion(tid, UNIT, status="已完成", text="已公开。")
    store.close()
    assert backup.daily_due(data_home) is False  # changed, but today's is made
    assert backup.daily_due(data_home, tomorrow) is True
    # Start-up catches up only on a session that did not end with record_exit on this store.
    assert backup.daily_due(data_home, tomorrow, catch_up=True) is True
    backup.record_exit(data_home)
    assert backup.daily_due(data_home, tomorrow, catch_up=True) is False
    assert backup.daily_due(data_home, tomorrow) is True


@pytest.mark.reliability
def test_backup_damage_restore_round_trips(data_home, tmp_path, reliability_figures):
    """Ten rounds: write, back up, damage the live database file, restore, find it all again."""
    before = _fill(data_home, tmp_path)
    db_file = paths.db_path(data_home)
    for round_no in range(10):
        store = Store.open(data_home)
        tid = store.db.scalar("SELECT id FROM tasks ORDER BY seq LIMIT 1 OFFSET ?", (10 + round_no,))
        store.completions.set_completion(tid, UNIT, status="推进中", text=f"第{round_no + 1}次更新：已公开。")
        before = _content(store)
        store.close()
        made = backup.make_backup(data_home)
        with db_file.open("r+b") as f:  # the disk fails in the middle of the file
            f.seek(4096)
            f.write(b"\0" * 8192)
        for extra in (db_file.with_name(db_file.name + "-wal"), db_file.with_name(db_file.name + "-shm")):
            extra.unlink(missing_ok=True)
        restore_backup(data_home, made.path)
        store = Store.open(data_home)
        assert store.db.scalar("PRAGMA integrity_check") == "ok"
        assert _content(store) == before
        store.close()
        reliability_figures.record("restore_round_trips", rounds=1)
