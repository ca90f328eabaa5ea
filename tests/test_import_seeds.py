"""A clerk imports each of the five real notices as text and finds the tree the notice prints."""
from __future__ import annotations

from datetime import date

import pytest

from gkdesk.importers import import_file, import_text
from tests.fixtures.seed_docs import seed_path

EXPECTED = {"000": (6, 23, 56), "001": (5, 17, 38), "002": (5, 16, 45), "003": (8, 31, 48), "004": (5, 0, 16)}


@pytest.fixture(scope="module")
def results(request) -> dict:
    return {sid: import_file(seed_path(sid)) for sid in EXPECTED}


def task(result, starts: str):
    found = [t for t in result.tasks() if t.text.startswith(starts)]
    assert len(found) == 1, f"{starts!r}: {len(found)} tasks"
    return found[0]


@pytest.mark.parametrize("sid", sorted(EXPECTED))
def test_counts(results, sid):
    assert results[sid].counts() == EXPECTED[sid]


def test_000_numbers_units_roster_and_report_deadlines(results):
    r = results["000"]
    assert r.notice.doc_number == "万盛经开办〔2020〕9号"
    assert r.notice.date == date(2020, 8, 12)
    assert r.notice.year == 2020
    assert r.notice.attachments == ["万盛经开区2020年政务公开工作要点任务分工", "全区政府信息公开工作人员名单"]
    assert r.notice.table_title == "万盛经开区2020年政务公开工作要点任务分工"
    assert [t.number for t in r.tasks()] == [str(i) for i in range(1, 57)]
    t5 = r.tasks()[4]
    assert t5.text.startswith("2020年10月30日前，编制完成26个试点领域")  # its own "5．" was the number
    t10 = r.tasks()[9]
    assert t10.lead == ["财政局"] and t10.responsible == ["管委会各部门", "各镇街"]
    # Task 54 is the first row of its subsection: its empty 责任单位 is genuinely empty.
    assert r.tasks()[53].responsible == []
    # Task 50 names two units in 责任单位.
    assert r.tasks()[49].responsible == ["区政法办", "区委党校（行政学院）"]
    # Section 五 and subsection （六） repeat after page breaks but are one each.
    five = [s for s in r.sections if s.title.startswith("五、")]
    assert len(five) == 1 and [len(ss.tasks) for ss in five[0].subsections] == [2, 2, 1, 1, 1, 6, 1]
    assert r.roster is not None
    assert r.roster.title == "全区政府信息公开工作人员名单"
    assert r.roster.categories == [
        "政府信息公开工作负责人", "政府网站和政务新媒体管理工作负责人", "政府信息公开工作人员",
        "政府网站子网集群管理工作人员", "政务新媒体管理工作人员",
    ]
    assert r.roster.columns == ["姓名", "职务", "联系电话", "备注"]
    rd = [(d.due, d.time, d.attachment) for d in r.notice.report_deadlines]
    assert rd == [(date(2020, 8, 14), "18:00", "附件2"), (date(2020, 12, 5), None, "附件1")]
    assert r.notice.contact == "罗德娟" and r.notice.phone == "85276112"
    assert [(c.header, c.role) for c in r.columns] == [
        ("重点任务", "section"), ("重点任务", "subsection"), ("贯彻举措", "text"),
        ("牵头单位", "lead"), ("责任单位", "responsible"), ("完成情况", "completion"),
    ]


def test_000_deadlines_come_from_the_task_text(results):
    """Seed 000 has no 完成时限 column: the five tasks whose text sets a date get it (issue 11), marked
    as taken from the text; every other task stays 未规定."""
    r = results["000"]
    dated = {t.number: (t.deadline.text, t.deadline.kind, t.deadline.due, t.deadline.source)
             for t in r.tasks() if t.deadline.kind != "none"}
    assert dated == {
        "5": ("2020年10月30日前", "date", date(2020, 10, 30), "text"),
        "6": ("2020年11月底前", "date", date(2020, 11, 30), "text"),
        "33": ("2020年底前", "date", date(2020, 12, 31), "text"),
        "34": ("2020年底前", "date", date(2020, 12, 31), "text"),
        "35": ("2020年9月底前", "date", date(2020, 9, 30), "text"),
    }
    j = r.tasks()[4].to_json()["deadline"]
    assert j == {"text": "2020年10月30日前", "kind": "date", "due": "2020-10-30", "source": "text"}
    assert "source" not in r.tasks()[0].to_json()["deadline"]


def test_002_deadlines_come_from_the_task_text(results):
    r = results["002"]
    dated = [(t.text[:12], t.deadline.text, t.deadline.due) for t in r.tasks() if t.deadline.kind != "none"]
    assert dated == [
        ("1.对照中国政府法制信息", "2021年6月底前、2021年10月底前", date(2021, 10, 31)),
        ("1.认真落实《国务院办公", "2021年5月31日前", date(2021, 5, 31)),
        ("1.严格落实《中共中央办", "2022年1月5日前", date(2022, 1, 5)),
    ]
    assert all(t.deadline.source == "text" for t in r.tasks() if t.deadline.kind != "none")


def test_001_merged_units_deadlines_and_metadata(results):
    r = results["001"]
    n = r.notice
    assert n.doc_number == "江津府办发〔2022〕97号"
    assert n.title == "重庆市江津区人民政府办公室关于印发江津区2022年政务公开工作要点任务分工的通知"
    assert n.issuer == "重庆市江津区人民政府办公室"
    assert n.date == date(2022, 6, 20) and n.year == 2022
    assert [(d.what, d.due) for d in n.report_deadlines] == [
        ("检查汇总情况", date(2022, 9, 30)), ("检查汇总情况", date(2022, 12, 31))]
    t = task(r, "公开江津区2022年度重大建设项目清单")
    assert t.lead == ["区发展改革委"]  # merged from the row above
    assert t.responsible == []  # "—"
    assert (t.deadline.kind, t.deadline.due) == ("date", date(2022, 5, 31))
    first = r.tasks()[0]
    assert first.lead == ["区政府办公室", "区政务服务办"]  # two paragraphs in one cell
    assert first.responsible == ["各镇（街道）", "区政府各部门"]
    assert (first.deadline.text, first.deadline.kind, first.deadline.due) == ("长期开展", "ongoing", None)
    assert task(r, "公开优化营商环境").deadline.kind == "monthly"
    assert task(r, "全面清理区政府各部门").deadline.due == date(2022, 12, 31)  # 2022年12月底之前
    # A row split over two text blocks by an empty paragraph is one task with all its units.
    t = task(r, "制定流调信息发布规范")
    assert t.lead == ["区卫生健康委"]
    assert t.responsible[0] == "区委政法委" and t.responsible[-1] == "区商务委"
    # Several numbered measures in one cell are one task, and "1." is not a task number.
    t = task(r, "1．严格执行疫情防控信息发布各项制度")
    assert "\n2．加强疫情防控信息发布工作协调" in t.text and t.number == ""
    assert all(t.number == "" for t in r.tasks())
    assert any("沿用上一行" in w for w in r.warnings)


def test_002_web_copy_short_rows(results):
    r = results["002"]
    assert r.notice.doc_number == "梁平府办发〔2021〕37号"
    t = task(r, "密切关注涉及工资拖欠方面的舆情")
    assert t.lead == ["区委网信办"] and t.responsible == ["区人力社保局"]
    t = task(r, "公开我区制定或者起草的《建设高标准市场体系行动方案》")
    assert t.lead == ["区发展改革委", "区商务委", "区市场监管局"]
    assert "各乡镇（街道）" in t.responsible
    assert r.sections[0].subsections[0].title == "(一)做好各类规划主动公开。"
    assert [c.role for c in r.columns] == ["section", "subsection", "text", "lead", "responsible"]


def test_003_number_column_and_split_deadlines(results):
    r = results["003"]
    assert r.notice.doc_number == "泗政办秘〔2020〕49号"
    t15 = next(t for t in r.tasks() if t.number == "15")
    assert t15.responsible == ["县政府办", "县政府各部门"]
    assert (t15.deadline.text, t15.deadline.due) == ("2020年底前", date(2020, 12, 31))
    t2 = next(t for t in r.tasks() if t.number == "2")
    assert t2.deadline.due == date(2020, 10, 31)  # "2020年\n10月\n底前"
    assert next(t for t in r.tasks() if t.number == "37").deadline.due == date(2020, 9, 30)
    assert [t.number for t in r.tasks()] == [str(i) for i in range(1, 49)]
    assert [c.role for c in r.columns] == ["section", "subsection", "number", "text", "responsible", "deadline"]
    assert {c.header for c in r.columns[:4]} == {"具体要求"}
    seven = next(s for s in r.sections if s.title.startswith("七、"))
    assert [ss.title[:4] for ss in seven.subsections] == ["（一）落", "（二）规", "（三）加", "（四）推", "（五）提", "（六）提", "（七）建"]


def test_004_prose(results):
    r = results["004"]
    assert r.notice.doc_number == "梁平府办发〔2019〕68号"
    assert r.notice.year == 2019
    assert all(len(s.subsections) == 1 and s.subsections[0].title == "" for s in r.sections)
    first = r.tasks()[0]
    assert first.number == "（一）" and first.text.startswith("深化营商环境信息公开。")
    assert first.lead == [] and first.responsible == []
    assert r.source_format == "prose"


def test_pasted_text_imports_like_the_file(results):
    text = seed_path("001").read_text(encoding="utf-8")
    pasted = import_text(text.replace("\n", "\r\n"))
    assert pasted.counts() == results["001"].counts()
    assert [t.to_json() for t in pasted.tasks()] == [t.to_json() for t in results["001"].tasks()]


def test_json_shape_matches_design(results):
    j = results["001"].to_json()
    assert set(j) == {"notice", "columns", "sections", "roster", "warnings"}
    t = j["sections"][0]["subsections"][0]["tasks"][0]
    assert set(t) >= {"number", "text", "lead", "responsible", "deadline"}
    assert t["deadline"] == {"text": "长期开展", "kind": "ongoing", "due": None}
    assert j["columns"][0] == {"header": "工作任务", "role": "section"}
    assert j["roster"] is None


def test_progress_reports_stages_and_cancel_stops(tmp_path):
    from gkdesk.domain.model import ImportCancelled

    seen: list[tuple[int, str]] = []
    import_file(seed_path("000"), progress=lambda p, w: seen.append((p, w)) is None)
    assert seen[0] == (5, "检查文件") and seen[-1] == (100, "完成")
    assert [p for p, _ in seen] == sorted(p for p, _ in seen)
    with pytest.raises(ImportCancelled) as exc:
        import_file(seed_path("000"), progress=lambda p, w: p < 50)
    assert str(exc.value) == "已取消导入。"
