"""First run: what the app does, a notice to start from, 本单位, and where the data lives.

Shown by the caller when :func:`should_welcome` is true (no notices stored and setting
``welcomed`` unset). Three pages:

1. three short lines about the app and two big buttons — 导入通知文件… (asks for a file and
   leaves it in ``chosen_path`` for the caller's import wizard) and 打开示例通知 (imports the
   bundled sample, resources/samples, here and now: ``imported_notice_id``);
2. 本单位, an editable combo box filled with the concrete units of the stored notice(s);
3. where the data folder is and how to back it up.

Finishing stores 本单位 (when one was given) and sets ``welcomed`` so the dialog is not shown again.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gkdesk import APP_TITLE
from gkdesk.domain.forms import COMPLETION_FORM, COMPLETION_LABEL, ROSTER_FORM, ROSTER_LABEL
from gkdesk.file_types import file_filter
from gkdesk.store import Store
from gkdesk.store.audit import CHANNEL_SAMPLE
from gkdesk.ui.edits import ImportNotice, SetOwnUnit
from gkdesk.ui.operations import operations_for
from gkdesk.ui import file_dialogs

WELCOMED = "welcomed"
PAGE_START, PAGE_UNIT, PAGE_DATA = 0, 1, 2
SAMPLE_GLOB = "*.docx"
FILE_FILTER = file_filter()


def should_welcome(store: Store) -> bool:
    """True on first run: nothing imported yet and the welcome not finished before."""
    return not store.notices.list_notices() and not store.settings.get(WELCOMED, False)


def sample_notice() -> Path | None:
    """The bundled sample notice (seed 000 as .docx), or None when resources/ lacks it."""
    from gkdesk.resources import resource_path

    folder = resource_path("samples")
    if folder is None:
        return None
    hits = sorted(folder.glob(SAMPLE_GLOB))
    return hits[0] if hits else None


def _big_button(text: str, hint: str) -> QPushButton:
    b = QPushButton(f"{text}\n{hint}")
    b.setMinimumSize(220, 86)
    f = b.font()
    f.setPointSizeF(f.pointSizeF() * 1.15)
    b.setFont(f)
    return b


def _title(text: str) -> QLabel:
    label = QLabel(text)
    f = label.font()
    f.setPointSizeF(f.pointSizeF() * 1.5)
    f.setWeight(QFont.Weight.Bold)
    label.setFont(f)
    return label


class WelcomeDialog(QDialog):
    """``exec()`` it; afterwards read ``chosen_path`` (open the import wizard on it) or
    ``imported_notice_id`` (the sample is already stored)."""

    #: the sample (or another notice) was stored: its notice id
    imported = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.ops = operations_for(store, parent)
        self.chosen_path: str | None = None
        self.imported_notice_id: int | None = None
        self.setWindowTitle(f"欢迎使用{APP_TITLE}")
        self.setMinimumWidth(560)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._start_page())
        self.pages.addWidget(self._unit_page())
        self.pages.addWidget(self._data_page())

        self.back_button = QPushButton("上一步")
        self.next_button = QPushButton("下一步")
        self.next_button.setDefault(True)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        nav = QHBoxLayout()
        nav.addStretch(1)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)

        lay = QVBoxLayout(self)
        lay.addWidget(self.pages, 1)
        lay.addLayout(nav)
        self._show_page(PAGE_START)

    # --- pages ---------------------------------------------------------------------------------
    def _start_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addWidget(_title(f"欢迎使用{APP_TITLE}"))
        self.intro = QLabel(
            "1. 导入每年的《政务公开工作要点任务分工》通知（Word、Excel、WPS 或网页文本）。\n"
            "2. 按部分、小项查看每项任务，一眼看出哪些交办给本单位、何时报送。\n"
            f"3. 填写完成情况和人员名单，导出或打印{COMPLETION_LABEL}{COMPLETION_FORM}、"
            f"{ROSTER_LABEL}{ROSTER_FORM}报送。"
        )
        self.intro.setWordWrap(True)
        lay.addWidget(self.intro)
        lay.addSpacing(12)
        self.import_button = _big_button("导入通知文件…", "选择收到的通知文件")
        self.sample_button = _big_button("打开示例通知", "先用示例熟悉一下")
        self.import_button.clicked.connect(self.choose_file)
        self.sample_button.clicked.connect(self.open_sample)
        self.sample_button.setEnabled(sample_notice() is not None)
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addWidget(self.sample_button)
        lay.addLayout(row)
        self.start_status = QLabel("也可以点“下一步”跳过，以后按 Ctrl+O 导入。")
        self.start_status.setWordWrap(True)
        lay.addWidget(self.start_status)
        lay.addStretch(1)
        return page

    def _unit_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addWidget(_title("本单位"))
        self.import_status = QLabel("")
        self.import_status.setWordWrap(True)
        self.import_status.setStyleSheet("color: #1e7b34;")
        self.import_status.hide()
        lay.addWidget(self.import_status)
        text = QLabel("请选择您所在的单位。交办给本单位的任务会突出显示，"
                      "填报的完成情况也以本单位名义导出。")
        text.setWordWrap(True)
        lay.addWidget(text)
        self.unit_combo = QComboBox()
        self.unit_combo.setEditable(True)
        self.unit_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.unit_combo.lineEdit().setPlaceholderText("从通知的单位中选择，或直接输入，如 区财政局")
        self.unit_combo.setMinimumHeight(32)
        lay.addWidget(self.unit_combo)
        self.unit_hint = QLabel("")
        self.unit_hint.setWordWrap(True)
        lay.addWidget(self.unit_hint)
        lay.addStretch(1)
        return page

    def _data_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addWidget(_title("数据保存在哪里"))
        folder = str(self.store.directory)
        self.data_label = QLabel(
            "导入的通知、填写的完成情况和附件都保存在本机这个文件夹中：")
        self.data_label.setWordWrap(True)
        lay.addWidget(self.data_label)
        self.folder_label = QLabel(folder)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setWordWrap(True)
        f = self.folder_label.font()
        f.setWeight(QFont.Weight.Bold)
        self.folder_label.setFont(f)
        lay.addWidget(self.folder_label)
        copy = QPushButton("复制路径")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(folder))
        row = QHBoxLayout()
        row.addWidget(copy)
        row.addStretch(1)
        lay.addLayout(row)
        backup = QLabel(
            "备份：先关闭本程序，再把整个文件夹复制到U盘或其他位置。\n"
            "恢复：关闭本程序，用备份的文件夹替换它。卸载程序不会删除这个文件夹。")
        backup.setWordWrap(True)
        lay.addWidget(backup)
        lay.addStretch(1)
        return page

    # --- navigation ------------------------------------------------------------------------------
    def _show_page(self, index: int) -> None:
        if index == PAGE_UNIT:
            self._fill_units()
        self.pages.setCurrentIndex(index)
        self.back_button.setEnabled(index > PAGE_START)
        self.next_button.setText("开始使用" if index == PAGE_DATA else "下一步")

    def _fill_units(self) -> None:
        typed = self.unit_combo.currentText().strip() or self.store.settings.own_unit
        names = sorted({u.name for u in self.store.units.list_units(groups=False)})
        self.unit_combo.clear()
        self.unit_combo.addItems(names)
        self.unit_combo.setCurrentIndex(-1)
        self.unit_combo.setEditText(typed)
        if names:
            self.unit_hint.setText(f"通知中共列出 {len(names)} 个单位；不在其中的可以直接输入。"
                                   "以后可在“设置 → 本单位”中修改。")
        else:
            self.unit_hint.setText("还没有导入通知：请直接输入单位名称，也可以暂不填写，"
                                   "以后在“设置 → 本单位”中修改。")

    def current_page(self) -> int:
        return self.pages.currentIndex()

    def back(self) -> None:
        if self.current_page() > PAGE_START:
            self._show_page(self.current_page() - 1)

    def next(self) -> None:
        page = self.current_page()
        if page == PAGE_UNIT:
            self.set_unit(self.unit_combo.currentText())
        if page == PAGE_DATA:
            self.finish()
        else:
            self._show_page(page + 1)

    def set_unit(self, name: str) -> None:
        name = name.strip()
        self.unit_combo.setEditText(name)
        if name and name != self.store.settings.own_unit:
            self.ops.run(SetOwnUnit(name), parent=self)

    def finish(self) -> None:
        if self.current_page() == PAGE_UNIT:
            self.set_unit(self.unit_combo.currentText())
        self.ops.remember(WELCOMED, True)
        self.accept()

    # --- the two big buttons ---------------------------------------------------------------------
    def _ask_path(self) -> str:
        path, _ = file_dialogs.get_open_file_name(self, "选择通知文件", str(Path.home()), FILE_FILTER)
        return path

    def choose_file(self) -> None:
        """Pick a notice file for the caller's import wizard, then go on to 本单位."""
        path = self._ask_path()
        if not path:
            return
        self.chosen_path = path
        self.start_status.setText(f"关闭本窗口后将导入：{Path(path).name}")
        self.import_status.setText(f"✓ 关闭本窗口后将打开导入向导：{Path(path).name}")
        self.import_status.show()
        self._show_page(PAGE_UNIT)

    def open_sample(self) -> int | None:
        """Import and store the bundled sample notice; go on to 本单位 with its units."""
        from gkdesk.domain.model import NoticeImportError
        from gkdesk.importers import import_file

        sample = sample_notice()
        if sample is None:
            QMessageBox.warning(self, APP_TITLE, "安装文件中缺少示例通知。")
            return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = import_file(sample)
        except NoticeImportError as exc:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(self, APP_TITLE, f"示例通知无法导入：{exc}")
            return None
        op = ImportNotice(result)  # who: 本单位 (or none yet); the channel says it was the sample
        with self.store.audit.channel(CHANNEL_SAMPLE):
            saved = self.ops.run(op, parent=self)  # small: on the GUI thread, behind the wait cursor
        QApplication.restoreOverrideCursor()
        if not saved:
            return None
        outcome = op.outcome
        assert outcome is not None
        self.chosen_path = None
        self.imported_notice_id = outcome.notice_id
        self.start_status.setText(f"已导入示例通知：{sample.stem}")
        tasks = sum(1 for _ in result.tasks())
        self.import_status.setText(f"✓ 已导入示例通知（{tasks} 项任务）。")
        self.import_status.show()
        self.imported.emit(outcome.notice_id)
        self._show_page(PAGE_UNIT)
        return outcome.notice_id
