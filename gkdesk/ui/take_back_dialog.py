"""收集 → 导入回执… / 导入整个文件夹的回执… (and returns dropped on the desk): take the files back on
the worker, then one line per file, the conflicts to choose and a notice's own table to confirm."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QVBoxLayout,
)

from gkdesk.store.collection_merge import TakeBack

from .collection_edits import ResolveConflicts, TakeBackReturns
from .dialog_parts import on_worker, read_only_table

RETURN_FILES = "回执文件 (*.xlsx *.xls *.et *.docx *.doc *.wps);;所有文件 (*)"
KEEP, TAKE = "保留已有", "采用回执"


def _line(o: TakeBack) -> str:
    if o.status == "taken":
        extra = f"，{len(o.conflicts)} 处与已有内容不同，请在下表选择" if o.conflicts else ""
        return f"“{o.file}”（{o.unit}）：已导入，填报 {o.filled} 项、未填 {o.empty} 项{extra}。"
    if o.status == "preview":
        return f"“{o.file}”是通知原表，按文字匹配到 {len(o.matches)} 行，确认后导入。"
    return f"“{o.file}”：{o.message}"


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
        self.matches = read_only_table(["文件", "原表行", "匹配到的任务", "相似度", "处理"], _match_rows(op.held_tables))
        if op.held_tables:
            lay.addWidget(QLabel("通知原表按文字匹配到的任务，请核对后点“确认导入通知原表”："))
        lay.addWidget(self.matches, 1)
        self.rows = [(o.return_id, c) for o in op.open_conflicts for c in o.conflicts]
        self.table = read_only_table(["单位", "任务", "项目", "已有内容", "回执内容", "采用"], [
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

    return on_worker(window, TakeBackReturns(paths, confirmed=confirmed), "正在导入回执……", show)


def take_back_folder(window):
    """The folder the returns were saved into (QQ mail's 下载): every return in it, lock files aside."""
    folder = QFileDialog.getExistingDirectory(window, "选择存放回执的文件夹")
    return take_back(window, [folder]) if folder else None
