"""Every change the clerk makes goes through here: store call, undo entry, one "changed" signal.

Views never refresh each other; they listen to ``Operations.changed(task_id)``. Each store call is
its own transaction (the repositories open one), and the store writes the audit log, so an undo
is itself recorded as a change — the history shows what really happened.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from gkdesk.store import Store

_FIELD_NAMES = {"status": "状态", "text": "完成情况", "completed_on": "完成日期", "started_on": "开始日期",
                "links": "公开路径"}


class _SetField(QUndoCommand):
    def __init__(self, ops: "Operations", task_id: int, unit: str, name: str, old: Any, new: Any) -> None:
        super().__init__(f"修改{_FIELD_NAMES.get(name, name)}")
        self.ops, self.task_id, self.unit, self.name = ops, task_id, unit, name
        self.old, self.new = old, new

    def redo(self) -> None:
        self.ops._write(self.task_id, self.unit, {self.name: self.new})

    def undo(self) -> None:
        self.ops._write(self.task_id, self.unit, {self.name: self.old})

    def id(self) -> int:  # noqa: A003 - Qt's name
        return 1000 if self.name == "text" else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        # Typing in 完成情况 saves every pause; consecutive saves of the same text are one undo step.
        if (
            isinstance(other, _SetField)
            and other.name == self.name == "text"
            and (other.task_id, other.unit) == (self.task_id, self.unit)
        ):
            self.new = other.new
            return True
        return False


class _Evidence(QUndoCommand):
    def __init__(self, ops: "Operations", task_id: int, unit: str, path: Path | None, evidence_id: int | None) -> None:
        super().__init__("添加佐证材料" if path else "删除佐证材料")
        self.ops, self.task_id, self.unit = ops, task_id, unit
        self.adding = path is not None
        self.path = path
        self.evidence_id = evidence_id
        self.sha: str | None = None
        self.name: str | None = None

    def _add(self) -> None:
        c = self.ops.store.completions
        comp = c.get_completion(self.task_id, self.unit) or c.set_completion(self.task_id, self.unit, who=self.ops.who)
        if self.path is not None:
            ev = c.add_evidence(comp, self.path, who=self.ops.who)
        else:
            # Re-adding a removed file: its content is still stored under its hash.
            assert self.sha and self.name
            ev = c.evidence.add_stored(comp.id, self.sha, self.name, who=self.ops.who)
        self.evidence_id, self.sha, self.name = ev.id, ev.sha256, ev.original_name
        self.path = None
        self.ops.changed.emit(self.task_id)

    def _remove(self) -> None:
        c = self.ops.store.completions
        assert self.evidence_id is not None
        ev = c.evidence.get(self.evidence_id)
        if ev is not None:
            self.sha, self.name = ev.sha256, ev.original_name
        c.evidence.remove(self.evidence_id, self.ops.who, keep_file=True)
        self.ops.changed.emit(self.task_id)

    def redo(self) -> None:
        self._add() if self.adding else self._remove()

    def undo(self) -> None:
        self._remove() if self.adding else self._add()


class Operations(QObject):
    """The one way the GUI writes completions."""

    changed = Signal(int)  # task id

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)
        self.who = store.settings.own_unit or ""

    def _write(self, task_id: int, unit: str, fields: dict[str, Any]) -> None:
        self.store.completions.set_completion(task_id, unit, who=self.who, **fields)
        self.changed.emit(task_id)

    def set_field(self, task_id: int, unit: str, name: str, value: Any) -> None:
        comp = self.store.completions.get_completion(task_id, unit)
        old = getattr(comp, name) if comp else _default(name)
        if _same(old, value):
            return
        self.undo_stack.push(_SetField(self, task_id, unit, name, old, value))

    def add_evidence(self, task_id: int, unit: str, path: str | Path) -> None:
        """Raises StoreError (size limit, unreadable file) before anything is pushed."""
        cmd = _Evidence(self, task_id, unit, Path(path), None)
        cmd.redo()  # a failure raises here, so a half-done command never lands on the stack
        cmd_done = _Done(cmd)
        self.undo_stack.push(cmd_done)

    def remove_evidence(self, task_id: int, unit: str, evidence_id: int) -> None:
        self.undo_stack.push(_Evidence(self, task_id, unit, None, evidence_id))


class _Done(QUndoCommand):
    """Wraps a command whose first redo already ran (so its errors could be shown first)."""

    def __init__(self, inner: QUndoCommand) -> None:
        super().__init__(inner.text())
        self.inner = inner
        self.first = True

    def redo(self) -> None:
        if self.first:
            self.first = False
            return
        self.inner.redo()

    def undo(self) -> None:
        self.inner.undo()


def _default(name: str) -> Any:
    return {"status": "未开始", "text": "", "links": []}.get(name)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return list(a or []) == list(b or [])
    return (a or None) == (b or None)
