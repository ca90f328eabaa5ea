"""The start-up window: empty-state line on a fresh data folder, the notices once there are some."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from gkdesk import APP_TITLE
from gkdesk.domain.model import Deadline, ImportResult, Notice, Section, Subsection, Task
from gkdesk.store import Store
from gkdesk.ui.main_window import MainWindow

REPO = Path(__file__).resolve().parents[1]


def sample_result() -> ImportResult:
    tasks = [
        Task(text="切实做好政策性文件公开征求意见、政策解读、关切回应等工作。", number="1",
             lead=["区政府办公室"], responsible=["各镇街", "区政府各部门"],
             deadline=Deadline("长期开展", "ongoing")),
        Task(text="公开2020年度重大建设项目清单。", number="2", lead=["区发展改革委"],
             responsible=["区政府各部门"], deadline=Deadline("2020年底前", "date", date(2020, 12, 31))),
    ]
    return ImportResult(
        notice=Notice(doc_number="万盛经开办〔2020〕9号",
                      title="关于印发万盛经开区2020年政务公开工作要点任务分工的通知",
                      issuer="重庆市万盛经开区管委会办公室", date=date(2020, 7, 30), year=2020),
        sections=[Section("一、以公开助力经济平稳健康发展",
                          [Subsection("（一）加强涉及市场主体的信息公开。", tasks)])],
        source_name="test.docx",
        source_sha256="0" * 64,
        source_format="docx",
    )


def insert_notice(folder: Path) -> None:
    from gkdesk.paths import db_path
    from gkdesk.store.db import Database
    from gkdesk.store.notices import NoticeRepository

    db = Database.open(db_path(folder))
    try:
        NoticeRepository(db).save_import(sample_result())
    finally:
        db.close()


def test_empty_data_folder_shows_empty_state(qtbot, data_home):
    store = Store.open(data_home)
    window = MainWindow(store, date(2020, 9, 1))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle() == APP_TITLE == "政务公开任务台"
    assert window.empty_hint.isVisible()
    assert "按 Ctrl+O 导入通知文件" in window.empty_hint.text()
    assert (data_home / "gkdesk.sqlite3").exists()  # the store was created in GKDESK_HOME
    window.close()
    store.close()


def test_lists_a_stored_notice(qtbot, data_home):
    insert_notice(data_home)
    store = Store.open(data_home)
    window = MainWindow(store, date(2020, 9, 1))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert not window.empty_hint.isVisible()
    model = window.notice_model
    year = model.index(0, 0)
    assert model.data(year).startswith("2020")
    first = model.index(0, 0, year)
    assert model.data(first) == "万盛经开办〔2020〕9号"
    assert model.data(model.index(0, 1, year)) == "关于印发万盛经开区2020年政务公开工作要点任务分工的通知"
    assert window.task_model.rowCount() == 1  # the one section, shown at once
    qtbot.waitUntil(lambda: window.counts_label.text().startswith("共 2 项"))
    window.close()
    store.close()


def _run_app(args: list[str], env_extra: dict[str, str]) -> subprocess.CompletedProcess:
    env = dict(os.environ, **env_extra)
    return subprocess.run(
        [sys.executable, "-c", "import sys; from gkdesk.app import main; sys.exit(main(sys.argv[1:]))", *args],
        cwd=REPO, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )


@pytest.mark.slow
def test_smoke_flag_opens_window_and_exits_0(tmp_path):
    folder = tmp_path / "数据"
    proc = _run_app(["--smoke", "--data-dir", str(folder)], {"QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stderr
    assert "窗口已显示，任务树 0 行" in proc.stdout
    assert (folder / "gkdesk.sqlite3").exists()

    insert_notice(folder)
    proc = _run_app(["--smoke"], {"QT_QPA_PLATFORM": "offscreen", "GKDESK_HOME": str(folder)})
    assert proc.returncode == 0, proc.stderr
    assert "窗口已显示，任务树 1 行" in proc.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="DISPLAY only matters on Linux")
def test_no_display_gives_a_clear_message(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = subprocess.run(
        [sys.executable, "-c", "import sys; from gkdesk.app import main; sys.exit(main(sys.argv[1:]))",
         "--data-dir", str(tmp_path)],
        cwd=REPO, env=env, capture_output=True, text=True, encoding="utf-8", timeout=60,
    )
    assert proc.returncode == 1
    assert "未找到图形显示环境" in proc.stderr


def test_qt_dialogs_speak_chinese(qapp):
    from PySide6.QtWidgets import QDialogButtonBox

    from gkdesk.app import install_translations

    assert install_translations(qapp), "qtbase_zh_CN.qm not found in Qt's translations folder"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert sorted(b.text() for b in box.buttons()) == sorted(["确定", "取消"])
