"""The names of the two forms a clerk hands in (the reasons for these words: domain/forms.py).

Apart from domain/forms.py so that the command line can name them in its help without loading the
forms' data classes (gkdesk-cli import --dry-run needs nothing else of them).
"""
COMPLETION_LABEL = "附件1"
COMPLETION_FORM = "任务分工落实情况表"
ROSTER_LABEL = "附件2"
ROSTER_FORM = "人员名单"
