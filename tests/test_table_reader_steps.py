"""The table reader's steps one by one, on small grids written out by hand."""
from __future__ import annotations

from gkdesk.importers.grid import Cell, Grid
from gkdesk.importers.table_reader import Value, banner_title, read_layout, read_task_table, row_values


def cells(*texts: str) -> list[Cell]:
    """'^' continues the cell above (a vertical merge), '<' is covered by the cell to the left."""
    out: list[Cell] = []
    for t in texts:
        if t == "<":
            out.append(Cell(out[-1].text, merged_left=True))
        elif t.startswith("^"):
            out.append(Cell(t[1:], merged_above=True))
        else:
            out.append(Cell(t))
    return out


HEADER = cells("重点任务", "<", "贯彻举措", "牵头单位", "责任单位")


def test_layout_finds_the_header_and_the_roles():
    grid = Grid([HEADER, cells("一、推进决策公开", "（一）做好解读", "公开年度报告。", "区政府办公室", "各镇街")])
    warnings: list[str] = []
    lay = read_layout(grid.padded(), warnings)
    assert lay is not None and lay.first == 1 and warnings == []
    assert [(c.header, c.role) for c in lay.columns] == [
        ("重点任务", "section"), ("重点任务", "subsection"), ("贯彻举措", "text"),
        ("牵头单位", "lead"), ("责任单位", "responsible")]
    assert lay.col_of["lead"] == [3]


def test_a_table_without_a_text_column_has_no_layout():
    grid = Grid([cells("姓名", "职务", "联系电话"), cells("张三", "科员", "85276112")])
    assert read_layout(grid.padded(), []) is None


def test_row_values_join_columns_of_one_role_and_mark_merges():
    col_of = {"text": [0], "lead": [1, 2]}
    v = row_values(cells("^公开清单。", "区财政局", "区审计局"), col_of)
    assert v["text"] == Value("公开清单。", cont=True)
    assert v["lead"] == Value("区财政局\n区审计局", cont=False)


def test_banner_title_only_for_one_fresh_text_across_the_row():
    full = cells("二、深化政务公开", "<", "<", "<", "<")
    assert banner_title(full, row_values(full, {"text": [2]})) == "二、深化政务公开"
    task = cells("^一、推进决策公开", "^（一）做好解读", "公开年度报告。", "区政府办公室", "各镇街")
    assert banner_title(task, row_values(task, {"text": [2]})) is None
    # Only merged cells besides one fresh cell: that cell is the row's one text.
    short = cells("^一、推进决策公开", "^（一）做好解读", "（二）加强政策解读", "^区政府办公室", "^各镇街")
    assert banner_title(short, row_values(short, {"text": [2]})) == "（二）加强政策解读"


def test_rows_build_the_tree_with_banners_and_merged_measures():
    grid = Grid([
        HEADER,
        cells("一、推进决策公开", "<", "<", "<", "<"),
        cells("", "（一）做好解读", "1．公开年度报告。", "区政府办公室", "各镇街"),
        cells("", "^（一）做好解读", "^1．公开年度报告。", "^区政府办公室", "区司法局"),
        cells("", "^（一）做好解读", "2．发布解读材料。", "区财政局", "区政府各部门"),
        cells("", "（二）加强回应", "3．回应社会关切。", "—", "各镇街"),
    ])
    t = read_task_table(grid)
    assert t is not None and t.warnings == []
    [sec] = t.sections
    assert sec.title == "一、推进决策公开"
    assert [ss.title for ss in sec.subsections] == ["（一）做好解读", "（二）加强回应"]
    tasks = [x for ss in sec.subsections for x in ss.tasks]
    assert [(x.number, x.text, x.lead, x.responsible) for x in tasks] == [
        ("1", "公开年度报告。", ["区政府办公室"], ["各镇街", "区司法局"]),
        ("2", "发布解读材料。", ["区财政局"], ["区政府各部门"]),
        ("3", "回应社会关切。", [], ["各镇街"]),
    ]


def test_text_formats_carry_a_blank_unit_cell_from_the_row_above_with_a_warning():
    grid = Grid([
        HEADER,
        cells("一、推进决策公开", "（一）做好解读", "公开年度报告。", "区政府办公室", "各镇街"),
        cells("", "", "发布解读材料。", "", "区财政局"),
    ], explicit_merges=False)
    t = read_task_table(grid)
    assert t is not None
    second = t.sections[0].subsections[0].tasks[1]
    assert second.lead == ["区政府办公室"] and second.responsible == ["区财政局"]
    assert t.warnings == ["表1第3行：牵头单位为空，按合并单元格沿用上一行“区政府办公室”。"]
