"""The printed 附件2 has the .docx's columns: 区教委 fills its 人员名单 for seed 001's notice, sends
the .docx and prints the PDF to stamp; the two tables share the type area alike (类别 42 mm, 姓名
and 备注 narrow, 职务 and 联系电话 wide), because both take their widths from one rule
(exporters/layout.roster_widths_mm). Print used to have its own shares (类别 28 %, 联系电话 24 %),
so the printed columns stood up to 7 mm off the .docx's.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from gkdesk.domain.forms import DEFAULT_ROSTER, RosterForm
from gkdesk.exporters.output import write_form
from gkdesk.printing.pdf import MARGINS_MM
from gkdesk.store.forms import roster_form
from tests.fixtures.pdf_text import flat

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
CATS = DEFAULT_ROSTER.categories


@pytest.fixture
def store(store, import_seed):
    store.nid = import_seed("001")  # type: ignore[attr-defined]
    return store


def filled_roster(store) -> RosterForm:
    store.rosters.save_roster(store.nid, "区教委", {
        CATS[0]: [{"姓名": "张三", "职务": "副主任", "联系电话": "13812345678", "备注": "兼管网站"}],
        CATS[1]: [{"姓名": "李四", "职务": "科长", "联系电话": "023-85276112"}],
    })
    return roster_form(store, store.nid, "区教委", today=date(2020, 8, 13))


def wide_roster() -> RosterForm:
    """A notice whose 附件2 asks for six columns: 类别 is narrower there (34 mm in the .docx)."""
    return RosterForm(label="附件2", title="政务公开工作人员名单", unit="区教委", filled_on=date(2020, 8, 13),
                      columns=["姓名", "职务", "联系电话", "手机", "电子邮箱", "备注"],
                      blocks=[(CATS[0], [["张三", "副主任", "85276112", "13812345678", "zs@cq.gov.cn", ""]])])


def docx_grid_mm(path: Path) -> list[float]:
    """The .docx table's w:gridCol widths in mm."""
    grid = Document(str(path)).tables[0]._tbl.tblGrid
    return [int(col.get(qn("w:w"))) / 1440 * 25.4 for col in grid.findall(qn("w:gridCol"))]


def printed_columns(form: RosterForm, pdf: Path, monkeypatch) -> list[float]:
    """The column widths print draws the table with (device pixels), from a real PDF export."""
    import gkdesk.printing.table_pages as table_pages

    layouts = []
    real = table_pages.paginate

    def paginate(layout, *a):
        layouts.append(layout)
        return real(layout, *a)

    monkeypatch.setattr(table_pages, "paginate", paginate)
    write_form(form, pdf)
    [layout] = layouts
    return list(layout.col_w)


def shares(widths: list[float]) -> list[float]:
    return [w / sum(widths) for w in widths]


@pytest.mark.parametrize("wide", [False, True], ids=["seed-001-default-form", "six-columns"])
def test_printed_roster_columns_have_the_docx_shares(qapp, store, tmp_path, monkeypatch, wide):
    form = wide_roster() if wide else filled_roster(store)
    docx_mm = docx_grid_mm(write_form(form, tmp_path / "名单.docx").path)
    assert len(docx_mm) == 1 + len(form.columns)
    assert round(docx_mm[0]) == (34 if wide else 42)  # 类别, as the .docx has always written it
    printed = printed_columns(form, tmp_path / "名单.pdf", monkeypatch)
    assert len(printed) == len(docx_mm)
    # Equal within the .docx's rounding to whole twips (1/1440 in of 156 mm: < 0.0002 a share).
    for c, (p, d) in enumerate(zip(shares(printed), shares(docx_mm))):
        assert abs(p - d) < 5e-4, (c, p, d)


def header_centres_mm(pdf: Path) -> dict[str, float]:
    """Page 1's header words (centred in their cells) → the x of their middle, mm from the page's edge."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', out)
    return {flat(t): (float(a) + float(b)) / 2 * 25.4 / 72 for a, b, t in words}


@needs_poppler
def test_printed_header_words_stand_over_the_docx_columns(qapp, store, tmp_path):
    """On the printed page itself, each header word stands in the middle of the .docx's column:
    the table starts at the left margin (it fills the type area) and its columns are the .docx's."""
    form = filled_roster(store)
    docx_mm = docx_grid_mm(write_form(form, tmp_path / "名单.docx").path)
    centres = header_centres_mm(write_form(form, tmp_path / "名单.pdf").path)
    left = MARGINS_MM[0]
    for c, word in enumerate(form.columns, start=1):  # 类　别 reads as two words: the columns after it
        expected = left + sum(docx_mm[:c]) + docx_mm[c] / 2
        assert abs(centres[flat(word)] - expected) < 0.5, (word, centres[flat(word)], expected)
