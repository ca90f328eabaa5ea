"""The same notice as a Word file, an Excel sheet or text gives the same tree.

The .docx/.xlsx files are built from the seeds' raw cells by tests/fixtures/seed_docs.py (its own
parser, never the importer's output), with true w:gridSpan/w:vMerge merges and merged ranges.
"""
from __future__ import annotations

from datetime import date

import pytest

from gkdesk.importers import import_file
from tests.fixtures.seed_docs import seed_dir, build_docx, build_docx_prose, build_xlsx, expected_counts

SEEDS = seed_dir()
TABLE_SEEDS = ["000", "001", "002", "003"]


def tree(result) -> list:
    """Everything a clerk sees of the tree, in order."""
    return [
        (s.title, ss.title, t.number, t.text, t.lead, t.responsible, t.deadline.text, t.deadline.kind, t.deadline.due)
        for s in result.sections for ss in s.subsections for t in ss.tasks
    ]


@pytest.fixture(scope="module")
def from_text() -> dict:
    return {sid: import_file(next(SEEDS.glob(f"{sid}_*.txt"))) for sid in [*TABLE_SEEDS, "004"]}


def _norm_web(rows: list) -> list:
    # The web copy writes half-width brackets "(一)"; the fixture builder keeps them too.
    return rows


@pytest.mark.parametrize("sid", TABLE_SEEDS)
def test_docx_gives_the_text_tree(tmp_path, from_text, sid):
    r = import_file(build_docx(sid, tmp_path / f"{sid}.docx"))
    assert r.counts() == expected_counts[sid]
    assert tree(r) == tree(from_text[sid])
    assert [c.role for c in r.columns] == [c.role for c in from_text[sid].columns]
    # Merges are explicit in Word: no guessing, so no "沿用上一行" warnings.
    assert not any("沿用上一行" in w for w in r.warnings)
    assert r.notice.doc_number == from_text[sid].notice.doc_number


@pytest.mark.parametrize("sid", TABLE_SEEDS)
def test_xlsx_gives_the_text_tree(tmp_path, from_text, sid):
    r = import_file(build_xlsx(sid, tmp_path / f"{sid}.xlsx"))
    assert r.counts() == expected_counts[sid]
    assert tree(r) == tree(from_text[sid])


@pytest.mark.parametrize("sid", TABLE_SEEDS)
@pytest.mark.parametrize("seed", [1, 2])
def test_shuffled_columns_and_other_header_words(tmp_path, from_text, sid, seed):
    words = {"牵头单位": "牵头部门", "责任单位": "责任部门", "贯彻举措": "具体措施", "完成时限": "完成时间",
             "时限要求": "完成时限"}
    r = import_file(build_docx(sid, tmp_path / "x.docx", shuffle_columns=True, header_words=words, seed=seed))
    assert tree(r) == tree(from_text[sid])
    roles = {c.role for c in r.columns}
    assert {"text"} <= roles and roles & {"lead", "responsible"}
    headers = {c.header for c in r.columns}
    assert "牵头单位" not in headers and "责任单位" not in headers


@pytest.mark.parametrize("sid", TABLE_SEEDS)
def test_banner_rows_and_repeated_header(tmp_path, from_text, sid):
    r = import_file(build_docx(sid, tmp_path / "b.docx", banner_rows=True))
    assert r.counts() == expected_counts[sid]
    assert tree(r) == tree(from_text[sid])


def test_xlsx_shuffled_without_title_row(tmp_path, from_text):
    r = import_file(build_xlsx("003", tmp_path / "s.xlsx", title_row=False, shuffle_columns=True, seed=3))
    assert tree(r) == tree(from_text["003"])


def test_docx_facts_001(tmp_path):
    r = import_file(build_docx("001", tmp_path / "001.docx"))
    t = next(t for t in r.tasks() if t.text.startswith("公开江津区2022年度重大建设项目清单"))
    assert t.lead == ["区发展改革委"] and t.responsible == []
    assert t.deadline.due == date(2022, 5, 31)
    assert r.notice.title == "重庆市江津区人民政府办公室关于印发江津区2022年政务公开工作要点任务分工的通知"
    assert [(d.what, d.due) for d in r.notice.report_deadlines] == [
        ("检查汇总情况", date(2022, 9, 30)), ("检查汇总情况", date(2022, 12, 31))]


def test_docx_000_roster_and_deadlines(tmp_path):
    r = import_file(build_docx("000", tmp_path / "000.docx"))
    assert r.roster is not None and len(r.roster.categories) == 5
    assert r.roster.categories[0] == "政府信息公开工作负责人"
    assert [(d.due, d.time) for d in r.notice.report_deadlines] == [(date(2020, 8, 14), "18:00"), (date(2020, 12, 5), None)]
    assert r.tasks()[53].responsible == []  # genuinely empty in Word, not merged


def test_prose_docx(tmp_path, from_text):
    r = import_file(build_docx_prose(tmp_path / "004.docx"))
    assert r.counts() == (5, 0, 16)
    assert [t.text for t in r.tasks()] == [t.text for t in from_text["004"].tasks()]


@pytest.mark.parametrize("sid", TABLE_SEEDS)
def test_banner_rows_with_shuffled_columns(tmp_path, from_text, sid):
    """Sections as full-width rows leave the section column empty: it must not become a text column."""
    r = import_file(build_docx(sid, tmp_path / "bs.docx", banner_rows=True, shuffle_columns=True, seed=1))
    assert tree(r) == tree(from_text[sid])
    assert [c.role for c in r.columns].count("text") == 1
