"""Unit names wrapped inside a cell, and task fields written as words ("责任单位：…")."""
from __future__ import annotations

from datetime import date

import pytest

from gkdesk.domain.model import Task
from gkdesk.domain.unit_names import ends_like_unit, join_wrapped_names
from gkdesk.importers.fields import apply_fields, field_parts, is_field_line, split_inline


@pytest.mark.parametrize("cell, joined", [
    ("省编办\n（省审改办）", "省编办（省审改办）"),  # an alias continues the unit before it
    ("省食品药品\n监管局", "省食品药品监管局"),  # ends mid-name
    ("省“互联网+政务服务”\n联席办", "省“互联网+政务服务”联席办"),
    ("省市场监督管理局\n监管局", "省市场监督管理局监管局"),  # a bare tail never stands alone
    ("区政府办公室\n区政务服务办", "区政府办公室\n区政务服务办"),  # whole units stay apart
    ("各镇（街道）\n区政府各部门", "各镇（街道）\n区政府各部门"),
    ("区残联\n区总工会", "区残联\n区总工会"),
    ("区发展改革委、区财政\n局", "区发展改革委、区财政局"),
    ("区财政局、\n区审计局", "区财政局、区审计局"),
    ("—\n区财政局", "—\n区财政局"),
])
def test_join_wrapped_names(cell, joined):
    assert join_wrapped_names(cell) == joined


def test_unit_endings():
    assert all(ends_like_unit(u) for u in ("区财政局", "区委党校（行政学院）", "各镇街", "区红十字会", "区融媒体中心"))
    assert not any(ends_like_unit(u) for u in ("省食品药品", "省市场", "省“互联网+政务服务”"))


def test_field_lines_and_parts():
    assert is_field_line("责任单位：区财政局") and is_field_line("完成时限: 2021年底前")
    assert not is_field_line("（一）做好政策解读。责任单位要同步发布。")
    assert field_parts("牵头单位：区财政局；责任单位：各镇街、区政府各部门") == [
        ("牵头单位", "区财政局"), ("责任单位", "各镇街、区政府各部门")]
    assert field_parts("做好解读。责任单位：区财政局") == []


def test_inline_fields_keep_brackets_inside_unit_names():
    text, parts = split_inline("加强培训。（责任单位：区政法办、区委党校（行政学院））")
    assert text == "加强培训。"
    assert parts == [("责任单位", "区政法办、区委党校（行政学院）")]
    # A bracket that is not a field list stays in the text.
    assert split_inline("公开三公经费（含因公出国）") == ("公开三公经费（含因公出国）", [])


def test_apply_fields_fills_units_deadline_and_keeps_leaders_in_the_text():
    t = Task(text="做好政策解读。", lead=["区政府办公室"])
    apply_fields(t, [("牵头单位", "区政府办公室、区司法局"), ("配合单位", "各镇街"),
                     ("完成时限", "6月底前"), ("责任领导", "分管副区长")], year_hint=2021)
    assert t.lead == ["区政府办公室", "区司法局"] and t.responsible == ["各镇街"]
    assert (t.deadline.text, t.deadline.due) == ("6月底前", date(2021, 6, 30))
    assert t.text == "做好政策解读。\n责任领导：分管副区长"


def test_every_unit_the_seeds_name_stands_alone_on_its_own_line(seeds_dir):
    """All 93 unit names of the four table seeds end like units, so one per line they stay apart."""
    from gkdesk.importers import import_file

    names: list[str] = []
    for sid in ("000", "001", "002", "003"):
        for t in import_file(next(seeds_dir.glob(f"{sid}_*.txt"))).tasks():
            for n in (*t.lead, *t.responsible):
                if n not in names:
                    names.append(n)
    assert len(names) == 93
    assert join_wrapped_names("\n".join(names)).split("\n") == names


def test_several_fields_on_one_line_with_any_separator():
    assert field_parts("牵头单位：区政府办公室　责任单位：各镇街") == [("牵头单位", "区政府办公室"), ("责任单位", "各镇街")]
    assert field_parts("责任单位：区财政局，完成期限：2021年底前。") == [("责任单位", "区财政局"), ("完成期限", "2021年底前")]
    assert split_inline("公开预决算。（牵头单位：区财政局，协同单位：各镇街）")[1] == [
        ("牵头单位", "区财政局"), ("协同单位", "各镇街")]
