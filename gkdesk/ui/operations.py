"""The one way the desk writes: every change the clerk makes is an ``Operation`` run here.

    ok = window.ops.run(SetOwnUnit("区财政局", {"departments": True}))     # on the GUI thread
    job = window.ops.start(ImportNotice(result), parent=wizard)            # on a worker
    window.ops.changed.connect(view.on_changes)                            # one Changes per op

One operation is one store transaction (``Database.operation``: the repositories' own
``transaction()`` blocks inside it become savepoints, and every audit entry written in it carries
the operation's label). Only after it committed is its undo entry pushed and ``changed`` emitted,
once, with a ``Changes`` saying what it touched — views redraw from that, nobody refreshes anybody
by hand. A ``StoreError`` (the clerk's disk, lock or file) is shown in Chinese and logged; any
other exception is a bug: rolled back, logged and shown as 程序出错 with copyable details.

Undo and redo are operations too ("撤销 修改状态", audited as such). The QUndoStack only keeps the
list and the menu texts: its commands do no work, because a command that fails inside
QUndoStack.undo()/redo() would still move the stack. Operations.undo() runs the store work first
and moves the stack only when it committed. An operation whose Changes has ``tasks_removed`` (a
revised import) clears the stack: its entries could name tasks that no longer exist.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from contextlib import nullcontext as _no_change

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication, QWidget

from gkdesk.domain.model import ImportCancelled
from gkdesk.store import Store, StoreBusy, StoreError

from . import busy_dialogs, crash
from .worker import Job, Progress

# The operations themselves (ui/edits.py and the other *_edits modules) and their Changes come
# with the first write: the desk's start writes nothing (issue 16).
if TYPE_CHECKING:
    from .changes import Changes
    from .edits import Operation

log = logging.getLogger(__name__)

RETRY_MS = 3000  # a kept save is tried again this often while the store is busy
RETRY_WAIT_MS = 150  # and waits this long each time, so the window never freezes for it
MSG_KEPT = "您填写的内容已保留在窗口中，数据文件空闲后会自动保存；也可以现在点“重试”。"


class _Entry(QUndoCommand):
    """A done operation on the undo stack. Bookkeeping only: Operations does the store work."""

    def __init__(self, op: Operation) -> None:
        super().__init__(op.label)
        self.op = op

    def redo(self) -> None:
        pass

    def undo(self) -> None:
        pass

    def id(self) -> int:  # noqa: A003 - Qt's name
        return self.op.merge_id

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        return isinstance(other, _Entry) and self.op.merge(other.op)


class _Delivery(QObject):
    """Lives on the GUI thread, so a worker's results reach Operations there (queued)."""

    def __init__(self, ops: Operations, op: Operation, job: Job, parent: QWidget | None) -> None:
        super().__init__(ops)
        self.ops, self.op, self.job, self.widget = ops, op, job, parent

    @Slot(object)
    def done(self, changes: Changes) -> None:
        self.ops._finish(self.op, changes)
        self.deleteLater()

    @Slot(str)
    def failed(self, _message: str) -> None:
        self.ops._report(self.op, self.job.error, self.widget)
        self.deleteLater()

    @Slot()
    def cancelled(self) -> None:
        # 取消 pressed between the commit and the worker's return: the write is done, say so.
        committed = getattr(self.op, "_committed", None)
        if committed is not None:
            self.ops._finish(self.op, committed)
        else:
            log.info("%s: cancelled, nothing stored", self.op.label)
        self.deleteLater()


class Operations(QObject):
    """The desk's write helper: runs operations, keeps the undo stack, broadcasts Changes."""

    changed = Signal(object)  # Changes: once per committed operation, undo and redo included
    pending_changed = Signal(int)  # how many saves wait for a busy store (0: all saved)

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)
        self.who = store.settings.own_unit or ""
        self.changed.connect(self._follow_unit)
        self._pending: dict[tuple, Operation] = {}  # saves refused as busy, retried (see _hold)
        self._asking = False
        self._retry_timer = QTimer(self, interval=RETRY_MS)
        self._retry_timer.timeout.connect(lambda: self.retry_pending())

    # -- running ---------------------------------------------------------------------------------
    def run(self, op: Operation, parent: QWidget | None = None) -> bool:
        """Run on the GUI thread; True when it committed (False: the clerk has been told why).

        When another window or process holds the store (StoreBusy) the clerk may press 重试; a
        save of typed words the clerk declines to retry is kept and saved later (see _hold).
        """
        changes = self._attempt(op, op.label, op.apply)
        while isinstance(changes, StoreBusy):
            if op.keep_when_busy:
                self._hold(op, changes, parent)
                return False
            if not self.ask_retry(*op.failure_text(changes), parent, later=False):
                log.warning("%s: %s (not retried)", op.label, changes)
                return False
            changes = self._attempt(op, op.label, op.apply)
        if isinstance(changes, BaseException):
            self._report(op, changes, parent)
            return False
        self._finish(op, changes)
        return True

    def start(self, op: Operation, parent: QWidget | None = None) -> Job:
        """Run on a worker with its own connection to the store (long work: imports).

        The returned Job reports progress and can be cancelled (``job.cancel()``: the operation
        rolls back); its ``finished`` fires after the commit, the undo entry and the broadcast.
        Errors are shown by the helper, as for ``run``.
        """
        if self.store.db.path is None:
            raise ValueError("background operations need a store on disk")
        if op.who is None:
            op.who = self.who
        op._committed = None  # type: ignore[attr-defined]
        job = Job(lambda progress: self._apply_elsewhere(op, progress), expected=(StoreError,))
        delivery = _Delivery(self, op, job, parent)
        job.finished.connect(delivery.done)  # connected first: runs before the caller's slots
        job.failed.connect(delivery.failed)
        job.cancelled.connect(delivery.cancelled)
        job.start()
        return job

    def open_worker_store(self) -> Store:
        """A second connection for a worker thread (SQLite connections stay on their thread)."""
        return Store.open(self.store.directory, channel=self.store.db.channel)

    def _apply_elsewhere(self, op: Operation, progress: Progress) -> Changes:
        op.progress = progress
        store = self.open_worker_store()
        try:
            _keep_snapshot(op, store)
            with store.db.operation(op.label):
                changes = op.apply(store)
                if not progress(100, "正在保存"):
                    raise ImportCancelled()
            op._committed = changes  # type: ignore[attr-defined]
            return changes
        finally:
            from .edits import keep_going

            op.progress = keep_going
            store.close()

    def _attempt(self, op: Operation, label: str, step) -> Changes | BaseException:
        if op.who is None:
            op.who = self.who
        try:
            _keep_snapshot(op, self.store)
            with self.store.db.operation(label):
                return step(self.store)
        except Exception as exc:  # noqa: BLE001 - sorted by the caller: busy, the clerk's problem, a bug
            return exc

    def _execute(self, op: Operation, label: str, step, parent: QWidget | None) -> Changes | None:
        while True:
            result = self._attempt(op, label, step)
            if isinstance(result, StoreBusy) and self.ask_retry(
                    f"{label}失败", str(result), parent, later=False):
                continue
            if isinstance(result, BaseException):
                self._report(op, result, parent, label)
                return None
            return result

    def ask_retry(self, title: str, text: str, parent: QWidget | None, later: bool) -> bool:
        """重试 or not, when the store was busy. later: the words are kept and saved by themselves."""
        return busy_dialogs.ask_retry(self._window(parent), title, text, later)

    # -- saves kept while the store is busy ------------------------------------------------------
    def _hold(self, op: Operation, exc: StoreBusy, parent: QWidget | None) -> None:
        """Keep a save the store refused for being busy; try it again until it commits.

        The clerk's typed words are never dropped: the editor keeps showing them (pending_value),
        a quiet retry runs every RETRY_MS with a short busy timeout, and a later save of the same
        field replaces the kept one. Nothing is on the undo stack until the save commits.
        """
        key = op.pending_key()
        first = not self._pending
        self._pending[key] = op
        self.pending_changed.emit(len(self._pending))
        if not self._retry_timer.isActive():
            self._retry_timer.start()
        log.warning("%s: %s (kept, retrying)", op.label, exc)
        if first and not self._asking:
            self._asking = True
            try:
                again = self.ask_retry(f"{op.label}暂未保存", f"{exc}\n\n{MSG_KEPT}", parent, later=True)
            finally:
                self._asking = False
            if again:
                self.retry_pending(wait_ms=None, parent=parent)

    def pending_value(self, task_id: int, unit: str, name: str, default: Any) -> Any:
        op = self._pending.get((task_id, unit, name))
        return default if op is None else op.new

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    def retry_pending(self, wait_ms: int | None = RETRY_WAIT_MS, parent: QWidget | None = None) -> bool:
        """Try the kept saves again, oldest first; True when none is left.

        wait_ms: how long each may wait for the other writer (None: the store's full timeout).
        """
        for key, op in list(self._pending.items()):
            with self.store.db.busy_timeout(wait_ms) if wait_ms is not None else _no_change():
                changes = self._attempt(op, op.label, op.apply)
            if isinstance(changes, StoreBusy):
                break  # still busy: the later ones would wait the same
            del self._pending[key]
            if isinstance(changes, BaseException):
                self._report(op, changes, parent)
            else:
                self._finish(op, changes)
        if not self._pending:
            self._retry_timer.stop()
        self.pending_changed.emit(len(self._pending))
        return not self._pending

    def settle_pending(self, parent: QWidget | None = None) -> bool:
        """Before the window closes: True when nothing kept is left (saved, or given up by the clerk)."""
        while self._pending and not self.retry_pending(wait_ms=None, parent=parent):
            answer = busy_dialogs.ask_before_close(self._window(parent), len(self._pending))
            if answer == busy_dialogs.DROP:
                log.warning("closing with %d unsaved changes given up", len(self._pending))
                self._pending.clear()
                self._retry_timer.stop()
                return True
            if answer != busy_dialogs.RETRY:
                return False
        return True

    def _report(self, op: Operation, exc: BaseException | None, parent: QWidget | None,
                label: str | None = None) -> None:
        from PySide6.QtWidgets import QMessageBox

        label = label or op.label
        if isinstance(exc, StoreError):
            log.warning("%s: %s (%s)", label, exc, exc.kind)
            title, text = op.failure_text(exc)
            if label != op.label:
                title = f"{label}失败"
            QMessageBox.warning(self._window(parent), title, text)
        elif exc is not None:
            log.error("%s failed", label, exc_info=(type(exc), exc, exc.__traceback__))
            crash.report(type(exc), exc, exc.__traceback__, self._window(parent), logged=True)

    def _finish(self, op: Operation, changes: Changes, push: bool = True) -> None:
        if push and op.undoable:
            self.undo_stack.push(_Entry(op))
        if changes.tasks_removed:
            self.undo_stack.clear()
        self.changed.emit(changes)

    @staticmethod
    def _window(parent: QWidget | None) -> QWidget | None:
        return parent if parent is not None else QApplication.activeWindow()

    def _follow_unit(self, changes: Changes) -> None:
        if changes.units:
            self.who = self.store.settings.own_unit or ""

    # -- undo ------------------------------------------------------------------------------------
    def _entry(self, index: int) -> _Entry:
        cmd = self.undo_stack.command(index)
        assert isinstance(cmd, _Entry), cmd
        return cmd

    def undo(self, parent: QWidget | None = None) -> bool:
        i = self.undo_stack.index()
        return i > 0 and self._step("撤销", self._entry(i - 1).op, back=True, parent=parent)

    def redo(self, parent: QWidget | None = None) -> bool:
        i = self.undo_stack.index()
        return i < self.undo_stack.count() and self._step("重做", self._entry(i).op, back=False, parent=parent)

    def _step(self, word: str, op: Operation, back: bool, parent: QWidget | None) -> bool:
        """撤销/重做 as an operation of its own; the stack moves only once the store work committed."""
        changes = self._execute(op, f"{word} {op.label}", op.revert if back else op.apply, parent)
        if changes is None:
            return False
        (self.undo_stack.undo if back else self.undo_stack.redo)()
        self._finish(op, changes, push=False)
        return True

    def make_actions(self, parent: QWidget) -> tuple[QAction, QAction]:
        """编辑 → 撤销 / 重做, named after the step they would take, enabled only when there is one."""
        undo, redo = QAction("撤销", parent), QAction("重做", parent)
        undo.setShortcut(QKeySequence("Ctrl+Z"))
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        stack = self.undo_stack

        def sync(*_a: Any) -> None:
            undo.setEnabled(stack.canUndo())
            redo.setEnabled(stack.canRedo())
            undo.setText(f"撤销 {stack.undoText()}" if stack.canUndo() else "撤销")
            redo.setText(f"重做 {stack.redoText()}" if stack.canRedo() else "重做")

        for signal in (stack.indexChanged, stack.canUndoChanged, stack.canRedoChanged,
                       stack.undoTextChanged, stack.redoTextChanged):
            signal.connect(sync)
        undo.triggered.connect(lambda: self.undo(parent))
        redo.triggered.connect(lambda: self.redo(parent))
        sync()
        return undo, redo

    # -- view state ------------------------------------------------------------------------------
    def remember(self, key: str, value: Any) -> None:
        """View state kept in the store (the notice last shown, the welcome finished).

        Not the clerk's data: no audit entry, no undo step, no broadcast, and a failure is only
        logged — losing a view preference is not worth a message box.
        """
        try:
            # The desk's start selects the notice last shown: no write transaction (a sync of the
            # file) for a value already kept.
            if self.store.settings.get(key) != value:
                self.store.settings.set(key, value)
        except StoreError as exc:
            log.warning("could not remember %s: %s", key, exc)

    # -- the completion editor's writes (kept as methods: the editor and tests call them) -----------
    def set_field(self, task_id: int, unit: str, name: str, value: Any) -> bool:
        kept = self._pending.get((task_id, unit, name))
        if kept is not None:
            # An earlier save of this field still waits for the store: this value replaces it.
            kept.new = value
            return self.retry_pending()
        from .edits import SetField, same_value

        comp = self.store.completions.get_completion(task_id, unit)
        old = getattr(comp, name) if comp else SetField.default(name)
        if same_value(old, value):
            return True
        return self.run(SetField(task_id, unit, name, old, value))

    def add_evidence(self, task_id: int, unit: str, path: Any, parent: QWidget | None = None) -> bool:
        from .edits import AddEvidence

        return self.run(AddEvidence(task_id, unit, path), parent)

    def remove_evidence(self, task_id: int, unit: str, evidence_id: int, parent: QWidget | None = None) -> bool:
        from .edits import RemoveEvidence

        return self.run(RemoveEvidence(task_id, unit, evidence_id), parent)


def _keep_snapshot(op: Operation, store: Store) -> None:
    """A database snapshot before a bulk merge or deletion (issue 14), outside its transaction so
    it holds the state the clerk had; a failed snapshot is logged and the operation goes ahead."""
    if store.db.path is not None and op.risky(store):
        from gkdesk.store import backup  # zipfile, hashlib …: not needed before the first such write

        backup.snapshot_quietly(store.directory)


def operations_for(store: Store, widget: QObject | None) -> Operations:
    """The desk's Operations when the dialog's parent is the main window; else a private one
    (a dialog opened on its own, in a test, still writes through the helper)."""
    ops = getattr(widget, "ops", None)
    if isinstance(ops, Operations) and ops.store is store:
        return ops
    return Operations(store, widget)
