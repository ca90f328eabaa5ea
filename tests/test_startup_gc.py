"""Start-up and the garbage collector (issue 16): nearly all the start makes lives on, so
the collector's passes over it free next to nothing; it is off while the desk is built and on again
once its first frame is shown (or the start ended another way). Nothing here is timed."""
from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

from gkdesk import app

REPO = Path(__file__).resolve().parents[1]

# The child watches the collector: while the window is built, at its first frame, and after main.
_WATCH = r'''
import gc, sys
from gkdesk import app
from gkdesk.ui import main_window
seen = []
built = main_window.MainWindow.__init__
def init(self, *args, **kwargs):
    seen.append(("building", gc.isenabled()))
    built(self, *args, **kwargs)
    self.tree_area_painted.connect(lambda: seen.append(("first frame", gc.isenabled())))
main_window.MainWindow.__init__ = init
code = app.main(sys.argv[1:])
seen.append(("after main", gc.isenabled()))
print("exit", code, seen)
'''


def _watch(*args: str) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    out = subprocess.run([sys.executable, "-c", _WATCH, *args], cwd=REPO, env=env, capture_output=True,
                         text=True, encoding="utf-8", timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def test_the_desk_is_built_without_collections_and_collects_again_after(data_home, import_seed):
    """A clerk's folder with a notice: the desk is built with the collector off; it is still off
    when the first frame is drawn (turned on by a 0 ms timer queued then, after the frame is shown),
    and on again when main returns."""
    import_seed("000")
    out = _watch("--data-dir", str(data_home), "--smoke")
    assert "exit 0 [('building', False), ('first frame', False), ('after main', True)]" in out, out


def test_a_start_that_fails_leaves_the_collector_on(tmp_path):
    """A data folder that cannot be made ends the start at once: the collector is on again."""
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    out = _watch("--data-dir", str(blocker / "data"), "--smoke")
    assert "exit 1 [('after main', True)]" in out, out


def test_the_collector_comes_back_after_the_first_frame(open_desk, qtbot):
    """In the running desk: the first frame queues the collector's return; the loop runs it."""
    w = open_desk()
    gc.disable()
    try:
        app._collect_after_first_frame(w)
        w.task_view.viewport().update()
        qtbot.waitUntil(gc.isenabled, timeout=5_000)
    finally:
        gc.enable()


def test_a_desk_that_never_paints_collects_again_after_a_while(open_desk, qtbot, monkeypatch):
    """Started minimized, the tree does not paint: the collector is back after GC_RESUME_MS anyway."""
    w = open_desk()
    monkeypatch.setattr(app, "GC_RESUME_MS", 50)
    w.tree_area_painted.disconnect()  # no frame will ever be reported
    gc.disable()
    try:
        app._collect_after_first_frame(w)
        w.tree_area_painted.disconnect()
        qtbot.waitUntil(gc.isenabled, timeout=5_000)
    finally:
        gc.enable()
