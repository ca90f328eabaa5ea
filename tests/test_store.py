"""The store, told as a clerk's year: import the notice, revise it, find my tasks, search."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from gkdesk.domain.model import (
    Column,
    Deadline,
    ImportResult,
    Notice,
    ReportDeadline,
    RosterTemplate,
    Section,
    Subsection,
    Task,
)
from gkdesk.store import audit as audit_module

T_POWERS = "对照法律法规规章，全面梳理本机关依法行使的行政权力和依法承担的公共服务职责，更新完善权责清单并按要求公开。"
T_FUNCTIONS = "依法公开本机关的工作职能、机构设置等信息（包括：“三定”职责，内设机构、下属单位设置情况及职责）。"
T_BUDGET = "全面公开部门预决算和“三公”经费预决算，细化公开到支出功能分类的项级科目。"
T_OPINION = "密切关注涉及疫情的舆情动态，针对相关舆情热点问题，快速反应、正面回应。有关部门主要负责人要带头主动发声，以权威信息引导社会舆论。"
T_NEWMEDIA = "加强政务新媒体管理，定期开展检查，对内容更新不及时的账号及时整改或关停。"


def notice_2020() -> ImportResult:
    """万盛经开办〔2020〕9号 in miniature: two sections, five tasks, 附件2 roster."""
    return ImportResult(
        notice=Notice(
            doc_number="万盛经开办〔2020〕9号",
            title="重庆市万盛经开区管委会办公室关于印发万盛经开区2020年政务公开工作要点任务分工的通知",
            issuer="重庆市万盛经开区管委会办公室",
            date=date(2020, 8, 12),
            year=2020,
            attachments=[
                "万盛经开区2020年政务公开工作要点任务分工",
                "全区政府信息公开工作人员名单",
            ],
            report_deadlines=[
                ReportDeadline(
                    "政府信息公开工作负责人及工作人员名单",
                    date(2020, 8, 14),
                    "18:00",
                    "附件2",
                    "政府信息公开中心",
                ),
                ReportDeadline(
                    "落实要点任务分工工作开展情况",
                    date(2020, 12, 5),
                    None,
                    "附件1",
                    "政府信息公开中心",
                ),
            ],
            contact="罗德娟",
            phone="85276112",
            table_title="万盛经开区2020年政务公开工作要点任务分工",
        ),
        columns=[
            Column("重点任务", "section"),
            Column("重点任务", "subsection"),
            Column("贯彻举措", "text"),
            Column("牵头单位", "lead"),
            Column("责任单位", "responsible"),
            Column("完成时限", "deadline"),
        ],
        sections=[
            Section(
                "一、围绕贯彻落实党的十九届四中全会精神加强用权公开",
                [
                    Subsection(
                        "（一）以权责清单为依托，加强权力配置信息公开。",
                        [
                            Task(
                                T_POWERS,
                                number="1．",
                                lead=["党工委政法办"],
                                responsible=["管委会各部门", "各镇街"],
                                deadline=Deadline(
                                    "2020年底前", "date", date(2020, 12, 31)
                                ),
                            ),
                            Task(
                                T_FUNCTIONS,
                                number="2．",
                                lead=["管委会办公室"],
                                responsible=["区政府各部门"],
                                deadline=Deadline(
                                    "2020年10月底前", "date", date(2020, 10, 31)
                                ),
                            ),
                        ],
                    ),
                    Subsection(
                        "（二）加强财政信息公开。",
                        [
                            Task(
                                T_BUDGET,
                                number="3．",
                                lead=["区财政局"],
                                responsible=["区财政局"],
                                deadline=Deadline("每月底前", "monthly", None),
                            ),
                        ],
                    ),
                ],
            ),
            Section(
                "二、围绕做好疫情防控加强信息公开",
                [
                    Subsection(
                        "",
                        [
                            Task(
                                T_OPINION,
                                number="4．",
                                lead=["区委宣传部"],
                                responsible=["有关部门"],
                                deadline=Deadline("持续推进", "ongoing", None),
                            ),
                            Task(
                                T_NEWMEDIA,
                                number="5．",
                                lead=["管委会办公室"],
                                responsible=["石林镇", "关坝镇"],
                                deadline=Deadline("长期开展", "ongoing", None),
                            ),
                        ],
                    ),
                ],
            ),
        ],
        roster=RosterTemplate(
            "全区政府信息公开工作人员名单",
            ["政府信息公开工作负责人", "政府信息公开工作人员"],
            ["姓名", "职务", "联系电话", "备注"],
        ),
        warnings=["表1第9行：完成时限为空"],
        source_name="万盛经开办〔2020〕9号.docx",
        source_sha256="a" * 64,
        source_format="docx",
    )


def revised_2020() -> ImportResult:
    """The corrected notice sent a week later: 2 reworded, 3 dropped, a new task 6 added."""
    r = copy.deepcopy(notice_2020())
    r.source_sha256 = "b" * 64
    r.source_name = "万盛经开办〔2020〕9号（更正）.docx"
    tasks = r.sections[0].subsections[0].tasks
    tasks[1].text = T_FUNCTIONS.replace("依法公开", "依法及时公开")
    del r.sections[0].subsections[1]
    r.sections[1].subsections[0].tasks.append(
        Task(
            "推进基层政务公开标准化规范化，编制镇街政务公开事项目录。",
            number="6．",
            lead=["管委会办公室"],
            responsible=["各镇街"],
            deadline=Deadline("2020年11月底前", "date", date(2020, 11, 30)),
        )
    )
    return r


def task_by_number(result: ImportResult, number: str) -> Task:
    return next(t for t in result.tasks() if t.number == number)


def test_imported_notice_reloads_faithfully(store, data_home):
    assert store.db.path.parent == data_home
    outcome = store.notices.save_import(notice_2020(), who="罗德娟")
    assert outcome.status == "new" and outcome.added == 5

    loaded = store.notices.load_result(outcome.notice_id)
    original = notice_2020()
    assert loaded.to_json() == original.to_json()
    assert loaded.counts() == (2, 2, 5)
    assert loaded.notice.report_deadlines[0].due == date(2020, 8, 14)
    assert loaded.notice.report_deadlines[0].time == "18:00"
    first = loaded.sections[0].subsections[0].tasks[0]
    assert first.responsible == ["管委会各部门", "各镇街"]
    assert first.deadline.due == date(2020, 12, 31)
    assert loaded.roster.categories == [
        "政府信息公开工作负责人",
        "政府信息公开工作人员",
    ]
    assert all(isinstance(t.id, int) for t in loaded.tasks())
    assert (loaded.source_sha256, loaded.warnings) == (
        "a" * 64,
        ["表1第9行：完成时限为空"],
    )


def test_loading_reads_one_row_per_stored_thing(store):
    notice_id = store.notices.save_import(notice_2020()).notice_id
    with store.db.counting() as reads:
        result = store.notices.load_result(notice_id)
    unit_links = sum(len(t.lead) + len(t.responsible) for t in result.tasks())
    # notice + 6 columns + 2 report deadlines + 2 sections + 3 subsections + 5 tasks + links + roster
    assert reads.rows == 1 + 6 + 2 + 2 + 3 + 5 + unit_links + 1


def test_same_file_twice_is_one_notice(store):
    first = store.notices.save_import(notice_2020())
    again = store.notices.save_import(notice_2020())
    assert (
        again.status == "unchanged"
        and again.notice_id == first.notice_id
        and again.kept == 5
    )
    notices = store.notices.list_notices()
    assert len(notices) == 1 and notices[0].tasks == 5 and notices[0].sections == 2


def test_revision_keeps_completions_of_unchanged_tasks(store):
    notice_id = store.notices.save_import(notice_2020()).notice_id
    before = store.notices.load_result(notice_id)
    for number, text in (
        ("1．", "已更新权责清单并在政府网站公开。"),
        ("2．", "已公开三定职责。"),
        ("3．", "已按月公开预决算。"),
        ("5．", "已关停2个僵尸账号。"),
    ):
        store.completions.set_completion(
            task_by_number(before, number).id,
            "管委会办公室",
            text=text,
            status="已完成",
            who="罗德娟",
        )
    ids_before = {t.number: t.id for t in before.tasks()}

    outcome = store.notices.save_import(revised_2020(), who="罗德娟")

    assert (outcome.notice_id, outcome.status) == (notice_id, "revised")
    assert (outcome.kept, outcome.changed, outcome.added, outcome.removed) == (
        3,
        1,
        1,
        1,
    )
    assert outcome.completions_dropped == 2
    assert {d["text"] for d in outcome.dropped} == {
        "已公开三定职责。",
        "已按月公开预决算。",
    }
    after = store.notices.load_result(notice_id)
    assert [t.number for t in after.tasks()] == ["1．", "2．", "4．", "5．", "6．"]
    kept = store.completions.get_completion(
        task_by_number(after, "1．").id, "管委会办公室"
    )
    assert kept.text == "已更新权责清单并在政府网站公开。" and kept.status == "已完成"
    assert task_by_number(after, "1．").id == ids_before["1．"]
    assert (
        store.completions.get_completion(
            task_by_number(after, "5．").id, "管委会办公室"
        ).text
        == "已关停2个僵尸账号。"
    )
    assert (
        store.completions.get_completion(
            task_by_number(after, "2．").id, "管委会办公室"
        )
        is None
    )
    assert len(store.notices.list_notices()) == 1
    assert store.notices.list_notices()[0].revision == 2
    # The lost texts can still be read back from the audit log.
    entry = store.audit.entries(entity="notice", entity_id=notice_id)[0]
    assert entry.who == "罗德娟" and entry.detail["changed"] == 1
    assert "已按月公开预决算。" in [d["text"] for d in entry.detail["dropped"]]


def test_revision_found_by_title_and_year_when_doc_number_missing(store):
    pasted = notice_2020()
    pasted.notice.doc_number, pasted.source_sha256 = "", ""
    notice_id = store.notices.save_import(pasted).notice_id
    again = copy.deepcopy(pasted)
    assert store.notices.save_import(again).notice_id == notice_id
    other_year = copy.deepcopy(pasted)
    other_year.notice.year = 2021
    assert store.notices.save_import(other_year).status == "new"


def test_failure_mid_save_leaves_store_unchanged(store, monkeypatch):
    notice_id = store.notices.save_import(notice_2020()).notice_id
    task_id = store.notices.load_result(notice_id).tasks()[2].id
    store.completions.set_completion(task_id, "区财政局", text="已按月公开。")
    snapshot = store.notices.load_result(notice_id).to_json()

    def broken(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(audit_module, "record", broken)
    with pytest.raises(RuntimeError):
        store.notices.save_import(revised_2020())
    other = notice_2020()
    other.notice.doc_number, other.notice.title, other.source_sha256 = (
        "万盛经开办〔2020〕10号",
        "另一个通知",
        "c" * 64,
    )
    with pytest.raises(RuntimeError):
        store.notices.save_import(other)
    monkeypatch.undo()

    assert len(store.notices.list_notices()) == 1
    assert store.notices.load_result(notice_id).to_json() == snapshot
    assert store.completions.get_completion(task_id, "区财政局").text == "已按月公开。"
    assert not store.db.in_transaction


def test_find_notice_by_id_digits_and_doc_number(store):
    notice_id = store.notices.save_import(notice_2020()).notice_id
    assert store.notices.find_notice(notice_id) == notice_id
    assert store.notices.find_notice(str(notice_id)) == notice_id
    assert store.notices.find_notice("万盛经开办〔2020〕9号") == notice_id
    assert store.notices.find_notice("万盛经开办[2020]9号") == notice_id
    assert store.notices.find_notice("2020年政务公开工作要点") == notice_id
    assert store.notices.find_notice("江津府办发〔2022〕97号") is None
    assert store.notices.find_notice(notice_id + 1) is None


def test_my_tasks_by_alias_and_group(store):
    notice_id = store.notices.save_import(notice_2020()).notice_id
    result = store.notices.load_result(notice_id)
    number = {t.id: t.number for t in result.tasks()}

    finance = store.notices.tasks_for_unit(notice_id, "财政局")
    assert [number[t.task_id] for t in finance] == ["1．", "2．", "3．"]
    # 4． goes to 有关部门: it may concern 财政局, which the clerk decides; it is not counted as its own.
    maybe = store.notices.tasks_for_unit(notice_id, "财政局", concerning=True)
    assert [(number[t.task_id], t.via) for t in maybe] == [("4．", ("有关部门",))]
    budget = next(t for t in finance if number[t.task_id] == "3．")
    assert budget.role == "lead" and budget.via == ("区财政局", "区财政局")
    assert next(t for t in finance if number[t.task_id] == "2．").via == (
        "区政府各部门",
    )

    town = store.notices.tasks_for_unit(notice_id, "石林镇")
    assert [number[t.task_id] for t in town] == ["1．", "5．"]
    # 有关部门 is a department word: it does not even "may concern" a town.
    assert store.notices.tasks_for_unit(notice_id, "石林镇", concerning=True) == []
    only_lead = store.notices.tasks_for_unit(notice_id, "区财政局", roles=("lead",))
    assert [number[t.task_id] for t in only_lead] == ["3．"]


def test_clerk_edits_group_membership_and_aliases(store):
    notice_id = store.notices.save_import(notice_2020()).notice_id
    numbers = lambda name: [
        t.task_id for t in store.notices.tasks_for_unit(notice_id, name)
    ]
    # 区融媒体中心 counts as a department by its name; the clerk says it is not one.
    assert len(numbers("区融媒体中心")) == 2
    store.units.set_membership("departments", "区融媒体中心", member=False)
    store.units.set_membership("related", "区融媒体中心", member=False)
    assert numbers("区融媒体中心") == []
    # 宣传部 is spelled 区委宣传部 in the notice; an alias makes 党委宣传部 find it.
    store.units.add_alias("党委宣传部", "区委宣传部")
    assert store.notices.load_result(notice_id).tasks()[3].id in numbers("党委宣传部")
    assert {u.name for u in store.units.members("towns")} == {"石林镇", "关坝镇"}


def test_search_chinese_text_short_terms_and_unit_names(store):
    notice_id = store.notices.save_import(notice_2020()).notice_id
    result = store.notices.load_result(notice_id)
    number = {t.id: t.number for t in result.tasks()}
    assert store.db.fts
    assert [number[i] for i in store.notices.search("舆情")] == ["4．"]
    assert [number[i] for i in store.notices.search("舆情热点")] == ["4．"]
    assert [number[i] for i in store.notices.search("预决算")] == ["3．"]
    assert [number[i] for i in store.notices.search("公开 清单")] == ["1．"]
    assert [number[i] for i in store.notices.search("关坝镇")] == ["5．"]
    assert [number[i] for i in store.notices.search("财政局")] == ["3．"]
    assert [number[i] for i in store.notices.search("镇", notice_id=notice_id)] == [
        "1．",
        "5．",
    ]
    assert store.notices.search("100%") == [] and store.notices.search("  ") == []


def test_search_follows_revisions(store):
    store.notices.save_import(notice_2020())
    store.notices.save_import(revised_2020())
    assert store.notices.search("预决算") == []
    assert len(store.notices.search("依法及时公开")) == 1
    assert len(store.notices.search("标准化规范化")) == 1


def test_search_without_fts_uses_like(store):
    store.notices.save_import(notice_2020())
    store.db.fts = False
    assert len(store.notices.search("舆情热点")) == 1
    assert len(store.notices.search("关坝镇")) == 1


def test_deleting_a_notice_removes_its_tasks_from_search(store):
    notice_id = store.notices.save_import(notice_2020()).notice_id
    store.notices.delete_notice(notice_id, who="罗德娟")
    assert store.notices.list_notices() == [] and store.notices.search("舆情") == []
    assert store.db.scalar("SELECT count(*) FROM task_fts") == 0


def test_revision_counts_always_add_up():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from gkdesk.store.keys import content_key
    from gkdesk.store.tree import OldTask, SaveOutcome, match_tasks

    texts = st.lists(
        st.sampled_from(
            [T_POWERS, T_FUNCTIONS, T_BUDGET, T_OPINION, T_NEWMEDIA, "新增任务"]
        ),
        max_size=8,
    )

    @settings(max_examples=200, deadline=None)
    @given(texts, texts)
    def check(old_texts, new_texts):
        old = [OldTask(i, content_key(t), t) for i, t in enumerate(old_texts)]
        outcome = SaveOutcome(1, "revised")
        reuse = match_tasks(old, [Task(t) for t in new_texts], outcome)
        assert len(set(reuse.values())) == len(reuse) == outcome.kept
        assert outcome.kept + outcome.changed + outcome.removed == len(old_texts)
        assert outcome.kept + outcome.changed + outcome.added == len(new_texts)

    check()


def test_short_term_search_reaches_task_units_through_the_unit_index(store):
    """A 2-character term (镇) matches unit names first and reaches their tasks by the
    task_units_unit index; the JOIN it replaced scanned every row of task_units per search."""
    from gkdesk.store.search import text_condition

    store.notices.save_import(notice_2020())
    cond, params = text_condition(store.db, "镇")
    plan = [r[3] for r in store.db.query(f"EXPLAIN QUERY PLAN SELECT t.id FROM tasks t WHERE {cond}", params)]
    task_unit_steps = [p for p in plan if "tu" in p.split() or "task_units" in p]
    assert task_unit_steps and all(p.startswith("SEARCH") for p in task_unit_steps), plan
    assert any("task_units_unit" in p for p in task_unit_steps), plan
    assert len(store.notices.search("镇")) == 2
