"""Issue 14 items 5 and 7: a 佐证材料 that is not a plain file is refused in one Chinese sentence.

A symlink to a secret file was followed and its content copied into the store; a symlink to
/dev/zero and a FIFO hung the window; a directory gave an English message and a 300-character
name a raw OSError. Only regular files are stored now, read with the size limit, and nothing of
a refused file is left behind (no row, no stored copy, no temporary copy).
"""
from __future__ import annotations

import multiprocessing
import os
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from gkdesk.store import Store, StoreError
from gkdesk.store.evidence_files import (
    msg_folder, msg_link, msg_name_too_long, msg_not_regular, msg_too_big,
)
from tests.fixtures.hostile import dev_zero_link, fifo
from tests.fixtures.small_store import small_notice, task_ids

pytestmark = [pytest.mark.reliability,
              pytest.mark.skipif(sys.platform == "win32", reason="POSIX links, pipes and devices")]
UNIT = "先锋镇"
LONG_NAME = ("关于做好政府信息公开工作年度报告编制发布工作的通知附件" * 12)[:300] + ".docx"


@pytest.fixture
def store(data_home):
    s = Store.open(data_home)
    s.notices.save_import(small_notice())
    yield s
    s.close()


def _secret_link(folder: Path) -> Path:
    secret = folder / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    link = folder / "公开栏照片.jpg"
    link.symlink_to(secret)
    return link


def _directory(folder: Path) -> Path:
    d = folder / "佐证材料汇总"
    d.mkdir()
    (d / "会议纪要.docx").write_bytes(b"PK")
    return d


def _long_name(folder: Path) -> Path:
    return folder / LONG_NAME  # the name the clerk was given; the file system cannot even hold it


CASES = {
    "secret_link": (_secret_link, msg_link),
    "dev_zero_link": (dev_zero_link, msg_link),
    "fifo": (fifo, msg_not_regular),
    "directory": (_directory, msg_folder),
    "long_name": (_long_name, msg_name_too_long),
}


def _left_in(store: Store) -> list[str]:
    root = store.completions.root
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")) if root.exists() else []


def _add_in_child(folder: str, task: int, path: str, out) -> None:
    store = Store.open(folder)
    try:
        comp = store.completions.set_completion(task, UNIT)
        store.completions.add_evidence(comp, path)
        out.put("STORED")
    except StoreError as exc:
        out.put(f"REFUSED {exc}")
    finally:
        store.close()


@pytest.mark.parametrize("case", list(CASES))
def test_evidence_that_is_not_a_plain_file_is_refused_in_chinese(store, tmp_path, case):
    make, message = CASES[case]
    path = make(tmp_path)
    task = task_ids(store)[0]
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    child = ctx.Process(target=_add_in_child, args=(str(store.directory), task, str(path), out))
    child.start()
    child.join(10)
    hung = child.is_alive()
    if hung:
        child.kill()
    assert not hung, f"{case}: adding it hung"
    assert out.get(timeout=2) == f"REFUSED {message(path.name)}"
    assert store.db.scalar("SELECT count(*) FROM evidence") == 0
    assert _left_in(store) == []  # no stored copy, no temporary copy


def test_evidence_over_the_limit_is_refused_and_leaves_nothing(store, tmp_path):
    video = tmp_path / "会议录像.mp4"
    video.write_bytes(b"\0" * (3 * 1024 * 1024))
    comp = store.completions.set_completion(task_ids(store)[0], UNIT)
    with pytest.raises(StoreError) as err:
        store.completions.add_evidence(comp, video, max_bytes=2 * 1024 * 1024)
    assert str(err.value) == msg_too_big("会议录像.mp4", 3 * 1024 * 1024, 2 * 1024 * 1024)
    assert _left_in(store) == []


def test_a_plain_file_is_still_stored_byte_for_byte(store, tmp_path):
    photo = tmp_path / "公开栏照片.jpg"
    photo.write_bytes(os.urandom(3 * 1024 * 1024 + 7))
    comp = store.completions.set_completion(task_ids(store)[0], UNIT)
    ev = store.completions.add_evidence(comp, photo)
    assert store.completions.evidence_path(ev).read_bytes() == photo.read_bytes()
    assert ev.size == photo.stat().st_size and len(_left_in(store)) == 2  # its folder and the file


@pytest.mark.parametrize("case", ["secret_link", "directory", "long_name"])
def test_the_desk_says_the_same_sentence_once(qtbot, data_home, tmp_path, monkeypatch, case):
    from gkdesk.ui.main_window import MainWindow

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda p, t, x, *a, **k: shown.append((t, x))))
    store = Store.open(data_home)
    store.notices.save_import(small_notice())
    store.settings.own_unit = UNIT
    window = MainWindow(store, date(2022, 7, 1))
    qtbot.addWidget(window)
    try:
        task = task_ids(store)[0]
        window.show_task(task)
        make, message = CASES[case]
        path = make(tmp_path)
        window.detail.editor._add_files([str(path)])
        assert shown == [("无法添加佐证材料", message(path.name))]
        assert store.completions.get_completion(task, UNIT) is None  # the operation rolled back whole
        assert window.ops.undo_stack.count() == 0
    finally:
        window.close()
        store.close()
