"""Issue 14 item 6: a tree the table does not bear out is doubted aloud, before anything is saved.

Seed 000's .docx with the header row's w:gridSpan removed reads with every column role shifted:
25 tasks and no subsection instead of 56 and 23. It used to be imported with no warning at all.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gkdesk.domain.plausibility import TableEvidence, tree_doubts
from gkdesk.importers import import_file
from gkdesk.importers.docx_reader import read_docx
from gkdesk.importers.tree_check import table_evidence
from gkdesk.ui.import_wizard import PAGE_RESULT, ImportWizard
from tests.fixtures.message_files import docx_header_without_gridspan
from tests.fixtures.seed_docs import TABLE_SEEDS, build_docx, build_xlsx, expected_counts

pytestmark = pytest.mark.reliability

ROOT = Path(__file__).resolve().parents[1]


def test_header_without_gridspan_is_doubted(tmp_path):
    path = docx_header_without_gridspan(tmp_path)
    _body, grids = read_docx(path)
    # The cells still show the real tree: 23 （一） subsections and 56 numbered task rows.
    assert table_evidence(grids[:1]) == TableEvidence(subsection_cells=23, numbered_rows=56)
    result = import_file(path)
    assert result.counts() == (6, 0, 25)  # what the shifted roles give
    assert len(result.doubts) == 2
    no_subs, few_tasks = result.doubts
    assert "有 23 个以“（一）”这样开头的小项" in no_subs and "一个小项也没有" in no_subs
    assert "有 56 行带任务序号，但只识别出 25 项任务" in few_tasks
    assert result.warnings[:2] == result.doubts  # first among the warnings the CLI prints


@pytest.mark.parametrize("seed_id", TABLE_SEEDS)
@pytest.mark.parametrize("build", [build_docx, build_xlsx], ids=["docx", "xlsx"])
def test_good_seed_tables_are_not_doubted(tmp_path, seed_id, build):
    result = import_file(build(seed_id, tmp_path / f"{seed_id}.{build.__name__[-4:]}"))
    assert result.counts() == expected_counts[seed_id]
    assert result.doubts == []


def test_rule_thresholds():
    ev = TableEvidence(subsection_cells=23, numbered_rows=56)
    assert tree_doubts(ev, 23, 56) == []
    assert tree_doubts(ev, 23, 42) == []  # three quarters: a few rows joined, not a shifted table
    assert len(tree_doubts(ev, 23, 41)) == 1
    assert len(tree_doubts(ev, 0, 56)) == 1
    assert tree_doubts(TableEvidence(1, 4), 0, 1) == []  # too small a table to doubt


def test_cli_prints_the_doubt(tmp_path):
    path = docx_header_without_gridspan(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("GKDESK_HOME", None)
    proc = subprocess.run([sys.executable, "-m", "gkdesk.cli", "--data-dir", str(tmp_path / "d"), "import",
                           "--dry-run", str(path)], capture_output=True, timeout=60, env=env, cwd=ROOT)
    out = proc.stdout.decode("utf-8")
    assert proc.returncode == 0
    assert "6 个部分，0 个小项，25 项任务" in out
    assert "· 表格中有 23 个以“（一）”这样开头的小项" in out
    assert "· 表格中有 56 行带任务序号，但只识别出 25 项任务" in out


def test_wizard_shows_the_doubt_before_import(qtbot, store, tmp_path):
    path = docx_header_without_gridspan(tmp_path)
    wizard = ImportWizard(store, path=path)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(lambda: wizard.stack.currentIndex() == PAGE_RESULT, timeout=15_000)
    assert wizard.doubt_box.isVisible()
    text = wizard.doubt_box.text()
    assert text.startswith("⚠ 导入结果可能不对")
    assert "一个小项也没有" in text and "只识别出 25 项任务" in text
    # Said once, above the tree, not again in the list of other warnings.
    others = [wizard.other_warnings.item(i).text() for i in range(wizard.other_warnings.count())]
    assert not any("一个小项也没有" in w for w in others)
    assert store.notices.list_notices() == []  # nothing saved before 确认导入


def test_wizard_without_doubt_hides_the_box(qtbot, store, tmp_path):
    wizard = ImportWizard(store, path=build_docx("000", tmp_path / "000.docx"))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(lambda: wizard.stack.currentIndex() == PAGE_RESULT, timeout=15_000)
    assert not wizard.doubt_box.isVisible()
