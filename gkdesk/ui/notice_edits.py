"""删除通知 and its compensating restore, as desk operations (no Qt here; run through ui/operations).

The store keeps a deleted notice as a snapshot of every row that went with it (store/notice_trash.py),
so the deletion is one undo step in the session and can be reverted from the 操作历史 any day after.
"""
from __future__ import annotations

from gkdesk.store import Store

from .changes import Changes
from .edits import Operation


class DeleteNotice(Operation):
    """删除通知: the notice and its tasks, completions, evidence, rosters, reviews and returns."""

    label = "删除通知"

    def risky(self, store: Store) -> bool:
        return True

    def __init__(self, notice_id: int, who: str | None = None) -> None:
        super().__init__(who)
        self.notice_id = notice_id
        self.deletion_id: int | None = None

    def apply(self, store: Store) -> Changes:
        self.deletion_id = store.trash.delete(self.notice_id, who=self.who or "")
        # Not tasks_removed: the undo entries below this one name tasks that the undo of this
        # deletion brings back with the same ids, and the stack reaches them only through it.
        return Changes(notices=frozenset({self.notice_id}), rosters=frozenset({self.notice_id}),
                       collection=frozenset({self.notice_id}))

    def revert(self, store: Store) -> Changes:
        assert self.deletion_id is not None
        notice_id, moved = store.trash.restore(self.deletion_id, who=self.who or "")
        self.notice_id = notice_id
        # Ids that had to change (a notice imported since took them) invalidate older undo entries.
        return Changes(notices=frozenset({notice_id}), rosters=frozenset({notice_id}),
                       collection=frozenset({notice_id}), tasks_removed=moved)


class RestoreNotice(Operation):
    """操作历史 → 撤销此操作 on a deletion, any day after: the notice back, row for row."""

    label = "撤销 删除通知"
    undoable = False

    def __init__(self, deletion_id: int, who: str | None = None) -> None:
        super().__init__(who)
        self.deletion_id = deletion_id
        self.notice_id: int | None = None

    def apply(self, store: Store) -> Changes:
        if not self.progress(10, "正在恢复通知"):
            from gkdesk.domain.model import ImportCancelled

            raise ImportCancelled()
        notice_id, moved = store.trash.restore(self.deletion_id, who=self.who or "")
        self.notice_id = notice_id
        return Changes(notices=frozenset({notice_id}), rosters=frozenset({notice_id}),
                       collection=frozenset({notice_id}), tasks_removed=moved)


__all__ = ["DeleteNotice", "RestoreNotice"]
