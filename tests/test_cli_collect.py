"""The collecting clerk on the command line: units from a 通讯录, sheets, collect with conflicts, status."""
from __future__ import annotations

import json

from openpyxl import Workbook

from tests.fixtures import wps_fill as wps
from tests.fixtures.cli_runs import run
from tests.fixtures.seed_docs import seed_dir

SEED_001 = next(seed_dir().glob("001_*.txt"))


def _contacts(path):
    """A 通讯录 as offices keep it: a title row, the unit merged over its people, a 类别 column."""
    wb = Workbook()
    ws = wb.active
    ws.append(["江津区政务公开工作联系人通讯录"])
    ws.merge_cells("A1:E1")
    ws.append(["序号", "单位名称", "类别", "姓名", "联系电话"])
    people = [("区财政局", "部门", "王一"), ("区财政局", "部门", "李二"), ("几江街道", "镇街", "赵三"),
              ("德感街道", "镇街", "钱四"), ("区交通局", "部门", "孙五")]
    for i, (unit, kind, name) in enumerate(people, 1):
        ws.append([i, unit, kind, name, "023-4752000" + str(i)])
    ws.merge_cells("B3:B4")
    ws.merge_cells("C3:C4")
    wb.save(path)
    return path


def test_units_sheets_collect_status(data_home, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("GKDESK_TODAY", "2022-10-08")
    assert run(capsys, "import", str(SEED_001))[0] == 0
    code, out, _ = run(capsys, "units", "--load", str(_contacts(tmp_path / "通讯录.xlsx")))
    assert code == 0 and "新增 4 个" in out
    code, out, _ = run(capsys, "units", "--json")
    # (Whether every unit is also in 有关单位 is domain/units.py's rule; the list decides towns/departments.)
    assert [(u["unit"], sorted(set(u["groups"]) - {"related"})) for u in json.loads(out)] == [
        ("区财政局", ["departments"]), ("几江街道", ["towns"]), ("德感街道", ["towns"]), ("区交通局", ["departments"])]
    code, out, _ = run(capsys, "units", "--notice", "江津府办发〔2022〕97号")
    assert "本通知涉及名单中的 4 个单位" in out and "各镇（街道）" in out

    code, out, _ = run(capsys, "sheets", "--notice", "1", "--collector", "区政务服务办", "--group", "各镇街",
                       "-o", str(tmp_path / "sent"), "--json")
    sent = json.loads(out)
    assert code == 0 and sent["round"] == 1 and sent["report_due"] == "2022-12-31"
    assert [p.rsplit("_", 1)[-1] for p in sent["files"]] == ["几江街道.xlsx", "德感街道.xlsx"]

    code, _, err = run(capsys, "sheets", "--notice", "1", "--collector", "区政务服务办", "--units", "区财正局",
                       "-o", str(tmp_path / "typo"))
    assert code == 2 and "“区财正局”在这份通知中没有任务" in err

    # The office had typed its own text; the town returns another one.
    wb, ws, h = wps.open_sheet(sent["files"][0])
    r = wps.row_of(ws, h, "切实做好政策性文件公开征求意见")
    wps.type_into(ws, r, h, 状态="已完成", 完成情况="街道已公开征求意见3次。")
    wb.save(tmp_path / "几江街道回执.xlsx")
    from gkdesk.store import Store

    store = Store.open(data_home)
    task = next(t.id for t in store.notices.load_result(1).tasks() if t.text.startswith("切实做好政策性文件"))
    store.completions.set_completion(task, "几江街道", text="电话了解：已公开。")
    store.close()

    code, out, _ = run(capsys, "collect", str(tmp_path / "几江街道回执.xlsx"))
    assert code == 0 and "已导入“几江街道”的回执，填报 1 项" in out
    assert "冲突 1（待选择）" in out and "原有：电话了解：已公开。" in out and "回执：街道已公开征求意见3次。" in out
    code, out, _ = run(capsys, "collect", "--resolve", "1=theirs")
    assert code == 0 and "已处理 1 处冲突" in out
    code, out, _ = run(capsys, "collect", str(tmp_path / "几江街道回执.xlsx"))
    assert "内容完全相同，未作任何改动" in out

    code, out, _ = run(capsys, "status", "--notice", "1", "--json")
    status = json.loads(out)
    assert status["missing"] == ["德感街道"] and status["days_left"] == 84
    code, out, _ = run(capsys, "status", "--notice", "1", "--chase")
    assert out.splitlines() == [
        "截至2022年10月8日，以下 1 个单位尚未报送《重庆市江津区人民政府办公室关于印发江津区2022年政务公开工作要点任务分工的通知》"
        "落实情况填报表（报送时限：2022年12月31日，还剩 84 天），请抓紧报送区政务服务办：",
        "1. 德感街道",
    ]
    store = Store.open(data_home)
    done = store.completions.get_completion(task, "几江街道")
    assert (done.status, done.text) == ("已完成", "街道已公开征求意见3次。")
    rid = store.merge.last_take_back()
    store.close()
    code, out, _ = run(capsys, "collect", "--history")
    assert out.startswith(f"{rid:>4}  ") and "几江街道" in out and "填报 1 项" in out
    code, out, _ = run(capsys, "collect", "--undo", str(rid))
    assert code == 0 and "已撤销" in out
    store = Store.open(data_home)
    done = store.completions.get_completion(task, "几江街道")
    assert (done.status, done.text) == ("未开始", "电话了解：已公开。")
    store.close()


def test_collect_refuses_a_plain_spreadsheet_with_one_line(data_home, capsys, tmp_path):
    assert run(capsys, "import", str(SEED_001))[0] == 0
    wb = Workbook()
    wb.active.append(["姓名", "电话"])
    wb.save(tmp_path / "名单.xlsx")
    code, out, _ = run(capsys, "collect", str(tmp_path / "名单.xlsx"))
    assert code == 2
    assert "× 名单.xlsx：文件中没有带“完成情况”列的任务表" in out


def test_dry_run_shows_table_matches_and_keeps_nothing(data_home, capsys, tmp_path):
    """A unit's Word copy of 附件1: the clerk sees each row's task and confidence before anything is merged."""
    import docx

    from tests.fixtures.seed_docs import build_docx

    assert run(capsys, "import", str(SEED_001))[0] == 0
    run(capsys, "units", "--text", "区财政局")
    path = build_docx("001", tmp_path / "落实情况（区财政局）.docx")
    d = docx.Document(str(path))
    table = d.tables[0]
    table.add_column(docx.shared.Cm(3))
    rows = list(table.rows)
    rows[0].cells[-1].text = "完成情况"
    for row in rows[1:]:
        if row.cells[2].text.startswith("公开2022年度税费政策优惠指南"):
            row.cells[-1].text = "已公开。"
    d.save(str(path))
    code, out, _ = run(capsys, "collect", "--dry-run", str(path))
    assert code == 0 and "将导入“区财政局”的回执，填报 1 项" in out and "试运行，未保存" in out
    assert "→ “公开2022年度税费政策优惠指南。…”（把握 100%）" in out
    code, out, _ = run(capsys, "status", "--notice", "1")
    assert code == 2 and "还没有发放过填报表" in out + _
    code, out, _ = run(capsys, "collect", "--json", str(path))
    (taken,) = json.loads(out)
    assert taken["status"] == "taken" and taken["matches"][0]["confidence"] == 1.0


def test_roster_status_expects_the_units_the_notice_reaches(data_home, capsys, monkeypatch):
    """附件2: the 全区名单 knows who it expects from the 单位名单 (seed 000 reaches every town and department)."""
    from gkdesk.store import Store

    monkeypatch.setenv("GKDESK_TODAY", "2020-08-12")
    assert run(capsys, "import", str(next(seed_dir().glob("000_*.txt"))))[0] == 0
    run(capsys, "units", "--text", "财政局\n万东镇\n教育局")
    store = Store.open(data_home)
    store.rosters.save_roster(1, "财政局", {"政府信息公开工作负责人": [{"姓名": "王一", "职务": "副局长"}]})
    store.close()
    code, out, _ = run(capsys, "status", "--notice", "1", "--roster", "--chase")
    assert code == 0 and "附件2人员名单" in out and "2020年8月14日" in out and "还剩 2 天" in out
    assert [line[3:] for line in out.splitlines()[1:]] == ["万东镇", "教育局"]
    code, out, _ = run(capsys, "status", "--notice", "1", "--roster", "--json")
    got = {u["unit"]: (u["returned"], u["rows_filled"]) for u in json.loads(out)["units"]}
    assert got == {"财政局": (True, 1), "万东镇": (False, 0), "教育局": (False, 0)}
