"""gkdesk-cli speaks Chinese for its own usage errors, and says so when a form is exported for a
unit the notice does not name (adding nothing to the unit list)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from gkdesk.cli import EXIT_INPUT, argparse_zh, main
from gkdesk.store import Store
from tests.fixtures.seed_docs import seed_dir

SEEDS = seed_dir()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's own exits
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def no_english(text: str) -> list[str]:
    """English words of argparse's own messages (option names and metavars aside)."""
    words = re.findall(r"\b(?:usage|error|the following|required|unrecognized|invalid choice|expected|argument|choose from|options)\b", text)
    return words


@pytest.mark.parametrize("argv, says", [
    (["export", "roster", "--notice", "1", "--format", "docx", "-o", "x.docx"], "缺少必需的参数：--unit"),
    (["--bogus", "list"], "无法识别的参数：--bogus"),
    (["export", "completion", "--notice", "1", "--format", "odt", "-o", "x"], "参数 --format 的取值 'odt' 无效"),
    (["export", "completion", "--notice"], "参数 --notice 后面需要一个值"),
    ([], "缺少必需的参数：命令"),
])
def test_usage_errors_are_in_chinese(data_home, capsys, argv, says):
    code, out, err = run(capsys, *argv)
    assert code == EXIT_INPUT and out == ""
    assert says in err and "用法：gkdesk-cli" in err and "错误：" in err
    assert no_english(err) == []


def test_help_is_in_chinese(capsys):
    code, out, _err = run(capsys, "export", "completion", "-h")
    assert code == 0 and out.startswith("用法：gkdesk-cli export completion")
    assert "选项：" in out and "显示本帮助并退出" in out and no_english(out) == []


def test_unknown_messages_are_kept():
    assert argparse_zh("something new") == "something new"


@pytest.fixture
def imported(data_home, capsys):
    for sid in ("000", "001"):
        assert main(["import", str(next(SEEDS.glob(f"{sid}_*.txt")))]) == 0
    capsys.readouterr()
    return data_home


def unit_names(home: Path) -> set[str]:
    st = Store.open(home)
    try:
        return {u.name for u in st.units.list_units()}
    finally:
        st.close()


def test_export_for_a_unit_the_notice_does_not_name_says_so_and_adds_nothing(imported, capsys, tmp_path):
    before = unit_names(imported)
    out_file = tmp_path / "火星局.docx"
    code, _out, err = run(capsys, "export", "completion", "--notice", "江津府办发〔2022〕97号", "--unit", "火星局",
                         "--format", "docx", "-o", str(out_file))
    assert code == 0 and out_file.exists()
    assert "通知中没有点名“火星局”" in err and "区政府各部门" in err and "未将它加入" in err
    assert unit_names(imported) == before
    code, _out, err = run(capsys, "export", "roster", "--notice", "2", "--unit", "火星局", "--format", "xlsx",
                          "-o", str(tmp_path / "r.xlsx"))
    assert code == 0 and "通知中没有点名“火星局”" in err
    assert unit_names(imported) == before


def test_a_town_reached_through_gezhen_is_told_which_group_word(imported, capsys, tmp_path):
    code, out, err = run(capsys, "export", "completion", "--notice", "2", "--unit", "几江街道",
                         "--format", "xlsx", "-o", str(tmp_path / "t.xlsx"))
    assert code == 0 and "20 行" in out
    assert "写给它所属统称（各镇（街道））的 20 项任务" in err


def test_a_named_unit_exports_quietly(imported, capsys, tmp_path):
    code, out, err = run(capsys, "export", "completion", "--notice", "1", "--unit", "区财政局",
                         "--format", "docx", "-o", str(tmp_path / "c.docx"))
    assert code == 0 and err == "" and "已导出附件1" in out


def test_a_name_that_matches_no_task_exports_nothing(imported, capsys, tmp_path):
    out_file = tmp_path / "x.docx"
    code, _out, err = run(capsys, "export", "completion", "--notice", "1", "--unit", "张三",
                         "--format", "docx", "-o", str(out_file))
    assert code == EXIT_INPUT and not out_file.exists()
    assert "没有交办给“张三”的任务" in err
    assert "张三" not in unit_names(imported)
