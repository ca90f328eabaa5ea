"""What the two forms are called wherever the clerk reads it (menus, CLI output, exported titles,
sheet names); why these words: domain/forms.py. Apart so the desk's menus and the command line's
help can say them at start without loading the forms' data classes (issue 16; gkdesk-cli import
--dry-run needs nothing else of them)."""
from __future__ import annotations

COMPLETION_LABEL = "附件1"
COMPLETION_FORM = "任务分工落实情况表"
ROSTER_LABEL = "附件2"
ROSTER_FORM = "人员名单"
