"""审核 and 汇总 on seed 001: 区政务服务办 collects from six units, checks every entry, sends two back,
takes one resubmission, and reports to the leadership.

The units fill the 填报表 the collection machinery handed out (as people do in WPS) and the office
takes them back with the same machinery. Every expected number below is counted from what the test
itself typed into the sheets and from the notice as imported (never from the store's SQL).
"""
from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pytest

from gkdesk import collection_ops as ops
from gkdesk.domain.review import PASSED, PENDING, RETURNED, ReviewError
from gkdesk.domain.unit_list import parse_unit_list
from gkdesk.exporters.fill_sheet import RETURNED_SHEET
from gkdesk.importers import import_file
from gkdesk.store import Store
from gkdesk.store.summary import summarise
from tests.fixtures import wps_fill as wps
from tests.fixtures.collecting_office import OFFICE, SIX, TODAY, fill_all
from tests.fixtures.seed_docs import build_docx

BACK_CAIZHENG = "完成情况只写了“已完成”，请补充公开的文件数量和公开路径。"
BACK_JIJIANG = "完成时间晚于完成时限，请核实并说明原因。"


def pct(part: int, whole: int) -> int:
    return int((Decimal(100 * part) / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def test_reviews_resubmission_and_summary_on_seed_001(reviewing_office, tmp_path):
    store, nid, result = reviewing_office
    role = store.reviews.role(nid)
    assert role.role == "office" and "汇总单位" in role.describe()
    assert store.reviews.role(nid, "区财政局").role == "lead"  # it leads 公开2022年度税费政策优惠指南
    # Every department leads the tasks "各镇（街道）、区政府各部门" lead, so 区商务委 leads some too.
    shangwu = store.reviews.role(nid, "区商务委")
    assert shangwu.role == "lead" and shangwu.led > 0 and shangwu.responsible > 0

    _, paths = ops.hand_out(store, nid, SIX, tmp_path / "sent", OFFICE, who="张三")
    sent = dict(zip(SIX, paths))
    raw = fill_all(sent, tmp_path / "back", skip={"区发展改革委"})
    outcomes = ops.take_back_files(store, [tmp_path / "back"], who="张三")
    assert sorted(o.status for o in outcomes) == ["taken"] * 6, [o.message for o in outcomes]

    tasks = {t.text: t for t in result.tasks()}
    ids = {t.text: t.id for t in store.notices.load_result(nid).tasks()}
    number = {t.text: i for i, t in enumerate(result.tasks(), 1)}

    # The office checks every entry that was filled: 通过, except two sent back with a reason.
    reviews: dict[tuple[str, str], str] = {}
    first_caizheng = next(t for (u, t), row in raw.items() if u == "区财政局" and row["status"])
    first_jijiang = next(t for (u, t), row in raw.items() if u == "几江街道" and row["status"] == "已完成")
    for (unit, text), row in raw.items():
        if not row["status"]:
            continue
        if (unit, text) == ("区财政局", first_caizheng):
            store.reviews.set_review(ids[text], unit, RETURNED, BACK_CAIZHENG, who="张三")
            reviews[(unit, text)] = RETURNED
        elif (unit, text) == ("几江街道", first_jijiang):
            store.reviews.set_review(ids[text], unit, RETURNED, BACK_JIJIANG, who="李四")
            reviews[(unit, text)] = RETURNED
        else:
            store.reviews.set_review(ids[text], unit, PASSED, who="张三")
            reviews[(unit, text)] = PASSED
    with pytest.raises(ReviewError, match="退回原因"):
        store.reviews.set_review(ids[first_caizheng], "区财政局", RETURNED, "  ", who="张三")
    # A lead unit reviews only the tasks it leads.
    with pytest.raises(ReviewError, match="不由区商务委审核"):
        store.reviews.set_review(ids[first_caizheng], "区财政局", PASSED, reviewer="区商务委")

    # The task's history has who / when / from / to / reason.
    h = store.reviews.history(ids[first_jijiang], "几江街道")
    assert [(c.who, c.from_state, c.to_state, c.reason) for c in h] == [("李四", PENDING, RETURNED, BACK_JIJIANG)]
    assert h[0].at.startswith(date.today().isoformat()[:4])

    # Side by side: every unit's entry of a task shared by all six.
    shared = "切实做好政策性文件公开征求意见"
    shared_text = next(t for t in tasks if t.startswith(shared))
    side = store.reviews.entries(ids[shared_text])
    assert [e.unit for e in side] == SIX
    assert {e.unit: e.text for e in side} == {u: raw[(u, shared_text)]["text"] for u in SIX}
    assert {e.unit: e.state for e in side} == {u: reviews.get((u, shared_text), PENDING) for u in SIX}
    assert {e.warning for e in side} == {"正常"}  # 长期开展: no date, no warning
    late_text = next(t for t in tasks if t.startswith("编制本机关政府信息公开目录"))  # due 2022-06-30
    assert {e.unit: e.warning for e in store.reviews.entries(ids[late_text])} == {
        u: "正常" if raw[(u, late_text)]["status"] == "已完成" else "已逾期" for u in SIX}

    # Round 2 to 区财政局: the 退回 entry carries its reason beside it.
    _, [sheet2] = ops.hand_out(store, nid, ["区财政局"], tmp_path / "sent2", OFFICE, who="张三")
    wb = openpyxl.load_workbook(sheet2)
    assert wb.sheetnames[:2] == ["填报表", RETURNED_SHEET]
    listed = [[c.value for c in row] for row in wb[RETURNED_SHEET].iter_rows(min_row=3)]
    assert listed == [[1, first_caizheng, BACK_CAIZHENG]]
    wb, ws, hr = wps.open_sheet(sheet2)
    r = wps.row_of(ws, hr, first_caizheng[:15])
    note = ws.cell(r, wps.headers(ws, hr)["完成情况"]).comment
    assert note is not None and BACK_CAIZHENG in note.text
    others = [x for x in wps.task_rows(ws, hr) if x != r]
    assert all(ws.cell(x, wps.headers(ws, hr)["完成情况"]).comment is None for x in others)
    # 几江街道's sheet is not touched by 区财政局's review.
    # The unit rewrites the entry and sends it back: the collection rules take it, review → 待审核.
    fixed = "已公开政策文件23件、解读15件，公开路径：http://www.jiangjin.gov.cn/czj/zcwj"
    wps.type_into(ws, r, hr, 完成情况=fixed)
    (tmp_path / "back2").mkdir()
    wb.save(tmp_path / "back2" / sheet2.name)
    [again] = ops.take_back_files(store, [tmp_path / "back2" / sheet2.name], who="张三")
    assert again.status == "taken" and again.changed == 1, again.message
    raw[("区财政局", first_caizheng)]["text"] = fixed
    reviews[("区财政局", first_caizheng)] = PENDING
    assert store.reviews.get(ids[first_caizheng], "区财政局").state == PENDING
    last = store.reviews.history(ids[first_caizheng], "区财政局")[-1]
    assert (last.from_state, last.to_state, last.cause, last.reason) == (RETURNED, PENDING, "退回后内容有修改", BACK_CAIZHENG)

    # An entry changed after 通过 returns to 待审核 too (the office corrects it on the desk).
    passed_one = next(k for k, v in reviews.items() if v == PASSED and k[0] == "区司法局")
    store.completions.set_completion(ids[passed_one[1]], "区司法局", text="区司法局更正后的落实情况。", who="王五")
    raw[passed_one]["text"] = "区司法局更正后的落实情况。"
    reviews[passed_one] = PENDING
    last = store.reviews.history(ids[passed_one[1]], "区司法局")[-1]
    assert (last.who, last.from_state, last.to_state, last.cause) == ("王五", PASSED, PENDING, "通过后内容有修改")

    # -- 汇总, against counts made here from the typed rows and the imported notice ------------
    store.settings.set("预警天数", 75)  # 设置: 即将到期 = due within 75 days
    s = summarise(store.db, nid, collector=OFFICE)
    done = {"已完成"}

    def due_soon(unit, text):
        due = tasks[text].deadline.due
        return (tasks[text].deadline.kind == "date" and TODAY <= due <= date(2022, 12, 4)
                and raw[(unit, text)]["status"] not in done)

    def overdue(unit, text):
        due = tasks[text].deadline.due
        return tasks[text].deadline.kind == "date" and due < TODAY and raw[(unit, text)]["status"] not in done

    for row in s.units:
        mine = [(u, t) for (u, t) in raw if u == row.name]
        assert row.tasks == len(mine), row
        assert row.reported == sum(1 for k in mine if raw[k]["status"]), row
        assert row.empty == sum(1 for k in mine if not raw[k]["status"]), row
        assert row.passed == sum(1 for k in mine if reviews.get(k) == PASSED), row
        assert row.sent_back == sum(1 for k in mine if reviews.get(k) == RETURNED), row
        assert row.done == sum(1 for k in mine if raw[k]["status"] in done), row
        assert row.overdue == sum(1 for k in mine if overdue(*k)), row
        assert row.due_soon == sum(1 for k in mine if due_soon(*k)), row
        assert row.warning == ("已逾期" if row.overdue else "即将到期" if row.due_soon else "正常")
        assert row.rate == pct(row.done, row.tasks)
    assert [u.name for u in s.units] == SIX
    assert sum(u.sent_back for u in s.units) == 1  # the resubmitted one is 待审核 again
    assert sum(u.due_soon for u in s.units) > 0 and s.warning_days == 75
    assert next(u for u in s.units if u.name == "区发展改革委").reported == 0

    section_of = {t.text: sec.title for sec in result.sections for ss in sec.subsections for t in ss.tasks}
    for row in s.sections:
        mine = [(u, t) for (u, t) in raw if section_of[t] == row.name]
        assert (row.tasks, row.reported, row.done, row.overdue) == (
            len(mine), sum(1 for k in mine if raw[k]["status"]), sum(1 for k in mine if raw[k]["status"] in done),
            sum(1 for k in mine if overdue(*k))), row.name
    assert sum(r.tasks for r in s.sections) == len(raw)

    by_task: dict[str, list[str]] = {}
    for (u, t), row in raw.items():
        by_task.setdefault(t, []).append(row["status"])
    n_tasks = len(by_task)
    n_done = sum(1 for st in by_task.values() if all(x in done for x in st))
    assert (s.task_count, s.tasks_done) == (n_tasks, n_done) and 0 < n_done < n_tasks

    late = sorted((number[t], u) for (u, t) in raw if overdue(u, t))
    assert sorted((o.item_no, o.unit) for o in s.overdue) == late and late
    ranking = sorted(s.units, key=lambda u: (-u.done / u.tasks, u.overdue, -u.passed, u.sent_back, u.name))
    assert [u.name for u in s.ranking()] == [u.name for u in ranking]

    # The 通报 paragraph: exact counts and percentages, the units with overdue items and their numbers.
    text = s.briefing()
    assert (f"确定事项{n_tasks}件，已办结{n_done}件，占比{pct(n_done, n_tasks)}%；"
            f"正在办理{n_tasks - n_done}件，占比{pct(n_tasks - n_done, n_tasks)}%。") in text
    assert text.startswith("截至2022年9月20日，《重庆市江津区人民政府办公室关于印发江津区2022年政务公开工作要点任务分工的通知》")
    entries, reported = len(raw), sum(1 for v in raw.values() if v["status"])
    assert (f"6个单位应报送落实情况{entries}条，已报送{reported}条，报送率{pct(reported, entries)}%；"
            f"审核通过{sum(1 for v in reviews.values() if v == PASSED)}条，退回修改1条") in text
    for unit in SIX:
        nums = sorted({n for n, u in late if u == unit})
        if nums:
            assert f"{unit}（第{'、'.join(map(str, nums))}项）" in text
        else:
            assert f"{unit}（第" not in text


def test_lead_units_return_upward_carries_the_checked_text(tmp_path, monkeypatch):
    """区司法局 leads tasks: it collects from 区财政局 and 几江街道, passes one entry, sends one back,
    and its return to 区政务服务办 carries only the entry it passed."""
    monkeypatch.setenv("GKDESK_TODAY", TODAY.isoformat())
    notice = build_docx("001", tmp_path / "江津府办发〔2022〕97号.docx")

    def open_store(name, units):
        store = Store.open(tmp_path / name)
        nid = store.notices.save_import(import_file(notice)).notice_id
        store.unit_list.load(parse_unit_list(units)[0])
        return store, nid

    office, office_nid = open_store("office", "区司法局\t部门\n")
    lead, lead_nid = open_store("lead", "区财政局\t部门\n几江街道\t镇街\n")
    lead.settings.own_unit = "区司法局"
    _, (to_lead,) = ops.hand_out(office, office_nid, ["区司法局"], tmp_path / "office-out", OFFICE)
    received = ops.receive_sheet(lead, to_lead)
    assert lead.reviews.role(lead_nid).role == "lead"

    _, paths = ops.hand_out(lead, lead_nid, ["区财政局", "几江街道"], tmp_path / "lead-out", "区司法局", only_led=True)
    words = "全面清理区政府各部门、各镇（街道）现行有效"  # led by 区司法局, both units responsible
    texts = {"区财政局": "已清理规范性文件12件。", "几江街道": "已清理。"}
    back = tmp_path / "lead-back"
    back.mkdir()
    for unit, path in zip(["区财政局", "几江街道"], paths):
        wb, ws, h = wps.open_sheet(path)
        wps.type_into(ws, wps.row_of(ws, h, words), h, 状态="已完成", 完成情况=texts[unit])
        wb.save(back / path.name)
    assert [t.status for t in ops.take_back_files(lead, [back])] == ["taken", "taken"]
    task = next(t.id for t in lead.notices.load_result(lead_nid).tasks() if t.text.startswith(words))
    # Handing out its own round does not make the lead the collecting office: it reviews its tasks only.
    assert lead.reviews.role(lead_nid).role == "lead"
    not_led = next(t.id for t in lead.notices.load_result(lead_nid).tasks() if t.text.startswith("公开2022年度税费"))
    with pytest.raises(ReviewError, match="不由区司法局审核"):
        lead.reviews.set_review(not_led, "区财政局", PASSED)
    lead.reviews.set_review(task, "区财政局", PASSED, who="司法局审核")
    lead.reviews.set_review(task, "几江街道", RETURNED, "请写明清理的文件数量。", who="司法局审核")

    up = ops.export_return(lead, received, tmp_path / "up")
    assert ops.take_back_files(office, [up])[0].status == "taken"
    held = {c.task_id: c for c in office.completions.completions_for_notice(office_nid, "区司法局")}
    office_task = next(t.id for t in office.notices.load_result(office_nid).tasks() if t.text.startswith(words))
    assert held[office_task].text == "区财政局：已清理规范性文件12件。"
    lead.close()
    office.close()


def test_resubmission_that_differs_from_the_reviewers_copy_is_shown_and_back_to_pending(reviewing_office, tmp_path):
    """The office corrected the 退回 entry itself after round 2 went out; the unit's resubmission
    differs: it is kept side by side as a conflict, and the entry is 待审核 again."""
    store, nid, _ = reviewing_office
    words = "公开2022年度税费政策优惠指南"
    _, [sheet] = ops.hand_out(store, nid, ["区财政局"], tmp_path / "r1", OFFICE)
    wb, ws, h = wps.open_sheet(sheet)
    wps.type_into(ws, wps.row_of(ws, h, words), h, 状态="已完成", 完成情况="已公开。")
    (tmp_path / "b1").mkdir()
    wb.save(tmp_path / "b1" / sheet.name)
    assert ops.take_back_files(store, [tmp_path / "b1"])[0].status == "taken"
    task = next(t.id for t in store.notices.load_result(nid).tasks() if t.text.startswith(words))
    store.reviews.set_review(task, "区财政局", RETURNED, "请附公开链接。", who="张三")

    _, [sheet2] = ops.hand_out(store, nid, ["区财政局"], tmp_path / "r2", OFFICE)
    store.completions.set_completion(task, "区财政局", text="已公开（电话核实）。", who="张三")
    # The office's own edit is a change too: the entry left 退回 then, with its own history line.
    assert store.reviews.get(task, "区财政局").state == PENDING
    store.reviews.set_review(task, "区财政局", RETURNED, "请附公开链接。", who="张三")

    wb, ws, h = wps.open_sheet(sheet2)
    wps.type_into(ws, wps.row_of(ws, h, words), h, 完成情况="已在区政府网站公开，链接见右。")
    (tmp_path / "b2").mkdir()
    wb.save(tmp_path / "b2" / sheet2.name)
    [taken] = ops.take_back_files(store, [tmp_path / "b2"])
    assert taken.status == "taken" and [(c.field, c.ours, c.theirs) for c in taken.conflicts] == [
        ("text", "已公开（电话核实）。", "已在区政府网站公开，链接见右。")]
    side = {e.unit: e for e in store.reviews.entries(task)}
    assert side["区财政局"].state == PENDING and side["区财政局"].open_conflicts == 1
    assert side["区财政局"].text == "已公开（电话核实）。"  # nothing overwritten: the clerk chooses
    causes = [(c.from_state, c.to_state, c.cause) for c in store.reviews.history(task, "区财政局")]
    assert causes == [(PENDING, RETURNED, "审核"), (RETURNED, PENDING, "退回后内容有修改"),
                      (PENDING, RETURNED, "审核"), (RETURNED, PENDING, "重新报送的内容与已有的不同")]
