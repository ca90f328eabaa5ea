"""The collecting clerk checks and summarises on the command line: review, summary, exports."""
from __future__ import annotations

import json

import openpyxl

from tests.fixtures import wps_fill as wps
from tests.fixtures.cli_runs import run
from tests.fixtures.seed_docs import seed_dir

SEED_001 = next(seed_dir().glob("001_*.txt"))
OFFICE = "区政务服务办"


def test_review_and_summary_commands(data_home, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("GKDESK_TODAY", "2022-09-20")
    assert run(capsys, "import", str(SEED_001))[0] == 0
    assert run(capsys, "units", "--text", "区财政局\t部门\n几江街道\t镇街\n")[0] == 0
    code, out, err = run(capsys, "sheets", "--notice", "1", "-o", str(tmp_path / "sent"), "--collector", OFFICE, "--json")
    assert code == 0, err
    files = json.loads(out)["files"]
    back = tmp_path / "back"
    back.mkdir()
    for f in files:
        wb, ws, h = wps.open_sheet(f)
        r = wps.row_of(ws, h, "切实做好政策性文件公开征求意见")
        unit = "区财政局" if "区财政局" in f else "几江街道"
        wps.type_into(ws, r, h, 状态="已完成", 完成情况=f"{unit}已公开征求意见。")
        wb.save(back / f.rsplit("/", 1)[-1])
    assert run(capsys, "collect", str(back))[0] == 0

    # Without 本单位 set and no --reviewer the desk has no role: the review is refused, in Chinese.
    code, out, err = run(capsys, "review", "--notice", "1", "--item", "1", "--unit", "区财政局", "--pass")
    assert code == 2 and "请先在设置中填写本单位" in err

    code, out, err = run(capsys, "review", "--notice", "1", "--item", "1")
    assert code == 0 and "【区财政局】待审核" in out and "区财政局已公开征求意见。" in out and "【几江街道】待审核" in out
    code, out, err = run(capsys, "review", "--notice", "1", "--item", "1", "--unit", "区财政局", "--pass",
                         "--reviewer", OFFICE)
    assert code == 0 and out.strip() == "第1项　区财政局：通过。"
    code, out, err = run(capsys, "review", "--notice", "1", "--item", "1", "--unit", "几江街道", "--back", "",
                         "--reviewer", OFFICE)
    assert code == 2 and "退回原因" in err
    code, out, err = run(capsys, "review", "--notice", "1", "--item", "1", "--unit", "几江街道",
                         "--back", "请写明公开栏更新的次数。", "--reviewer", OFFICE)
    assert code == 0 and "退回原因：请写明公开栏更新的次数。" in out
    code, out, err = run(capsys, "review", "--notice", "1", "--item", "1", "--history")
    lines = out.strip().splitlines()
    assert len(lines) == 2 and "命令行　区财政局　待审核 → 通过（审核）" in lines[0]
    assert "几江街道　待审核 → 退回（审核）　原因：请写明公开栏更新的次数。" in lines[1]
    code, out, err = run(capsys, "review", "--notice", "1", "--item", "999")
    assert code == 2 and "没有第999项任务" in err

    code, out, err = run(capsys, "summary", "--notice", "1", "--collector", OFFICE, "--json")
    data = json.loads(out)
    units = {u["name"]: u for u in data["units"]}
    # Counted by hand: each unit got the tasks addressed to it and filled one row of them.
    for f in files:
        wb, ws, h = wps.open_sheet(f)
        unit = "区财政局" if "区财政局" in f else "几江街道"
        assert units[unit]["tasks"] == len(wps.task_rows(ws, h))
        assert units[unit]["reported"] == 1 and units[unit]["done"] == 1
    assert units["区财政局"]["passed"] == 1 and units["几江街道"]["sent_back"] == 1
    assert data["briefing"].startswith("截至2022年9月20日")

    code, out, err = run(capsys, "summary", "--notice", "1", "--collector", OFFICE)
    assert code == 0 and "确定事项" in out and "各单位：" in out and "合计" in out and "排名：" in out

    code, out, err = run(capsys, "summary", "--notice", "1", "--collector", OFFICE, "--format", "xlsx",
                         "-o", str(tmp_path / "汇总.xlsx"))
    assert code == 0 and "已导出汇总表（含图表）（2 个单位" in out
    wb = openpyxl.load_workbook(tmp_path / "汇总.xlsx")
    assert len(wb["按单位汇总"]._charts) == 1
    code, out, err = run(capsys, "summary", "--notice", "1", "--format", "docx", "-o", str(tmp_path / "汇总.docx"),
                         "--collector", OFFICE)
    assert code == 0 and (tmp_path / "汇总.docx").stat().st_size > 10_000
    code, out, err = run(capsys, "summary", "--notice", "1", "--format", "pdf")
    assert code == 2 and "同时给出 --format 和 -o" in err

    # The next 填报表 of 几江街道 carries the reason.
    code, out, err = run(capsys, "sheets", "--notice", "1", "-o", str(tmp_path / "sent2"), "--collector", OFFICE,
                         "--units", "几江街道", "--json")
    [again] = json.loads(out)["files"]
    listed = [[c.value for c in row] for row in openpyxl.load_workbook(again)["退回意见"].iter_rows(min_row=3)]
    assert [r[2] for r in listed] == ["请写明公开栏更新的次数。"]
