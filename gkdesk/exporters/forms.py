"""附件2's default template, and the form data the writers take (defined in domain/forms.py).

The forms are gathered from the store by gkdesk.store.forms; nothing here queries the store.
"""
from __future__ import annotations

from gkdesk.domain.forms import (
    CompletionForm,
    CompletionRow,
    RosterForm,
    clean_text,
    format_date,
)
from gkdesk.domain.model import RosterTemplate

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
    label="附件2",
)

__all__ = [
    "DEFAULT_ROSTER",
    "CompletionForm",
    "CompletionRow",
    "RosterForm",
    "clean_text",
    "format_date",
]
