"""The 汇总 as the office hands it in: .xlsx with a native chart (opened by LibreOffice Calc), the
.docx report in the notice's style with the Qt-drawn charts, and the PDF through Qt's printer."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from gkdesk import summary_ops
from gkdesk.exporters.summary_xlsx import BAR_COLOUR, TABLE_HEADERS
from tests.fixtures.summary_data import OFFICE, SIX, seed_001_store

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def summary(tmp_path, monkeypatch):
    monkeypatch.setenv("GKDESK_TODAY", "2022-09-20")
    store, nid = seed_001_store(tmp_path)
    s = summary_ops.summary_of(store, nid, OFFICE)
    yield s
    store.close()


def soffice_pdf(src: Path, out_dir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice (soffice) is not installed: scripts/setup-debian.sh installs it")
    work = Path(tempfile.mkdtemp(prefix="h13-lo-"))
    try:
        env = dict(os.environ, LANG="zh_CN.UTF-8")
        env.pop("LC_ALL", None)
        subprocess.run([soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out_dir), str(src)],
                       check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out_dir / (src.stem + ".pdf")


def bar_pixels(pdf: Path, page: int, tmp: Path) -> int:
    """Pixels of the chart's bar colour on one page rendered by poppler."""
    from PySide6.QtGui import QColor, QImage

    from gkdesk.printing.pdf import ensure_app

    ensure_app()
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", str(page), "-l", str(page), str(pdf), str(tmp / "p")],
                   check=True)
    img = QImage(str(next(tmp.glob("p*.png"))))
    want = QColor("#" + BAR_COLOUR)
    n = 0
    for y in range(0, img.height(), 2):
        for x in range(0, img.width(), 2):
            c = img.pixelColor(x, y)
            if abs(c.red() - want.red()) < 30 and abs(c.green() - want.green()) < 30 and abs(c.blue() - want.blue()) < 30:
                n += 1
    return n


def test_summary_xlsx_tables_and_native_chart(summary, tmp_path):
    import openpyxl

    path = summary_ops.export_summary(summary, "xlsx", tmp_path / "汇总.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["按单位汇总"]
    assert ws["A1"].value == "江津区2022年政务公开任务分工落实情况汇总"
    assert ws["A3"].value == summary.briefing()
    assert [c.value for c in ws[5]] == list(TABLE_HEADERS)
    rows = {r[1]: r for r in ws.iter_rows(min_row=6, max_row=5 + len(SIX), values_only=True)}
    assert list(rows) == SIX
    for u in summary.units:
        assert rows[u.name][2:] == (u.tasks, u.reported, u.passed, u.sent_back, u.pending, u.empty, u.overdue,
                                    u.done, u.rate / 100, {"正常": "○ 正常", "已逾期": "■ 已逾期",
                                                           "即将到期": "▲ 即将到期"}[u.warning])
    assert ws.cell(6 + len(SIX), 2).value == "合计" and ws.cell(6 + len(SIX), 3).value == summary.total.tasks
    [chart] = ws._charts
    assert chart.tagname == "barChart" and chart.type == "bar"
    ref = chart.series[0].val.numRef.f
    assert ref == f"'按单位汇总'!$K$6:$K${5 + len(SIX)}"
    assert len(wb["按任务部分汇总"]._charts) == 1
    overdue = list(wb["逾期事项"].iter_rows(min_row=4, values_only=True))
    assert [(r[1], r[2]) for r in overdue] == [(o.unit, f"第{o.item_no}项") for o in summary.overdue]
    ranking = [r[1] for r in wb["单位排名"].iter_rows(min_row=4, values_only=True)]
    assert ranking == [u.name for u in summary.ranking()]


def test_summary_xlsx_opens_in_libreoffice_with_its_chart(summary, tmp_path):
    path = summary_ops.export_summary(summary, "xlsx", tmp_path / "汇总.xlsx")
    pdf = soffice_pdf(path, tmp_path / "lo")
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "各单位完成率" in text and "区发展改革委" in text
    # The chart is drawn on page 1 (bars of its colour), not just its title.
    assert bar_pixels(pdf, 1, tmp_path) > 200


def test_summary_docx_report_in_the_notice_style(summary, tmp_path):
    import docx
    from docx.oxml.ns import qn

    path = summary_ops.export_summary(summary, "docx", tmp_path / "汇总报告.docx")
    d = docx.Document(str(path))
    sec = d.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    assert (round(sec.top_margin.mm), round(sec.bottom_margin.mm), round(sec.left_margin.mm),
            round(sec.right_margin.mm)) == (37, 35, 28, 26)

    def east_asia(p):
        return {r._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) for r in p.runs if r.text}

    paras = [p for p in d.paragraphs if p.text]
    assert paras[0].text == "江津区2022年政务公开任务分工\n落实情况汇总" and east_asia(paras[0]) == {"方正小标宋简体"}
    assert paras[1].text == "（截至2022年9月20日）"
    brief = next(p for p in paras if p.text.startswith("截至"))
    assert brief.text == summary.briefing() and east_asia(brief) == {"仿宋_GB2312"}
    heads = [p.text for p in paras if east_asia(p) == {"黑体"}]
    assert heads == ["一、各单位落实情况", "二、各部分落实情况", "三、逾期未办结事项", "四、各单位完成情况排名"]
    unit_table = d.tables[0]
    got = [[c.text for c in row.cells] for row in unit_table.rows]
    assert got[0][:3] == ["序号", "单位", "事项"]
    assert [r[1] for r in got[1:]] == [*SIX, "合计"]
    assert got[1][2:] == [str(summary.units[0].tasks), str(summary.units[0].reported), str(summary.units[0].passed),
                          str(summary.units[0].sent_back), str(summary.units[0].pending),
                          str(summary.units[0].empty), str(summary.units[0].overdue), f"{summary.units[0].rate}%"]
    # Two pictures, PNG bytes drawn by Qt.
    blobs = [r.target_part.blob for r in d.part.rels.values() if "image" in r.reltype]
    assert len(blobs) == 2 and all(b.startswith(PNG) for b in blobs)
    assert paras[-2].text == OFFICE and paras[-1].text == "2022年9月20日"


def test_summary_pdf_through_the_printing_path(summary, tmp_path):
    path = summary_ops.export_summary(summary, "pdf", tmp_path / "汇总.pdf")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    assert f"确定事项{summary.task_count}件" in flat and f"已办结{summary.tasks_done}件" in flat
    assert "四、各单位完成情况排名" in flat and "—1—" in flat
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    objects = {tuple(line.split()[10:12]) for line in images.strip().splitlines()[2:]}
    assert len(objects) == 2  # the two charts (a picture near a page end is also listed on that page)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "595 x 842" in info


def test_a_notice_nobody_reported_on_yet(tmp_path, monkeypatch):
    """Before any 填报表 went out: the 通报 says so, and every export still writes a clean file."""
    monkeypatch.setenv("GKDESK_TODAY", "2022-09-20")
    from gkdesk.importers import import_file
    from gkdesk.store import Store
    from tests.fixtures.seed_docs import build_docx

    store = Store.open(tmp_path / "store")
    nid = store.notices.save_import(import_file(build_docx("001", tmp_path / "n.docx"))).notice_id
    s = summary_ops.summary_of(store, nid, OFFICE)
    store.close()
    assert (s.units, s.sections, s.overdue, s.task_count) == ([], [], [], 0)
    assert s.briefing().endswith("尚未向各单位发放填报表，也没有收到各单位的落实情况。")
    for fmt in ("xlsx", "docx", "pdf"):
        path = summary_ops.export_summary(s, fmt, tmp_path / f"空.{fmt}")
        assert path.stat().st_size > 3000
