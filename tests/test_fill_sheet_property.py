"""Whatever order the rows are in, whichever columns are hidden and whatever the sheet is called,
a 填报表 reads back to the same tasks with the same values (reader only, no store)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gkdesk.domain.collection import SheetData, SheetRow, fixed_digest, task_keys
from gkdesk.exporters.fill_sheet import write_sheet
from gkdesk.importers.fill_return import read_sheet_return
from tests.fixtures import wps_fill as wps

TEXTS = [f"第{i}项：做好政务公开第{i}项工作，及时发布信息。" for i in range(1, 9)] + ["做好公开。", "做好公开。"]
KEYS = task_keys(TEXTS)


def _sheet(path):
    rows = [SheetRow(k, ["一、总体要求", t, "区政府办公室", "各镇（街道）"],
                     fixed_digest(b"s", "N1", "几江街道", 1, k, [t])) for k, t in zip(KEYS, TEXTS)]
    data = SheetData("N1", "江津府办发〔2022〕97号", "关于印发…的通知", "任务分工", "几江街道", 1, "区政务服务办",
                     ["工作任务", "贯彻举措", "牵头单位", "责任单位"], rows, ["未开始", "推进中", "已完成"],
                     fixed_roles=["section", "text", "lead", "responsible"])
    return write_sheet(data, path)


@settings(deadline=None, max_examples=12)
@given(order=st.permutations(range(len(TEXTS))), hidden=st.sets(st.sampled_from(["工作任务", "牵头单位", "状态", "备注"])),
       title=st.sampled_from(["填报表", "Sheet1", "几江街道填报", "任务 (2)"]), filled=st.sets(st.integers(0, 9), max_size=4))
def test_any_sort_hide_rename_reads_back(tmp_path_factory, order, hidden, title, filled):
    path = _sheet(tmp_path_factory.mktemp("p") / "s.xlsx")
    wb, ws, h = wps.open_sheet(path)
    rows = wps.task_rows(ws, h)
    for i in filled:
        wps.type_into(ws, rows[i], h, 状态="推进中", 完成情况=f"第{i}行已落实。")
    data = [[ws.cell(r, c).value for c in range(1, ws.max_column + 1)] for r in rows]
    for r, j in zip(rows, order):
        for c, v in enumerate(data[j], 1):
            ws.cell(r, c).value = v
    for header in hidden:
        wps.hide_column(ws, h, header)
    ws.title = title
    wb.save(path)
    ret = read_sheet_return(path)
    assert ret.problems == []
    got = {r.key: (r.fixed[1], r.values.get("text")) for r in ret.rows}
    assert got == {k: (t, f"第{i}行已落实。" if i in filled else None) for i, (k, t) in enumerate(zip(KEYS, TEXTS))}
