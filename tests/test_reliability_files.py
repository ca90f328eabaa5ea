"""Issue 14 item 4: each hostile notice file is refused within 10 s and 1 GiB, in Chinese, storing nothing.

Each file is imported by the real CLI in a child process whose address space is capped with
RLIMIT_AS, so a reader that tries to build gigabytes fails here instead of on the clerk's PC.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gkdesk.importers.file_messages import MSG_TABLE_TOO_LARGE, msg_not_regular
from tests.fixtures.hostile import HOSTILE

pytestmark = pytest.mark.reliability

ROOT = Path(__file__).resolve().parents[1]
_CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from gkdesk.cli import main
sys.exit(main(["--data-dir", sys.argv[1], "import", sys.argv[2]]))
"""


def _import_in_child(path: Path, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("GKDESK_HOME", None)
    return subprocess.run([sys.executable, "-c", _CHILD, str(data_dir), str(path)], capture_output=True,
                          timeout=10, env=env, cwd=ROOT)


def _refusal(proc: subprocess.CompletedProcess) -> str:
    err = proc.stderr.decode("utf-8")
    assert "Traceback" not in err and "MemoryError" not in err, err
    assert proc.returncode == 2, (proc.returncode, err)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("错误："), err  # one Chinese line, no warnings first
    return lines[0].removeprefix("错误：")


@pytest.mark.parametrize("name,expected", [
    ("docx_grid_before", MSG_TABLE_TOO_LARGE),
    ("html_spans", MSG_TABLE_TOO_LARGE),
    ("xlsx_merge_everything", MSG_TABLE_TOO_LARGE),
    ("xlsx_far_cell", MSG_TABLE_TOO_LARGE),
])
def test_hostile_table_is_refused_within_limits(tmp_path, name, expected, reliability_figures):
    path = HOSTILE[name](tmp_path)
    data_dir = tmp_path / "data"
    assert _refusal(_import_in_child(path, data_dir)) == expected
    assert not data_dir.exists()  # the store is never opened for a refused file
    reliability_figures.record("hostile_files", tried=1, refused=1)


@pytest.mark.parametrize("name", ["fifo", "dev_zero_link"])
def test_pipe_or_device_is_refused_word_for_word(tmp_path, name, reliability_figures):
    path = HOSTILE[name](tmp_path)
    data_dir = tmp_path / "data"
    assert _refusal(_import_in_child(path, data_dir)) == msg_not_regular(path)
    assert not data_dir.exists()
    reliability_figures.record("hostile_files", tried=1, refused=1)


def test_seed_table_still_imports_under_the_same_limits(tmp_path):
    """The limit is no refusal of real notices: seed 000's .docx and .xlsx import in the same child."""
    from tests.fixtures.seed_docs import build_docx, build_xlsx

    for path in (build_docx("000", tmp_path / "n.docx"), build_xlsx("000", tmp_path / "n.xlsx")):
        proc = _import_in_child(path, tmp_path / f"data-{path.suffix[1:]}")
        assert proc.returncode == 0, proc.stderr.decode("utf-8")
        assert "已导入" in proc.stdout.decode("utf-8")
