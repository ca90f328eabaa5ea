"""Qt printing of the two forms: PDF pages, orientation, fonts, header repeat, page numbers."""
from __future__ import annotations

import shutil
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest

from gkdesk.domain.forms import CompletionForm, CompletionRow, RosterForm
from gkdesk.printing.grid import completion_grid, roster_grid
from gkdesk.printing.html_forms import MAX_CELL_CHARS
from gkdesk.printing.pdf import export_pdf, print_with_preview
from tests.fixtures.pdf_text import flat
from tests.fixtures.seed_docs import seed_dir

SEEDS = seed_dir()
HEADERS = [
    ("重点任务", "section"),
    ("重点任务", "subsection"),
    ("贯彻举措", "text"),
    ("牵头单位", "lead"),
    ("责任单位", "responsible"),
    ("完成时限", "deadline"),
    ("完成情况", "completion"),
]

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdfinfo") and shutil.which("pdftotext") and shutil.which("pdffonts")),
    reason="poppler-utils not installed",
)


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def pdf_text(path: Path, first: int | None = None, last: int | None = None, mode: str = "-raw") -> str:
    """Text in drawing order (-raw keeps a wrapped cell together) or as laid out (-layout)."""
    cmd = ["pdftotext", mode]
    if first:
        cmd += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run(cmd + [str(path), "-"], capture_output=True, text=True, check=True).stdout


def page_size(path: Path) -> tuple[float, float]:
    """(width, height) in pt; Qt writes whole points (842 x 595), Word/LibreOffice 841.89 x 595.28."""
    w, _, h = pdf_info(path)["Page size"].split()[:3]
    return float(w), float(h)


def is_a4(path: Path, landscape: bool) -> bool:
    w, h = page_size(path)
    if landscape:
        w, h = h, w
    return abs(w - 595.28) < 1 and abs(h - 841.89) < 1


def has(text: str, *needles: str) -> bool:
    """Every needle in text, ignoring white space, width forms and radical look-alikes."""
    t = flat(text)
    missing = [n for n in needles if flat(n) not in t]
    assert not missing, f"missing {missing} in {t[:300]}…"
    return True


def cjk_fonts_embedded(path: Path) -> list[str]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    cjk = ("CJK", "Hei", "Song", "Fang", "Kai", "WenQuanYi", "WQY", "SimSun", "Han")
    # columns: name type... emb sub uni id gen; "emb" is the 5th from the end
    return [r[0] for r in rows if len(r) >= 6 and r[-5] == "yes" and any(k.lower() in r[0].lower() for k in cjk)]


def hand_form(n: int = 40) -> CompletionForm:
    rows = []
    for i in range(1, n + 1):
        rows.append(
            CompletionRow(
                section="一、围绕重点领域加强信息公开" if i <= n // 2 else "二、围绕优化营商环境加强政策发布",
                subsection=f"（{(i - 1) // 5 + 1}）第{(i - 1) // 5 + 1}个小节",
                number=str(i),
                text=f"{i}．任务第{i}项：依法公开本机关的工作职能、机构设置等信息。",
                lead="财政局",
                responsible="管委会各部门、各镇街",
                deadline="2020年12月底前",
                completion=f"第{i}项已完成\n另起一行<b>不是标签</b> & 😀 𠀀" if i % 3 else "",
            )
        )
    return CompletionForm(
        title="万盛经开区2020年政务公开工作要点任务分工",
        label="附件1",
        unit="财政局",
        filled_on=date(2020, 12, 1),
        headers=list(HEADERS),
        rows=rows,
    )


def hand_roster(empty: bool = False) -> RosterForm:
    cols = ["姓名", "职务", "联系电话", "备注"]
    people = [["张三", "科员", "13812345678", ""], ["李四", "副科长", "023-85276112", "兼管网站"]]
    return RosterForm(
        label="附件2",
        title="全区政府信息公开工作人员名单",
        unit="财政局",
        filled_on=None if empty else date(2020, 8, 13),
        columns=cols,
        blocks=[
            ("政府信息公开工作负责人", [["", "", "", ""]]),
            ("政府信息公开工作人员", [["", "", "", ""]] if empty else people),
        ],
    )


# ---------------------------------------------------------------- HTML


def test_completion_grid_merges_and_keeps_text_as_typed():
    grid = completion_grid(hand_form(10))
    assert grid.header[0] == ("重点任务", 2)  # one header cell over section + subsection
    assert grid.merges[0] == [(0, 5), (5, 5)] and grid.merges[1] == [(0, 5), (5, 5)]
    # Cells are plain text (no HTML): what the clerk typed prints as typed.
    assert grid.rows[0][6] == "第1项已完成\n另起一行<b>不是标签</b> & 😀 𠀀"


def test_cell_text_is_capped():
    form = hand_form(2)
    form.rows[0].completion = "长" * 2_000_000
    cell = completion_grid(form).rows[0][6]
    assert len(cell) < MAX_CELL_CHARS + 100 and "全文共2000000字" in cell


def test_roster_grid_category_merged():
    grid = roster_grid(hand_roster())
    assert grid.merges == {0: [(0, 1), (1, 2)]} and grid.header[0] == ("类\u3000别", 1)
    assert grid.rows[2] == ["政府信息公开工作人员", "李四", "副科长", "023-85276112", "兼管网站"]


# ---------------------------------------------------------------- PDF


@needs_poppler
def test_completion_pdf_landscape_numbered_header_repeated(qapp, tmp_path):
    out = tmp_path / "completion.pdf"
    pages = export_pdf(hand_form(40), out)
    info = pdf_info(out)
    assert int(info["Pages"]) == pages >= 2
    assert is_a4(out, landscape=True)
    assert cjk_fonts_embedded(out), "no CJK font embedded (install fonts-noto-cjk)"
    page1 = pdf_text(out, 1)
    assert has(page1, "附件1", "万盛经开区2020年政务公开工作要点任务分工", "填报单位：财政局", "填报日期：2020年12月1日")
    assert has(page1, "1．任务第1项：依法公开本机关的工作职能", "第1项已完成", "另起一行<b>不是标签</b>")
    assert has(page1, "— 1 —") and not has_text(page1, "— 2 —")
    page2 = pdf_text(out, 2)  # -raw: a header word on two lines (牵头/单位) reads as one
    assert has(page2, "重点任务", "贯彻举措", "牵头单位", "责任单位", "完成时限", "完成情况", "— 2 —")
    assert has(pdf_text(out), "40．任务第40项", f"— {pages} —")


def has_text(text: str, needle: str) -> bool:
    return flat(needle) in flat(text)


@needs_poppler
def test_roster_pdf_portrait(qapp, tmp_path):
    out = tmp_path / "roster.pdf"
    assert export_pdf(hand_roster(), out) == 1
    assert pdf_info(out)["Pages"] == "1" and is_a4(out, landscape=False)
    text = pdf_text(out)
    assert has(text, "附件2", "全区政府信息公开工作人员名单", "单位（公章）：财政局", "填报日期：2020年8月13日")
    assert has(text, "类别", "姓名", "联系电话", "政府信息公开工作人员", "13812345678", "023-85276112", "兼管网站", "— 1 —")
    assert cjk_fonts_embedded(out)


@needs_poppler
def test_empty_roster_prints_blank_form(qapp, tmp_path):
    out = tmp_path / "blank.pdf"
    export_pdf(hand_roster(empty=True), out)
    assert has(pdf_text(out), "政府信息公开工作负责人", "姓名", "填报日期：年月日")


@needs_poppler
def test_bad_values_do_not_hang(qapp, tmp_path):
    form = hand_form(5)
    form.rows[1].completion = "完成" * 1_000_000  # 2 MB of text
    form.rows[2].completion = "表情😀、扩展B区𠀀、控制字符\x0b之后"
    form.rows[3].completion = "x" * 50_000  # one unbreakable word
    out = tmp_path / "bad.pdf"
    t0 = time.monotonic()
    pages = export_pdf(form, out)
    assert time.monotonic() - t0 < 30
    assert int(pdf_info(out)["Pages"]) == pages < 100
    assert has(pdf_text(out), "全文共2000000字", "扩展B区", "全文共50000字")


def test_export_pdf_rejects_non_form(qapp, tmp_path):
    with pytest.raises(TypeError):
        export_pdf(object(), tmp_path / "x.pdf")


def test_export_pdf_unwritable_path_is_an_oserror(qapp, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(OSError):
        export_pdf(hand_roster(), blocker / "x.pdf")


def test_print_preview_opens_and_closes(qtbot, tmp_path):
    dialog = print_with_preview(hand_roster())
    qtbot.waitUntil(dialog.isVisible)
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible())


# ---------------------------------------------------------------- seed 000 through the store


@pytest.fixture
def seed_store(store, import_seed):
    store.nid = import_seed("000")  # type: ignore[attr-defined]
    store.completions.set_completion(10, "财政局", status="已完成", text="已在政府网站发布稳金融政策解读3篇。")
    return store


@needs_poppler
@pytest.mark.parametrize("unit", ["财政局", None])
def test_seed_000_completion_pdf(qapp, seed_store, tmp_path, unit):
    from gkdesk.store.forms import completion_form

    form = completion_form(seed_store, seed_store.nid, unit, today=date(2020, 12, 1))
    out = tmp_path / "seed000.pdf"
    pages = export_pdf(form, out)
    info = pdf_info(out)
    assert int(info["Pages"]) == pages >= 2 and is_a4(out, landscape=True)
    text = pdf_text(out)
    assert has(text, "万盛经开区2020年政务公开工作要点任务分工", "已在政府网站发布稳金融政策解读3篇")
    assert has(text, *(row.text[:12] for row in form.rows))
    assert has(pdf_text(out, 2), "重点任务", "贯彻举措", "牵头单位", "责任单位", "完成情况", "— 2 —")
    assert cjk_fonts_embedded(out)


def test_export_pdf_headless_subprocess(tmp_path):
    """The CLI path: no QApplication yet, no QT_QPA_PLATFORM → an offscreen one is made."""
    import os
    import sys

    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    repo = str(Path(__file__).resolve().parents[1])
    code = (
        f"import sys; sys.path.insert(0, {repo!r})\n"
        "from gkdesk.domain.forms import RosterForm\n"
        "from gkdesk.printing.pdf import export_pdf\n"
        "form = RosterForm('附件2', '人员名单', '财政局', None, ['姓名'], [('负责人', [['张三']])])\n"
        f"print(export_pdf(form, {str(tmp_path / 'r.pdf')!r}))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], check=False, env=env, capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "1" and (tmp_path / "r.pdf").stat().st_size > 1000
