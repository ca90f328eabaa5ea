"""The two forms a clerk hands back: what they are called, and the 附件2 form most notices copy.

附件1 has one name everywhere the clerk reads it (menus, CLI output, exported titles, sheet names).
It is the notice's own 任务分工 table (seeds 000 and 001 list 附件1 as "…政务公开工作要点任务分工")
with the 完成情况 column filled in, and seed 000 asks for it back as "落实要点任务分工工作开展情况
（附件1）": so it is the 任务分工落实情况表. The text a unit writes per task keeps the column's own
word, 完成情况.
"""
from __future__ import annotations

from gkdesk.domain.model import RosterTemplate

COMPLETION_LABEL = "附件1"
COMPLETION_FORM = "任务分工落实情况表"
ROSTER_LABEL = "附件2"
ROSTER_FORM = "人员名单"

# Seed 000's 附件2: the form most notices copy. Used when a notice brought no roster template.
DEFAULT_ROSTER = RosterTemplate(
    title="政府信息公开工作人员名单",
    categories=[
        "政府信息公开工作负责人",
        "政府网站和政务新媒体管理工作负责人",
        "政府信息公开工作人员",
        "政府网站子网集群管理工作人员",
        "政务新媒体管理工作人员",
    ],
    columns=["姓名", "职务", "联系电话", "备注"],
    label=ROSTER_LABEL,
)

__all__ = ["COMPLETION_FORM", "COMPLETION_LABEL", "DEFAULT_ROSTER", "ROSTER_FORM", "ROSTER_LABEL"]
