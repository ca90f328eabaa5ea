"""附件1 has one name wherever the clerk reads it: menus, the welcome page, CLI output, the Excel sheet."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from gkdesk import cli
from gkdesk.domain.forms import COMPLETION_FORM, COMPLETION_LABEL, ROSTER_FORM
from gkdesk.domain.model import ImportResult, Notice, Section, Subsection, Task
from gkdesk.store.forms import completion_form, roster_form
from gkdesk.exporters.xlsx_forms import export_completion_xlsx, export_roster_xlsx

NAME = "任务分工落实情况表"
# The names 附件1 went by before; none may come back in a string the clerk reads.
OLD_NAMES = ("完成情况表", "落实情况表", "工作任务落实情况")  # and a sheet called 落实情况
PACKAGE = Path(__file__).resolve().parents[1] / "gkdesk"


def small_notice() -> ImportResult:
    return ImportResult(
        notice=Notice(doc_number="万盛经开办〔2020〕9号", year=2020),  # no table title of its own
        sections=[Section("一、围绕贯彻落实党的十九届四中全会精神加强用权公开", [Subsection("", [
            Task("全面推进基层政务公开标准化规范化工作。", number="1", lead=["区财政局"]),
        ])])],
    )


@pytest.fixture
def stored(store):
    nid = store.notices.save_import(small_notice()).notice_id
    store.completions.set_completion(store.notices.load_result(nid).tasks()[0].id, "区财政局",
                                     status="已完成", text="已完成标准目录编制。")
    return store, nid


def test_the_name_is_the_seeds_own_words():
    assert (COMPLETION_LABEL, COMPLETION_FORM, ROSTER_FORM) == ("附件1", NAME, "人员名单")


def test_exported_workbook_sheet_and_fallback_title(stored, tmp_path):
    store, nid = stored
    form = completion_form(store, nid, "区财政局", date(2020, 12, 1))
    assert (form.label, form.title) == ("附件1", NAME)  # the notice had no table title
    wb = openpyxl.load_workbook(export_completion_xlsx(form, tmp_path / "f.xlsx"))
    assert wb.sheetnames == [NAME]
    assert wb[NAME]["A1"].value == "附件1" and wb[NAME]["A2"].value == NAME
    roster = openpyxl.load_workbook(export_roster_xlsx(roster_form(store, nid, "区财政局"), tmp_path / "r.xlsx"))
    assert roster.sheetnames == ["人员名单"]


def test_cli_says_the_name(stored, data_home, tmp_path, capsys):
    code = cli.main(["export", "completion", "--notice", "万盛经开办〔2020〕9号", "--unit", "区财政局",
                     "--format", "xlsx", "-o", str(tmp_path / "f.xlsx")])
    out = capsys.readouterr().out
    assert code == 0 and out.startswith(f"已导出附件1{NAME}（区财政局，1 行）")
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert f"导出附件1{NAME}或附件2人员名单" in capsys.readouterr().out


def test_desk_menus_and_welcome_say_the_name(qtbot, stored):
    from PySide6.QtWidgets import QMenu

    from gkdesk.ui.main_window import MainWindow
    from gkdesk.ui.welcome import WelcomeDialog

    store, _ = stored
    window = MainWindow(store, date(2020, 9, 1))
    qtbot.addWidget(window)
    texts = [a.text() for menu in window.menuBar().findChildren(QMenu) for a in menu.actions()]
    assert texts.count(f"本单位{NAME}（附件1）…") == 2  # 导出 and 打印
    assert texts.count(f"整份通知{NAME}（附件1）…") == 2
    welcome = WelcomeDialog(store)
    qtbot.addWidget(welcome)
    assert f"附件1{NAME}" in welcome.intro.text()
    window.close()


def _clerk_strings(path: Path) -> list[str]:
    """Every string literal of a module except docstrings (those describe, the clerk never reads them)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def test_no_other_name_for_the_form_in_the_code():
    found = [
        (str(p.relative_to(PACKAGE)), s)
        for p in sorted(PACKAGE.rglob("*.py"))
        for s in _clerk_strings(p)
        if s == "落实情况" or any(old in s.replace(NAME, "") for old in OLD_NAMES)
    ]
    assert found == []
