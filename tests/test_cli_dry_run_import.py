"""A clerk checks a saved web page with `gkdesk-cli import 通知.html --dry-run` before importing it:
the command reads the page and prints its tree, and loads nothing it does not need to (no store,
no Word/Excel libraries, no Qt). What the reader uses it compiles, and finds exactly what it did.
"""
from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from gkdesk.importers import import_file
from gkdesk.importers.metadata import contact_name, doc_numbers
from gkdesk.importers.roles import header_kind
from gkdesk.lazy_re import LazyPattern, lazy_compile
from tests.fixtures.seed_docs import build_html, expected_counts

NOT_NEEDED = ("gkdesk.store", "sqlite3", "openpyxl", "docx", "PySide6", "email", "json", "dataclasses", "argparse", "gettext", "locale", "gkdesk.exporters",
              "gkdesk.domain.forms", "gkdesk.importers.docx_reader", "gkdesk.importers.xlsx_reader")
# The source's digest comes from CPython's own SHA-256 where it is built, not from OpenSSL.
if importlib.util.find_spec("_sha256") or importlib.util.find_spec("_sha2"):
    NOT_NEEDED += ("hashlib",)

CHILD = r"""
import os, re, sys
import re._compiler
compiled = {"import": 0, "run": 0, "lazy": 0}
phase = "import"
real = re._compiler.compile
def counting(p, flags=0):  # every pattern compiled by gkdesk's own code (not argparse's, not lxml's)
    f = sys._getframe(1)
    lazy = False
    while f and (os.sep + "re" + os.sep in f.f_code.co_filename or f.f_code.co_filename.endswith("lazy_re.py")):
        lazy = lazy or f.f_code.co_filename.endswith("lazy_re.py")
        f = f.f_back
    if f and os.sep + "gkdesk" + os.sep in f.f_code.co_filename:
        compiled[phase] += 1
        compiled["lazy"] += lazy
    return real(p, flags)
re._compiler.compile = counting
from gkdesk.cli import main
import gkdesk.importers, gkdesk.importers.html_reader
phase = "run"
code = main(["import", sys.argv[1], "--dry-run"])
sys.stdout.flush()
print("LOADED", ",".join(m for m in sys.argv[2].split(",") if m in sys.modules))
print("COMPILED", compiled["import"], compiled["lazy"])
print("EXIT", code)
"""


def test_dry_run_of_a_web_page_prints_the_tree_and_loads_no_store(tmp_path):
    page = build_html("000", tmp_path / "万盛经开区2020年政务公开工作要点任务分工的通知.html")
    out = subprocess.run([sys.executable, "-c", CHILD, str(page), ",".join(NOT_NEEDED)],
                         capture_output=True, text=True, encoding="utf-8", check=True,
                         env={"GKDESK_HOME": str(tmp_path / "never"), "PATH": "/usr/bin:/bin",
                              "PYTHONPATH": ":".join(sys.path)})
    lines = out.stdout.splitlines()
    assert lines[0] == "万盛经开办〔2020〕9号  重庆市万盛经开区管委会办公室关于印发万盛经开区2020年政务公开工作要点任务分工的通知"
    sections, subsections, tasks = expected_counts["000"]
    assert lines[1] == f"  {sections} 个部分，{subsections} 个小项，{tasks} 项任务；含附件2人员名单表"
    assert "报送时限：附件1 落实要点任务分工工作开展情况 — 2020年12月05日前" in lines[3]
    assert "LOADED " in lines and "EXIT 0" in lines  # none of NOT_NEEDED was imported
    # Importing the reader compiles no pattern; reading the page compiles those it uses, about
    # half of what its modules hold.
    at_import, used = map(int, next(ln for ln in lines if ln.startswith("COMPILED")).split()[1:])
    declared = len({id(p) for p in _lazy_patterns()})
    assert at_import == 0
    assert 0 < used < declared * 0.6, (used, declared)
    assert not (tmp_path / "never").exists()  # a dry run never creates the data folder


def _lazy_patterns():
    import gkdesk.cli
    import gkdesk.importers.notice  # noqa: F401 - and the domain modules it reads with

    for name, mod in list(sys.modules.items()):
        if name.startswith("gkdesk"):
            for value in vars(mod).values():
                items = value if isinstance(value, list) else [value]
                for item in items:
                    yield from (x for x in (item if isinstance(item, tuple) else (item,)) if isinstance(x, LazyPattern))


def test_the_page_imports_as_the_word_file_does(tmp_path):
    """The same notice as a web page and as the .docx gives the same tree and the same facts."""
    from tests.fixtures.seed_docs import build_docx

    from gkdesk.importers.docx_reader import read_docx
    from gkdesk.importers.html_reader import read_html

    page, docx_file = build_html("000", tmp_path / "000.html"), build_docx("000", tmp_path / "000.docx")
    web, word = import_file(page), import_file(docx_file)
    # Each table's caption is the text just above it, the roster's too (not the task table's
    # 5,600 characters before its paragraphs, as the reader once took).
    fold = lambda captions: [" ".join(c.split()) for c in captions]  # noqa: E731
    web_grids, word_grids = read_html(page.read_text(encoding="utf-8"))[1], read_docx(docx_file)[1]
    assert [fold(g.caption) for g in web_grids] == [fold(g.caption) for g in word_grids]
    assert web_grids[1].caption[-3:] == ["附件2", "全区政府信息公开工作人员名单", "单位（公章）： 填报日期："]
    assert web.counts() == word.counts() == expected_counts["000"]
    assert [(t.number, t.text, t.lead, t.responsible) for t in web.tasks()] == [
        (t.number, t.text, t.lead, t.responsible) for t in word.tasks()]
    n = web.notice
    assert (n.doc_number, n.date.isoformat(), n.contact, n.phone) == (
        word.notice.doc_number, "2020-08-12", word.notice.contact, word.notice.phone)
    assert n.contact and n.phone == "85276112"
    assert web.source_format == "html" and web.roster.title == "全区政府信息公开工作人员名单"
    assert json.loads(json.dumps(web.to_json(), ensure_ascii=False))["notice"]["doc_number"] == "万盛经开办〔2020〕9号"


def test_a_lazy_pattern_is_the_pattern_once_used():
    p = lazy_compile(r"(\d{4})年")
    assert p.search("2020年8月").group(1) == "2020"
    assert p.match is not None and p.sub("#", "2020年和2021年") == "#和#"
    assert [m.group(1) for m in p.finditer("2020年、2021年")] == ["2020", "2021"]
    assert p.pattern == r"(\d{4})年" and p.groups == 1
    # After the first use the attribute is the compiled pattern's own method: no extra call.
    assert p.search.__self__ is re.compile(r"(\d{4})年")


# The spellings the reader had, as patterns: the Python spellings must find the same.
OLD_DOC_NUMBER = re.compile(r"[\u4e00-\u9fa5]{1,12}[〔\[［【(（]\s*(\d{4})\s*[〕\]］】)）]\s*\d{1,4}\s*号")
OLD_CONTACT = re.compile(r"联系人[:：]\s*([\u4e00-\u9fa5]{2,4})")
ALPHABET = list("渝府办发万盛经开联系人张三号年") + list("〔〕[]［］【】()（）:： 　\t|0123456789aZ，。ぁ") + ["\u9fa5", "\u9fa6", "\u4e00", "\u4dff"]
texts = st.lists(st.sampled_from(ALPHABET), max_size=40).map("".join)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.lists(st.one_of(texts, st.just("万盛经开办〔2020〕9号"), st.just("渝府办发〔 2020 〕 89 号"),
                          st.just("一二三四五六七八九十一二三四〔2020〕1号")), max_size=5).map("".join))
def test_doc_numbers_are_found_as_the_pattern_found_them(text):
    assert doc_numbers(text) == [m.span() for m in OLD_DOC_NUMBER.finditer(text)]


@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.lists(st.one_of(texts, st.just("联系人："), st.just("联系人: 张三"), st.just("联系人：李")),
                max_size=6).map("".join))
def test_contact_names_are_found_as_the_pattern_found_them(text):
    m = OLD_CONTACT.search(text)
    assert contact_name(text) == (m.group(1) if m else "")


OLD_SECTION = re.compile(r"^[一二三四五六七八九十]{1,3}\s*[、.．]")
OLD_SUBSECTION = re.compile(r"^[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]")
OLD_REPORT_VERB = re.compile(r"报送|上报|报至|前报|报(?!告|刊|道|纸|表|名)")
headings = st.lists(st.sampled_from(list("一二三四五六七八九十百（()）、.．,") + [" ", "\u3000", "\t", "\xa0", "\u2002",
                                                                        "十一", "任务", "a"]),
                    max_size=10).map("".join)


@settings(max_examples=600, derandomize=True, deadline=None)
@given(headings)
def test_section_and_subsection_headings_are_what_the_patterns_matched(text):
    from gkdesk.importers.roles import section_heading, subsection_heading

    assert section_heading(text) == bool(OLD_SECTION.match(text))
    assert subsection_heading(text) == bool(OLD_SUBSECTION.match(text))


def test_the_headings_of_seed_000_are_sections_and_subsections():
    from gkdesk.importers.roles import section_heading, subsection_heading

    assert section_heading("一、加强政策解读") and section_heading("十二． 其他")
    assert not section_heading("十二三四、") and not section_heading("一 加强")
    assert subsection_heading("（一）推进决策公开") and subsection_heading("( 十一 )")
    assert not subsection_heading("（一推进") and not subsection_heading("一）")


@settings(max_examples=600, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(list("报送至上前告刊道纸表名给于月日x，")), max_size=10).map("".join))
def test_a_report_verb_is_found_where_the_pattern_found_one(clause):
    from gkdesk.importers.metadata import _has_report_verb

    assert _has_report_verb(clause) == bool(OLD_REPORT_VERB.search(clause))


def test_header_words_name_the_columns_as_before():
    assert [header_kind(h) for h in ("序  号", "序", "牵头单位", "配合/责任单位", "完成时限", "完成情况",
                                     "备 注", "贯彻举措", "重点任务", "工作任务", "备注说明", "", "单位")] == [
        "number", "number", "lead", "responsible", "deadline", "completion",
        "note", "text", "heading", "heading", None, None, None]
    assert header_kind("主要工作任务及具体措施要求") is None  # longer than a header: content decides


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from([" ", "\t", "\u3000", "\xa0", "  ", "\u2002", "\n", "字", "a"]), max_size=16).map("".join))
def test_cell_text_is_cleaned_as_the_patterns_cleaned_it(text):
    from gkdesk.importers.grid import clean_cell_text, compact

    assert compact(text) == re.sub(r"[\s\u3000\xa0]+", "", text)
    old = [re.sub(r"[ \t\u3000\xa0]+", " ", ln).strip() for ln in text.replace("\r", "\n").split("\n")]
    while old and not old[-1]:
        old.pop()
    while old and not old[0]:
        old.pop(0)
    assert clean_cell_text(text) == "\n".join(old)


def test_compact_drops_every_character_re_calls_white_space():
    white = re.compile(r"\s")
    assert all(bool(white.match(ch)) == ch.isspace() for ch in map(chr, range(0x10000)))


def test_the_source_digest_is_sha256(tmp_path):
    import hashlib

    page = build_html("000", tmp_path / "000.html")
    assert import_file(page).source_sha256 == hashlib.sha256(page.read_bytes()).hexdigest()


words = st.sampled_from(["import", "--data-dir", "--data-dir=", "--data-dir=/tmp/x", "--data", "/tmp/数据", "通知.html",
                         "--dry-run", "--json", "--dry", "-h", "--", "-", "-1", "", "list", "show", "--version",
                         "-a b", "import.docx"])


# Lines shaped like the clerk's, one word changed or added here and there.
plain_lines = st.tuples(st.sampled_from([[], ["--data-dir", "D"], ["--data-dir=D"], ["--data-dir", "-D"]]),
                        st.permutations(["通知.html", "--dry-run", "--json"]), st.lists(words, max_size=2),
                        st.integers(0, 4)).map(lambda t: t[0] + ["import"] + t[1][:t[3]] + t[2])


@settings(max_examples=800, derandomize=True, deadline=None)
@given(st.one_of(st.lists(words, max_size=7), plain_lines))
def test_a_plain_import_line_is_read_as_argparse_reads_it(argv):
    """cli.plain_import reads `[--data-dir D] import FILE [--dry-run] [--json]` without argparse;
    whatever it accepts, argparse must read to the same values (anything else goes to argparse)."""
    from gkdesk.cli import plain_import
    from gkdesk.cli_parser import parser

    quick = plain_import(argv)
    if quick is None:
        return
    assert vars(quick) == vars(parser().parse_args(argv))


def test_the_clerks_dry_run_lines_are_plain():
    from gkdesk.cli import plain_import

    for argv in (["import", "通知.html", "--dry-run"], ["--data-dir", "D", "import", "--json", "a.docx"],
                 ["--data-dir=D", "import", "a.docx"]):
        assert plain_import(argv) is not None, argv
    for argv in (["import"], ["import", "a", "b"], ["import", "-h"], ["import", "a", "--dry"],
                 ["import", "--", "-a"], ["--data", "D", "import", "a"], ["import", "a", "--data-dir", "D"]):
        assert plain_import(argv) is None, argv  # argparse answers these
