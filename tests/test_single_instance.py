"""A second gkdesk started on the same data folder hands over to the first window and exits."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from gkdesk.folder_lock import FolderLock
from gkdesk.store import Store
from gkdesk.ui import single_instance
from gkdesk.ui.main_window import MainWindow
from tests.fixtures.seed_docs import seed_dir

REPO = Path(__file__).resolve().parents[1]
SEED_000 = next(seed_dir().glob("000_*.txt"))


def test_a_second_start_brings_the_first_window_forward_with_its_file(qtbot, data_home, monkeypatch):
    store = Store.open(data_home)
    w = MainWindow(store, date(2020, 9, 1))
    qtbot.addWidget(w)
    opened = []
    monkeypatch.setattr(w, "open_import", opened.append)
    lock = FolderLock(data_home)
    assert lock.acquire() is None
    owner = single_instance.serve(w, data_home, lock)
    try:
        # The second start: the folder is taken, so it asks the owner instead of opening the store.
        second = FolderLock(data_home)
        holder = second.acquire()
        assert holder is not None and holder.purpose == "window"
        # The second start in its own process (a blocking hand_over in this one would hold the GIL).
        child = subprocess.Popen(
            [sys.executable, "-c", "import sys; from PySide6.QtCore import QCoreApplication; app = QCoreApplication([]);"
             "from gkdesk.ui import single_instance; print(single_instance.hand_over(sys.argv[1], sys.argv[2]))",
             str(data_home), str(SEED_000)],
            stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
        qtbot.waitUntil(lambda: child.poll() is not None, timeout=20_000)
        out = child.stdout.read()
        child.stdout.close()
        assert out.strip() == "True"
        qtbot.waitUntil(lambda: bool(opened), timeout=5_000)
        assert opened == [str(SEED_000.resolve())]
        assert w.isVisible()
    finally:
        owner.close()
        w.close()
        store.close()
    # The owner gone, nobody answers: the next start owns the folder itself.
    assert single_instance.hand_over(data_home, None, 200) is False
    nxt = FolderLock(data_home)
    assert nxt.acquire() is None
    nxt.release()


def test_another_folder_has_another_server(tmp_path):
    assert single_instance.server_name(tmp_path / "a") != single_instance.server_name(tmp_path / "b")
    assert single_instance.server_name(tmp_path / "a") == single_instance.server_name(tmp_path / "x" / ".." / "a")
