"""导入通知: read the notice off the GUI thread, let the clerk check and fix it, then 确认导入.

Pages: 读取 (progress bar, 取消; a bad file ends here with its message and nothing stored) →
结果 (summary, the tree with each warning on its row, editable titles/units/deadlines, what
re-importing would change) → 变化 (only when the notice is already stored and would be revised).
Nothing touches the store before 确认导入 except ``preview_import``, which rolls itself back.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gkdesk.domain.deadlines import cn_date, parse_deadline
from gkdesk.domain.model import (
    Deadline,
    ImportResult,
    NoticeImportError,
    Section,
    Subsection,
    Task,
)
from gkdesk.domain.units import split_units
from gkdesk.importers import import_file, import_text
from gkdesk.store import SaveOutcome, Store, StoreError
from gkdesk.ui.worker import Job, Progress

Reader = Callable[[Progress], ImportResult]  # what the worker runs: import_file, import_text …

COLUMNS = ("编号", "内容", "牵头单位", "责任单位", "完成时限")
COL_NUMBER, COL_TEXT, COL_LEAD, COL_RESP, COL_DEADLINE = range(5)
PAGE_READING, PAGE_RESULT, PAGE_CHANGES = range(3)
# What import_file reads today; issue 6 adds .html/.htm/.mht.
FILE_FILTER = "通知文件 (*.docx *.xlsx *.doc *.wps *.xls *.et *.txt *.html *.htm *.mht *.mhtml);;所有文件 (*)"
EDIT_HINT = "双击可修改：部分和小项的标题、牵头单位、责任单位（多个单位用“、”分隔）、完成时限。"
WARN_BACKGROUND = QColor("#fff4d6")


# -- words shown to the clerk (plain functions of the result, no widgets) --------------------------
KIND_LABELS = {"date": "日期", "monthly": "每月", "periodic": "定期", "ongoing": "持续推进", "none": "未写", "unparsed": "未能识别"}



def counts_text(result: ImportResult) -> str:
    """"6 个部分、23 个小项、56 项任务" — the numbers a clerk checks against the paper first."""
    sections, subsections, tasks = result.counts()
    parts = [f"{sections} 个部分"] + ([f"{subsections} 个小项"] if subsections else []) + [f"{tasks} 项任务"]
    return "、".join(parts)


def summary_rows(result: ImportResult) -> list[tuple[str, str]]:
    n, missing = result.notice, "（未找到）"
    reports = [
        f"{r.attachment + '：' if r.attachment else ''}{cn_date(r.due)}{' ' + r.time if r.time else ''}前"
        f"报送{r.what}{'（' + r.recipient + '）' if r.recipient else ''}"
        for r in n.report_deadlines
    ]
    roster = result.roster
    return [
        ("发文字号", n.doc_number or missing),
        ("标题", n.title or missing),
        ("成文日期", cn_date(n.date) if n.date else missing),
        ("任务", counts_text(result)),
        ("报送时限", "\n".join(reports) or "（通知正文中未写）"),
        ("附件2 人员名单", f"有（{roster.title}，{len(roster.categories)} 个类别）" if roster else "无"),
    ]


def split_warnings(warnings: list[str], refs: set[str]) -> tuple[dict[str, list[str]], list[str]]:
    """Warnings about a task row ("表1第42行：…") by that row's source_ref; the rest as a list."""
    by_ref: dict[str, list[str]] = {}
    other: list[str] = []
    for w in warnings:
        ref, sep, _ = w.partition("：")
        if sep and ref in refs:
            by_ref.setdefault(ref, []).append(w)
        else:
            other.append(w)
    return by_ref, other


def deadline_label(d: Deadline) -> str:
    """The cell: the notice's words, then what they mean ("2020年底前 → 2020-12-31")."""
    if d.kind == "date" and d.due:
        return f"{d.text} → {d.due.isoformat()}" + ("（取自任务内容）" if d.source == "text" else "")
    if d.kind == "none":
        return d.text or "—"
    return f"{d.text}（{KIND_LABELS.get(d.kind, d.kind)}）"


def deadline_tooltip(d: Deadline) -> str:
    tip = f"完成时限：{d.text or '未写'}\n类型：{KIND_LABELS.get(d.kind, d.kind)}"
    return tip + (f"\n截止日期：{cn_date(d.due)}" if d.due else "")


def change_counts(o: SaveOutcome) -> str:
    return f"新增 {o.added} 项、删除 {o.removed} 项、修改 {o.changed} 项、保留 {o.kept} 项（其完成情况保留）"


def banner_text(result: ImportResult, o: SaveOutcome) -> str:
    name = result.notice.doc_number or result.notice.title or "这份通知"
    if o.status == "new":
        return f"这是新通知。确认导入后将新增 {o.added} 项任务。"
    if o.status == "unchanged":
        return f"这份文件已经导入过（{name}），内容没有变化；确认导入不会改动已有数据。"
    return f"任务台中已有这份通知（{name}）。确认导入后将按这份文件更新：{change_counts(o)}。"


def changes_texts(result: ImportResult, o: SaveOutcome) -> tuple[str, str, str, list[str]]:
    """The 变化 page: heading, counts, a note on lost completions, and those completions."""
    name = result.notice.doc_number or result.notice.title or "这份通知"
    heading = f"任务台中已有 {name}。确认导入后，已有通知将按这份文件更新（任务按内容对应）："
    if o.completions_dropped:
        note = (f"被删除或修改的任务上有 {o.completions_dropped} 条完成情况将一并删除（会记入操作历史），"
                "其中已填写内容的如下：")
    else:
        note = "被删除或修改的任务上没有已填写的完成情况，不会丢失任何填报内容。"
    lines = [
        f"{d['number']} {d['task']} — {d['unit']}：{d['status']}{'，' + d['text'][:40] if d['text'] else ''}"
        for d in o.dropped
    ]
    return heading, change_counts(o), note, lines


class _Row(QTreeWidgetItem):
    """One tree row and the domain object it shows; edits go straight into that object."""

    def __init__(self, parent: QTreeWidget | QTreeWidgetItem, node: Section | Subsection | Task) -> None:
        super().__init__(parent)
        self.node = node
        self.setFlags(self.flags() | Qt.ItemFlag.ItemIsEditable)  # the delegate picks the columns


class _EditDelegate(QStyledItemDelegate):
    """Opens an editor only on cells the clerk may fix, filled with the raw text, not the label."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard.tree)
        self.wizard = wizard

    def createEditor(self, parent, option, index):
        if self.wizard.raw_text(self.wizard.tree.itemFromIndex(index), index.column()) is None:
            return None
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor, index) -> None:
        editor.setText(self.wizard.raw_text(self.wizard.tree.itemFromIndex(index), index.column()) or "")

    def setModelData(self, editor, model, index) -> None:
        self.wizard.apply_edit(self.wizard.tree.itemFromIndex(index), index.column(), editor.text())


class ImportWizard(QDialog):
    """Give it a ``path``, a ``text`` or any ``read(progress)``; it reads, shows, and saves on 确认导入."""

    imported = Signal(int)  # notice id, once saved

    def __init__(self, store: Store, parent: QWidget | None = None, *, path: str | Path | None = None,
                 text: str | None = None, read: Reader | None = None, source_label: str = "") -> None:
        super().__init__(parent)
        if read is None:
            if path is not None:
                read, source_label = partial(import_file, path), source_label or Path(path).name
            elif text is not None:
                read, source_label = partial(import_text, text, "粘贴的文本"), source_label or "粘贴的文本"
            else:
                raise ValueError("ImportWizard needs path, text or read")
        self.store = store
        self.result: ImportResult | None = None
        self.preview: SaveOutcome | None = None  # what 确认导入 would do
        self.outcome: SaveOutcome | None = None  # what it did
        self.notice_id: int | None = None
        self.edited = False
        self.setWindowTitle("导入通知")
        self.resize(1100, 700)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._reading_page(source_label))
        self.stack.addWidget(self._result_page())
        self.stack.addWidget(self._changes_page())
        self.back_button = QPushButton("上一步")
        self.confirm_button = QPushButton("确认导入")
        self.cancel_button = QPushButton("取消")
        self.back_button.clicked.connect(lambda: self._go(PAGE_RESULT))
        self.confirm_button.clicked.connect(self._confirm)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.back_button, self.confirm_button, self.cancel_button):
            # No default button: Enter in the tree (or after an edit) must never import by itself.
            b.setAutoDefault(False)
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addWidget(self.stack, 1)
        lay.addLayout(buttons)
        self._go(PAGE_READING)
        self.job = Job(read, expected=(NoticeImportError,))
        self.job.progress.connect(self._on_progress)
        self.job.finished.connect(self._on_read)
        self.job.failed.connect(self._on_failed)
        self.job.start()

    # -- pages ---------------------------------------------------------------------------------
    def _reading_page(self, label: str) -> QWidget:
        page = QWidget()
        self.source_label = label
        self.heading = QLabel(f"正在读取：{label}")
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.stage = QLabel("准备读取……")
        self.error_icon = QLabel()
        self.error_icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(32))
        self.error_label = QLabel()
        self.error_label.setObjectName("importError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        error_row = QHBoxLayout()
        error_row.addWidget(self.error_icon, 0, Qt.AlignmentFlag.AlignTop)
        error_row.addWidget(self.error_label, 1)
        self.error_box = QWidget()
        self.error_box.setLayout(error_row)
        self.error_box.hide()
        lay = QVBoxLayout(page)
        lay.addStretch(1)
        for w in (self.heading, self.bar, self.stage, self.error_box):
            lay.addWidget(w)
        lay.addStretch(2)
        return page

    def _result_page(self) -> QWidget:
        page = QWidget()
        self.banner = QLabel()
        self.banner.setObjectName("statusBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("#statusBanner { background: #eef4fb; border: 1px solid #b8cce4; padding: 6px; }")
        self.summary = QFormLayout()
        self.summary.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.tree = QTreeWidget()
        self.tree.setObjectName("importTree")
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setItemDelegate(_EditDelegate(self))
        self.tree.setEditTriggers(QTreeWidget.EditTrigger.DoubleClicked | QTreeWidget.EditTrigger.EditKeyPressed)
        self.tree.setUniformRowHeights(True)
        self.tree.setIndentation(16)  # tasks sit two levels deep; their 编号 shares column 0
        header = self.tree.header()
        header.setStretchLastSection(False)
        for col, width in ((COL_NUMBER, 116), (COL_LEAD, 170), (COL_RESP, 210), (COL_DEADLINE, 190)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        self.hint = QLabel(EDIT_HINT)
        self.other_label = QLabel("其他提示：")
        self.other_warnings = QListWidget()
        self.other_warnings.setMaximumHeight(72)
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.banner)
        lay.addLayout(self.summary)
        lay.addWidget(self.hint)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.other_label)
        lay.addWidget(self.other_warnings)
        return page

    def _changes_page(self) -> QWidget:
        page = QWidget()
        self.changes_heading = QLabel()
        self.changes_heading.setWordWrap(True)
        self.changes_counts = QLabel()
        self.changes_counts.setObjectName("changeCounts")
        self.changes_counts.setStyleSheet("#changeCounts { font-size: 16px; font-weight: bold; }")
        self.dropped_label = QLabel()
        self.dropped_label.setWordWrap(True)
        self.dropped = QListWidget()
        lay = QVBoxLayout(page)
        for w in (self.changes_heading, self.changes_counts, self.dropped_label):
            lay.addWidget(w)
        lay.addWidget(self.dropped, 10)
        lay.addStretch(1)  # keeps the lines together at the top when there is no list
        return page

    def _go(self, page: int) -> None:
        self.stack.setCurrentIndex(page)
        self.back_button.setVisible(page == PAGE_CHANGES)
        self.confirm_button.setVisible(page != PAGE_READING)

    # -- reading -------------------------------------------------------------------------------
    def _on_progress(self, percent: int, what: str) -> None:
        self.bar.setValue(percent)
        self.stage.setText(f"{what}……")

    def _on_failed(self, message: str) -> None:
        self.bar.hide()
        self.stage.hide()
        self.heading.setText(f"无法导入：{self.source_label}")
        self.error_label.setText(f"{message}\n\n没有保存任何内容。")
        self.error_box.show()
        self.cancel_button.setText("关闭")

    def _on_read(self, result: ImportResult) -> None:
        self.result = result
        for label, value in summary_rows(result):
            field = QLabel(value)
            field.setWordWrap(True)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.summary.addRow(f"{label}：", field)
        self._fill_tree(result)
        self._refresh_preview()
        self._go(PAGE_RESULT)

    # -- the tree ------------------------------------------------------------------------------
    def _fill_tree(self, result: ImportResult) -> None:
        refs = {t.source_ref for t in result.tasks() if t.source_ref}
        by_ref, other = split_warnings(result.warnings, refs)
        self.tree.clear()
        for section in result.sections:
            s_row = self._title_row(self.tree, section, bold=True)
            for sub in section.subsections:
                # Tasks of a notice without the （一） level hang straight under their section.
                parent = self._title_row(s_row, sub) if sub.title else s_row
                for task in sub.tasks:
                    self._task_row(parent, task, by_ref.get(task.source_ref, []))
        self.tree.expandAll()
        self.other_warnings.clear()
        self.other_warnings.addItems(other)
        self.other_label.setVisible(bool(other))
        self.other_warnings.setVisible(bool(other))
        marked = sum(len(v) for v in by_ref.values())
        if marked:
            self.hint.setText(f"{EDIT_HINT}有 {marked} 条提示标在相关行上（⚠ 图标，鼠标停留可看详情）。")

    def _title_row(self, parent, node: Section | Subsection, bold: bool = False) -> _Row:
        row = _Row(parent, node)
        row.setText(0, node.title)
        row.setToolTip(0, node.title)
        row.setFirstColumnSpanned(True)
        if bold:
            font = row.font(0)
            font.setBold(True)
            row.setFont(0, font)
        return row

    def _task_row(self, parent: QTreeWidgetItem, task: Task, warnings: list[str]) -> _Row:
        row = _Row(parent, task)
        row.setText(COL_NUMBER, task.number)
        first = task.text.splitlines()[0] if task.text else ""
        row.setText(COL_TEXT, f"{task.title}：{first}" if task.title else first)  # 工作任务 beside its 要求
        row.setToolTip(COL_TEXT, f"{task.title}\n{task.text}" if task.title else task.text)
        self._show_units(row)
        self._show_deadline(row)
        if warnings:
            note = "\n".join(warnings)
            row.setIcon(COL_NUMBER, self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
            for col in range(len(COLUMNS)):
                row.setBackground(col, QBrush(WARN_BACKGROUND))
                row.setToolTip(col, f"{row.toolTip(col)}\n\n{note}" if row.toolTip(col) else note)
        return row

    def _show_units(self, row: _Row) -> None:
        for col, units in ((COL_LEAD, row.node.lead), (COL_RESP, row.node.responsible)):
            row.setText(col, "、".join(units))
            row.setToolTip(col, "\n".join(units))  # long unit lists are cut off in the cell

    def _show_deadline(self, row: _Row) -> None:
        d: Deadline = row.node.deadline
        row.setText(COL_DEADLINE, deadline_label(d))
        row.setToolTip(COL_DEADLINE, deadline_tooltip(d))

    # -- edits ---------------------------------------------------------------------------------
    def raw_text(self, item: QTreeWidgetItem | None, column: int) -> str | None:
        """The text an edit of this cell starts from; None when the cell is not editable."""
        node = getattr(item, "node", None)
        if isinstance(node, (Section, Subsection)):
            return node.title if column == 0 else None
        if isinstance(node, Task):
            if column in (COL_LEAD, COL_RESP):
                return "、".join(node.lead if column == COL_LEAD else node.responsible)
            if column == COL_DEADLINE:
                return node.deadline.text
        return None

    def apply_edit(self, item: QTreeWidgetItem, column: int, text: str) -> None:
        """The clerk's fix of one cell, written into the import result (the store waits for 确认导入)."""
        if self.raw_text(item, column) is None or self.result is None:
            return
        node = item.node
        text = text.strip()
        if isinstance(node, (Section, Subsection)):
            if not text:  # a blank title would lose the row's place in the tree
                return
            node.title = text
            item.setText(0, text)
            item.setToolTip(0, text)
        elif column == COL_DEADLINE:
            node.deadline = parse_deadline(text, self.result.notice.year)
            self._show_deadline(item)
        else:
            setattr(node, "lead" if column == COL_LEAD else "responsible", split_units(text))
            self._show_units(item)
        self.edited = True
        if self.preview is not None and self.preview.status == "unchanged":
            # The same file again, now fixed by hand: save_import would keep the stored copy and
            # drop the fixes, so the edited result no longer claims to be that file.
            self.result.source_sha256 = ""
            self._refresh_preview()

    # -- saving --------------------------------------------------------------------------------
    def _refresh_preview(self) -> None:
        assert self.result is not None
        try:
            self.preview = self.store.notices.preview_import(self.result)
        except StoreError as exc:
            self.preview = None
            self.banner.setText(f"无法读取任务台中的数据：{exc}")
            return
        self.banner.setText(banner_text(self.result, self.preview))

    def _confirm(self) -> None:
        if self.stack.currentIndex() == PAGE_RESULT and self.preview is not None and self.preview.status == "revised":
            self._refresh_preview()  # completions may have changed since the page opened
            if self.preview is None:  # the store could not be read: the banner says why
                return
            heading, counts, dropped_note, dropped = changes_texts(self.result, self.preview)
            self.changes_heading.setText(heading)
            self.changes_counts.setText(counts)
            self.dropped_label.setText(dropped_note)
            self.dropped.clear()
            self.dropped.addItems(dropped)
            self.dropped.setVisible(bool(dropped))
            self._go(PAGE_CHANGES)
            return
        self._save()

    def _save(self) -> None:
        assert self.result is not None
        try:
            outcome = self.store.notices.save_import(self.result, who=self.store.settings.own_unit or "")
        except StoreError as exc:
            QMessageBox.warning(self, "导入失败", f"保存时出错：{exc}")
            return
        self.notice_id = outcome.notice_id
        self.outcome = outcome
        self.imported.emit(outcome.notice_id)
        self.accept()

    def reject(self) -> None:
        self.job.cancel()  # reading stops at its next stage; nothing was stored
        self.job.blockSignals(True)  # a closed wizard hears nothing more from its reader
        super().reject()

    # -- for callers and tests -----------------------------------------------------------------
    def summary_text(self) -> str:
        """Everything the result page says above the tree, as one string."""
        parts = [self.banner.text()]
        for r in range(self.summary.rowCount()):
            for role in (QFormLayout.ItemRole.LabelRole, QFormLayout.ItemRole.FieldRole):
                item = self.summary.itemAt(r, role)
                if item is not None and isinstance(item.widget(), QLabel):
                    parts.append(item.widget().text())
        return "\n".join(parts)


def open_file(store: Store, parent: QWidget | None = None, path: str | Path | None = None) -> ImportWizard | None:
    """导入通知 (Ctrl+O, a dropped file, ``gkdesk FILE``): ask for a file unless given one, open the
    wizard window-modal and return it (connect ``imported``); None when the clerk chose nothing."""
    if path is None:
        path, _ = QFileDialog.getOpenFileName(parent, "导入通知", "", FILE_FILTER)
        if not path:
            return None
    wizard = ImportWizard(store, parent, path=path)
    if parent is not None:
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # the parent would keep it forever
    wizard.open()
    return wizard
