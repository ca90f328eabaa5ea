"""The collector's operations (收集): 单位名单, 下发填报表, 导入回执, conflict choices, the
compensating 撤销导入回执 of the 操作历史, and a unit's 收下上级下发的填报表 (no Qt here; run
through ui/operations.Operations).

Each is one store transaction. The work itself is gkdesk.collection_ops (the CLI's core) and the
store's repositories; these classes only keep what their undo needs: the unit list's snapshot, the
round handed out, the returns taken back, the conflicts chosen.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from gkdesk import collection_ops
from gkdesk.domain.collection import ReturnError
from gkdesk.domain.model import ImportCancelled
from gkdesk.domain.unit_list import ListedUnit
from gkdesk.store import Store, StoreError
from gkdesk.store.collection_merge import TakeBack

from .changes import Changes
from .edits import Operation


def _completions_of(store: Store, notice_ids: set[int]) -> frozenset[int]:
    """Tasks with a completion on these notices (what the task tree redraws after a take-back)."""
    return frozenset(c.task_id for n in notice_ids for c in store.completions.completions_for_notice(n))


class _Progressing(Operation):
    def _step(self, done: int, total: int, what: str) -> bool:
        # collection_ops counts files; the worker's bar wants percent (100 is the commit).
        return self.progress(int(95 * done / max(total, 1)), what)


class LoadUnitList(Operation):
    """单位名单: typed, pasted or read from a 通讯录; undo puts the list and the groups back."""

    label = "导入单位名单"

    def __init__(self, units: list[ListedUnit], source: str, replace: bool = False, who: str | None = None) -> None:
        super().__init__(who)
        self.units, self.source, self.replace = list(units), source, replace
        self.counts: dict[str, int] = {}
        self._before: dict | None = None

    def apply(self, store: Store) -> Changes:
        self._before = store.unit_list.snapshot()
        self.counts = store.unit_list.load(self.units, source=self.source, replace=self.replace, who=self.who or "")
        return Changes(units=True)

    def revert(self, store: Store) -> Changes:
        assert self._before is not None
        store.unit_list.restore(self._before, who=self.who or "")
        return Changes(units=True)


class HandOut(_Progressing):
    """下发填报表: a new round, one .xlsx per unit written into a folder (on a worker).

    Undo removes the round and the files it wrote (they have not been sent yet if the clerk undoes
    at once); it is refused once a unit's return of that round was taken back.
    """

    label = "下发填报表"

    def __init__(self, notice_id: int, units: Sequence[str], folder: str | Path, collector: str,
                 only_led: bool = False, report_due: date | None = None, who: str | None = None) -> None:
        super().__init__(who)
        self.notice_id, self.units, self.folder = notice_id, list(units), Path(folder)
        self.collector, self.only_led, self.report_due = collector, only_led, report_due
        self.round_id: int | None = None
        self.paths: list[Path] = []

    def apply(self, store: Store) -> Changes:
        rnd, paths = collection_ops.hand_out(
            store, self.notice_id, self.units, self.folder, self.collector, only_led=self.only_led,
            report_due=self.report_due, who=self.who or "", progress=self._step)
        if len(paths) < len(self.units) or not self.progress(96, "正在记录"):
            for p in paths:  # cancelled: the transaction rolls back, so no sheet may stay behind
                p.unlink(missing_ok=True)
            raise ImportCancelled()
        self.round_id, self.paths = rnd.id, paths
        return Changes(collection=frozenset({self.notice_id}))

    def revert(self, store: Store) -> Changes:
        assert self.round_id is not None
        status = store.collection.status(self.round_id)
        if any(u.returned for u in status.units):
            raise StoreError("这一轮已有单位的回执导入，不能撤销下发。请先撤销这些回执。", "conflict")
        store.collection.delete_round(self.round_id)
        for p in self.paths:
            p.unlink(missing_ok=True)
        return Changes(collection=frozenset({self.notice_id}))


class TakeBackReturns(_Progressing):
    """导入回执: each file matched and merged on its own (on a worker); undo takes them all back out.

    A notice's own 附件1 table is matched by text, so it is only previewed here (status
    "preview") unless ``confirmed``: the clerk confirms its matches, then a second TakeBackReturns
    with confirmed=True merges it.
    """

    label = "导入回执"

    def risky(self, store: Store) -> bool:
        return True  # merges into completions, and its undo takes them out again

    def __init__(self, paths: Sequence[str | Path], notice_id: int | None = None, confirmed: bool = False,
                 who: str | None = None) -> None:
        super().__init__(who)
        self.paths, self.notice_id, self.confirmed = [Path(p) for p in paths], notice_id, confirmed
        self.outcomes: list[TakeBack] = []
        self.return_ids: list[int] = []
        self._notices: set[int] = set()

    def apply(self, store: Store) -> Changes:
        out = collection_ops.take_back_files(store, self.paths, notice_id=self.notice_id, who=self.who or "",
                                             progress=self._step, hold_tables=not self.confirmed)
        if len(out) < len(collection_ops.expand_paths(self.paths)) or not self.progress(96, "正在记录"):
            raise ImportCancelled()
        self.outcomes = out
        self.return_ids = [o.return_id for o in out if o.status == "taken" and o.return_id]
        self._notices = {o.notice_id for o in out if o.status == "taken" and o.notice_id is not None}
        self.undoable = bool(self.return_ids)  # all refused or duplicates: nothing to undo
        return Changes(completions=_completions_of(store, self._notices), collection=frozenset(self._notices))

    def revert(self, store: Store) -> Changes:
        before = _completions_of(store, self._notices)
        for rid in reversed(self.return_ids):
            store.merge.undo_take_back(rid, who=self.who or "")
        return Changes(completions=before, collection=frozenset(self._notices))

    @property
    def held_tables(self) -> list[TakeBack]:
        """附件1 tables waiting for the clerk to confirm their matches."""
        return [o for o in self.outcomes if o.status == "preview"]

    @property
    def open_conflicts(self) -> list[TakeBack]:
        return [o for o in self.outcomes if o.status == "taken" and o.conflicts]


class ResolveConflicts(Operation):
    """The clerk's choice per conflict ("ours" keeps the held value, "theirs" takes the return's)."""

    label = "处理回执冲突"

    def __init__(self, choices: dict[int, dict[int, str]], notice_ids: Sequence[int] = (), who: str | None = None) -> None:
        super().__init__(who)
        self.choices = {rid: dict(ch) for rid, ch in choices.items() if ch}  # return id → {conflict id: choice}
        self.notice_ids = set(notice_ids)

    def apply(self, store: Store) -> Changes:
        for rid, ch in self.choices.items():
            store.merge.resolve(rid, ch, who=self.who or "")
        return Changes(completions=_completions_of(store, self.notice_ids), collection=frozenset(self.notice_ids))

    def revert(self, store: Store) -> Changes:
        before = _completions_of(store, self.notice_ids)
        for rid in reversed(list(self.choices)):
            store.merge.undo_resolve(rid, who=self.who or "")
        return Changes(completions=before, collection=frozenset(self.notice_ids))


class RevertTakeBack(Operation):
    """操作历史 → 撤销此操作 on a take-back, any day after: the compensating operation, audited."""

    label = "撤销导入回执"
    undoable = False

    def risky(self, store: Store) -> bool:
        return True

    def __init__(self, return_id: int, notice_id: int | None = None, who: str | None = None) -> None:
        super().__init__(who)
        self.return_id, self.notice_id = return_id, notice_id

    def apply(self, store: Store) -> Changes:
        notices = {self.notice_id} if self.notice_id is not None else set()
        before = _completions_of(store, notices)
        store.merge.undo_take_back(self.return_id, who=self.who or "")
        return Changes(completions=before, collection=frozenset(notices))


class ReceiveSheet(Operation):
    """收下上级下发的填报表: a unit keeps the sheet its collector sent, to export its return later.

    When the store lacks the notice, the sheet becomes this unit's task list (a new notice) in the
    same step. Undo forgets the sheet (or puts back the one received before) and that notice.
    """

    label = "收下填报表"

    def __init__(self, path: str | Path, who: str | None = None) -> None:
        super().__init__(who)
        self.path = Path(path)
        self.received_id: int | None = None
        self.notice_id: int | None = None
        self._before: dict | None = None
        self._new_notices: frozenset[int] = frozenset()

    def apply(self, store: Store) -> Changes:
        rows = store.received.snapshot()
        notices = {n.id for n in store.notices.list_notices()}
        try:
            rid = collection_ops.receive_sheet(store, self.path, who=self.who or "")
        except ReturnError as exc:
            raise StoreError(f"“{self.path.name}”：{exc}", "invalid") from exc
        self.received_id, self._before = rid, rows.get(rid)
        self.notice_id = store.received.snapshot()[rid]["notice_id"]
        self._new_notices = frozenset({n.id for n in store.notices.list_notices()} - notices)
        touched = frozenset({self.notice_id} if self.notice_id is not None else set())
        return Changes(notices=self._new_notices, collection=touched)

    def revert(self, store: Store) -> Changes:
        assert self.received_id is not None
        store.received.undo_receive(self.received_id, self._before, who=self.who or "")
        for nid in self._new_notices:
            store.notices.delete_notice(nid, who=self.who or "")
        touched = frozenset({self.notice_id} if self.notice_id is not None else set())
        return Changes(notices=self._new_notices, collection=touched, tasks_removed=bool(self._new_notices))


__all__ = ["HandOut", "LoadUnitList", "ReceiveSheet", "ResolveConflicts", "RevertTakeBack", "TakeBackReturns"]
