"""The forms a clerk hands back: the 附件2 form most notices copy."""
from __future__ import annotations

from gkdesk.domain.model import RosterTemplate

ROSTER_LABEL = "附件2"

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

__all__ = ["DEFAULT_ROSTER", "ROSTER_LABEL"]
