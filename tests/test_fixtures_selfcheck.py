"""Self-check of tests/fixtures/seed_docs.py: its seed parser gives the counts issue 2 requires and
the hand-checked facts, and the .docx/.xlsx files it builds really carry the merges (read back here
from the XML / openpyxl, never through gkdesk)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

try:  # tests/ may or may not become a package
    from tests.fixtures import seed_docs as sd
except ImportError:  # pragma: no cover - depends on how pytest put tests/ on sys.path
    from fixtures import seed_docs as sd

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# ------------------------------------------------------------------ reading the built files back


def _norm(paras) -> str:
    parts = [p.strip() for p in paras]
    while parts and not parts[0]:
        parts.pop(0)
    while parts and not parts[-1]:
        parts.pop()
    return "\n".join(parts)


def _read_tbl(tbl):
    """Rows of dicts {col, span, vmerge, text} straight from w:tr/w:tc."""
    rows = []
    for tr in tbl.findall(W + "tr"):
        col = 0
        cells = []
        for tc in tr.findall(W + "tc"):
            span, vm = 1, None
            tcPr = tc.find(W + "tcPr")
            if tcPr is not None:
                gs = tcPr.find(W + "gridSpan")
                if gs is not None:
                    span = int(gs.get(W + "val"))
                v = tcPr.find(W + "vMerge")
                if v is not None:
                    vm = v.get(W + "val") or "continue"
            paras = ["".join(t.text or "" for t in p.iter(W + "t")) for p in tc.findall(W + "p")]
            cells.append({"col": col, "span": span, "vmerge": vm, "text": _norm(paras), "tc": tc})
            col += span
        rows.append(cells)
    return rows


def _resolve(rows):
    """Effective text per grid column of every row: a vMerge continuation takes the text of the
    cell above, which must start at the same grid column (else the merge is broken)."""
    out = []
    for r, cells in enumerate(rows):
        vals = {}
        for c in cells:
            if c["vmerge"] == "continue":
                assert r > 0 and c["col"] in out[r - 1], f"row {r}: vMerge continues nothing"
                above = [x for x in rows[r - 1] if x["col"] == c["col"]][0]
                assert above["vmerge"] in ("restart", "continue"), f"row {r}: merge not restarted"
                assert above["span"] == c["span"]
                vals[c["col"]] = out[r - 1][c["col"]]
            else:
                vals[c["col"]] = c["text"]
        out.append(vals)
    return out


def _open_docx(path):
    d = docx.Document(str(path))
    body = d.element.body
    return d, body, [_read_tbl(t._tbl) for t in d.tables]


def _xlsx_resolved(ws, first_row, width):
    """Cell values with merged ranges mapped to their top-left cell."""
    top = {}
    for rng in ws.merged_cells.ranges:
        for row in range(rng.min_row, rng.max_row + 1):
            for col in range(rng.min_col, rng.max_col + 1):
                top[(row, col)] = (rng.min_row, rng.min_col)
    out = []
    for row in range(first_row, ws.max_row + 1):
        vals = []
        for col in range(1, width + 1):
            r, c = top.get((row, col), (row, col))
            v = ws.cell(row=r, column=c).value
            vals.append("" if v is None else str(v))
        out.append(vals)
    return out


# ------------------------------------------------------------------ the parser itself


@pytest.mark.parametrize("seed_id", sorted(sd.expected_counts))
def test_parser_counts(seed_id):
    if seed_id == "004":
        assert sd.prose_counts() == sd.expected_counts["004"]
    else:
        assert sd.raw_table(seed_id).counts() == sd.expected_counts[seed_id]


@pytest.mark.parametrize("seed_id", sd.TABLE_SEEDS)
def test_rows_full_width_and_header_spans(seed_id):
    rt = sd.raw_table(seed_id)
    assert sum(h.span for h in rt.header) == rt.width == len(rt.roles)
    assert len(rt.header) < rt.width  # the header has fewer cells than a data row
    assert rt.header[0].span > 1 and rt.header[0].roles[:2] == ("section", "subsection")
    assert all(len(row) == rt.width for row in rt.rows)
    assert len(rt.row_lines) == len(rt.rows)
    # A continuation never starts a column, and never is a real value.
    for r, row in enumerate(rt.rows):
        for cell in row:
            assert not (cell.cont and cell.paras)
            if r == 0:
                assert not cell.cont
    # "—" is a value, never merged over.
    for row in rt.rows:
        for cell in row:
            if cell.text == "—":
                assert not cell.cont


def test_000_facts():
    rt = sd.raw_table("000")
    recs = rt.records()
    assert [r["text"].split("．")[0] for r in recs] == [str(i) for i in range(1, 57)]
    comp = rt.col("completion")
    assert all(row[comp].blank and not row[comp].cont for row in rt.rows)
    # Task 54: first task of （四）, its 责任单位 is really empty (not merged from task 53).
    r54 = rt.find_row("54．")
    assert rt.rows[r54][rt.col("responsible")].blank
    assert not rt.rows[r54][rt.col("responsible")].cont
    assert recs[r54]["lead"] == "管委会办公室"
    assert recs[r54]["subsection"] == "（四）规范考核评估。"
    # Task 41: blank 责任单位 inside （六） is merged with task 40's.
    r41 = rt.find_row("41．")
    assert rt.rows[r41][rt.col("responsible")].cont
    assert recs[r41]["responsible"] == "管委会各部门、各镇街"
    # Section/subsection rows repeated at page breaks hold the text again.
    r39 = rt.find_row("39．")
    assert rt.rows[r39][rt.col("section")].text.startswith("五、")
    assert recs[r39]["subsection"] == "（五）规范政府信息公开申请办理工作。"
    r44 = rt.find_row("44．")
    assert rt.rows[r44][rt.col("subsection")].text == "（六）加强政府网站与政务新媒体建设。"
    assert recs[rt.find_row("29．")]["responsible"] == "区公安分局、区卫生健康局，各镇街"
    # Notice text and roster.
    assert rt.title == "万盛经开区2020年政务公开工作要点任务分工"
    body = "\n".join(rt.body_before)
    assert "万盛经开办〔2020〕9号" in body
    assert "2020年8月14日（星期五）18：00前" in body and "2020年12月5日前" in body
    assert "附件：1．万盛经开区2020年政务公开工作要点任务分工" in body
    assert rt.roster is not None
    assert rt.roster.title == "全区政府信息公开工作人员名单"
    assert rt.roster.columns == ["类别", "姓名", "职务", "联系电话", "备注"]
    assert rt.roster.categories == [
        "政府信息公开工作负责人", "政府网站和政务新媒体管理工作负责人", "政府信息公开工作人员",
        "政府网站子网集群管理工作人员", "政务新媒体管理工作人员"]
    assert rt.roster.rows[0][0].paras == ("政府信息公开", "工作负责人")
    assert rt.tail and rt.tail[0].startswith("抄送：")


def test_001_facts():
    rt = sd.raw_table("001")
    assert rt.skipped_rows == (175,)  # the fully empty row
    recs = rt.records()
    r = rt.find_row("公开江津区2022年度重大建设项目清单")
    assert rt.rows[r][rt.col("lead")].cont
    assert recs[r]["lead"] == "区发展改革委"
    assert recs[r]["responsible"] == "—" and not rt.rows[r][rt.col("responsible")].cont
    assert recs[r]["deadline"] == "2022年5月底前"
    # A row split over two text blocks by a paragraph break in a cell is one row.
    r = rt.find_row("制定流调信息发布规范")
    assert recs[r]["lead"] == "区卫生健康委"
    assert recs[r]["responsible"].startswith("区委政法委、区公安局")
    assert recs[r]["deadline"] == "长期开展"
    first = recs[0]
    assert first["section"] == "一、以公开助力经济平稳健康发展"
    assert first["subsection"] == "（一）加强涉及市场主体的信息公开。"
    assert first["lead"] == "区政府办公室\n区政务服务办"
    assert first["responsible"] == "各镇（街道）、区政府各部门"
    # "      —" is a value (spaces around it), not a merge.
    r = rt.find_row("公开2022年度税费政策优惠指南")
    assert recs[r]["responsible"] == "—" and not rt.rows[r][rt.col("responsible")].cont
    assert "江津府办发〔2022〕97号" in rt.body_before
    assert any("9月30日和12月31日前" in p for p in rt.body_before)


def test_002_facts():
    rt = sd.raw_table("002")
    recs = rt.records()
    r = rt.find_row("密切关注涉及工资拖欠方面的舆情")
    assert rt.rows[r][rt.col("lead")].cont
    assert recs[r]["lead"] == "区委网信办" and recs[r]["responsible"] == "区人力社保局"
    r = rt.find_row("密切关注涉及疫情防控、医疗等方面的舆情")
    assert recs[r]["lead"] == "区委网信办" and recs[r]["responsible"] == "区卫生健康委"
    assert not rt.rows[r][rt.col("lead")].cont
    assert recs[0]["section"] == "一、紧扣“十四五”开好局起好步深化政务公开"
    assert recs[0]["subsection"] == "(一)做好各类规划主动公开。"
    assert recs[0]["lead"] == "区发展改革委"
    assert recs[-1]["subsection"] == "(三)狠抓任务落实。"
    assert rt.title == "梁平区2021年政务公开任务清单"


def test_003_facts():
    rt = sd.raw_table("003")
    recs = rt.records()
    assert [r["number"] for r in recs] == [str(i) for i in range(1, 49)]
    r15 = recs[14]
    assert r15["responsible"] == "县政府办、县政府各部门"
    assert r15["deadline"] == "2020年\n底前"
    assert recs[1]["deadline"] == "2020年\n10月\n底前"
    assert recs[27]["deadline"] == "2020年底前"
    # The repeated section row (七、 at a page break) is joined with its row.
    r31 = recs[30]
    assert r31["section"].startswith("七、") and r31["subsection"] == "（三）加强政府网站与政务新媒体建设。"
    assert not rt.rows[30][rt.col("section")].cont
    assert "lead" not in rt.roles
    assert rt.header[0].span == 4 and rt.header[0].word == "具体要求"
    assert any("泗政办秘〔2020〕49号" in p for p in rt.body_before)
    assert not any("bookmark" in p for p in rt.body_before)


def test_fixtures_do_not_use_the_package():
    src = Path(sd.__file__).read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(src)):
        if isinstance(node, ast.Import):
            assert not any(a.name.split(".")[0] == "gkdesk" for a in node.names)
        if isinstance(node, ast.ImportFrom):
            assert (node.module or "").split(".")[0] != "gkdesk"


# ------------------------------------------------------------------ .docx


@pytest.mark.parametrize("seed_id", sd.TABLE_SEEDS)
def test_docx_structure(seed_id, tmp_path):
    rt = sd.raw_table(seed_id)
    path = sd.build_docx(seed_id, tmp_path / f"{seed_id}.docx")
    d, body, tables = _open_docx(path)
    sec = d.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    assert body[-2].tag == W + "p"  # ends with a paragraph after the last table (then sectPr)
    texts = [p.text for p in d.paragraphs]
    for p in rt.body_before:
        assert p in texts
    assert len(tables) == (2 if seed_id == "000" else 1)
    t = tables[0]
    # Header: fewer cells, the first one with a real gridSpan; marked as a repeating header row.
    head = t[0]
    assert [c["text"] for c in head] == [h.text for h in rt.header]
    assert [c["span"] for c in head] == [h.span for h in rt.header]
    assert head[0]["tc"].getparent().find(f"{W}trPr/{W}tblHeader") is not None
    data = t[1:]
    assert len(data) == len(rt.rows)
    assert all(len(r) == rt.width for r in data)
    n_cont = sum(c["vmerge"] == "continue" for r in data for c in r)
    n_restart = sum(c["vmerge"] == "restart" for r in data for c in r)
    assert n_cont == sum(c.cont for row in rt.rows for c in row) > 0
    assert n_restart == len(rt.merge_runs())
    resolved = _resolve(data)
    assert [[row[c] for c in range(rt.width)] for row in resolved] == rt.resolved_rows()
    # Multi-paragraph cells are separate paragraphs.
    multi = [c for r in data for c in r if len(c["tc"].findall(W + "p")) > 1]
    assert multi if seed_id in ("001", "003") else True


def test_docx_001_merged_lead(tmp_path):
    rt = sd.raw_table("001")
    _, _, tables = _open_docx(sd.build_docx("001", tmp_path / "001.docx"))
    data = tables[0][1:]
    ti, li = rt.col("text"), rt.col("lead")
    r = next(i for i, row in enumerate(data) if row[ti]["text"].startswith("公开江津区2022年度重大建设项目清单"))
    assert data[r][li]["vmerge"] == "continue" and data[r][li]["text"] == ""
    k = r
    while data[k][li]["vmerge"] == "continue":
        k -= 1
    assert data[k][li]["vmerge"] == "restart" and data[k][li]["text"] == "区发展改革委"
    # A real "—" next to it is its own (unmerged) cell.
    assert data[r][rt.col("responsible")]["vmerge"] is None
    assert data[r][rt.col("responsible")]["text"] == "—"


def test_docx_000_roster(tmp_path):
    d, body, tables = _open_docx(sd.build_docx("000", tmp_path / "000.docx"))
    roster = tables[1]
    assert [sd.norm_header(c["text"]) for c in roster[0]] == ["类别", "姓名", "职务", "联系电话", "备注"]
    assert len(roster) == 6 and all(len(r) == 5 for r in roster)
    assert [r[0]["text"].replace("\n", "") for r in roster[1:]] == sd.raw_table("000").roster.categories
    assert len(roster[1][0]["tc"].findall(W + "p")) == 2  # "政府信息公开" / "工作负责人"
    # Order in the body: task table, "附件2", roster title, roster table, 抄送, end.
    kinds = [(el.tag, "".join(t.text or "" for t in el.iter(W + "t"))) for el in body]
    tbl_idx = [i for i, (tag, _) in enumerate(kinds) if tag == W + "tbl"]
    between = [txt for tag, txt in kinds[tbl_idx[0] + 1:tbl_idx[1]] if tag == W + "p"]
    assert between[:2] == ["附件2", "全区政府信息公开工作人员名单"]
    assert kinds[tbl_idx[1] + 1][1].startswith("抄送：")


HEADER_WORDS = {"牵头单位": "牵头部门", "责任单位": "责任部门", "贯彻举措": "具体措施",
                "完成时限": "完成时间", "时限要求": "完成时间", "具体要求": "具体措施"}


@pytest.mark.parametrize("seed_id", sd.TABLE_SEEDS)
def test_docx_variants(seed_id, tmp_path):
    rt = sd.raw_table(seed_id)
    order, header_cells = sd.column_order(rt, True, seed=3)
    assert order != list(range(rt.width))
    assert sd.column_order(rt, True, seed=3) == (order, header_cells)  # deterministic
    path = sd.build_docx(seed_id, tmp_path / "v.docx", shuffle_columns=True,
                         header_words=HEADER_WORDS, banner_rows=True, seed=3)
    _, _, tables = _open_docx(path)
    t = tables[0]
    want_header = [HEADER_WORDS.get(h.word, h.text) for h in header_cells]
    header_rows = [i for i, r in enumerate(t) if [c["text"] for c in r] == want_header]
    assert len(header_rows) == 2 and header_rows[0] == 0  # the header repeated mid-table
    assert 0 < header_rows[1] < len(t) - 1
    assert [c["span"] for c in t[0]] == [h.span for h in header_cells]
    assert "牵头部门" in want_header or "lead" not in rt.roles
    assert "责任部门" in want_header and "具体措施" in want_header
    banners = [i for i, r in enumerate(t) if len(r) == 1]
    assert all(t[i][0]["span"] == rt.width for i in banners)
    isec = rt.col("section")
    n_section_rows = sum(not row[isec].cont for row in rt.rows)
    assert len(banners) == n_section_rows + 1  # one per section row in the seed + the repeat
    assert header_rows[1] + 1 in banners  # page break: header, then the section banner again
    # Every section cell of the task rows is empty; everything else resolves to the seed's text.
    data = [r for i, r in enumerate(t) if i not in header_rows and i not in banners]
    assert len(data) == len(rt.rows)
    resolved = _resolve([r for r in t])
    data_resolved = [resolved[i] for i in range(len(t)) if i not in header_rows and i not in banners]
    want = [[("" if c == isec else row[c]) for c in order] for row in rt.resolved_rows()]
    assert [[vals[j] for j in range(rt.width)] for vals in data_resolved] == want
    # The row after the repeat carries its subsection again (restart, not continuation).
    j_sub = order.index(rt.col("subsection"))
    after = t[header_rows[1] + 2]
    sub_cell = [c for c in after if c["col"] == j_sub][0]
    assert sub_cell["text"] and sub_cell["vmerge"] != "continue"
    # Section banners carry the section titles.
    titles = {t[i][0]["text"].strip() for i in banners}
    assert {sd._squash(x) for x in titles} == {sd._squash(r["section"]) for r in rt.records()}
    # Still true merges elsewhere.
    assert sum(c["vmerge"] == "continue" for r in data for c in r) > 0


@pytest.mark.parametrize("seed_id", sd.TABLE_SEEDS)
def test_docx_header_words_only(seed_id, tmp_path):
    rt = sd.raw_table(seed_id)
    old = rt.header[1].word if seed_id != "003" else rt.header[0].word  # 贯彻举措 / 具体要求
    _, _, tables = _open_docx(sd.build_docx(seed_id, tmp_path / "h.docx",
                                            header_words={old: "工作措施"}))
    head = [c["text"] for c in tables[0][0]]
    assert "工作措施" in head and not any(sd.norm_header(h) == old for h in head)
    assert len(tables[0]) == len(rt.rows) + 1


def test_docx_prose(tmp_path):
    d = docx.Document(str(sd.build_docx_prose(tmp_path / "004.docx")))
    assert not d.tables
    paras = [p.text for p in d.paragraphs]
    assert paras == sd.prose_paragraphs()
    assert paras[0] == "梁平府办发〔2019〕68号"
    assert sum(bool(sd.SECTION_RE.match(p)) for p in paras) == 5
    assert sum(bool(sd.SUBSECTION_RE.match(p)) for p in paras) == 16


# ------------------------------------------------------------------ .xlsx


@pytest.mark.parametrize("seed_id", sd.TABLE_SEEDS)
@pytest.mark.parametrize("title_row", [True, False])
def test_xlsx_structure(seed_id, title_row, tmp_path):
    from openpyxl.cell.cell import MergedCell

    rt = sd.raw_table(seed_id)
    path = sd.build_xlsx(seed_id, tmp_path / f"{seed_id}.xlsx", title_row=title_row)
    ws = openpyxl.load_workbook(str(path)).active
    ranges = {str(r) for r in ws.merged_cells.ranges}
    last = openpyxl.utils.get_column_letter(rt.width)
    hr = 2 if title_row else 1
    if title_row:
        assert ws["A1"].value == rt.title and f"A1:{last}1" in ranges
    # Header: the spanning cell is a horizontal merged range, the others single cells.
    span = rt.header[0].span
    assert ws.cell(row=hr, column=1).value == rt.header[0].text
    assert f"A{hr}:{openpyxl.utils.get_column_letter(span)}{hr}" in ranges
    assert [ws.cell(row=hr, column=span + k).value for k in range(1, len(rt.header))] == \
        [h.text for h in rt.header[1:]]
    # Data: one vertical merged range per merge run, covered cells empty MergedCells.
    first = hr + 1
    want = {f"{openpyxl.utils.get_column_letter(c + 1)}{first + a}:"
            f"{openpyxl.utils.get_column_letter(c + 1)}{first + b}" for c, a, b in rt.merge_runs()}
    assert want <= ranges and len(ranges) == len(want) + 1 + int(title_row)
    for c, a, b in rt.merge_runs():
        for row in range(first + a + 1, first + b + 1):
            cell = ws.cell(row=row, column=c + 1)
            assert isinstance(cell, MergedCell) and cell.value is None
    assert ws.max_row == first + len(rt.rows) - 1
    got = _xlsx_resolved(ws, first, rt.width)
    assert got == rt.resolved_rows()
    top = ws.cell(row=first, column=rt.col("text") + 1)
    assert top.alignment.wrap_text


def test_xlsx_001_merged_lead(tmp_path):
    rt = sd.raw_table("001")
    ws = openpyxl.load_workbook(str(sd.build_xlsx("001", tmp_path / "001.xlsx"))).active
    r = rt.find_row("公开江津区2022年度重大建设项目清单") + 3  # title, header, 1-based
    col = rt.col("lead") + 1
    rng = [x for x in ws.merged_cells.ranges
           if x.min_col == col and x.min_row < r <= x.max_row]
    assert len(rng) == 1
    assert ws.cell(row=rng[0].min_row, column=col).value == "区发展改革委"


@pytest.mark.parametrize("seed_id", sd.TABLE_SEEDS)
def test_xlsx_shuffled(seed_id, tmp_path):
    rt = sd.raw_table(seed_id)
    order, header_cells = sd.column_order(rt, True, seed=7)
    ws = openpyxl.load_workbook(str(sd.build_xlsx(seed_id, tmp_path / "s.xlsx",
                                                  shuffle_columns=True, seed=7))).active
    head = [ws.cell(row=2, column=j + 1).value for j in range(rt.width)]
    assert [h for h in head if h is not None] == [h.text for h in header_cells]
    got = _xlsx_resolved(ws, 3, rt.width)
    assert got == [[row[c] for c in order] for row in rt.resolved_rows()]
