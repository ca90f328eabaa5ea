"""Issue 15: the shapes real province and city notices use, each built in code and imported.

Every fixture is a small grid in the seeds' vocabulary (tests/fixtures/shapes.py builds the real
.docx / .xlsx / .html with true merges); every expectation below was written by hand from the grid:
counts, and for every task its number, title, lead, responsible and deadline text.
"""
from __future__ import annotations

from datetime import date

import pytest

from gkdesk.importers import import_file, import_html
from tests.fixtures.shapes import (DEADLINES, HEAD, TASK_FIRST, build_prose_docx, build_shape_docx, build_shape_html,
                                   build_shape_xlsx, province_grid)

def fields(result) -> list[tuple]:
    """(number, title, lead, responsible, deadline text) of every task, in order."""
    return [(t.number, t.title, t.lead, t.responsible, t.deadline.text) for t in result.tasks()]


def imported(fmt: str, grid, tmp_path, head=HEAD):
    if fmt == "docx":
        return import_file(build_shape_docx(tmp_path / "n.docx", grid, head))
    if fmt == "xlsx":
        return import_file(build_shape_xlsx(tmp_path / "n.xlsx", grid, title=head[-1]))
    return import_html(build_shape_html(grid, head))


FORMATS = ["docx", "html", "xlsx"]


# -- shape 1: other column orders and words ------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_task_first_requirement_last_keeps_title_and_text(tmp_path, fmt):
    r = imported(fmt, TASK_FIRST, tmp_path)
    assert r.counts() == (2, 0, 3)
    assert [(c.header, c.role) for c in r.columns] == [
        ("工作任务", "title"), ("牵头单位", "lead"), ("责任单位", "responsible"), ("工作要求", "text")]
    assert fields(r) == [
        ("", "完善主动公开目录", ["区政府办公室"], ["各镇街", "区政府各部门"], "2021年底前"),
        ("", "规范依申请公开", ["区司法局"], ["区政府各部门"], ""),
        ("", "做好政策解读", ["区政府办公室"], ["区政府各部门"], ""),
    ]
    assert r.tasks()[1].text == "健全依申请公开登记、审核、办理、答复流程。"
    # No 完成时限 column: the date named in the requirement is the deadline, marked as from the text.
    first = r.tasks()[0].deadline
    assert (first.kind, first.due, first.source) == ("date", date(2021, 12, 31), "text")


SECTION_OFFICES = [
    ["工作任务", "具体要求", "责任科室", "时限要求"],
    ["推进决策公开", "公开重大行政决策事项目录。", "办公室、法制科", "2021年6月底前"],
    ["做好数据发布", "按季度发布主要统计数据。", "统计科", "每季度"],
    ["加强平台建设", "优化政府网站栏目设置。", "信息中心", "长期坚持"],
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_requirement_office_and_time_columns(tmp_path, fmt):
    r = imported(fmt, SECTION_OFFICES, tmp_path)
    assert [(c.header, c.role) for c in r.columns] == [
        ("工作任务", "title"), ("具体要求", "text"), ("责任科室", "responsible"), ("时限要求", "deadline")]
    assert r.counts() == (1, 0, 3)
    assert fields(r) == [
        ("", "推进决策公开", [], ["办公室", "法制科"], "2021年6月底前"),
        ("", "做好数据发布", [], ["统计科"], "每季度"),
        ("", "加强平台建设", [], ["信息中心"], "长期坚持"),
    ]
    assert [t.deadline.kind for t in r.tasks()] == ["date", "periodic", "ongoing"]
    assert r.tasks()[0].deadline.source == "column"


COOPERATING = [
    ["序号", "主要任务", "牵头单位", "配合单位", "完成时限"],
    ["1", "公开财政预决算和三公经费。", "区财政局", "区政府各部门", "2021年9月底前"],
    ["2", "公开重大建设项目批准和实施信息。", "区发展改革委", "区住房城乡建委、区交通局", "2021年12月底前"],
]
COOPERATING_OR_RESPONSIBLE = [
    ["重点任务", "工作措施", "牵头单位", "配合/责任单位"],
    ["一、推进重点领域信息公开", "公开义务教育招生入学信息。", "区教委", "各镇街"],
    ["^", "公开社会救助政策和办理流程。", "区民政局", "区财政局、各镇街"],
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_cooperating_unit_columns_are_responsible(tmp_path, fmt):
    r = imported(fmt, COOPERATING, tmp_path)
    assert r.counts() == (1, 0, 2)
    assert [c.role for c in r.columns] == ["number", "text", "lead", "responsible", "deadline"]
    assert fields(r) == [
        ("1", "", ["区财政局"], ["区政府各部门"], "2021年9月底前"),
        ("2", "", ["区发展改革委"], ["区住房城乡建委", "区交通局"], "2021年12月底前"),
    ]
    r = imported(fmt, COOPERATING_OR_RESPONSIBLE, tmp_path)
    assert [c.role for c in r.columns] == ["section", "text", "lead", "responsible"]
    assert r.counts() == (1, 0, 2)
    assert fields(r) == [("", "", ["区教委"], ["各镇街"], ""), ("", "", ["区民政局"], ["区财政局", "各镇街"], "")]


# -- shape 2: numbers inside the title column ----------------------------------------------------

NUMBERED_TITLES = [
    ["工作任务", "工作要求", "牵头单位", "责任单位"],
    ["1.主动公开财政信息", "细化部门预决算公开内容。", "区财政局", "区政府各部门"],
    ["2．推进重大项目公开", "公开重大建设项目审批信息。", "区发展改革委", "各镇街"],
    ["3、做好政策解读", "同步发布政策解读材料。", "区政府办公室", "区政府各部门"],
]
PAREN_TITLES = [
    ["工作任务", "工作要求", "牵头单位", "责任单位"],
    ["（1）主动公开财政信息", "细化部门预决算公开内容。", "区财政局", "区政府各部门"],
    ["（2）推进重大项目公开", "公开重大建设项目审批信息。", "区发展改革委", "各镇街"],
    ["（3）做好政策解读", "同步发布政策解读材料。", "区政府办公室", "区政府各部门"],
]


@pytest.mark.parametrize("grid", [NUMBERED_TITLES, PAREN_TITLES], ids=["dotted", "bracketed"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_numbers_in_the_title_column_become_the_number(tmp_path, fmt, grid):
    r = imported(fmt, grid, tmp_path)
    assert r.counts() == (1, 0, 3)
    assert fields(r) == [
        ("1", "主动公开财政信息", ["区财政局"], ["区政府各部门"], ""),
        ("2", "推进重大项目公开", ["区发展改革委"], ["各镇街"], ""),
        ("3", "做好政策解读", ["区政府办公室"], ["区政府各部门"], ""),
    ]
    assert r.tasks()[0].text == "细化部门预决算公开内容。"


def test_numbers_restarting_in_each_section_are_numbers(tmp_path):
    grid = [
        ["工作任务", "工作要求", "牵头单位", "责任单位"],
        ["一、推进决策公开", "<", "<", "<"],
        ["1.公开决策事项目录", "年初公开重大行政决策事项目录。", "区司法局", "区政府各部门"],
        ["2.做好意见征集", "重要政策文件公开征求意见。", "区政府办公室", "区政府各部门"],
        ["二、加强政策解读", "<", "<", "<"],
        ["1.同步解读", "政策文件与解读材料同步发布。", "区政府办公室", "区政府各部门"],
        ["2.回应关切", "及时回应社会关切。", "区政府办公室", "各镇街"],
    ]
    r = imported("docx", grid, tmp_path)
    assert r.counts() == (2, 0, 4)
    assert [(t.number, t.title) for t in r.tasks()] == [
        ("1", "公开决策事项目录"), ("2", "做好意见征集"), ("1", "同步解读"), ("2", "回应关切")]


# -- shape 3: a row whose only own cell is its title ---------------------------------------------

SHARED_REQUIREMENT = [
    ["工作任务", "工作要求", "牵头单位", "责任单位"],
    ["公开财政预算", "按规定时限公开预算和决算。", "区财政局", "区政府各部门"],
    ["公开财政决算", "^", "^", "^"],
    ["公开三公经费", "细化公开三公经费。", "区财政局", "区政府各部门、各镇街"],
    ["公开政府债务", "公开政府债务限额和余额。", "^", "^"],
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_row_with_only_its_title_is_a_task_sharing_the_cells_above(tmp_path, fmt):
    r = imported(fmt, SHARED_REQUIREMENT, tmp_path)
    assert r.counts() == (1, 0, 4)
    assert fields(r) == [
        ("", "公开财政预算", ["区财政局"], ["区政府各部门"], ""),
        ("", "公开财政决算", ["区财政局"], ["区政府各部门"], ""),
        ("", "公开三公经费", ["区财政局"], ["区政府各部门", "各镇街"], ""),
        ("", "公开政府债务", ["区财政局"], ["区政府各部门", "各镇街"], ""),
    ]
    assert [t.text for t in r.tasks()] == ["按规定时限公开预算和决算。", "按规定时限公开预算和决算。",
                                           "细化公开三公经费。", "公开政府债务限额和余额。"]


# -- shape 4: unit names broken over paragraphs --------------------------------------------------

BROKEN_UNITS = [
    ["重点任务", "具体措施", "牵头单位", "责任单位"],
    ["一、深化“放管服”改革信息公开", "公开权责清单和调整情况。", "省编办\n（省审改办）", "省政府各部门"],
    ["^", "公开食品安全抽检信息。", "省食品药品\n监管局", "省卫生健康委\n省农业农村厅"],
    ["^", "公开政务服务事项办理指南。", "省“互联网+政务服务”\n联席办", "省发展改革委\n省商务厅\n省市场\n监管局"],
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_unit_names_wrapped_over_paragraphs_are_one_unit(tmp_path, fmt):
    r = imported(fmt, BROKEN_UNITS, tmp_path)
    assert r.counts() == (1, 0, 3)
    assert fields(r) == [
        ("", "", ["省编办（省审改办）"], ["省政府各部门"], ""),
        ("", "", ["省食品药品监管局"], ["省卫生健康委", "省农业农村厅"], ""),
        ("", "", ["省“互联网+政务服务”联席办"], ["省发展改革委", "省商务厅", "省市场监管局"], ""),
    ]


# -- shapes 5, 6, 7: prose ------------------------------------------------------------------------

PROSE_HEAD = ["XX区人民政府办公室关于做好2021年政务公开重点工作的通知", "某府办发〔2021〕30号",
              "各镇街、区政府各部门：", "为做好今年政务公开工作，现就有关事项通知如下。"]

FIELD_PARAGRAPHS = PROSE_HEAD + [
    "一、推进决策公开",
    "（一）做好政策解读。重要政策文件与解读材料同步发布。",
    "责任单位：区政府办公室、区司法局",
    "完成时限：2021年6月底前",
    "（二）加强回应关切。及时回应社会关切。",
    "牵头单位：区政府办公室",
    "配合单位：区政府各部门、各镇街",
    "责任领导：分管副区长",
    "二、加强平台建设",
    "（三）优化政府网站。整合政府网站栏目。",
    "牵头单位：区大数据发展局；责任单位：各镇街",
    "完成时限：长期坚持",
]


def test_prose_with_separate_unit_and_deadline_paragraphs(tmp_path):
    r = import_file(build_prose_docx(tmp_path / "p.docx", FIELD_PARAGRAPHS))
    assert r.counts() == (2, 0, 3)
    assert fields(r) == [
        ("（一）", "", [], ["区政府办公室", "区司法局"], "2021年6月底前"),
        ("（二）", "", ["区政府办公室"], ["区政府各部门", "各镇街"], ""),
        ("（三）", "", ["区大数据发展局"], ["各镇街"], "长期坚持"),
    ]
    assert r.tasks()[0].text == "做好政策解读。重要政策文件与解读材料同步发布。"
    assert r.tasks()[0].deadline.due == date(2021, 6, 30)
    assert r.tasks()[1].text == "加强回应关切。及时回应社会关切。\n责任领导：分管副区长"
    assert not any("没有牵头和责任单位" in w for w in r.warnings)


INLINE_UNITS = PROSE_HEAD + [
    "一、推进财政信息公开",
    "（一）细化预决算公开。部门预决算公开到基本支出和项目支出。（责任单位：区财政局、区审计局）",
    "（二）公开政府债务。公开政府债务限额和余额。（牵头单位：区财政局；责任单位：各镇街、区政府各部门）",
    "（三）做好政策解读。重要政策同步解读。",
]


def test_inline_units_at_the_end_of_a_task_are_extracted(tmp_path):
    r = import_file(build_prose_docx(tmp_path / "p.docx", INLINE_UNITS))
    assert r.counts() == (1, 0, 3)
    assert fields(r) == [
        ("（一）", "", [], ["区财政局", "区审计局"], ""),
        ("（二）", "", ["区财政局"], ["各镇街", "区政府各部门"], ""),
        ("（三）", "", [], [], ""),
    ]
    assert [t.text for t in r.tasks()] == [
        "细化预决算公开。部门预决算公开到基本支出和项目支出。",
        "公开政府债务。公开政府债务限额和余额。",
        "做好政策解读。重要政策同步解读。",
    ]


def test_inline_units_in_a_table_without_unit_columns(tmp_path):
    grid = [["序号", "工作任务"],
            ["1", "公开部门预决算。（责任单位：区财政局）"],
            ["2", "公开重大建设项目信息。（牵头单位：区发展改革委；责任单位：各镇街）"]]
    r = imported("html", grid, tmp_path)
    assert r.counts() == (1, 0, 2)
    assert fields(r) == [("1", "", [], ["区财政局"], ""), ("2", "", ["区发展改革委"], ["各镇街"], "")]
    assert [t.text for t in r.tasks()] == ["公开部门预决算。", "公开重大建设项目信息。"]


NUMBERED_ITEMS = PROSE_HEAD + [
    "一、完善政务公开目录。编制基层政务公开标准目录。",
    "牵头单位：区政府办公室",
    "配合单位：区政府各部门",
    "完成时限：2021年9月底前",
    "二、规范政府信息公开年报。按新格式编制发布年度报告。",
    "实施单位：各镇街、区政府各部门",
    "完成时限：每年1月31日前",
    "三、加强政务新媒体管理。",
    "牵头单位：区委网信办",
    "完成时限：每半年",
    "XX区人民政府办公室",
    "2021年3月2日",
]


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_numbered_items_with_field_lines_and_no_table(tmp_path, fmt):
    if fmt == "docx":
        r = import_file(build_prose_docx(tmp_path / "p.docx", NUMBERED_ITEMS))
    else:
        r = import_html(build_shape_html(None, NUMBERED_ITEMS))
    assert r.counts() == (1, 0, 3)
    assert [s.title for s in r.sections] == [""]
    assert fields(r) == [
        ("一", "", ["区政府办公室"], ["区政府各部门"], "2021年9月底前"),
        ("二", "", [], ["各镇街", "区政府各部门"], "每年1月31日前"),
        ("三", "", ["区委网信办"], [], "每半年"),
    ]
    assert r.tasks()[0].text == "完善政务公开目录。编制基层政务公开标准目录。"
    assert [t.deadline.kind for t in r.tasks()] == ["date", "periodic", "periodic"]
    assert r.notice.doc_number == "某府办发〔2021〕30号"


# -- shape 8: deadlines ---------------------------------------------------------------------------

def test_periodic_and_two_date_deadlines(tmp_path):
    r = imported("docx", DEADLINES, tmp_path)
    assert r.counts() == (1, 0, 4)
    assert fields(r) == [
        ("", "", ["区司法局"], [], "每季度"), ("", "", ["区政府办公室"], [], "每半年"),
        ("", "", ["区政府办公室"], [], "9月底前部署，12月底前完成"), ("", "", ["区政府办公室"], [], "2021年6月底前")]
    got = [(t.deadline.text, t.deadline.kind, t.deadline.due) for t in r.tasks()]
    assert got == [("每季度", "periodic", None), ("每半年", "periodic", None),
                   ("9月底前部署，12月底前完成", "date", date(2021, 12, 31)),
                   ("2021年6月底前", "date", date(2021, 6, 30))]
    assert not any("无法识别" in w for w in r.warnings)


# -- shape 9: a page citing another document's 文号 ---------------------------------------------

def test_a_web_page_without_its_own_number_reports_none():
    page = build_shape_html(TASK_FIRST, [
        "XX区2021年政务公开工作要点任务分工",
        "为深入贯彻《国务院办公厅关于印发2019年政务公开工作要点的通知》（国办发〔2019〕14号）精神，结合我区实际，制定本任务分工。",
    ])
    r = import_html(page)
    assert r.notice.doc_number == ""
    assert "未找到发文字号。" in r.warnings
    assert r.counts() == (2, 0, 3)
    assert [(t.number, t.title, t.lead) for t in r.tasks()] == [
        ("", "完善主动公开目录", ["区政府办公室"]), ("", "规范依申请公开", ["区司法局"]), ("", "做好政策解读", ["区政府办公室"])]


def test_the_notices_own_number_at_its_head_still_wins():
    page = build_shape_html(TASK_FIRST, [
        "某府办发〔2021〕12号",
        "为深入贯彻《国务院办公厅关于印发2019年政务公开工作要点的通知》（国办发〔2019〕14号）精神，结合我区实际，制定本任务分工。",
    ])
    assert import_html(page).notice.doc_number == "某府办发〔2021〕12号"
    labelled = build_shape_html(TASK_FIRST, ["[ 发文字号 ] 某府办发〔2021〕12号", "（国办发〔2019〕14号）"])
    assert import_html(labelled).notice.doc_number == "某府办发〔2021〕12号"


# -- shape 10: province scale ---------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_five_hundred_rows_with_banners_import_exactly(tmp_path, fmt):
    grid, expected = province_grid()
    assert len(expected) == 500
    r = imported(fmt, grid, tmp_path)
    assert r.counts() == (25, 100, 500)
    got = [(s.title, ss.title, t.text, t.lead, t.responsible, t.deadline.text)
           for s in r.sections for ss in s.subsections for t in ss.tasks]
    assert got == expected
    assert not any("不是任务" in w or "未写" in w for w in r.warnings)


def test_items_with_two_paragraphs_and_bracketed_field_lines(tmp_path):
    paras = PROSE_HEAD + [
        "一、完善政务公开目录。",
        "编制基层政务公开标准目录，逐项明确公开内容。",
        "（牵头单位：区政府办公室；责任单位：区政府各部门）",
        "二、规范政府信息公开年报。",
        "责任单位：各镇街",
        "XX区人民政府办公室",
    ]
    r = import_file(build_prose_docx(tmp_path / "p.docx", paras))
    assert r.counts() == (1, 0, 2)
    assert fields(r) == [("一", "", ["区政府办公室"], ["区政府各部门"], ""), ("二", "", [], ["各镇街"], "")]
    assert r.tasks()[0].text == "完善政务公开目录。\n编制基层政务公开标准目录，逐项明确公开内容。"
    assert r.tasks()[1].text == "规范政府信息公开年报。"


def test_only_bracketed_items_with_field_lines(tmp_path):
    paras = PROSE_HEAD + [
        "（一）做好政策解读。重要政策文件与解读材料同步发布。",
        "责任单位：区政府办公室",
        "（二）加强回应关切。及时回应社会关切。",
        "责任单位：区政府各部门",
        "完成时限：2021年底前",
    ]
    r = import_file(build_prose_docx(tmp_path / "p.docx", paras))
    assert r.counts() == (1, 0, 2)
    assert fields(r) == [("（一）", "", [], ["区政府办公室"], ""), ("（二）", "", [], ["区政府各部门"], "2021年底前")]


def test_numbered_items_pasted_as_text_import_like_the_file(tmp_path):
    from gkdesk.importers import import_text

    pasted = import_text("\n".join(NUMBERED_ITEMS))
    from_file = import_file(build_prose_docx(tmp_path / "p.docx", NUMBERED_ITEMS))
    assert [t.to_json() for t in pasted.tasks()] == [t.to_json() for t in from_file.tasks()]
    assert fields(pasted)[0] == ("一", "", ["区政府办公室"], ["区政府各部门"], "2021年9月底前")


def tab_text(grid) -> str:
    """The grid as Word's text export: a cell starts with a tab, rows end with an empty line, and
    merges are invisible (a continued cell is blank, a spanned one absent)."""
    rows = ["\n".join("\t" + ("" if c == "^" else c) for c in row if c != "<") for row in grid]
    return "\n".join(HEAD) + "\n" + "\n\n".join(rows) + "\n\n此件公开发布。"


def test_a_title_only_row_in_a_text_copy_repeats_the_requirement_above():
    from gkdesk.importers import import_text

    r = import_text(tab_text(SHARED_REQUIREMENT))
    assert fields(r) == [
        ("", "公开财政预算", ["区财政局"], ["区政府各部门"], ""),
        ("", "公开财政决算", ["区财政局"], ["区政府各部门"], ""),
        ("", "公开三公经费", ["区财政局"], ["区政府各部门", "各镇街"], ""),
        ("", "公开政府债务", ["区财政局"], ["区政府各部门", "各镇街"], ""),
    ]
    assert r.tasks()[1].text == "按规定时限公开预算和决算。"
    assert "表1第3行：工作要求为空，按合并单元格沿用上一行“按规定时限公开预算和决算。”。" in r.warnings


@pytest.mark.parametrize("grid", [TASK_FIRST, NUMBERED_TITLES, BROKEN_UNITS, COOPERATING],
                         ids=["task-first", "numbered", "broken-units", "cooperating"])
def test_text_copies_of_the_shapes_import_like_the_word_file(tmp_path, grid):
    from gkdesk.importers import import_text

    assert fields(import_text(tab_text(grid))) == fields(imported("docx", grid, tmp_path))


def test_prose_items_without_a_deadline_line_take_the_date_in_their_text(tmp_path):
    paras = PROSE_HEAD + [
        "一、推进决策公开",
        "（一）完善目录。2021年9月底前完成重大行政决策事项目录编制。",
        "责任单位：区司法局",
        "（二）做好解读。重要政策同步解读。",
        "完成时限：长期坚持",
    ]
    r = import_file(build_prose_docx(tmp_path / "p.docx", paras))
    d = [(t.deadline.text, t.deadline.due, t.deadline.source) for t in r.tasks()]
    assert d == [("2021年9月底前", date(2021, 9, 30), "text"), ("长期坚持", None, "column")]
