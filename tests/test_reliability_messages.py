"""Issue 14 item 5: a file the clerk cannot import gets the words that say what it really is.

Each case once said something wrong: a real Excel sheet named .docx was "damaged", a password-
protected .xlsx told the clerk to save as .docx, a 15 MB cell was "damaged", and openpyxl's English
warning stood before the Chinese line on the command line.
"""
from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from gkdesk.domain.model import NoticeImportError
from gkdesk.importers import import_file
from gkdesk.importers.file_messages import (
    MSG_ENCRYPTED,
    MSG_ENCRYPTED_XLSX,
    msg_renamed,
)
from gkdesk.importers.sniffing import check_file, sniff
from tests.fixtures.message_files import (
    docx_long_cell,
    encrypted_ooxml,
    xlsx_named_docx,
    xlsx_with_list_validation,
)
from tests.fixtures.cli_runs import run_process
from tests.fixtures.seed_docs import build_docx, expected_counts

pytestmark = pytest.mark.reliability



def test_real_xlsx_named_docx_is_imported_from_its_content(tmp_path):
    path = xlsx_named_docx(tmp_path)
    assert sniff(path) == "xlsx"
    result = import_file(path)
    assert result.source_format == "xlsx"
    sections, subsections, tasks = result.counts()
    assert (sections, subsections, tasks) == expected_counts["000"]
    assert result.warnings[0] == msg_renamed(path, "xlsx")
    assert "Excel 表格" in result.warnings[0] and "“.docx”" in result.warnings[0]
    assert not any("损坏" in w for w in result.warnings)


def test_real_xlsx_named_docx_on_the_command_line(tmp_path):
    path = xlsx_named_docx(tmp_path)
    proc = run_process("--data-dir", str(tmp_path / "data"), "import", str(path))
    out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    assert proc.returncode == 0, err
    assert "23 个小项，56 项任务" in out and "内容其实是Excel 表格" in out
    assert "已导入（通知编号 1）" in out


@pytest.mark.parametrize("name, program", [("加密.xlsx", "Excel"), ("加密.et", "Excel"), ("加密.docx", "Word")])
def test_password_protected_file_says_so_and_how_to_remove_it(tmp_path, name, program):
    path = encrypted_ooxml(tmp_path, name)
    assert path.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    assert sniff(path) == "encrypted-office"
    with pytest.raises(NoticeImportError) as ei:
        check_file(path)
    msg = str(ei.value)
    assert msg == (MSG_ENCRYPTED_XLSX if program == "Excel" else MSG_ENCRYPTED)
    assert "打开密码" in msg and "用密码进行加密" in msg and "文件 → 文档加密 → 密码加密" in msg
    assert program in msg and "WPS" in msg and "\n" not in msg
    if program == "Excel":
        assert ".docx" not in msg and "Word" not in msg and "保护工作簿" in msg


def test_password_protected_xlsx_on_the_command_line(tmp_path):
    path = encrypted_ooxml(tmp_path)
    proc = run_process("--data-dir", str(tmp_path / "data"), "import", str(path))
    err = proc.stderr.decode("utf-8").strip()
    assert proc.returncode == 2
    assert err == "错误：" + MSG_ENCRYPTED_XLSX
    assert not (tmp_path / "data" / "gkdesk.sqlite3").exists()


def test_15_mb_cell_names_the_cell(tmp_path):
    path, replaced = docx_long_cell(tmp_path)
    assert path.stat().st_size < 1024 * 1024  # compresses to almost nothing: only its text is huge
    with pytest.raises(NoticeImportError) as ei:
        import_file(path)
    msg = str(ei.value)
    assert "损坏" not in msg and "单元格内容过长" in msg and "约 15 MB" in msg
    import re

    row, col = map(int, re.search(r"表格第 (\d+) 行第 (\d+) 列", msg).groups())
    # The cell named is the one pasted over: found in the unmutated seed file with python-docx.
    import docx

    table = docx.Document(str(build_docx("000", tmp_path / "plain.docx"))).tables[0]
    assert row == 4
    assert replaced in table.rows[row - 1].cells[col - 1].text


def _openpyxl_warns(path: Path) -> list[str]:
    import openpyxl

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        openpyxl.load_workbook(path, data_only=True).close()
    return [str(w.message) for w in caught if issubclass(w.category, UserWarning)]


def test_openpyxl_warning_is_kept_out_of_the_import(tmp_path):
    path = xlsx_with_list_validation(tmp_path)
    assert _openpyxl_warns(path), "the fixture no longer makes openpyxl warn"
    # pytest turns warnings into errors here: the import must neither warn nor call the sheet damaged.
    result = import_file(path)
    assert result.counts() == expected_counts["000"]


def test_openpyxl_warning_not_printed_on_the_command_line(tmp_path):
    path = xlsx_with_list_validation(tmp_path)
    proc = run_process("--data-dir", str(tmp_path / "data"), "import", "--dry-run", str(path))
    assert proc.returncode == 0
    assert proc.stderr.decode("utf-8") == ""
    assert proc.stdout.decode("utf-8").splitlines()[1].strip().startswith("6 个部分，23 个小项，56 项任务")
