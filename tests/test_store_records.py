"""What a clerk records against a notice: 完成情况, 佐证材料, the 附件2 roster, settings, audit."""

from __future__ import annotations

import os
import time
from datetime import date

import pytest

from gkdesk.domain.model import (
    Deadline,
    ImportResult,
    Notice,
    RosterTemplate,
    Section,
    Subsection,
    Task,
)
from gkdesk.store import OWN_UNIT, StoreError


def small_notice() -> ImportResult:
    return ImportResult(
        notice=Notice(
            doc_number="江津府办发〔2022〕97号",
            title="关于印发江津区2022年政务公开工作要点任务分工的通知",
            year=2022,
            date=date(2022, 6, 20),
        ),
        sections=[
            Section(
                "一、以公开助力经济平稳健康发展",
                [
                    Subsection(
                        "（一）加强涉及市场主体的信息公开。",
                        [
                            Task(
                                "切实做好政策性文件公开征求意见、政策解读、关切回应等工作。",
                                lead=["区政府办公室"],
                                responsible=["各镇（街道）", "区政府各部门"],
                                deadline=Deadline("长期开展", "ongoing"),
                            ),
                            Task(
                                "及时公开惠企政策清单，编制政策汇编。",
                                lead=["区财政局"],
                                responsible=["区财政局"],
                                deadline=Deadline(
                                    "2022年10月底前", "date", date(2022, 10, 31)
                                ),
                            ),
                        ],
                    )
                ],
            )
        ],
        roster=RosterTemplate(
            "政府信息公开工作人员名单",
            ["政府信息公开工作负责人", "政务新媒体管理工作人员"],
            ["姓名", "职务", "联系电话", "备注"],
        ),
        source_sha256="d" * 64,
    )


@pytest.fixture
def tasks(store):
    notice_id = store.notices.save_import(small_notice()).notice_id
    return notice_id, [t.id for t in store.notices.load_result(notice_id).tasks()]


def test_completion_is_recorded_per_task_and_unit(store, tasks):
    notice_id, (policy, relief) = tasks
    c = store.completions.set_completion(
        policy,
        "先锋镇",
        status="推进中",
        text="已公开征求意见文件3件。",
        started_on=date(2022, 7, 1),
        links=["http://www.jiangjin.gov.cn/xfz/zcwj/"],
        who="李敏",
    )
    assert (c.unit_name, c.status, c.started_on, c.updated_by) == (
        "先锋镇",
        "推进中",
        date(2022, 7, 1),
        "李敏",
    )
    # Later only the status and date change; the text stays.
    store.completions.set_completion(
        policy, "先锋镇", status="已完成", completed_on="2022-09-28"
    )
    c = store.completions.get_completion(policy, "先锋镇")
    assert (c.status, c.text, c.completed_on) == (
        "已完成",
        "已公开征求意见文件3件。",
        date(2022, 9, 28),
    )
    assert c.links == ["http://www.jiangjin.gov.cn/xfz/zcwj/"]
    # 财政局 and 区财政局 are one unit: the row stored for the notice's spelling is reused.
    store.completions.set_completion(relief, "财政局", text="已编制惠企政策汇编。")
    assert (
        store.completions.get_completion(relief, "区财政局").text
        == "已编制惠企政策汇编。"
    )
    assert [
        x.unit_name for x in store.completions.completions_for_notice(notice_id)
    ] == ["先锋镇", "区财政局"]
    assert store.notices.list_notices()[0].completed == 1
    assert store.completions.get_completion(relief, "先锋镇") is None
    with pytest.raises(ValueError):
        store.completions.set_completion(policy, "先锋镇", status="差不多")
    with pytest.raises(StoreError):
        store.completions.set_completion(9999, "先锋镇", text="x")


def test_same_evidence_file_is_stored_once(store, tasks, tmp_path):
    _, (policy, _) = tasks
    scan = tmp_path / "政策解读截图.pdf"
    scan.write_bytes(b"%PDF-1.4 evidence" * 100)
    mine = store.completions.set_completion(policy, "先锋镇", text="见截图")
    theirs = store.completions.set_completion(policy, "白沙镇", text="见截图")
    a = store.completions.add_evidence(mine, scan)
    b = store.completions.add_evidence(theirs, scan)
    again = store.completions.add_evidence(mine, scan)
    assert (
        again.id == a.id
        and a.sha256 == b.sha256
        and a.original_name == "政策解读截图.pdf"
    )
    blobs = [p for p in (store.directory / "evidence").rglob("*") if p.is_file()]
    assert blobs == [store.completions.evidence_path(a)]
    assert store.completions.evidence_path(a).read_bytes() == scan.read_bytes()
    assert [
        e.id for e in store.completions.get_completion(policy, "先锋镇").evidence
    ] == [a.id]

    store.completions.remove_evidence(a)
    assert store.completions.evidence_path(b).exists()  # still used by 白沙镇
    store.completions.remove_evidence(b.id)
    assert not store.completions.evidence_path(b).exists()


def test_evidence_over_the_limit_is_refused_in_chinese(store, tasks, tmp_path):
    _, (policy, _) = tasks
    video = tmp_path / "会议录像.mp4"
    video.write_bytes(b"0" * 3 * 1024 * 1024)
    c = store.completions.set_completion(policy, "先锋镇")
    with pytest.raises(StoreError) as err:
        store.completions.add_evidence(c, video, max_bytes=2 * 1024 * 1024)
    assert (
        err.value.kind == "too_big"
        and "会议录像.mp4" in str(err.value)
        and "上限 2 MB" in str(err.value)
    )
    with pytest.raises(StoreError):
        store.completions.add_evidence(c, tmp_path / "不存在.docx")


def test_evidence_of_a_removed_task_can_be_pruned(store, tasks, tmp_path):
    _, (policy, _) = tasks
    photo = tmp_path / "公开栏照片.jpg"
    photo.write_bytes(b"\xff\xd8jpeg")
    ev = store.completions.add_evidence(
        store.completions.set_completion(policy, "先锋镇"), photo
    )
    revised = small_notice()
    revised.source_sha256 = "e" * 64
    del revised.sections[0].subsections[0].tasks[0]
    assert store.notices.save_import(revised).removed == 1
    assert store.completions.evidence_path(ev).exists()
    assert store.completions.prune_evidence_files() == 0  # another window may still undo for a day
    day_ago = time.time() - 25 * 3600
    os.utime(store.completions.evidence_path(ev), (day_ago, day_ago))
    assert store.completions.prune_evidence_files() == 1
    assert not store.completions.evidence_path(ev).exists()


def test_roster_saved_and_loaded_in_form_order(store, tasks):
    notice_id, _ = tasks
    assert store.rosters.template(notice_id).columns == [
        "姓名",
        "职务",
        "联系电话",
        "备注",
    ]
    entries = {
        "政务新媒体管理工作人员": [
            {"姓名": "王芳", "职务": "科员", "联系电话": "13800000000", "备注": ""}
        ],
        "政府信息公开工作负责人": [
            {"姓名": "张伟", "职务": "副主任", "联系电话": "47521234", "备注": "分管"},
            {"姓名": "刘洋", "职务": "科长", "联系电话": "47525678", "备注": ""},
        ],
    }
    roster_id = store.rosters.save_roster(
        notice_id, "先锋镇", entries, filled_on=date(2022, 8, 10), who="李敏"
    )
    loaded = store.rosters.load_roster(notice_id, "先锋镇")
    assert loaded.id == roster_id and loaded.filled_on == date(2022, 8, 10)
    assert loaded.entries == entries and list(loaded.entries) == list(entries)
    entries["政务新媒体管理工作人员"] = []
    assert store.rosters.save_roster(notice_id, "先锋镇", entries) == roster_id
    assert (
        "政务新媒体管理工作人员"
        not in store.rosters.load_roster(notice_id, "先锋镇").entries
    )
    assert [r.unit_name for r in store.rosters.list_rosters(notice_id)] == ["先锋镇"]
    assert store.rosters.load_roster(notice_id, "白沙镇") is None
    store.rosters.save_template(
        notice_id, RosterTemplate("名单", ["负责人"], ["姓名", "手机"])
    )
    assert store.rosters.template(notice_id).columns == ["姓名", "手机"]


def test_settings_and_audit_log(store, tasks):
    assert store.settings.own_unit == ""
    store.settings.own_unit = "区财政局"
    assert store.settings.get(OWN_UNIT) == "区财政局"
    store.settings.set("最近导出目录", {"path": "D:/公开/2022"})
    assert store.settings.all() == {
        OWN_UNIT: "区财政局",
        "最近导出目录": {"path": "D:/公开/2022"},
    }
    store.settings.set("最近导出目录", None)
    assert store.settings.get("最近导出目录", "无") == "无"
    actions = [e.action for e in store.audit.entries()]
    assert actions == ["import"]
    store.completions.set_completion(tasks[1][0], "先锋镇", text="完成", who="李敏")
    latest = store.audit.entries(limit=1)[0]
    assert (latest.action, latest.who, latest.detail["unit"]) == (
        "set_completion",
        "李敏",
        "先锋镇",
    )
