"""The desk's operations: each write the clerk can make, with what its undo needs (no Qt here).

Run them through ``Operations.run`` / ``Operations.start``; see ``gkdesk/ui/operations.py``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from gkdesk.domain.model import ImportCancelled, ImportResult
from gkdesk.domain.records import NOT_STARTED
from gkdesk.store import Store, StoreError

from .changes import Changes, of_task

if TYPE_CHECKING:
    from gkdesk.store import SaveOutcome

Progress = Callable[[int, str], bool]


def keep_going(_percent: int, _what: str) -> bool:
    return True


class Operation:
    """One write the clerk makes. Subclasses set ``label`` and implement ``apply`` (and ``revert``).

    ``apply``/``revert`` run inside the operation's transaction on the store they are given (the
    GUI's, or a worker's own connection) and return the Changes; they must not touch widgets.
    An operation object lives on in the undo stack, so it may keep what its undo needs.
    """

    label = ""
    undoable = True
    merge_id = -1  # operations with the same id >= 0 may merge (see merge)

    def __init__(self, who: str | None = None) -> None:
        self.who = who  # None: the desk's 本单位 when the operation first runs
        self.progress: Progress = keep_going  # a worker's progress/cancel callback

    def apply(self, store: Store) -> Changes:
        raise NotImplementedError

    def revert(self, store: Store) -> Changes:
        raise NotImplementedError

    def merge(self, later: Operation) -> bool:
        """Fold a later operation into this one (typing saved at every pause is one undo step)."""
        return False

    def risky(self, store: Store) -> bool:
        """True for a bulk merge or deletion: Operations keeps a database snapshot first (either
        way, undo included), so the clerk can go back to it from 从备份恢复… whatever the undo says."""
        return False

    def failure_text(self, exc: StoreError) -> tuple[str, str]:
        """Title and sentence of the message box when the store refuses this operation."""
        return f"{self.label}失败", str(exc)

    # True: when the store is busy, Operations keeps this save and retries it by itself (words
    # the clerk typed cannot simply be clicked again); pending_key() names what it saves.
    keep_when_busy = False

    def pending_key(self) -> tuple:
        raise NotImplementedError


FIELD_NAMES = {"status": "状态", "text": "完成情况", "completed_on": "完成日期", "started_on": "开始日期",
               "links": "公开路径"}
_TYPING = 1000  # merge id of 完成情况 text saves


def same_value(a: Any, b: Any) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return list(a or []) == list(b or [])
    return (a or None) == (b or None)


# -- 完成情况 --------------------------------------------------------------------------------------
class SetField(Operation):
    """One field of my unit's completion of a task."""

    def __init__(self, task_id: int, unit: str, name: str, old: Any, new: Any, who: str | None = None) -> None:
        super().__init__(who)
        self.label = f"修改{FIELD_NAMES.get(name, name)}"
        self.task_id, self.unit, self.name, self.old, self.new = task_id, unit, name, old, new
        self.merge_id = _TYPING if name == "text" else -1

    keep_when_busy = True

    def pending_key(self) -> tuple:
        return (self.task_id, self.unit, self.name)

    @staticmethod
    def default(name: str) -> Any:
        return {"status": NOT_STARTED, "text": "", "links": []}.get(name)

    def _write(self, store: Store, value: Any) -> Changes:
        store.completions.set_completion(self.task_id, self.unit, who=self.who or "", **{self.name: value})
        return of_task(self.task_id)

    def apply(self, store: Store) -> Changes:
        return self._write(store, self.new)

    def revert(self, store: Store) -> Changes:
        return self._write(store, self.old)

    def merge(self, later: Operation) -> bool:
        # Typing in 完成情况 saves at every pause; consecutive saves of one text are one undo step.
        if isinstance(later, SetField) and later.name == self.name == "text" and (
            later.task_id, later.unit) == (self.task_id, self.unit):
            self.new = later.new
            return True
        return False


class _EvidenceStep(Operation):
    def __init__(self, task_id: int, unit: str, who: str | None = None) -> None:
        super().__init__(who)
        self.task_id, self.unit = task_id, unit
        self.path: Path | None = None
        self.evidence_id: int | None = None
        self.sha: str | None = None
        self.name: str | None = None

    def failure_text(self, exc) -> tuple[str, str]:
        name = self.path.name if self.path is not None else self.name or ""
        named = not name or name[:30] in str(exc)  # the store's sentence already names the file
        return "无法添加佐证材料" if isinstance(self, AddEvidence) else f"{self.label}失败", (
            str(exc) if named else f"{name}：{exc}")

    def _add(self, store: Store) -> Changes:
        c = store.completions
        comp = c.get_completion(self.task_id, self.unit) or c.set_completion(self.task_id, self.unit, who=self.who or "")
        if self.path is not None:
            ev = c.add_evidence(comp, self.path, who=self.who or "")
        else:
            # Re-adding a removed file: its content is still stored under its hash.
            assert self.sha and self.name
            ev = c.evidence.add_stored(comp.id, self.sha, self.name, who=self.who or "")
        self.evidence_id, self.sha, self.name = ev.id, ev.sha256, ev.original_name
        self.path = None
        return of_task(self.task_id)

    def _remove(self, store: Store) -> Changes:
        c = store.completions
        assert self.evidence_id is not None
        ev = c.evidence.get(self.evidence_id)
        if ev is not None:
            self.sha, self.name = ev.sha256, ev.original_name
        # The stored copy stays (prune() spares it for a day), so this removal can be undone.
        c.evidence.remove(self.evidence_id, self.who or "", keep_file=True)
        return of_task(self.task_id)


class AddEvidence(_EvidenceStep):
    label = "添加佐证材料"

    def __init__(self, task_id: int, unit: str, path: str | Path, who: str | None = None) -> None:
        super().__init__(task_id, unit, who)
        self.path = Path(path)

    def apply(self, store: Store) -> Changes:
        return self._add(store)

    def revert(self, store: Store) -> Changes:
        return self._remove(store)


class RemoveEvidence(_EvidenceStep):
    label = "删除佐证材料"

    def __init__(self, task_id: int, unit: str, evidence_id: int, who: str | None = None) -> None:
        super().__init__(task_id, unit, who)
        self.evidence_id = evidence_id

    def apply(self, store: Store) -> Changes:
        return self._remove(store)

    def revert(self, store: Store) -> Changes:
        return self._add(store)


# -- 附件2 rosters ---------------------------------------------------------------------------------
@dataclass
class RosterSave:
    unit: str
    entries: dict[str, list[dict[str, str]]]
    filled_on: date | None = None


class SaveRosters(Operation):
    """Store whole rosters of one notice (my unit's form, or the 全区名单's returns and edits)."""

    def __init__(self, notice_id: int, saves: list[RosterSave], label: str = "保存人员名单",
                 who: str | None = None) -> None:
        super().__init__(who)
        self.notice_id, self.saves, self.label = notice_id, saves, label
        self.roster_ids: list[int] = []
        self._before: list[RosterSave | None] | None = None  # what each unit had, for undo

    def apply(self, store: Store) -> Changes:
        r = store.rosters
        if self._before is None:
            before: list[RosterSave | None] = []
            for s in self.saves:
                old = r.load_roster(self.notice_id, s.unit)
                before.append(None if old is None else RosterSave(s.unit, old.entries, old.filled_on))
            self._before = before
        self.roster_ids = [r.save_roster(self.notice_id, s.unit, s.entries, s.filled_on, who=self.who or "")
                           for s in self.saves]
        return Changes(rosters=frozenset({self.notice_id}))

    def revert(self, store: Store) -> Changes:
        r = store.rosters
        assert self._before is not None
        for save, old in zip(reversed(self.saves), reversed(self._before)):
            if old is None:
                now = r.load_roster(self.notice_id, save.unit)
                if now is not None:
                    r.delete_roster(now.id, who=self.who or "")
            else:
                r.save_roster(self.notice_id, old.unit, old.entries, old.filled_on, who=self.who or "")
        return Changes(rosters=frozenset({self.notice_id}))


# -- 本单位 --------------------------------------------------------------------------------------
class SetOwnUnit(Operation):
    """设置 → 本单位 (and the welcome's 本单位 page): the unit, and the groups it belongs to."""

    label = "设置本单位"

    def __init__(self, name: str, groups: dict[str, bool] | None = None, who: str | None = None) -> None:
        super().__init__(who)
        self.name = name
        self.groups = dict(groups or {})
        self._before: tuple[str, set[str]] | None = None

    def _set(self, store: Store, name: str, groups: dict[str, bool], old: str) -> Changes:
        for kind, member in groups.items():
            store.units.set_membership(kind, name, member)
        store.settings.own_unit = name
        store.audit.record("set_own_unit", "settings", None,
                           {"unit": name, "before": old, "groups": sorted(k for k, on in groups.items() if on)},
                           who=self.who or "")
        return Changes(units=True)

    def apply(self, store: Store) -> Changes:
        old = store.settings.own_unit or ""
        if self._before is None:
            kinds = store.units.group_kinds_of(self.name) if self.groups and self.name else set()
            self._before = (old, kinds)
        return self._set(store, self.name, self.groups, old)

    def revert(self, store: Store) -> Changes:
        assert self._before is not None
        old_name, old_kinds = self._before
        groups = {k: k in old_kinds for k in self.groups}
        for kind, member in groups.items():
            store.units.set_membership(kind, self.name, member)
        return self._set(store, old_name, {}, store.settings.own_unit or "")


# -- imports -------------------------------------------------------------------------------------
class ImportNotice(Operation):
    """确认导入: store a notice (new, the same file again, or a revision).

    Not an undo step in the session: a revision replaces tasks that other undo entries may name,
    so it clears the stack instead (see docs/DEVELOPING.md, "The write path").
    """

    label = "导入通知"
    undoable = False

    def __init__(self, result: ImportResult, who: str | None = None) -> None:
        super().__init__(who)
        self.result = result
        self.outcome: SaveOutcome | None = None

    def failure_text(self, exc) -> tuple[str, str]:
        return "导入失败", f"保存时出错：{exc}"

    def risky(self, store: Store) -> bool:
        return store.notices.revision_target(self.result) is not None  # a revision replaces tasks

    def apply(self, store: Store) -> Changes:
        if not self.progress(10, "正在保存"):
            raise ImportCancelled()
        target = store.notices.revision_target(self.result)
        if target is not None:
            # Kept so this revision can be reverted from the 历史 after a restart (RevertImport).
            store.versions.keep(target, store.notices.load_result(target))
        o = store.notices.save_import(self.result, who=self.who or "")
        self.outcome = o
        return Changes(notices=frozenset({o.notice_id}),
                       tasks_removed=o.status == "revised" and bool(o.removed or o.changed))


@dataclass
class RevertPlan:
    """What 撤销最近一次导入 would do, for the clerk to confirm first."""

    notice_id: int
    title: str
    deletes_notice: bool  # the notice was imported new: reverting removes it
    outcome: SaveOutcome | None  # for a revision: what writing the earlier version back does
    completions: int  # completions that go (all of the notice's, or those on tasks that go)

    def question(self) -> str:
        if self.deletes_notice:
            lost = f"其上已填写的 {self.completions} 条完成情况将一并删除。" if self.completions else "尚未填写任何完成情况。"
            return f"“{self.title}”是新导入的通知，撤销这次导入将把它从任务台中删除。{lost}（会记入操作历史）"
        o = self.outcome
        assert o is not None
        lost = (f"修订后新增或改动的任务上有 {self.completions} 条完成情况将一并删除。"
                if self.completions else "不会删除任何已填写的完成情况。")
        return (f"将把“{self.title}”恢复为上一次导入前的内容：新增 {o.added} 项、删除 {o.removed} 项、"
                f"修改 {o.changed} 项、保留 {o.kept} 项。{lost}"
                "恢复的任务上原有的完成情况已在那次导入时删除，可在操作历史中查看原内容。（会记入操作历史）")


def plan_revert(store: Store, notice_id: int) -> RevertPlan | None:
    """What reverting the notice's last import would do; None when there is nothing to revert."""
    title = store.db.scalar("SELECT coalesce(nullif(doc_number, ''), title) FROM notices WHERE id = ?", (notice_id,))
    if title is None:
        return None
    version = store.versions.latest(notice_id)
    if version is None:
        count = sum(1 for _ in store.completions.completions_for_notice(notice_id))
        return RevertPlan(notice_id, title, True, None, count)
    before = _as_revert(version[1])
    if store.notices.revision_target(before) != notice_id:
        return None  # the earlier version would land on another notice: not offered
    outcome = store.notices.preview_import(before)
    return RevertPlan(notice_id, title, False, outcome, outcome.completions_dropped)


def _as_revert(before: ImportResult) -> ImportResult:
    # Written back as content, not as "that file again": the stored notice now has another file.
    before.source_sha256 = ""
    return before


class RevertImport(Operation):
    """撤销最近一次导入, from the notice list, any day: the compensating operation of an import.

    A notice imported new is deleted; a revision is undone by writing back the version kept
    before it (kept tasks keep their completions). Audited as "撤销导入" like any operation.
    """

    label = "撤销导入"
    undoable = False

    def risky(self, store: Store) -> bool:
        return True

    def __init__(self, notice_id: int, who: str | None = None) -> None:
        super().__init__(who)
        self.notice_id = notice_id
        self.deleted = False

    def apply(self, store: Store) -> Changes:
        version = store.versions.latest(self.notice_id)
        if version is None:
            store.notices.delete_notice(self.notice_id, who=self.who or "")
            self.deleted = True
        else:
            version_id, before = version
            before = _as_revert(before)
            if store.notices.revision_target(before) != self.notice_id:
                raise StoreError("这份通知的上一版本与现在的通知对应不上（发文字号已改变），无法撤销这次导入。",
                                 "not_found")
            store.notices.save_import(before, who=self.who or "")
            store.versions.drop(version_id)
        return Changes(notices=frozenset({self.notice_id}), tasks_removed=True)
