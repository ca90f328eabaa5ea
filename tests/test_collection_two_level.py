"""Two levels on seed 000: 政府信息公开中心 collects from 管委会办公室, which first collects from the
responsible units of the tasks it leads and then reports upward in the same 填报表."""
from __future__ import annotations

from gkdesk import collection_ops as ops
from gkdesk.domain.unit_list import parse_unit_list
from gkdesk.importers import import_file
from gkdesk.store import Store
from tests.fixtures import wps_fill as wps
from tests.fixtures.seed_docs import build_docx

LEAD = "管委会办公室"
OFFICE = "政府信息公开中心"


def _store(path, notice, unit_list):
    store = Store.open(path)
    nid = store.notices.save_import(import_file(notice)).notice_id
    store.unit_list.load(parse_unit_list(unit_list)[0])
    return store, nid


def test_lead_unit_collects_and_reports_upward(tmp_path, monkeypatch):
    monkeypatch.setenv("GKDESK_TODAY", "2020-11-20")
    notice = build_docx("000", tmp_path / "万盛经开办〔2020〕9号.docx")
    office, office_nid = _store(tmp_path / "office", notice, "管委会办公室\n财政局\n教育局\n万东镇")
    lead, lead_nid = _store(tmp_path / "lead", notice, "财政局\t部门\n教育局\t部门\n万东镇\t镇街")

    # The office hands 管委会办公室 its sheet; the lead keeps it.
    _, (to_lead,) = ops.hand_out(office, office_nid, [LEAD], tmp_path / "office-out", OFFICE)
    received = ops.receive_sheet(lead, to_lead)

    # The lead hands out sheets for the tasks it leads only.
    rnd, paths = ops.hand_out(lead, lead_nid, ["财政局", "教育局", "万东镇"], tmp_path / "lead-out", LEAD, only_led=True)
    led = {t.task_id for t in lead.notices.tasks_for_unit(lead_nid, LEAD, ("lead",))}
    for data in lead.collection.plan_sheets(rnd.id, ["万东镇"], only_led=True):
        assert data.rows and len(data.rows) <= len(led)

    words = "全面梳理本机关依法行使的行政权力"  # task 1 is led by 党工委政法办, not the lead: not in its sheets
    wb, ws, h = wps.open_sheet(paths[0])
    assert all(words not in (ws.cell(r, wps.headers(ws, h)["贯彻举措"]).value or "") for r in wps.task_rows(ws, h))

    texts = {"财政局": "已公开2020年部门预算。", "万东镇": "镇政府网站已开设专栏。"}
    back = tmp_path / "lead-back"
    back.mkdir()
    for unit, path in zip(["财政局", "教育局", "万东镇"], paths):
        wb, ws, h = wps.open_sheet(path)
        if unit in texts:
            r = wps.row_of(ws, h, "组织编写管委会行政机关机构职能目录")
            wps.type_into(ws, r, h, 状态="已完成", 完成情况=texts[unit])
        wb.save(back / path.name)
    taken = ops.take_back_files(lead, [back])
    assert [t.status for t in taken] == ["taken"] * 3, [t.message for t in taken]

    # The lead's return upward: its summary per task, under the office's identity.
    up = ops.export_return(lead, received, tmp_path / "up")
    assert up.name == "万盛经开区2020年政务公开任务分工_回执_管委会办公室.xlsx"
    result = ops.take_back_files(office, [up])[0]
    assert result.status == "taken" and result.unit == LEAD, result.message
    held = {c.task_id: c for c in office.completions.completions_for_notice(office_nid, LEAD)}
    tasks = {t.id: t.text for t in office.notices.load_result(office_nid).tasks()}
    by_text = {tasks[i][:12]: c for i, c in held.items()}
    # Exactly the one task two responsible units answered, with each unit's text on its own line.
    assert list(by_text) == ["组织编写管委会行政机关机"]
    done = by_text["组织编写管委会行政机关机"]
    assert sorted(done.text.split("\n")) == sorted(f"{u}：{t}" for u, t in texts.items())
    assert done.status == "已完成"
    status = office.collection.status(office.collection.latest_round(office_nid).id)
    assert status.missing() == [] and status.units[0].rows_filled == len(held)
    lead.close()
    office.close()


def test_unit_without_the_notice_works_from_the_sheet(tmp_path, monkeypatch):
    """A 镇 that never imported the notice imports the 填报表: it becomes its task list, filled on the desk."""
    monkeypatch.setenv("GKDESK_TODAY", "2020-11-20")
    notice = build_docx("000", tmp_path / "notice.docx")
    office, office_nid = _store(tmp_path / "office", notice, "万东镇")
    _, (sheet,) = ops.hand_out(office, office_nid, ["万东镇"], tmp_path / "out", OFFICE)

    town = Store.open(tmp_path / "town")
    received = ops.receive_sheet(town, sheet)
    (summary,) = town.notices.list_notices()
    assert summary.doc_number == "万盛经开办〔2020〕9号" and summary.tasks == int(
        office.db.scalar("SELECT count(*) FROM collection_sheet_tasks"))
    mine = town.notices.tasks_for_unit(summary.id, "万东镇")
    assert len(mine) == summary.tasks  # every task of the sheet names 各镇街 or the town
    first = town.notices.load_result(summary.id).tasks()[0]
    town.completions.set_completion(first.id, "万东镇", status="已完成", text="已公开权责清单。",
                                    links=["http://www.ws.gov.cn/wdz/qzqd"])
    up = ops.export_return(town, received, tmp_path / "up")
    town.close()

    (out,) = ops.take_back_files(office, [up])
    assert out.status == "taken" and out.filled == 1, out.message
    (c,) = office.completions.completions_for_notice(office_nid, "万东镇")
    assert (c.status, c.text, c.links) == ("已完成", "已公开权责清单。", ["http://www.ws.gov.cn/wdz/qzqd"])
    assert office.notices.load_result(office_nid).tasks()[0].id == c.task_id
    office.close()
