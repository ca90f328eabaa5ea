"""One owner per data folder (issue 14): the lock names its holder and dies with it."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gkdesk import folder_lock

REPO = Path(__file__).resolve().parents[1]


def test_a_second_owner_is_told_who_holds_the_folder(tmp_path):
    first = folder_lock.FolderLock(tmp_path)
    assert first.acquire() is None
    second = folder_lock.FolderLock(tmp_path, purpose=folder_lock.PURPOSE_RESTORE)
    holder = second.acquire()
    assert holder is not None and holder.pid == os.getpid() and holder.purpose == folder_lock.PURPOSE_WINDOW
    assert holder.describe().startswith(f"政务公开任务台窗口（进程 {os.getpid()}，自 ")
    first.release()
    assert second.acquire() is None  # free once the first let go
    second.release()


@pytest.mark.reliability
def test_a_lock_left_by_a_killed_process_does_not_block_the_next_start(tmp_path, reliability_figures):
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from gkdesk import folder_lock;"
         "lock = folder_lock.FolderLock(sys.argv[1]); assert lock.acquire() is None; print('held', flush=True); time.sleep(60)",
         str(tmp_path)],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert child.stdout.readline().strip() == "held"
        holder = folder_lock.FolderLock(tmp_path).acquire()
        assert holder is not None and holder.pid == child.pid
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
    # The lock file is still there with the dead child's pid; the lock itself died with it.
    assert (tmp_path / folder_lock.LOCK_FILE_NAME).exists()
    assert f'"pid": {child.pid}' in (tmp_path / folder_lock.LOCK_FILE_NAME).read_text()
    start = time.monotonic()
    nxt = folder_lock.FolderLock(tmp_path)
    assert nxt.acquire() is None
    assert time.monotonic() - start < 1
    assert nxt.holder().pid == os.getpid()
    nxt.release()
    reliability_figures.record("stale_lock", kills=1)
