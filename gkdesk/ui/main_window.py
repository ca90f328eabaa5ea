"""The clerk's desk: notices by year, the task tree with its filter bar, the task pane, reminders."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QItemSelection, QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication, QDockWidget, QLabel, QMainWindow, QSplitter, QTreeView, QVBoxLayout, QWidget,
)

from gkdesk import APP_TITLE, __version__
from gkdesk.store import Store
from gkdesk.store.browse import TaskBrowser, TaskFilter
from gkdesk.store.reminders import needing_attention

from . import desk_memory
from .after_paint import AfterFirstPaint, PaintedTreeView
from .desk_layout import (fit_number_column, fit_to_screen, no_hits_label, show_no_hits, size_reminder_dock,
                          stretch_content_column)
from .filter_bar import FilterBar
from .notice_model import NoticeTreeModel
from .operations import Operations
from .task_detail import TaskDetailPane
from .task_model import TaskTreeModel

if TYPE_CHECKING:  # ui/changes.py comes with the first write
    from .changes import Changes


class MainWindow(QMainWindow):
    # After each paint of what stands in the task tree's place: the tree (its rows; the empty
    # hint above it is drawn in the same paint) or the no-hits line that hides it. Its first
    # emission is the desk's first frame (ui/after_paint.py; `gkdesk --smoke` ends there).
    tree_area_painted = Signal()

    def __init__(self, store: Store, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.today = today
        self.ops = Operations(store, self)
        self.setWindowTitle(APP_TITLE)
        self.setAcceptDrops(True)
        self._wizards: list = []
        # window.ini is written at close; `gkdesk --smoke` opens a window without taking the folder
        # (a clerk's desk may have it open) and leaves the file alone.
        self.keeps_layout = True

        # Read once, by reload_notices() below (on 100,000 tasks its counts take ~25 ms a time).
        self.notice_model = NoticeTreeModel(store.notices, self, load=False)
        self.notice_view = QTreeView()
        self.notice_view.setModel(self.notice_model)
        self.notice_view.setHeaderHidden(False)
        self.notice_view.setColumnWidth(0, 190)
        self.filter_bar = FilterBar()
        self.task_model = TaskTreeModel(TaskBrowser(store.db), self)
        self.task_view = PaintedTreeView()
        self.task_view.setModel(self.task_model)
        self.task_view.setUniformRowHeights(True)
        self.task_view.setAlternatingRowColors(True)
        for col, width in enumerate((56, 350, 120, 150, 112, 76)):
            self.task_view.setColumnWidth(col, width)
        fit_number_column(self.task_view)
        stretch_content_column(self.task_view)
        # Section and subsection titles run across the row instead of being cut in the 编号 column.
        self.task_model.rowsInserted.connect(self._span_headings)
        self.task_model.modelReset.connect(lambda: self._span_headings(QModelIndex(), 0, self.task_model.rowCount() - 1))
        self.empty_hint = QLabel("尚未导入通知。按 Ctrl+O 导入通知文件，或把文件拖到窗口上。")
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = TaskDetailPane(self.ops)

        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.filter_bar)
        lay.addWidget(self.empty_hint)
        lay.addWidget(no_hits_label(self))
        lay.addWidget(self.task_view, 1)
        self.left_split = QSplitter(Qt.Orientation.Vertical)
        self.left_split.addWidget(self.notice_view)
        self.left_split.addWidget(left)
        self.left_split.setSizes([110, 700])
        self.main_split = QSplitter(Qt.Orientation.Horizontal)
        self.main_split.addWidget(self.left_split)
        self.main_split.addWidget(self.detail)
        self.main_split.setSizes([900, 520])
        self.setCentralWidget(self.main_split)
        self.task_view.painted.connect(self.tree_area_painted)
        self.no_hits.painted.connect(self.tree_area_painted)

        # The reminders' panel (a QTreeWidget with QStyle's icons: ~500 enum members PySide makes)
        # is built when its dock first shows; most starts hide the dock (nothing due).
        self._reminders = None
        self.reminder_dock = QDockWidget("提醒", self)
        self.reminder_dock.setObjectName("reminders")
        self.reminder_dock.visibilityChanged.connect(lambda shown: shown and self.reminders)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.reminder_dock)
        self.counts_label = QLabel()
        self.statusBar().addPermanentWidget(self.counts_label)
        # Counting a 100,000-task notice takes ~0.5 s: it runs after the desk's first frame
        # (ui/after_paint.py), then once per burst of changes.
        self._counts_timer = QTimer(self, singleShot=True, interval=0)
        self._counts_timer.timeout.connect(self._update_counts)
        self._counts_after_paint = AfterFirstPaint(self.tree_area_painted, self._counts_timer)
        self._reminders_timer = QTimer(self, singleShot=True, interval=0)
        self._reminders_timer.timeout.connect(self._refresh_reminders)

        self._make_actions()
        self.notice_view.selectionModel().selectionChanged.connect(self._notice_selected)
        self.task_view.selectionModel().selectionChanged.connect(self._task_selected)
        self.filter_bar.changed.connect(self.apply_filter)
        self.ops.changed.connect(self._on_changes)

        self.reload_notices()
        found = needing_attention(store.db, self.unit, today)
        if found[2] == 0:
            self.reminder_dock.hide()
        else:
            self._build_reminders(found)

    @property
    def reminders(self):
        """The reminders' panel (ui/reminders.py), built on first use."""
        return self._build_reminders() if self._reminders is None else self._reminders

    def _build_reminders(self, found=None):
        from . import report_marks  # right-click 标记已报送 on a 报送时限
        from .reminders import RemindersPanel

        self._reminders = panel = RemindersPanel(self.store)
        self.reminder_dock.setWidget(panel)
        panel.task_activated.connect(self.show_task)
        report_marks.install(self)
        panel.refresh(self.unit, self.today, found)
        return panel

    def _refresh_reminders(self) -> None:
        if self._reminders is not None:  # otherwise read when first shown
            self._reminders.refresh(self.unit, self.today)

    # -- set-up --------------------------------------------------------------------------------
    def _make_actions(self) -> None:
        from . import desk_menus

        desk_menus.build(self)

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox  # PySide builds its class and 46 enum members on import

        QMessageBox.about(self, "关于", f"{APP_TITLE} {__version__}\n数据文件夹：{self.store.directory}\n"
                                        "备份：复制整个数据文件夹即可（程序关闭时）。")

    def _span_headings(self, parent: QModelIndex, first: int, last: int) -> None:
        for r in range(first, last + 1):
            if self.task_model.task_id(self.task_model.index(r, 0, parent)) is None:
                self.task_view.setFirstColumnSpanned(r, parent, True)

    @property
    def unit(self) -> str:
        return self.store.settings.own_unit or ""

    def _settings(self) -> QSettings:
        return QSettings(str(Path(self.store.directory) / "window.ini"), QSettings.Format.IniFormat)

    def restore_state(self) -> None:
        s = self._settings()
        geo, state = s.value("geometry"), s.value("state")
        if isinstance(geo, QByteArray):
            self.restoreGeometry(geo)
        else:
            fit_to_screen(self)
            size_reminder_dock(self, self.reminder_dock)
        if isinstance(state, QByteArray):
            self.restoreState(state)
        for name, split in (("main_split", self.main_split), ("left_split", self.left_split)):
            v = s.value(name)
            if isinstance(v, QByteArray):
                split.restoreState(v)
        desk_memory.restore(self, s)  # the filter and the open headings, after the tree has loaded

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.detail.flush()
        if not self.ops.settle_pending(self):  # saves kept while the store was busy (issue 14)
            event.ignore()
            return
        if self.keeps_layout:
            s = self._settings()
            s.setValue("geometry", self.saveGeometry())
            s.setValue("state", self.saveState())
            s.setValue("main_split", self.main_split.saveState())
            s.setValue("left_split", self.left_split.saveState())
            desk_memory.save(self, s)
            s.sync()
        # The store is closed right after the window; late undo-stack signals must not reach it.
        self.ops.undo_stack.blockSignals(True)
        self._counts_timer.stop()
        self._reminders_timer.stop()
        self.filter_bar.stop_pending()  # a search typed just before closing must not query a closed store
        super().closeEvent(event)

    def detach_models(self) -> None:
        """Let the views drop the models before either is destroyed (teardown order is not ours)."""
        self.task_view.setModel(None)
        self.notice_view.setModel(None)

    # -- notices and filter --------------------------------------------------------------------
    def reload_notices(self, select: int | None = None) -> None:
        self.notice_model.reload()
        self.notice_view.expandAll()
        has = self.notice_model.rowCount() > 0
        self.empty_hint.setVisible(not has)
        if not has:
            self.apply_filter()
            return
        target = select if select is not None else self.store.settings.get("last_notice")
        idx = self.notice_model.index_for_notice(target) if target else None
        if idx is None or not idx.isValid():
            year = self.notice_model.index(0, 0)
            idx = self.notice_model.index(0, 0, year)
        self.notice_view.setCurrentIndex(idx)

    @property
    def notice_id(self) -> int | None:
        return self.notice_model.notice_id(self.notice_view.currentIndex())

    def _notice_selected(self, *_a) -> None:
        if self.notice_id is not None:
            self.ops.remember("last_notice", self.notice_id)
        self.apply_filter()

    def current_filter(self) -> TaskFilter | None:
        if self.notice_id is None:
            return None
        fb = self.filter_bar
        statuses = fb.statuses
        return TaskFilter(
            notice_id=self.notice_id, unit=self.unit or None, scope=fb.scope if self.unit else "all",
            statuses=frozenset(statuses) if statuses else None, deadline=fb.deadline_bucket, query=fb.query,
            today=self.today, soon_days=self.store.reviews.warning_days,
        )

    def apply_filter(self) -> None:
        self.detail.flush()
        self.task_model.set_filter(self.current_filter())
        show_no_hits(self)
        self._counts_after_paint.request()

    def _update_counts(self) -> None:
        c = self.task_model.counts()
        if c is None:
            self.counts_label.setText("")
            return
        mine = f"，本单位 {c.mine} 项" if self.unit else "（未设置本单位）"
        self.counts_label.setText(f"共 {c.total} 项{mine}，已完成 {c.done} 项，逾期 {c.overdue} 项，即将到期 {c.soon} 项")

    # -- tasks -------------------------------------------------------------------------------------
    def _task_selected(self, selected: QItemSelection, _old) -> None:
        idx = self.task_view.currentIndex()
        self.detail.show_task(self.task_model.task_id(idx) if idx.isValid() else None, self.unit, self.today)

    def show_task(self, task_id: int) -> None:
        """Select a task (from reminders), switching notice and clearing filters that hide it."""
        from gkdesk.store.task_detail import notice_of

        notice_id = notice_of(self.store.db, task_id)
        if notice_id is None:
            return
        if notice_id != self.notice_id:
            self.notice_view.setCurrentIndex(self.notice_model.index_for_notice(notice_id))
        idx = self.task_model.index_for_task(task_id)
        if not idx.isValid():
            self.filter_bar.search.clear()
            self.filter_bar.status.setCurrentIndex(0)
            self.filter_bar.deadline.setCurrentIndex(0)
            self.apply_filter()
            idx = self.task_model.index_for_task(task_id)
        if idx.isValid():
            self.task_view.scrollTo(idx)
            self.task_view.setCurrentIndex(idx)

    def _on_changes(self, changes: Changes) -> None:
        """The one place the desk redraws after a write (any operation, undo and redo included)."""
        if changes.notices:
            only = next(iter(changes.notices)) if len(changes.notices) == 1 else None
            self.reload_notices(select=only)
        elif changes.units:
            self.apply_filter()
        for task_id in changes.completions:
            self.task_model.refresh_task(task_id)
        self._counts_after_paint.request()
        if changes.notices or changes.completions or changes.units or changes.collection:
            self._reminders_timer.start()

    def show_reminders(self) -> None:
        self.reminders.refresh(self.unit, self.today)
        self.reminder_dock.show()
        self.reminder_dock.raise_()

    def edit_unit(self) -> bool:
        from .unit_settings import UnitSettingsDialog

        dlg = UnitSettingsDialog(self.store, self)  # writes through self.ops; the broadcast redraws
        return dlg.exec() == UnitSettingsDialog.DialogCode.Accepted

    def edit_roster(self):
        from .export_actions import build_form
        from .roster_editor import RosterEditor

        if build_form(self, "roster") is None:  # says why: no notice chosen, or no 本单位
            return None
        dlg = RosterEditor(self.store, self.notice_id, self.unit, self, today=self.today)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    def welcome(self) -> None:
        """First run: import a notice or the bundled sample, choose 本单位, learn where data lives."""
        from .notice_actions import ask_unit_once_imported
        from .welcome import WelcomeDialog

        dlg = WelcomeDialog(self.store, self)  # its writes go through self.ops; the broadcast redraws
        dlg.exec()
        if dlg.chosen_path:
            ask_unit_once_imported(self, self.open_import(dlg.chosen_path))

    def roster_summary(self):
        from PySide6.QtWidgets import QMessageBox

        from .roster_summary import RosterSummaryDialog

        if self.notice_id is None:
            QMessageBox.information(self, "全区名单", "请先在左侧选择一份通知。")
            return None
        dlg = RosterSummaryDialog(self.store, self.notice_id, self, who=self.unit)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    # -- import ------------------------------------------------------------------------------------
    def revert_import(self) -> bool:
        """撤销最近一次导入 of the chosen notice, any day after: a compensating operation, audited."""
        from PySide6.QtWidgets import QMessageBox

        from .edits import RevertImport, plan_revert

        if self.notice_id is None:
            QMessageBox.information(self, "撤销导入", "请先在左侧选择一份通知。")
            return False
        plan = plan_revert(self.store, self.notice_id)
        if plan is None:
            QMessageBox.information(self, "撤销导入", "这份通知没有可以撤销的导入。")
            return False
        answer = QMessageBox.question(self, "撤销导入", plan.question())
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return self.ops.run(RevertImport(plan.notice_id), parent=self)

    def open_import(self, path: str | None = None):
        from .import_wizard import open_file

        wiz = open_file(self.store, self, path)
        return self._track(wiz)

    def paste_import(self):
        from .paste_import import open_paste

        return self._track(open_paste(self.store, self, QApplication.clipboard().mimeData()))

    def _track(self, wiz):
        if wiz is not None:
            self._wizards.append(wiz)
            wiz.imported.connect(self._imported)
            wiz.finished.connect(lambda _r, w=wiz: self._wizards.remove(w) if w in self._wizards else None)
        return wiz

    def _imported(self, _notice_id: int) -> None:
        self.statusBar().showMessage("通知已导入。", 5000)  # the tree followed the broadcast

    def dragEnterEvent(self, e) -> None:  # noqa: N802 - returns and notices: ui/drop_files.py
        from . import drop_files

        drop_files.drag_enter(self, e)

    def dropEvent(self, e) -> None:  # noqa: N802
        from . import drop_files

        drop_files.drop(self, e)
