"""全区名单: the coordinating office imports the rosters units send back and works on one list.

导入各单位报回的名单… reads each .docx/.xlsx (gkdesk-made or typed into the notice's own form),
asks for the unit when the file does not say, asks before replacing a unit's earlier roster, and
lists the files it could not read with the reason. The table shows every person of every unit;
the filter box narrows it by unit, name or phone; 姓名/职务/联系电话/备注 are edited in place and
saved back to that unit's roster; a 联系电话 that fails the check is coloured with the reason as tip.
导出全区名单… writes one Excel sheet.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gkdesk.domain.model import NoticeImportError
from gkdesk.domain.roster_check import check_phone
from gkdesk.domain.forms import DEFAULT_ROSTER
from gkdesk.exporters.roster_summary_xlsx import SUMMARY_TITLE, export_summary_xlsx
from gkdesk.importers.roster_returns import read_roster_return
from gkdesk.store.roster_summary import (
    Person,
    all_people,
    reported_units,
    units_missing,
)
from gkdesk.ui.changes import Changes
from gkdesk.ui.edits import RosterSave, SaveRosters
from gkdesk.ui.operations import operations_for
from gkdesk.ui import file_dialogs
from gkdesk.ui.roster_editor import ERROR_BG

HEADERS = ["单位", "类别", "姓名", "职务", "联系电话", "备注"]
EDITABLE = {"姓名", "职务", "联系电话", "备注"}
PHONE = HEADERS.index("联系电话")


@dataclass
class ImportReport:
    saved: list[tuple[str, str, int]] = field(default_factory=list)  # file name, unit, persons
    failed: list[tuple[str, str]] = field(default_factory=list)  # file name, reason
    skipped: list[tuple[str, str]] = field(default_factory=list)  # file name, why (cancelled …)

    def text(self) -> str:
        lines = [f"已导入 {n}：{unit}，{k} 人" for n, unit, k in self.saved]
        lines += [f"未导入 {n}：{why}" for n, why in self.skipped]
        lines += [f"无法导入 {n}：{why}" for n, why in self.failed]
        return "\n".join(lines)


class RosterSummaryDialog(QDialog):
    def __init__(self, store, notice_id: int, parent: QWidget | None = None,
                 expected_units: list[str] | None = None, who: str = "") -> None:
        super().__init__(parent)
        self.store, self.notice_id, self.who = store, notice_id, who
        self.ops = operations_for(store, parent)
        if expected_units is None:  # from the desk: the 单位名单's units that owe a roster (issue 12)
            expected_units = store.collection.roster_units(notice_id)
        self.expected_units = list(expected_units)
        template = store.rosters.template(notice_id)
        self.categories = list((template.categories if template else None) or DEFAULT_ROSTER.categories)
        self.people: list[Person] = []
        self._editing = False
        self.setWindowTitle("全区名单")
        self.resize(1000, 640)

        self.import_button = QPushButton("导入各单位报回的名单…")
        self.export_button = QPushButton("导出全区名单…")
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("按单位、姓名或电话筛选")
        self.filter_edit.setClearButtonEnabled(True)
        self.status = QLabel()
        self.report = QLabel()
        self.report.setWordWrap(True)
        self.report.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for c, w in enumerate([150, 230, 90, 150, 150]):
            self.table.setColumnWidth(c, w)

        top = QHBoxLayout()
        top.addWidget(self.import_button)
        top.addWidget(QLabel("筛选："))
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.export_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.report)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.status)

        self.import_button.clicked.connect(self.choose_files)
        self.export_button.clicked.connect(self.choose_export)
        self.filter_edit.textChanged.connect(self.apply_filter)
        self.table.itemChanged.connect(self._item_changed)
        self.ops.changed.connect(self._on_changes)
        self.reload()

    # -- importing -------------------------------------------------------------------------------

    def choose_files(self) -> None:
        paths, _ = file_dialogs.get_open_file_names(
            self, "导入各单位报回的名单", "", "Word/Excel 文件 (*.docx *.xlsx);;所有文件 (*)"
        )
        if paths:
            self.import_files(paths)

    def ask_unit(self, path: Path) -> str | None:
        text, ok = QInputDialog.getText(
            self, "填写单位", f"“{path.name}”中没有写明单位（公章），请填写报送单位："
        )
        return text.strip() if ok and text.strip() else None

    def ask_overwrite(self, unit: str) -> bool:
        answer = QMessageBox.question(
            self, "覆盖名单", f"已经导入过“{unit}”的名单，是否用新文件覆盖？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def import_files(self, paths) -> ImportReport:
        """Read every file and ask what the files do not say, then store them all as one step."""
        report = ImportReport()
        saves: list[RosterSave] = []
        read: list[tuple[str, str, int]] = []
        for p in paths:
            path = Path(p)
            try:
                ret = read_roster_return(path, self.categories)
            except NoticeImportError as exc:
                report.failed.append((path.name, str(exc)))
                continue
            except Exception as exc:  # noqa: BLE001 — a reader bug must not lose the other files
                report.failed.append((path.name, f"读取失败（{type(exc).__name__}）"))
                continue
            unit = ret.unit or self.ask_unit(path)
            if not unit:
                report.skipped.append((path.name, "未填写单位，已跳过"))
                continue
            again = any(s.unit == unit for s in saves)
            if (again or self.store.rosters.load_roster(self.notice_id, unit) is not None) and not self.ask_overwrite(unit):
                report.skipped.append((path.name, f"“{unit}”已有名单，未覆盖"))
                continue
            saves.append(RosterSave(unit, ret.entries, ret.filled_on))
            read.append((path.name, unit, ret.people))
        if saves:
            op = SaveRosters(self.notice_id, saves, label="导入各单位报回的名单", who=self.who)
            if self.ops.run(op, parent=self):
                for name, unit, people in read:
                    stored = self.store.rosters.units.resolve(unit, create=False)
                    report.saved.append((name, stored.name if stored else unit, people))
            else:
                report.failed += [(name, "保存失败，未导入") for name, _u, _k in read]
        self.report.setText(report.text())
        self.reload()
        return report

    def _on_changes(self, changes: Changes) -> None:
        # An undo from the desk while this list is open; own edits are already on screen.
        if self.notice_id in changes.rosters and not self._editing:
            self.reload()

    # -- the table -------------------------------------------------------------------------------

    def reload(self) -> None:
        self.people = all_people(self.store.db, self.notice_id)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.people))
        for r, person in enumerate(self.people):
            for c, word in enumerate(HEADERS):
                text = person.unit if word == "单位" else person.category if word == "类别" else person.get(word)
                item = QTableWidgetItem(text)
                if word not in EDITABLE:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(r, c, item)
            self._mark_phone(r)
        self.table.blockSignals(False)
        self.apply_filter(self.filter_edit.text())
        units = reported_units(self.store.db, self.notice_id)
        text = f"已报送 {len(units)} 个单位，共 {len(self.people)} 人。"
        if self.expected_units:
            missing = units_missing(self.store.db, self.notice_id, self.expected_units)
            if missing:
                text += "未报送：" + "、".join(missing) + "。"
        bad = sum(1 for p in self.people if check_phone(p.get("联系电话")))
        if bad:
            text += f"　{bad} 个联系电话有误（已标红）。"
        self.status.setText(text)

    def _mark_phone(self, row: int) -> None:
        item = self.table.item(row, PHONE)
        if item is None:
            return
        reason = check_phone(item.text())
        item.setBackground(QBrush(ERROR_BG) if reason else QBrush())
        item.setToolTip(reason or "")

    def apply_filter(self, text: str) -> None:
        needle = "".join((text or "").split())
        for r, p in enumerate(self.people):
            hay = (p.unit, p.get("姓名"), p.get("联系电话"))
            self.table.setRowHidden(r, bool(needle) and not any(needle in "".join(h.split()) for h in hay))

    def visible_rows(self) -> list[int]:
        return [r for r in range(self.table.rowCount()) if not self.table.isRowHidden(r)]

    def _item_changed(self, item: QTableWidgetItem) -> None:
        r, word = item.row(), HEADERS[item.column()]
        if word not in EDITABLE or r >= len(self.people):
            return
        person = self.people[r]
        person.values[word] = item.text().strip()
        entries: dict[str, list[dict[str, str]]] = {}
        for p in self.people:
            if p.roster_id == person.roster_id:
                entries.setdefault(p.category, []).append(p.values)
        self._editing = True
        try:
            op = SaveRosters(self.notice_id, [RosterSave(person.unit, entries, person.filled_on)],
                             label="修改全区名单", who=self.who)
            saved = self.ops.run(op, parent=self)
        finally:
            self._editing = False
        if not saved:
            self.reload()  # back to what is stored
            return
        if word == "联系电话":
            self.table.blockSignals(True)
            self._mark_phone(r)
            self.table.blockSignals(False)

    # -- export ----------------------------------------------------------------------------------

    def export_to(self, path, title: str = SUMMARY_TITLE) -> Path:
        return export_summary_xlsx(self.people, path, title)

    def choose_export(self) -> None:
        path, _ = file_dialogs.get_save_file_name(self, "导出全区名单", f"{SUMMARY_TITLE}.xlsx", "Excel 文件 (*.xlsx)")
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        try:
            self.export_to(path)
        except OSError as exc:
            QMessageBox.warning(self, "导出失败", f"无法写入文件（可能正被 Excel/WPS 打开）：{exc.strerror or exc}")
            return
        self.status.setText(f"已导出：{path}")


__all__ = ["HEADERS", "ImportReport", "RosterSummaryDialog"]
