"""A data folder that cannot be made (a file of that name, a path too long) is said in one line of
Chinese by the desk and the CLI, instead of a Python traceback, and nothing is written."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gkdesk import paths

REPO = Path(__file__).resolve().parents[1]


def _run(*argv: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", *argv], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)


def test_a_file_where_the_folder_should_be_is_named_in_chinese(tmp_path):
    taken = tmp_path / "数据"
    taken.write_text("一份文件", encoding="utf-8")
    with pytest.raises(paths.DataDirError) as caught:
        paths.data_dir(taken)
    assert str(caught.value).startswith(f"无法使用数据文件夹“{taken}”：该位置（或它的上级）是一个文件")
    assert "--data-dir" in str(caught.value) and taken.read_text(encoding="utf-8") == "一份文件"


def test_a_path_too_long_is_said_shortened(tmp_path):
    with pytest.raises(paths.DataDirError) as caught:
        paths.data_dir(tmp_path / ("长" * 3000))
    text = str(caught.value)
    assert "路径太长" in text and "…" in text and len(text) < 200


def test_the_cli_and_the_desk_say_it_in_one_line_and_exit(tmp_path):
    taken = tmp_path / "afile"
    taken.write_bytes(b"")
    cli = _run("gkdesk.cli", "--data-dir", str(taken), "list")
    assert cli.returncode == 3 and "Traceback" not in cli.stderr
    assert cli.stderr.strip().splitlines() == [f"错误：无法使用数据文件夹“{taken}”：该位置（或它的上级）是一个文件，"
                                               "不是文件夹。请用 --data-dir 另选一个文件夹，或检查环境变量 GKDESK_HOME。"]
    desk = _run("gkdesk.app", "--data-dir", str(taken), "--smoke")
    assert desk.returncode == 1 and "Traceback" not in desk.stderr
    assert "无法使用数据文件夹" in desk.stderr and "窗口已显示" not in desk.stdout
    assert taken.read_bytes() == b""
