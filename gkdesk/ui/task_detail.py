"""The right-hand pane: the task in full, my completion editor, every unit's entries, history."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGroupBox, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from gkdesk.domain.deadlines import cn_date, named_dates, next_due

from .completion_editor import CompletionEditor
from .operations import Operations

if TYPE_CHECKING:  # changes.py comes with the first write, store/task_detail.py with the first task
    from gkdesk.store.task_detail import TaskDetail

    from .changes import Changes

# html.escape's table (quote=True), without importing the html package: its html.entities is a
# 2,000-entry table the desk's start does not need (issue 16).
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def _escape(text: str) -> str:
    return text.translate(_ESCAPES)

_ACTIONS = {"set_completion": "修改完成情况", "add_evidence": "添加佐证材料", "remove_evidence": "删除佐证材料"}
_FIELDS = {"status": "状态", "text": "完成情况", "completed_on": "完成日期", "started_on": "开始日期", "links": "公开路径"}


def deadline_text(d, today: date) -> str:
    if d.due:
        days = (d.due - today).days
        tail = f"（已逾期 {-days} 天）" if days < 0 else f"（还有 {days} 天）"
        dates = named_dates(d.text, d.due.year)
        both = ""
        if len(dates) > 1:
            # "9月底前部署，12月底前完成": the later date is due; the clerk sees both.
            both = f"　（文中时间：{'、'.join(cn_date(x) for x in dates)}，以最后一个为完成时限）"
        return f"{cn_date(d.due)}{tail}　原文：{d.text}{both}"
    shown = {"monthly": "每月", "periodic": "定期", "ongoing": "持续推进", "none": "未规定"}.get(d.kind, "")
    nxt = next_due(d, today)
    if nxt is not None:
        shown += f"（下次：{cn_date(nxt)}）"
    return shown + (f"　原文：{d.text}" if d.text else "")


def deadline_source_label(d) -> str:
    """A small label saying the deadline was read from the task's words, not a 完成时限 column."""
    return "取自任务内容" if getattr(d, "source", "column") == "text" else ""


class TaskDetailPane(QWidget):
    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.unit = ""
        self.today = date.today()
        self.task: TaskDetail | None = None

        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.editor = CompletionEditor(ops)
        self.editor_box = QGroupBox("本单位完成情况")
        QVBoxLayout(self.editor_box).addWidget(self.editor)
        # The 各单位完成情况 and 历史 tables are made and filled when their tab is first shown: the
        # first frame shows only the tabs' titles (issue 16).
        self._tables: dict[int, object] = {}
        self._pages = [QWidget(), QWidget()]
        for page in self._pages:
            QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)

        detail = QWidget()
        lay = QVBoxLayout(detail)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.text, 2)
        lay.addWidget(self.editor_box, 3)
        self.tabs = QTabWidget()
        self.tabs.addTab(detail, "详情")
        self.tabs.addTab(self._pages[0], "各单位完成情况")
        self.tabs.addTab(self._pages[1], "历史")
        self.tabs.currentChanged.connect(lambda at: at in (1, 2) and self._table(at))
        QVBoxLayout(self).addWidget(self.tabs)
        self.placeholder = "<p style='color:gray'>在左侧选择一项任务。</p>"
        self.text.setHtml(self.placeholder)
        ops.changed.connect(self._on_changed)

    @property
    def others(self):
        """The 各单位完成情况 table (QTableWidget), made on first use."""
        return self._table(1)

    @property
    def history(self):
        """The 历史 table (QTableWidget), made on first use."""
        return self._table(2)

    def _table(self, tab: int):
        table = self._tables.get(tab)
        if table is None:
            from PySide6.QtWidgets import QHeaderView, QTableWidget

            heads, stretch = (["单位", "状态", "完成情况", "更新时间"], 2) if tab == 1 else (["时间", "操作人", "操作", "内容"], 3)
            table = self._tables[tab] = QTableWidget(0, 4)
            table.setHorizontalHeaderLabels(heads)
            table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            self._pages[tab - 1].layout().addWidget(table)
            if self.task is not None:
                (self._render_others if tab == 1 else self._render_history)()
        return table

    def show_task(self, task_id: int | None, unit: str, today: date) -> None:
        self.unit, self.today = unit, today
        if task_id is None:
            self.task = None
        else:  # store/task_detail.py comes with the first task shown: the desk opens on none
            from gkdesk.store.task_detail import get_task

            self.task = get_task(self.ops.store.db, task_id, unit)
        self.editor.set_task(self.task.id if self.task else None, unit)
        self._render()

    def _render(self) -> None:
        t = self.task
        if t is None:
            self.text.setHtml(self.placeholder)
            for table in self._tables.values():
                table.setRowCount(0)
            self.editor_box.setTitle("本单位完成情况")
            return
        e = _escape
        role = {"lead": "本单位是牵头单位", "responsible": "本单位是责任单位"}.get(t.my_role or "", "")
        via = f"（通过“{'、'.join(t.my_via)}”）" if t.my_via and self.unit not in t.my_via else ""
        if not role and t.may_concern:
            role, via = "可能涉及本单位", f"（写给“{'、'.join(t.may_concern)}”，请确认是否需要落实）"
        body = e(t.text).replace("\n", "<br>")
        self.text.setHtml(
            f"<p style='color:#555'>{e(t.doc_number)}　{e(t.section)}{'　' + e(t.subsection) if t.subsection else ''}</p>"
            f"<h3>{e(t.number + '．' if t.number.isdigit() else t.number)}{e(t.title)}</h3><p>{body}</p>"
            f"<p><b>牵头单位：</b>{e('、'.join(t.lead) or '—')}<br><b>责任单位：</b>{e('、'.join(t.responsible) or '—')}"
            f"<br><b>完成时限：</b>{e(deadline_text(t.deadline, self.today))}{_small(deadline_source_label(t.deadline))}</p>"
            + (f"<p style='color:#1a5276'><b>{e(role)}</b>{e(via)}</p>" if role else "")
        )
        if not self.unit:
            self.editor_box.setTitle("本单位完成情况（请先在“设置 → 本单位”中选择本单位）")
        elif not t.my_role:
            self.editor_box.setTitle(f"{self.unit} 的完成情况（此任务未分配给本单位，也可登记）")
        else:
            self.editor_box.setTitle(f"{self.unit} 的完成情况")
        self._render_others()
        self._render_history()

    def _render_others(self) -> None:
        assert self.task is not None
        comps = self.ops.store.completions.completions_for_task(self.task.id)
        self.tabs.setTabText(1, f"各单位完成情况（{len(comps)}）")
        table = self._tables.get(1)
        if table is None:  # filled when its tab is first shown
            return
        from PySide6.QtWidgets import QTableWidgetItem

        table.setRowCount(len(comps))
        for i, c in enumerate(comps):
            for j, v in enumerate([c.unit_name, c.status, c.text, c.updated_at[:16].replace("T", " ")]):
                table.setItem(i, j, QTableWidgetItem(v))

    def _render_history(self) -> None:
        assert self.task is not None
        table = self._tables.get(2)
        if table is None:  # read when its tab is first shown
            return
        from PySide6.QtWidgets import QTableWidgetItem

        entries = []
        for c in self.ops.store.completions.completions_for_task(self.task.id):
            entries += [(en, c.unit_name) for en in self.ops.store.audit.entries("completion", c.id)]
        # 审核 changes are kept on the task itself (store/review.py): who / when / from / to / reason.
        entries += [(en, en.detail.get("unit", "")) for en in self.ops.store.audit.entries("task", self.task.id)
                    if en.action == "review"]
        entries.sort(key=lambda p: (p[0].id, p[0].part == 0, p[0].part), reverse=True)
        table.setRowCount(len(entries))
        for i, (en, unit) in enumerate(entries):
            action, what = describe_entry(en.action, en.detail)
            op = str(en.detail.get("op", ""))
            if op.startswith(("撤销 ", "重做 ")):  # an undo or redo says so in the history
                action = op
            row = [en.at[:19].replace("T", " "), en.who or unit, action, f"[{unit}] {what}"]
            for j, v in enumerate(row):
                item = QTableWidgetItem(v)
                item.setToolTip(v)
                table.setItem(i, j, item)

    def _on_changed(self, changes: Changes) -> None:
        if self.task is not None and self.task.id in changes.completions:
            self._render_others()
            self._render_history()

    def flush(self) -> None:
        self.editor.flush()


def describe_entry(action: str, detail: dict) -> tuple[str, str]:
    """An audit entry as the 历史 tab shows it: which fields changed, and old → new when known."""
    if action == "review":  # 审核: from → to, the reason of a 退回, and why it changed (审核 / 撤销 / 内容有修改)
        reason = f"（原因：{detail['reason']}）" if detail.get("reason") else ""
        return str(detail.get("cause") or "审核"), f"审核：{detail.get('from', '')} → {detail.get('to', '')}{reason}"
    before = detail.get("before") or {}
    changed = [k for k in detail if k in _FIELDS and (k not in before or before[k] != detail[k])]
    if action == "set_completion" and changed:
        label = "修改" + "、".join(_FIELDS[k] for k in changed)
        parts = [
            f"{_FIELDS[k]}：{_short(before[k])} → {_short(detail[k])}" if k in before else f"{_FIELDS[k]}：{_short(detail[k])}"
            for k in changed
        ]
        return label, "；".join(parts)
    what = "；".join(f"{_FIELDS[k]}：{_short(v)}" for k, v in detail.items() if k in _FIELDS)
    return _ACTIONS.get(action, action), what or detail.get("name", "")


def _small(label: str) -> str:
    return f"　<span style='color:#888;font-size:small'>[{_escape(label)}]</span>" if label else ""


def _short(v) -> str:
    s = "、".join(v) if isinstance(v, list) else str(v if v is not None else "（空）")
    return s if len(s) <= 40 else s[:39] + "…"

