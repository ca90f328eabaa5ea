"""The desk's Qt-free pieces, tested without widgets: the roster draft, the import wizard's words
and fixes, the operations themselves (apply, revert) and the Changes they report."""
from __future__ import annotations

import sys
from datetime import date

import pytest

from gkdesk.domain.model import Deadline, ImportResult, Notice, Section, Subsection, Task
from gkdesk.domain.forms import DEFAULT_ROSTER
from gkdesk.importers import import_file
from gkdesk.store import SaveOutcome, Store
from gkdesk.ui import import_review as review
from gkdesk.ui.changes import Changes, of_task
from gkdesk.ui.edits import ImportNotice, RosterSave, SaveRosters, SetField, SetOwnUnit
from gkdesk.domain.roster_check import ERROR, WARNING, Issue
from gkdesk.ui.roster_draft import RosterDraft, cell_marks, cell_tip, issue_cell, issue_report
from tests.fixtures.seed_docs import seed_path
from tests.fixtures.seed_revisions import revised_without_task_10

SEED_000 = seed_path("000")
CATS = list(DEFAULT_ROSTER.categories)
COLS = list(DEFAULT_ROSTER.columns)


def test_these_modules_need_no_qt():
    """Checked in a fresh interpreter: other tests in this run have loaded Qt already."""
    import subprocess

    code = ("import sys, gkdesk.ui.roster_draft, gkdesk.ui.import_review, gkdesk.ui.edits, gkdesk.ui.changes;"
            "print(sorted(m for m in sys.modules if m.startswith('PySide6')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


# -- roster draft ----------------------------------------------------------------------------------
def test_draft_keeps_one_line_per_category_and_saves_only_filled_ones():
    d = RosterDraft(CATS, COLS, {CATS[2]: [{"姓名": " 李四 ", "职务": "科员", "联系电话": "", "备注": ""}],
                                 "已删除的类别": [{"姓名": "王五"}]})
    assert d.categories == [*CATS, "已删除的类别"]
    assert [len(d.rows[c]) for c in CATS] == [1, 1, 1, 1, 1]
    assert d.entries() == {CATS[2]: [{"姓名": "李四", "职务": "科员", "联系电话": "", "备注": ""}],
                           "已删除的类别": [{"姓名": "王五"}]}
    assert d.layout()[:3] == [(CATS[0], 0), (CATS[1], 0), (CATS[2], 0)]


def test_draft_add_remove_move():
    d = RosterDraft(CATS, COLS)
    assert d.add_person(CATS[0]) == (0, False)  # the blank line is used first
    assert d.set_value(CATS[0], 0, "姓名", "张三") and not d.set_value(CATS[0], 0, "姓名", "张三")
    assert d.add_person(CATS[0], after=0) == (1, True)
    d.set_value(CATS[0], 1, "姓名", "赵六")
    assert d.first_rows()[CATS[1]] == 2
    assert d.move_person(CATS[0], 1, -1) == 0
    assert [r["姓名"] for r in d.rows[CATS[0]]] == ["赵六", "张三"]
    assert d.move_person(CATS[0], 0, -1) is None
    assert d.remove_person(CATS[0], 1) == 0
    assert d.remove_person(CATS[0], 0) == 0 and d.rows[CATS[0]] == [d.blank()]
    assert d.entries() == {}


def test_draft_issues_come_from_the_roster_check():
    d = RosterDraft(CATS, COLS)
    d.set_value(CATS[2], 0, "联系电话", "13812345678")  # a phone without a name
    assert any(i.category == CATS[2] for i in d.issues())


def test_issues_are_marked_on_their_person_or_category_cell():
    d = RosterDraft(CATS, COLS, {CATS[0]: [{"姓名": "张三"}, {"姓名": "李四"}]})
    first = d.first_rows()
    phone = Issue(ERROR, CATS[0], 1, "联系电话", "手机号码应为11位数字（现为5位）")
    whole = Issue(WARNING, CATS[1], None, None, f"{CATS[1]}没有填写人员")
    unknown = Issue(WARNING, CATS[0], 0, "不在表中的列", "提醒")
    assert issue_cell(phone, COLS, first) == (1, 1 + COLS.index("联系电话"))
    assert issue_cell(whole, COLS, first) == (first[CATS[1]], 0) == (2, 0)
    assert issue_cell(unknown, COLS, first) == (0, 0)  # a column the template lost: the 类别 cell
    marks = cell_marks([phone, whole, Issue(WARNING, CATS[0], 1, "联系电话", "号码重复")], COLS, first)
    assert [i.message for i in marks[(1, 1 + COLS.index("联系电话"))]] == ["手机号码应为11位数字（现为5位）", "号码重复"]
    assert cell_tip(marks[(1, 1 + COLS.index("联系电话"))]) == "错误：手机号码应为11位数字（现为5位）\n提醒：号码重复"


def test_errors_block_export_and_the_lines_name_the_person():
    phone = Issue(ERROR, CATS[0], 1, "联系电话", "手机号码应为11位数字（现为5位）")
    whole = Issue(WARNING, CATS[1], None, None, f"{CATS[1]}没有填写人员")
    r = issue_report([phone, whole], from_window=True)
    assert (r.summary, r.colour, r.can_export) == ("1 个错误，1 个提醒", "#b00020", False)
    assert r.lines == [f"错误　{CATS[0]} 第2行 联系电话：手机号码应为11位数字（现为5位）", f"提醒　{CATS[1]}没有填写人员"]
    assert r.blocked == "有 1 个错误，改正后才能导出或打印（提醒不影响）"
    warned = issue_report([whole], from_window=True)
    assert warned.can_export and warned.blocked == "" and warned.colour == "#8a5a00"
    alone = issue_report([], from_window=False)  # opened without the main window: it cannot export
    assert (alone.summary, alone.colour, alone.can_export) == ("未发现问题", "#2e7d32", False)
    assert alone.blocked == "请从主窗口打开人员名单以导出或打印" and alone.lines == []
    many = issue_report([Issue(WARNING, CATS[0], n, "姓名", "姓名重复") for n in range(11)], from_window=True)
    assert len(many.lines) == 9 and many.lines[-1] == "……另有 3 个问题"


# -- the import wizard's words and fixes ------------------------------------------------------------
def test_wizard_words_for_seed_000():
    result = import_file(SEED_000)
    assert review.counts_text(result).endswith("56 项任务")
    rows = dict(review.summary_rows(result))
    assert rows["发文字号"] == "万盛经开办〔2020〕9号"
    assert rows["附件2 人员名单"].startswith("有（")
    new = SaveOutcome(1, "new", added=56)
    assert review.banner_text(result, new) == "这是新通知。确认导入后将新增 56 项任务。"
    revised = SaveOutcome(1, "revised", added=1, removed=2, changed=3, kept=50, completions_dropped=0)
    heading, counts, note, lines = review.changes_texts(result, revised)
    assert counts == "新增 1 项、删除 2 项、修改 3 项、保留 50 项（其完成情况保留）"
    assert "不会丢失任何填报内容" in note and lines == []


def test_deadline_labels_and_warnings_by_row():
    assert review.deadline_label(Deadline("2020年底前", "date", date(2020, 12, 31))) == "2020年底前 → 2020-12-31"
    assert review.deadline_label(Deadline("持续推进", "ongoing", None)) == "持续推进（持续推进）"
    by_ref, other = review.split_warnings(["表1第4行：无责任单位", "通知正文未写报送时限"], {"表1第4行"})
    assert by_ref == {"表1第4行": ["表1第4行：无责任单位"]} and other == ["通知正文未写报送时限"]


def test_fixes_go_into_the_result():
    result = import_file(SEED_000)
    task = result.tasks()[0]
    section = result.sections[0]
    assert review.editable_text(task, review.COL_TEXT) is None
    assert not review.apply_edit(result, task, review.COL_TEXT, "改不了")
    assert review.apply_edit(result, task, review.COL_LEAD, "区财政局、 区政务服务办 ")
    assert task.lead == ["区财政局", "区政务服务办"]
    assert review.apply_edit(result, task, review.COL_DEADLINE, "2020年10月底前")
    assert task.deadline.due == date(2020, 10, 31)
    assert not review.apply_edit(result, section, 0, "  ")  # a blank title keeps the old one
    assert review.apply_edit(result, section, 0, "一、新的部分标题")
    assert section.title == "一、新的部分标题"
    assert review.editable_text(Subsection("（一）小项"), 0) == "（一）小项"
    sha = result.source_sha256
    assert not review.forget_same_file(result, SaveOutcome(1, "new")) and result.source_sha256 == sha
    assert review.forget_same_file(result, SaveOutcome(1, "unchanged")) and result.source_sha256 == ""
    assert isinstance(section, Section) and isinstance(task, Task)


def test_the_result_tree_hangs_tasks_and_marks_their_warnings():
    marked = Task("公开预算决算信息。\n按规定时限公开。", number="1", title="财政预决算", lead=["区财政局"],
                  responsible=["区级各部门", "各镇街"], deadline=Deadline("2020年底前", "date", date(2020, 12, 31)),
                  source_ref="表1第4行")
    plain = Task("做好政策解读。", number="2")
    direct = Task("推进基层政务公开。", number="3", source_ref="表1第9行")
    titled, untitled = Subsection("（一）推进财政信息公开", [marked, plain]), Subsection("", [direct])
    first, second = Section("一、深化重点领域信息公开", [titled]), Section("二、加强政策解读", [untitled])
    result = ImportResult(Notice(), sections=[first, second],
                          warnings=["表1第4行：责任单位“各镇街”未能识别", "通知正文未写报送时限", "表2第1行：不在表中"])
    rows = list(review.tree_rows(result))
    # A subsection without a title has no row: its tasks hang under the section.
    assert [(n, p) for n, p, _ in rows] == [(first, None), (titled, first), (marked, titled), (plain, titled),
                                            (second, None), (direct, second)]
    assert rows[2][2] == ["表1第4行：责任单位“各镇街”未能识别"] and rows[3][2] == [] and rows[5][2] == []
    assert review.other_warnings(result) == ["通知正文未写报送时限", "表2第1行：不在表中"]
    view = review.task_view(marked, rows[2][2])
    assert view.warned and view.texts == ("1", "财政预决算：公开预算决算信息。", "区财政局", "区级各部门、各镇街",
                                          "2020年底前 → 2020-12-31")
    assert view.tips[review.COL_RESP] == "区级各部门\n各镇街\n\n表1第4行：责任单位“各镇街”未能识别"
    assert view.tips[review.COL_NUMBER] == "表1第4行：责任单位“各镇街”未能识别"  # no tip of its own
    assert view.tips[review.COL_TEXT].startswith("财政预决算\n公开预算决算信息。\n按规定时限公开。")
    bare = review.task_view(plain, [])
    assert not bare.warned and bare.texts[:2] == ("2", "做好政策解读。") and bare.tips[review.COL_LEAD] == ""
    assert review.hint_text(0) == review.EDIT_HINT
    assert review.hint_text(2).endswith("有 2 条提示标在相关行上（⚠ 图标，鼠标停留可看详情）。")


# -- the operations on a bare store ---------------------------------------------------------------
@pytest.fixture
def store(data_home):
    s = Store.open()
    s.nid = s.notices.save_import(import_file(SEED_000), who="测试").notice_id  # type: ignore[attr-defined]
    yield s
    s.close()


def run(store: Store, step, label: str) -> Changes:
    with store.db.operation(label):
        return step(store)


def test_set_field_apply_revert_and_merge(store):
    tid = int(store.db.scalar("SELECT id FROM tasks WHERE number = '10'"))
    op = SetField(tid, "财政局", "text", "", "已发布", who="财政局")
    assert run(store, op.apply, op.label) == of_task(tid)
    assert op.merge(SetField(tid, "财政局", "text", "已发布", "已发布3篇", who="财政局")) and op.new == "已发布3篇"
    assert not op.merge(SetField(tid, "财政局", "status", "未开始", "推进中"))
    run(store, op.apply, op.label)
    run(store, op.revert, f"撤销 {op.label}")
    assert store.completions.get_completion(tid, "财政局").text == ""
    assert [e.detail["op"] for e in store.audit.entries("completion")] == ["撤销 修改完成情况", "修改完成情况", "修改完成情况"]


def test_save_rosters_undo_restores_what_each_unit_had(store):
    store.rosters.save_roster(store.nid, "区教委", {CATS[0]: [{"姓名": "甲"}]}, date(2020, 8, 1))
    op = SaveRosters(store.nid, [RosterSave("区教委", {CATS[0]: [{"姓名": "乙"}]}, date(2020, 8, 13)),
                                 RosterSave("区民政局", {CATS[0]: [{"姓名": "丙"}]})], who="区政府办")
    assert run(store, op.apply, op.label) == Changes(rosters=frozenset({store.nid}))
    run(store, op.revert, "撤销")
    back = store.rosters.load_roster(store.nid, "区教委")
    assert back.entries == {CATS[0]: [{"姓名": "甲"}]} and back.filled_on == date(2020, 8, 1)
    assert store.rosters.load_roster(store.nid, "区民政局") is None


def test_set_own_unit_and_back(store):
    store.settings.own_unit = "财政局"
    before = store.units.group_kinds_of("区民政局")
    assert "towns" not in before
    op = SetOwnUnit("区民政局", {"towns": True, "departments": False, "related": False}, who="财政局")
    assert run(store, op.apply, op.label) == Changes(units=True)
    assert store.settings.own_unit == "区民政局" and store.units.group_kinds_of("区民政局") == {"towns"}
    run(store, op.revert, "撤销 设置本单位")
    assert store.settings.own_unit == "财政局"
    assert store.units.group_kinds_of("区民政局") == before
    entries = store.audit.entries("settings")
    assert [(e.detail["unit"], e.detail["before"]) for e in entries] == [("财政局", "区民政局"), ("区民政局", "财政局")]


def test_revised_import_says_tasks_were_removed(store):
    again = ImportNotice(import_file(SEED_000), who="测试")
    assert run(store, again.apply, again.label) == Changes(notices=frozenset({store.nid}))  # unchanged
    op = ImportNotice(revised_without_task_10(), who="测试")
    ch = run(store, op.apply, op.label)
    assert ch.tasks_removed and ch.notices == {store.nid} and op.outcome.removed == 1


def test_changes_merge():
    a = Changes(completions=frozenset({1}))
    b = Changes(completions=frozenset({2}), units=True)
    assert a | b == Changes(completions=frozenset({1, 2}), units=True)
    assert not Changes() and a
