"""审核 writes from the desk: one entry marked 通过 or 退回, and its exact undo (no Qt here).

Run through ``Operations.run``. The rules (who may review, 退回 needs a reason) live in
domain/review.py and store/review.py; a refusal reaches the clerk as the store's Chinese line.
"""
from __future__ import annotations

from typing import Any

from gkdesk.domain.review import WARNING_DAYS_SETTING, ReviewError
from gkdesk.store import Store, StoreError

from .changes import Changes, of_task
from .edits import Operation


class SetReview(Operation):
    """Mark `unit`'s entry of a task 通过 or 退回 (with a reason); undo puts back the row as it was."""

    label = "审核"

    def __init__(self, task_id: int, unit: str, state: str, reason: str = "", reviewer: str | None = None,
                 who: str | None = None) -> None:
        super().__init__(who)
        self.task_id, self.unit, self.state, self.reason, self.reviewer = task_id, unit, state, reason, reviewer
        self.label = f"审核 {unit} {state}"
        self.before: dict[str, Any] | None = None

    def apply(self, store: Store) -> Changes:
        # Taken at every apply: a redo starts from the state the undo put back.
        self.before = store.reviews.saved(self.task_id, self.unit)
        try:
            store.reviews.set_review(self.task_id, self.unit, self.state, self.reason, who=self.who or "",
                                     reviewer=self.reviewer)
        except ReviewError as exc:  # the clerk's problem: shown as one Chinese line, not a crash
            raise StoreError(str(exc), "refused") from exc
        return of_task(self.task_id)

    def revert(self, store: Store) -> Changes:
        store.reviews.restore_review(self.task_id, self.unit, self.before, who=self.who or "")
        return of_task(self.task_id)


class SetWarningDays(Operation):
    """设置 → 预警天数: 即将到期 means due within this many days (tree, status bar, 审核, 汇总)."""

    label = "设置预警天数"

    def __init__(self, days: int, who: str | None = None) -> None:
        super().__init__(who)
        self.days = max(0, int(days))
        self.before: Any = None

    def _set(self, store: Store, value: Any, old: Any) -> Changes:
        store.settings.set(WARNING_DAYS_SETTING, value)
        # Audited like 本单位: the marks of every task move with it (issue 10: every write is audited).
        store.audit.record("set_warning_days", "settings", None, {"days": value, "before": old}, who=self.who or "")
        return Changes(settings=True)

    def apply(self, store: Store) -> Changes:
        self.before = store.settings.get(WARNING_DAYS_SETTING)
        return self._set(store, self.days, self.before)

    def revert(self, store: Store) -> Changes:
        return self._set(store, self.before, self.days)


__all__ = ["SetReview", "SetWarningDays"]
