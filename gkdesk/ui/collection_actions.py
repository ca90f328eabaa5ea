"""收集 menu: 单位名单, 下发填报表, 导入回执 (with the conflicts to choose), 报送情况, and a unit's
side: 收下上级下发的填报表, 导出本单位回执.

The menu is listed by ui/desk_menus.py, which imports this module on the first use. The writes are ui/collection_edits operations run
through the desk's Operations (hand-out and take-back on a worker, they read and write files);
this module only asks the clerk and shows what came back.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gkdesk.domain.unit_list import GROUP_WORDS
from gkdesk.store.collection_merge import TakeBack

from .collection_edits import HandOut, LoadUnitList, ReceiveSheet, ResolveConflicts, TakeBackReturns
from .submission_status import SubmissionStatusDialog

RETURN_FILES = "回执文件 (*.xlsx *.xls *.et *.docx *.doc *.wps);;所有文件 (*)"
SHEET_FILES = "填报表 (*.xlsx *.xls *.et);;所有文件 (*)"
KEEP, TAKE = "保留已有", "采用回执"


def _notice(window) -> int | None:
    if window.notice_id is None:
        QMessageBox.information(window, "收集", "请先在左侧选择一份通知。")
    return window.notice_id


def _on_worker(window, op, what: str, done) -> object:
    """Run ``op`` on the worker behind a progress dialog; ``done(op)`` after the commit."""
    dlg = QProgressDialog(what, "取消", 0, 100, window)
    dlg.setWindowModality(Qt.WindowModality.WindowModal)
    dlg.setMinimumDuration(300)
    job = window.ops.start(op, parent=window)
    dlg.canceled.connect(job.cancel)
    job.progress.connect(lambda p, _w: dlg.setValue(p))
    job.finished.connect(lambda _c: (dlg.close(), done(op)))
    job.failed.connect(lambda _m: dlg.close())
    job.cancelled.connect(dlg.close)
    window._jobs = [*getattr(window, "_jobs", []), job]  # keep it alive until it ends
    return job


# -- 单位名单 ------------------------------------------------------------------------------------
class UnitListDialog(QDialog):
    """The district's unit list as text, one unit a line: 名称<Tab>分组 (typed, pasted or read)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window_, self.source = window, "手工录入"
        self.setWindowTitle("单位名单")
        self.resize(560, 520)
        self.text = QPlainTextEdit()
        self.text.setPlainText("\n".join(f"{u.name}\t{u.group_words}" for u in window.store.unit_list.list_units()))
        read = QPushButton("从通讯录表格读取…")
        read.clicked.connect(self.read_file)
        buttons = _ok_cancel("保存")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("每行一个单位：单位名称，Tab 或空格，所属分组（部门、镇街……）。可直接粘贴。"))
        lay.addWidget(self.text)
        row = QHBoxLayout()
        row.addWidget(read)
        row.addStretch(1)
        row.addWidget(buttons)
        lay.addLayout(row)

    def read_file(self) -> None:
        from gkdesk.domain.model import NoticeImportError
        from gkdesk.importers.unit_list_reader import read_unit_list

        path, _ = QFileDialog.getOpenFileName(self, "选择通讯录表格", "", "表格 (*.xlsx *.xls *.et *.csv);;所有文件 (*)")
        if not path:
            return
        try:
            units, problems = read_unit_list(path)
        except NoticeImportError as exc:
            QMessageBox.warning(self, "读取失败", str(exc))
            return
        self.text.setPlainText("\n".join(f"{u.name}\t{u.group_words}" for u in units))
        self.source = Path(path).name
        if problems:
            QMessageBox.information(self, "提示", "\n".join(problems[:20]))

    def save(self) -> None:
        from gkdesk.domain.unit_list import parse_unit_list

        units, problems = parse_unit_list(self.text.toPlainText())
        if problems:
            QMessageBox.information(self, "提示", "\n".join(problems[:20]))
        if self.window_.ops.run(LoadUnitList(units, self.source, replace=True), parent=self):
            self.accept()


def edit_unit_list(window) -> UnitListDialog:
    dlg = UnitListDialog(window)
    dlg.open()
    return dlg


# -- 下发填报表 ----------------------------------------------------------------------------------
class HandOutDialog(QDialog):
    """Pick the units the notice reaches (all ticked) and the folder the sheets go into."""

    def __init__(self, window, notice_id: int) -> None:
        super().__init__(window)
        self.window_, self.notice_id = window, notice_id
        self.setWindowTitle("下发填报表")
        self.resize(560, 560)
        self.units = QListWidget()
        reached = window.store.unit_list.reached(notice_id)
        for r in reached:
            item = QListWidgetItem(f"{r.unit.name}　牵头 {r.lead} 项、责任 {r.responsible} 项（{'、'.join(r.via)}）")
            item.setData(Qt.ItemDataRole.UserRole, r.unit.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.units.addItem(item)
        self.count_label = QLabel()
        self.units.itemChanged.connect(self._count)
        self.picks = QHBoxLayout()
        self.picks.addWidget(QLabel("快速选择："))
        self._pick_button("全部", {r.unit.name for r in reached})
        for kind, word in GROUP_WORDS.items():
            members = {r.unit.name for r in reached if kind in r.unit.groups}
            # A group every reached unit is in (有关单位 by default) would only repeat 全部.
            if members and len(members) < len(reached):
                self._pick_button(f"各{word}（{len(members)}）", members)
        self._pick_button("全不选", set())
        self.picks.addStretch(1)
        self.picks.addWidget(self.count_label)
        self._count()
        self.folder = QLineEdit()
        pick = QPushButton("选择文件夹…")
        pick.clicked.connect(self.pick_folder)
        buttons = _ok_cancel("生成")
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("本通知涉及的单位（单位名单中的，含分组词所指的单位）："))
        lay.addLayout(self.picks)
        lay.addWidget(self.units)
        row = QHBoxLayout()
        row.addWidget(QLabel("保存到："))
        row.addWidget(self.folder, 1)
        row.addWidget(pick)
        lay.addLayout(row)
        lay.addWidget(buttons)
        if self.units.count() == 0:
            lay.insertWidget(1, QLabel("单位名单中没有本通知涉及的单位。请先在“收集 → 单位名单”中导入全区单位。"))

    def _pick_button(self, text: str, names: set[str]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda: self.pick(names))
        self.picks.addWidget(button)
        return button

    def pick(self, names: set[str]) -> None:
        """Tick exactly these units (a group word's members), untick the others."""
        for i in range(self.units.count()):
            item = self.units.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in names
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _count(self, *_a) -> None:
        self.count_label.setText(f"已选 {len(self.chosen())} / {self.units.count()} 个单位")

    def chosen(self) -> list[str]:
        items = (self.units.item(i) for i in range(self.units.count()))
        return [i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked]

    def pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "填报表保存到")
        if folder:
            self.folder.setText(folder)

    def start(self):
        units, folder = self.chosen(), self.folder.text().strip()
        if not units or not folder:
            QMessageBox.information(self, "下发填报表", "请勾选单位并选择保存的文件夹。")
            return None
        w = self.window_
        op = HandOut(self.notice_id, units, folder, w.store.settings.own_unit or "")
        self.accept()
        return _on_worker(w, op, "正在生成填报表……", lambda o: w.statusBar().showMessage(
            f"已生成 {len(o.paths)} 份填报表，保存在 {folder}", 15000))


def hand_out(window) -> HandOutDialog | None:
    nid = _notice(window)
    if nid is None:
        return None
    dlg = HandOutDialog(window, nid)
    dlg.open()
    return dlg


# -- 导入回执 ------------------------------------------------------------------------------------
def _line(o: TakeBack) -> str:
    if o.status == "taken":
        extra = f"，{len(o.conflicts)} 处与已有内容不同，请在下表选择" if o.conflicts else ""
        return f"“{o.file}”（{o.unit}）：已导入，填报 {o.filled} 项、未填 {o.empty} 项{extra}。"
    if o.status == "preview":
        return f"“{o.file}”是通知原表，按文字匹配到 {len(o.matches)} 行，确认后导入。"
    return f"“{o.file}”：{o.message}"


def _ok_cancel(ok: str) -> QDialogButtonBox:
    """OK/Cancel with Chinese words of our own: without qtbase_zh_CN (a test, a trimmed install)
    Qt would show "Cancel"."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    return buttons


def _read_only_table(headers: list[str], rows: list[list[str]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            table.setItem(i, j, QTableWidgetItem(text))
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.setVisible(bool(rows))
    return table


def _match_rows(held: list[TakeBack]) -> list[list[str]]:
    """Each row of a notice's own table: what it matched, how sure, whether it will be taken."""
    rows = []
    for o in held:
        rows += [[o.file, f"第{r}行", task, f"{c:.0%}", "确认后导入"] for r, task, c in o.matches]
        rows += [[o.file, f"第{r}行", task, f"{c:.0%}", "相似度低，不导入"] for r, task, c in o.low_confidence]
    return rows


class TakeBackResult(QDialog):
    """One line per file; each conflict: the collector's value | the return's value, a choice; each
    row of a notice's own 附件1 table with the task it matched and how sure, to confirm first."""

    def __init__(self, window, op: TakeBackReturns) -> None:
        super().__init__(window)
        self.window_, self.op = window, op
        self.setWindowTitle("导入回执")
        self.resize(980, 560)
        lay = QVBoxLayout(self)
        self.lines = QLabel("\n".join(_line(o) for o in op.outcomes))
        self.lines.setWordWrap(True)
        self.lines.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.lines)
        self.matches = _read_only_table(["文件", "原表行", "匹配到的任务", "相似度", "处理"], _match_rows(op.held_tables))
        if op.held_tables:
            lay.addWidget(QLabel("通知原表按文字匹配到的任务，请核对后点“确认导入通知原表”："))
        lay.addWidget(self.matches, 1)
        self.rows = [(o.return_id, c) for o in op.open_conflicts for c in o.conflicts]
        self.table = _read_only_table(["单位", "任务", "项目", "已有内容", "回执内容", "采用"], [
            [c.unit, c.task, c.label, c.ours, c.theirs, ""] for _rid, c in self.rows])
        for i in range(len(self.rows)):
            box = QComboBox()
            box.addItems([TAKE, KEEP])
            self.table.setCellWidget(i, 5, box)
        # The task is what the clerk decides by: it takes the room the short columns leave.
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnToContents(3)
        self.table.resizeColumnToContents(4)
        lay.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        self.apply_button = buttons.addButton("应用选择", QDialogButtonBox.ButtonRole.ApplyRole)
        self.apply_button.setVisible(bool(self.rows))
        self.apply_button.clicked.connect(self.apply)
        self.confirm_button = buttons.addButton("确认导入通知原表", QDialogButtonBox.ButtonRole.ActionRole)
        self.confirm_button.setVisible(bool(op.held_tables))
        self.confirm_button.clicked.connect(self.confirm_tables)
        lay.addWidget(buttons)

    def choices(self) -> dict[int, dict[int, str]]:
        out: dict[int, dict[int, str]] = {}
        for i, (rid, c) in enumerate(self.rows):
            box = self.table.cellWidget(i, 5)
            out.setdefault(rid, {})[c.id] = "theirs" if box.currentText() == TAKE else "ours"
        return out

    def apply(self) -> bool:
        notices = {o.notice_id for o in self.op.open_conflicts if o.notice_id is not None}
        if not self.window_.ops.run(ResolveConflicts(self.choices(), sorted(notices)), parent=self):
            return False
        self.accept()
        return True

    def confirm_tables(self):
        from gkdesk.collection_ops import expand_paths

        # Outcomes name the file only; the clerk may have picked a folder.
        by_name = {p.name: p for p in expand_paths(self.op.paths)}
        paths = [str(by_name[o.file]) for o in self.op.held_tables if o.file in by_name]
        self.accept()
        return take_back(self.window_, paths, confirmed=True)


def take_back(window, paths: list[str] | None = None, confirmed: bool = False):
    if paths is None:
        paths, _ = QFileDialog.getOpenFileNames(window, "选择回执文件（可多选）", "", RETURN_FILES)
    if not paths:
        return None

    def show(op: TakeBackReturns) -> None:
        window.collection_result = TakeBackResult(window, op)
        window.collection_result.open()

    return _on_worker(window, TakeBackReturns(paths, confirmed=confirmed), "正在导入回执……", show)


def take_back_folder(window):
    """The folder the returns were saved into (QQ mail's 下载): every return in it, lock files aside."""
    folder = QFileDialog.getExistingDirectory(window, "选择存放回执的文件夹")
    return take_back(window, [folder]) if folder else None


# -- 报送情况 ------------------------------------------------------------------------------------
def show_status(window) -> QWidget | None:
    nid = _notice(window)
    if nid is None:
        return None
    rnd = window.store.collection.latest_round(nid)
    if rnd is None:
        QMessageBox.information(window, "报送情况", "本通知还没有下发过填报表。")
        return None
    dlg = SubmissionStatusDialog(window.store.collection.status(rnd.id), window)
    dlg.open()
    return dlg


# -- a unit's side: the sheet received from above, its return upward -----------------------------
def receive_sheet(window, path: str | None = None) -> bool:
    """收下上级下发的填报表: one file read and kept in one step (quick, on the GUI thread)."""
    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, "选择上级下发的填报表", "", SHEET_FILES)
    if not path:
        return False
    op = ReceiveSheet(path)
    if not window.ops.run(op, parent=window):
        return False
    if op.notice_id is not None and window.notice_id != op.notice_id:  # show the notice it belongs to
        idx = window.notice_model.index_for_notice(op.notice_id)
        if idx is not None and idx.isValid():
            window.notice_view.setCurrentIndex(idx)
    window.statusBar().showMessage(
        f"已收下填报表“{Path(path).name}”。填写完成情况后，用“收集 → 导出本单位回执…”导出回执。", 15000)
    return True


def export_return(window, path: str | None = None) -> Path | None:
    """导出本单位回执: this unit's values in the received sheet's format, to a file the clerk names."""
    from gkdesk import collection_ops
    from gkdesk.store import StoreError

    store = window.store
    rid = collection_ops.pick_received(store, notice_id=window.notice_id)
    if rid is None:
        QMessageBox.information(window, "导出本单位回执",
                                "还没有收下过上级下发的填报表。请先用“收集 → 收下上级下发的填报表…”收下。")
        return None
    try:
        default = collection_ops.return_file_name(store, rid)
    except StoreError as exc:
        QMessageBox.warning(window, "导出本单位回执失败", str(exc))
        return None
    if path is None:
        path, _ = QFileDialog.getSaveFileName(window, "导出本单位回执", str(Path.home() / default),
                                              "Excel 工作簿 (*.xlsx)")
    if not path:
        return None
    target = Path(path if path.lower().endswith(".xlsx") else path + ".xlsx")
    try:
        written = collection_ops.export_return(store, rid, target.parent, name=target.name)
    except (OSError, StoreError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        QMessageBox.warning(window, "导出本单位回执失败", f"无法写入“{target.name}”：{why}")
        return None
    window.statusBar().showMessage(f"已导出本单位回执：{written}", 15000)
    return written
