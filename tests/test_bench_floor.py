"""The start-up floor of issue 16 (bench/run.py BARE_DESK) stands for "the desk's first frame drawn by
PySide6 alone": docs/PERFORMANCE.md compares gkdesk's start with it to tell the library's cost from
gkdesk's. That holds only while it draws the same frame, so when the desk's first frame changes the
floor must change with it: a grab of each on the store of the five seeds is the same image."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# The desk as `gkdesk --smoke` draws it: the status-bar count runs only after the first paint
# (ui/after_paint.py), after --smoke has ended, so it is stopped before it shows.
DESK = r'''
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from gkdesk.domain.today import today
from gkdesk.store import Store
from gkdesk.ui.main_window import MainWindow
app = QApplication([])
store = Store.open(sys.argv[1])
w = MainWindow(store, today())
w.keeps_layout = False
w.restore_state()
w.tree_area_painted.connect(w._counts_timer.stop)
w.show()
QTimer.singleShot(300, lambda: (w.grab().save(sys.argv[2]), app.quit()))
app.exec()
w.detach_models()
store.close()
'''

# BARE_DESK itself, grabbed instead of quitting at its first paint.
FLOOR = r'''
import sys
sys.path.insert(0, sys.argv.pop(1))
import run
out = sys.argv.pop()
src = run.BARE_DESK
assert src.count("app.exit(0)") == 1 and src.count("app.exec()") == 1
src = src.replace("app.exit(0)", "None").replace(
    "app.exec()", "from PySide6.QtCore import QTimer\nQTimer.singleShot(300, lambda: (w.grab().save(out), app.quit()))\napp.exec()")
exec(compile(src, "BARE_DESK", "exec"), {"__name__": "__main__", "out": out})
'''


def _grab(code: str, *args: str) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO), GKDESK_TODAY="2030-01-01")
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=REPO, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]


def test_the_start_up_floor_draws_the_desks_first_frame(store, seeds_dir, data_home, tmp_path):
    from PySide6.QtGui import QImage

    from gkdesk.importers import import_file

    for f in sorted(seeds_dir.glob("*.txt")):  # as bench/run.py BUILD_SEEDS builds its store
        store.notices.save_import(import_file(f))
    store.close()
    desk, floor = tmp_path / "desk.png", tmp_path / "floor.png"
    _grab(DESK, str(data_home), str(desk))
    _grab(FLOOR, str(REPO / "bench"), str(data_home), str(floor))
    a, b = QImage(str(desk)), QImage(str(floor))
    assert (a.width(), a.height()) == (b.width(), b.height()) and a.width() > 600, (a.size(), b.size())
    differing = sum(a.pixel(x, y) != b.pixel(x, y) for y in range(0, a.height(), 2) for x in range(0, a.width(), 2))
    assert differing == 0, f"{differing} of {a.width() * a.height() // 4} sampled pixels differ: {desk} vs {floor}"


# BARE_TREE run to its first paint, then asked what it showed and what PySide6 built for it.
TREE = r'''
import sys
sys.path.insert(0, sys.argv.pop(1))
import run
src = run.BARE_TREE + """
m = tv.model()
print([m.data(m.index(r, 0)) for r in range(m.rowCount())])
print([m.headerData(c, Qt.Orientation.Horizontal) for c in range(m.columnCount())])
"""
exec(compile(src, "BARE_TREE", "exec"), {"__name__": "__main__"})
'''

QT_BUILT = r'''
import sys
sys.path.insert(0, sys.argv.pop(1))
import run
name = sys.argv[1]
code = getattr(run, name) + "\nimport sys\nprint('Qt built:', 'Qt' in vars(sys.modules['PySide6.QtCore']))"
exec(compile(code, name, "exec"), {"__name__": "__main__"})
'''


def _run(code: str, *args: str) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    out = subprocess.run([sys.executable, "-c", code, str(REPO / "bench"), *args], cwd=REPO, env=env,
                         capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout


def test_the_least_desk_shows_the_first_notices_headings(store, import_seed, data_home):
    """BARE_TREE, the profile row's "least a desk can show": the section headings of the notice the
    desk shows first (the latest year's), under the task tree's six column headers."""
    import_seed("000")
    import_seed("001")
    shown = store.db.column("SELECT title FROM sections WHERE notice_id = (SELECT id FROM notices "
                            "ORDER BY year DESC, id DESC LIMIT 1) ORDER BY position")
    assert len(shown) >= 3 and all(title.strip() for title in shown)
    lines = _run(TREE, str(data_home)).splitlines()
    assert lines[-2] == repr(shown)
    assert lines[-1] == repr(["编号", "内容", "牵头单位", "责任单位", "完成时限", "状态"])


def test_only_the_qt_row_builds_pysides_qt_namespace():
    """The bare window never builds the Qt namespace class; BARE_WINDOW_QT is the same window once it has."""
    assert _run(QT_BUILT, "BARE_WINDOW").splitlines()[-1] == "Qt built: False"
    assert _run(QT_BUILT, "BARE_WINDOW_QT").splitlines()[-1] == "Qt built: True"


def _fake_bundle(folder: Path, seconds: float) -> Path:
    """A bundle folder whose gkdesk program notes its arguments and takes SECONDS to 'start'."""
    folder.mkdir(parents=True)
    program = folder / "gkdesk"
    program.write_text(f'#!/bin/sh\necho "$@" >> "{folder}/args"\nsleep {seconds}\n', encoding="utf-8")
    program.chmod(0o755)
    return folder


def test_the_bench_times_an_installed_bundle(tmp_path):
    """`bench/run.py --bundle /opt/gkdesk --bundle-before DIR` runs the installed program as the
    clerk does (--smoke on the store of the five seeds) and sets it against the bare window, this
    checkout and the earlier bundle."""
    after = _fake_bundle(tmp_path / "after", 0.4)
    before = _fake_bundle(tmp_path / "before", 1.2)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    out = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--quick", "--runs", "1",
                          "--work", str(tmp_path / "work"), "--only", "startup-installed",
                          "--bundle", str(after), "--bundle-before", str(before)],
                         cwd=REPO, env=env, capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    table = {line.split(" | ")[0].lstrip("| "): line.split(" | ") for line in out.stdout.splitlines()
             if line.startswith("| startup-installed")}
    assert sorted(table) == ["startup-installed-seeds", "startup-installed-vs-before",
                             "startup-installed-vs-checkout"]
    ratio = float(table["startup-installed-vs-before"][3].rstrip("x"))
    assert 0.2 < ratio < 0.6  # 0.4 s against 1.2 s, plus a shell's start on each side
    # each run of the installed program: the seeds' store, --smoke
    runs = (after / "args").read_text(encoding="utf-8").splitlines()
    assert len(runs) == 3 and len((before / "args").read_text(encoding="utf-8").splitlines()) == 1
    data_dir = Path(runs[0].split()[1])
    assert runs[0].split()[0] == "--data-dir" and runs[0].split()[2] == "--smoke"
    assert (data_dir / "gkdesk.sqlite3").is_file()
    # rejected: a folder without the program
    bad = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--bundle", str(tmp_path)],
                         cwd=REPO, env=env, capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert bad.returncode == 2 and "holds no gkdesk program" in bad.stderr
    # nor "" (the checkout itself, whose gkdesk/ is the package folder)
    bad = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--bundle", ""],
                         cwd=REPO, env=env, capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert bad.returncode == 2 and "holds no gkdesk program" in bad.stderr
