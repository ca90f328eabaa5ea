"""Notices straight from the government web page: saved .html/.mht and HTML on the clipboard.

Pages are written here in the layouts seen on real sites; seed 002's content is laid out as the web
table it came from (rowspans where the text copy shows short rows) and must give the .docx tree.
"""
from __future__ import annotations

import quopri
import time
from datetime import date

import pytest

from gkdesk.domain.model import NoticeImportError
from gkdesk.importers import import_file, import_html
from tests.fixtures.seed_docs import WEB_FOOT_002 as FOOT
from tests.fixtures.seed_docs import WEB_HEAD_002 as HEAD
from tests.fixtures.seed_docs import build_docx, web_table


def tree(result) -> list:
    return [(s.title, ss.title, t.number, t.title, t.text, t.lead, t.responsible, t.deadline.due)
            for s in result.sections for ss in s.subsections for t in ss.tasks]


def test_seed_002_as_its_web_table_gives_the_docx_tree(tmp_path):
    page = HEAD.format(cs="utf-8") + web_table("002") + FOOT
    f = tmp_path / "通知.html"
    f.write_text(page, encoding="utf-8")
    r = import_file(f)
    assert r.counts() == (5, 16, 45)
    assert tree(r) == tree(import_file(build_docx("002", tmp_path / "002.docx")))
    t = next(t for t in r.tasks() if t.text.startswith("密切关注涉及工资拖欠方面的舆情"))
    assert (t.lead, t.responsible) == (["区委网信办"], ["区人力社保局"])
    n = r.notice
    assert n.doc_number == "梁平府办发〔2021〕37号"
    assert n.title == "重庆市梁平区人民政府办公室关于印发贯彻落实市政府办公厅2021年政务公开工作要点任务分工的通知"
    assert n.date == date(2021, 5, 31)
    assert r.source_format == "html"
    # The site's navigation and footer are not tasks, and the script never ran.
    assert not any("ICP" in t.text or "首页" in t.text for t in r.tasks())


@pytest.mark.parametrize("sid", ["000", "001", "003"])
def test_other_seeds_as_web_tables(tmp_path, sid):
    page = "<html><body>" + web_table(sid) + "</body></html>"
    r = import_html(page)
    assert tree(r) == tree(import_file(build_docx(sid, tmp_path / f"{sid}.docx")))


BANNER_PAGE = """<html><body><p>XX区2023年政务公开工作要点任务分工</p><table>
<tr><th>序号</th><th>工作任务</th><th>工作要求</th><th>牵头单位</th><th>配合/责任单位</th><th>完成时限</th></tr>
<tr><td colspan="6"><b>一、以公开助力经济发展</b></td></tr>
<tr><td colspan="6"><strong>（一）加强市场主体信息公开。</strong></td></tr>
<tr><td>1</td><td>1.主动公开优化营商环境政策</td><td>公开优化营商环境政策<p>及时更新解读材料。</p></td>
    <td>区发展改革委</td><td>区政府各部门</td><td>2023年6月底前</td></tr>
<tr><td>2</td><td>2.公开减税降费政策</td><td>公开2023年度税费优惠指南。</td><td>&nbsp;</td><td>区财政局、区税务局</td><td>持续推进</td></tr>
<tr><td colspan="6"><b>二、夯实公开工作基础</b></td></tr>
<tr><td colspan="6"><b>（一）规范依申请公开。</b></td></tr>
<tr><td>3</td><td>3.规范答复文书</td><td>规范依申请公开答复文书格式。</td><td>区司法局</td><td>各镇街</td><td>2023年12月31日前</td></tr>
</table></body></html>"""


def test_full_width_section_rows_and_a_short_title_column():
    r = import_html(BANNER_PAGE)
    assert r.counts() == (2, 2, 3)
    assert [s.title for s in r.sections] == ["一、以公开助力经济发展", "二、夯实公开工作基础"]
    t1, t2, t3 = r.tasks()
    assert t1.number == "1"
    assert t1.title == "1.主动公开优化营商环境政策"  # the short title is kept, first
    assert t1.text == "公开优化营商环境政策\n及时更新解读材料。"  # <p> inside a cell is a line break
    assert (t1.lead, t1.responsible, t1.deadline.due) == (["区发展改革委"], ["区政府各部门"], date(2023, 6, 30))
    assert t2.lead == []  # an &nbsp; cell is genuinely empty, not merged
    assert t2.responsible == ["区财政局", "区税务局"]
    assert t3.deadline.due == date(2023, 12, 31)
    roles = [c.role for c in r.columns]
    assert roles == ["number", "title", "text", "lead", "responsible", "deadline"]
    assert [c.header for c in r.columns][2:5] == ["工作要求", "牵头单位", "配合/责任单位"]


SECTION_COLUMN_PAGE = """<table>
<tr><td>主要工作任务</td><td>任务内容</td><td>牵头单位</td><td>责任单位</td></tr>
<tr><td rowspan="3">一、深化重点领域信息公开</td><td>公开财政预决算信息。</td><td rowspan="2">区财政局</td><td>区政府各部门</td></tr>
<tr><td>公开政府债务信息。</td><td>区发展改革委</td></tr>
<tr><td>公开重大建设项目信息。</td><td>区发展改革委</td><td>各镇街</td></tr>
<tr><td>二、加强平台建设</td><td>规范政府网站管理。</td><td>区政府办公室</td><td>区政府各部门</td></tr>
</table>"""


def test_a_section_column_spanning_its_rows():
    r = import_html(SECTION_COLUMN_PAGE)
    assert r.counts() == (2, 0, 4)
    assert [len(s.subsections[0].tasks) for s in r.sections] == [3, 1]
    assert r.sections[0].subsections[0].title == ""
    t2 = r.tasks()[1]
    assert (t2.lead, t2.responsible) == (["区财政局"], ["区发展改革委"])  # lead from the rowspan


def test_gbk_page_honours_meta_charset(tmp_path):
    page = HEAD.format(cs="gb2312") + web_table("002") + FOOT
    f = tmp_path / "通知.htm"
    f.write_bytes(page.encode("gbk"))
    r = import_file(f)
    assert r.counts() == (5, 16, 45)
    assert r.notice.doc_number == "梁平府办发〔2021〕37号"


def test_mht_with_quoted_printable_html(tmp_path):
    page = (HEAD.format(cs="gb2312") + web_table("002") + FOOT).encode("gbk")
    body = quopri.encodestring(page).decode("ascii")
    mht = (
        "From: <Saved by Blink>\r\nSubject: =?utf-8?B?6YCa55+l?=\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; type="text/html"; boundary="----B"\r\n\r\n'
        "------B\r\nContent-Type: text/html; charset=gb2312\r\nContent-Transfer-Encoding: quoted-printable\r\n"
        "Content-Location: http://www.cqlp.gov.cn/zwgk/1.html\r\n\r\n" + body + "\r\n------B--\r\n"
    )
    f = tmp_path / "通知.mht"
    f.write_bytes(mht.encode("ascii"))
    r = import_file(f)
    assert r.counts() == (5, 16, 45)
    assert r.source_format == "html"


def test_hostile_pages_are_bounded(tmp_path):
    nested = "<table><tr><td>" * 3000 + "x" + "</td></tr></table>" * 3000
    with pytest.raises(NoticeImportError):
        import_html(nested)
    # Unclosed cells and rows, as hand-edited pages have: still the same tree.
    broken = BANNER_PAGE.replace("</td>", "").replace("</tr>", "").replace("</table>", "")
    assert tree(import_html(broken)) == tree(import_html(BANNER_PAGE))
    # A fragment that is no task table: a result that says what it guessed, never a crash.
    fragment = import_html("<table><tr><td>一、部分<td>牵头单位<tr><td>（一）<td>")
    assert "未找到可识别的表头" in fragment.warnings[0]
    big = ["<table><tr><td>工作任务</td><td>贯彻举措</td><td>牵头单位</td><td>责任单位</td></tr>",
           "<tr><td rowspan='99999'>一、大表</td><td>任务0</td><td>区财政局</td><td>各镇街</td></tr>"]
    big += [f"<tr><td>任务{i}。</td><td>区财政局</td><td>各镇街</td></tr>" for i in range(1, 10_000)]
    t0 = time.monotonic()
    r = import_html("".join(big) + "</table>")
    assert len(r.tasks()) == 10_000
    assert r.tasks()[-1].responsible == ["各镇街"]
    assert time.monotonic() - t0 < 60


def test_reading_a_page_does_not_load_the_email_package():
    """Only a .mht archive needs the email package; importing the HTML reader leaves it unloaded."""
    import subprocess
    import sys

    code = "import sys, gkdesk.importers.html_reader; print('email.policy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
