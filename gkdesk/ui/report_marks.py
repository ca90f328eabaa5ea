"""The reminders' 标记已报送 / 取消已报送 wired to the desk's write path (ui/report_edits.py)."""
from __future__ import annotations


def install(window) -> None:
    def request(notice_id: int, form: str, mark: bool) -> None:
        from .report_edits import MarkHandedIn

        window.ops.run(MarkHandedIn(notice_id, window.unit, form, window.today if mark else None), parent=window)

    window.reminders.handin_requested.connect(request)
