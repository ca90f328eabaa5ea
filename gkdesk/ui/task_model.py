"""The sections → subsections → tasks tree over the store, lazy enough for 100,000 tasks.

Plain node objects cache their row. Sections load with the filter, a section's subsections when
it is expanded (fetchMore), tasks 200 ids per page, and a task's columns only when a view first
asks for them (one query per page). A subsection titled "" (a notice without （一） level) is not
shown: its tasks hang under the section directly.

QTreeView calls fetchMore only when a click expands a branch or for the last branch at the bottom
of the view (not after a programmatic expand while a layout is pending, nor for a long branch in
the middle). So every branch with more to load ends in a "more" row ("正在加载…", "还有 800 项…")
that loads the next page once a view paints it: laziness never depends on who calls fetchMore.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor, QFont, QIcon

from gkdesk.domain.records import CLOSED
from gkdesk.store.browse import SOON_DAYS, Counts, TaskBrowser, TaskFilter, TaskRow

TASK_ID_ROLE = Qt.ItemDataRole.UserRole + 1
NODE_KIND_ROLE = Qt.ItemDataRole.UserRole + 2  # "section" / "subsection" / "task" / "more"
PAGE = 200
COLUMNS = ("编号", "内容", "牵头单位", "责任单位", "完成时限", "状态")
NUMBER, TEXT, LEAD, RESPONSIBLE, DEADLINE, STATUS = range(len(COLUMNS))
_KIND_SHOWN = {"monthly": "每月", "periodic": "定期", "ongoing": "持续推进"}
Index = QModelIndex | QPersistentModelIndex
RED, AMBER, GREEN, GREY = QColor(198, 40, 40), QColor(178, 106, 0), QColor(46, 125, 50), QColor(112, 112, 112)
# Text colour per urgency ("closed" = 不涉及); done text is grey, its icon the green check.
TEXT_COLORS = {"overdue": RED, "soon": AMBER, "done": GREY, "closed": GREY}
D, TIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole


class Node:
    """One row. A node listing tasks directly has a `feed`: the subsection they come from."""

    __slots__ = ("kind", "id", "title", "parent", "row", "children", "fetched", "data",
                 "feed", "feed_at", "feed_total", "feed_loaded", "more")

    def __init__(self, kind: str, id: int, parent: Node | None, title: str = "") -> None:
        self.kind, self.id, self.title, self.parent = kind, id, title, parent
        self.row = 0
        self.children: list[Node] = []
        self.fetched = kind != "section"  # a section's subsections come on expansion
        self.data: TaskRow | None = None
        self.feed: int | None = None
        self.feed_at = self.feed_total = self.feed_loaded = 0  # tasks sit at children[feed_at:]
        self.more: Node | None = None  # the "还有 N 项" row after the loaded tasks

    def list_tasks_of(self, subsection_id: int, total: int, at: int) -> None:
        self.feed, self.feed_total, self.feed_at = subsection_id, total, at


class TaskTreeModel(QAbstractItemModel):
    def __init__(self, browser: TaskBrowser, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.browser = browser
        self._filter: TaskFilter | None = None
        self._root = Node("root", 0, None)
        self._tasks: dict[int, Node] = {}  # loaded task nodes, for index_for_task/refresh_task
        self._queued: set[int] = set()  # id() of nodes with a step queued for the event loop
        # Removed "more" rows stay alive until the next reset: an index is a bare pointer to its
        # node, and a view may still look at a removed row's index while it handles the removal.
        self._retired: list[Node] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._icons: dict[str, QIcon] = {}

    # -- what the window calls -----------------------------------------------------------------
    @property
    def filter(self) -> TaskFilter | None:
        return self._filter

    def set_filter(self, f: TaskFilter | None) -> None:
        self.beginResetModel()
        self.browser.forget()  # units or membership may have changed since the last filter
        old = self._root, self._retired  # freed only after the views have let go (endResetModel)
        self._filter, self._root, self._tasks, self._retired = f, Node("root", 0, None), {}, []
        self._queued.clear()
        for p in self.browser.sections(f) if f is not None else []:
            self._adopt(self._root, self._branch("section", p.id, self._root, p.title))
        self.endResetModel()
        del old

    @property
    def filter(self) -> TaskFilter | None:
        """The filter the tree was last read with."""
        return self._filter

    def counts(self) -> Counts | None:
        return None if self._filter is None else self.browser.counts(self._filter)

    def task_id(self, index: Index) -> int | None:
        node = self._node(index)
        return node.id if node.kind == "task" else None

    def branch_key(self, index: Index) -> str | None:
        """"section:7" / "subsection:12" for a heading row (store ids, stable across restarts)."""
        node = self._node(index)
        return f"{node.kind}:{node.id}" if index.isValid() and node.kind in ("section", "subsection") else None

    def index_for_task(self, task_id: int) -> QModelIndex:
        """The task's index, loading its section and the pages before it; invalid when hidden."""
        if task_id not in self._tasks and self._filter is not None:
            place = self.browser.locate(self._filter, task_id)
            for section in self._root.children if place else []:
                if section.id != place.section_id:
                    continue
                self.fetchMore(self._index(section))  # its subsections, if not loaded yet
                for box in (section, *section.children):
                    missing = place.row + 1 - box.feed_loaded
                    if box.feed == place.subsection_id and missing > 0:
                        self._fetch_tasks(box, -(-missing // PAGE) * PAGE)  # whole pages
        node = self._tasks.get(task_id)
        return self._index(node) if node else QModelIndex()

    def refresh_task(self, task_id: int) -> bool:
        """Re-read one task's row (after a completion edit) and repaint it; False if not loaded."""
        node = self._tasks.get(task_id)
        rows = self.browser.task_rows([task_id], self._filter.unit) if node and self._filter else []
        if not rows:
            return False
        node.data = rows[0]
        first = self._index(node)
        self.dataChanged.emit(first, first.siblingAtColumn(len(COLUMNS) - 1))
        return True

    # -- tree structure ------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self._node(parent).children[row])

    def parent(self, child: Index | None = None) -> Any:  # type: ignore[override]
        if child is None:  # QObject.parent(), which this override would otherwise hide
            return QObject.parent(self)
        return self._index(child.internalPointer().parent) if child.isValid() else QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.column() > 0 else len(self._node(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(COLUMNS)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:
        return parent.column() <= 0 and bool(self._node(parent).children)

    def canFetchMore(self, parent: Index) -> bool:
        node = self._node(parent)
        return parent.column() <= 0 and (not node.fetched or node.feed_loaded < node.feed_total)

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent) or self._filter is None:
            return  # views and the model tester also ask where there is nothing more
        node = self._node(parent)
        if node.fetched:
            self._fetch_tasks(node, PAGE)
            return
        # A section: its titled subsections, then the first page of an untitled one's tasks.
        node.fetched = True
        kids: list[Node] = []
        for p in self.browser.subsections(self._filter, node.id):
            if not p.title and node.feed is None:
                node.list_tasks_of(p.id, p.tasks, len(kids))
                continue
            kids.append(self._branch("subsection", p.id, node, p.title or "（无小标题）", p.tasks))
        if kids:  # before the "正在加载…" row, which leaves after this call
            self.beginInsertRows(parent, 0, len(kids) - 1)
            node.children[0:0] = kids
            self._renumber(node, 0)
            self.endInsertRows()
        if node.feed is not None:
            self._fetch_tasks(node, PAGE)
        else:
            self._set_more(node, False)  # the "正在加载…" row has done its job

    def _fetch_tasks(self, box: Node, limit: int) -> None:
        assert self._filter is not None and box.feed is not None
        ids = self.browser.task_ids(self._filter, box.feed, box.feed_loaded, limit)
        at = box.feed_at + box.feed_loaded  # before the "more" row, if there is one
        if ids:
            self.beginInsertRows(self._index(box), at, at + len(ids) - 1)
            nodes = [Node("task", i, box) for i in ids]
            box.children[at:at] = nodes
            self._renumber(box, at)
            self._tasks.update((n.id, n) for n in nodes)
            box.feed_loaded += len(ids)
            self.endInsertRows()
        else:
            box.feed_total = box.feed_loaded  # the store changed under us: stop asking
        self._set_more(box, box.feed_loaded < box.feed_total)

    def _branch(self, kind: str, id: int, parent: Node, title: str, tasks: int = 0) -> Node:
        """A new section/subsection row; it starts with a "more" row while it has anything to load."""
        node = Node(kind, id, parent, title)
        if kind == "subsection":
            node.list_tasks_of(id, tasks, 0)
        if not node.fetched or tasks:
            node.more = Node("more", 0, node)
            self._adopt(node, node.more)
        return node

    def _set_more(self, box: Node, want: bool) -> None:
        """Keep a "more" row right after the loaded tasks while there are more to load."""
        at = box.feed_at + box.feed_loaded
        if box.more is not None and (not want or box.more.row != at):
            # QTreeView (6.12) crashes when rows are removed inside the fetchMore it calls from
            # expand(), so the old row goes on the next turn of the event loop.
            self._later(box.more, self._remove_row)
            box.more = None
        if want and box.more is None:
            self.beginInsertRows(self._index(box), at, at)
            box.more = Node("more", 0, box)
            box.children.insert(at, box.more)
            self._renumber(box, at)
            self.endInsertRows()

    def _remove_row(self, node: Node) -> None:
        box = node.parent
        assert box is not None
        self.beginRemoveRows(self._index(box), node.row, node.row)
        self._retired.append(node)
        del box.children[node.row]
        self._renumber(box, node.row)
        self.endRemoveRows()

    def _later(self, node: Node, step: Callable[[Node], None]) -> None:
        """Run `step(node)` once, after the current paint or view call has finished."""
        if id(node) not in self._queued:
            self._queued.add(id(node))
            QTimer.singleShot(0, self, lambda: self._run_queued(node, step))

    def _run_queued(self, node: Node, step: Callable[[Node], None]) -> None:
        # A reset since queueing empties _queued: the node then belongs to an old tree.
        if id(node) in self._queued:
            self._queued.discard(id(node))
            step(node)

    def _fetch_later(self, box: Node) -> None:
        self._later(box, lambda b: self.fetchMore(self._index(b)))

    def _adopt(self, parent: Node, child: Node) -> None:
        child.row = len(parent.children)
        parent.children.append(child)

    def _renumber(self, box: Node, start: int) -> None:
        for row in range(start, len(box.children)):  # rows after an insertion/removal moved
            box.children[row].row = row

    def _node(self, index: Index) -> Node:
        return index.internalPointer() if index.isValid() else self._root

    def _index(self, node: Node | None) -> QModelIndex:
        return QModelIndex() if node is None or node.parent is None else self.createIndex(node.row, 0, node)

    # -- what each cell shows ------------------------------------------------------------------
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = D) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == D and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = D) -> Any:
        if not index.isValid():
            return None
        node: Node = index.internalPointer()
        if role == NODE_KIND_ROLE:
            return node.kind
        if node.kind == "more":
            box = node.parent
            assert box is not None
            if node is not box.more:
                return None  # a spent "more" row, removed on the next turn of the event loop
            if role == D and index.column() == TEXT:
                self._fetch_later(box)  # shown: the clerk expanded the branch or scrolled down to it
                left = box.feed_total - box.feed_loaded
                return f"还有 {left} 项，正在加载…" if box.fetched and left else "正在加载…"
            return GREY if role == Qt.ItemDataRole.ForegroundRole else None
        if node.kind != "task":
            if role in (D, TIP) and index.column() == 0:
                return node.title
            return self._bold if role == Qt.ItemDataRole.FontRole else None
        if role == TASK_ID_ROLE:
            return node.id
        row = self._row(node)
        col = index.column()
        if row is None or role not in (D, TIP, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.DecorationRole):
            return None
        if role == D:
            return _display(row, col)
        today = self._filter.today if self._filter else date.today()
        if role == TIP:
            return _tooltip(row, col, today)
        urgency = row.urgency(today, self._filter.soon_days if self._filter else SOON_DAYS)
        if role == Qt.ItemDataRole.ForegroundRole:
            return TEXT_COLORS.get("closed" if row.status == "不涉及" else urgency or "")
        # Not colour alone: an icon in the deadline column for overdue/soon, in the status column for done.
        if urgency and col == (STATUS if urgency == "done" else DEADLINE):
            if urgency not in self._icons:
                self._icons[urgency] = urgency_icon(urgency)
            return self._icons[urgency]
        return None

    def _row(self, node: Node) -> TaskRow | None:
        """The task's columns; the first time, read the whole page it belongs to in one query."""
        if node.data is None and self._filter is not None:
            box = node.parent
            assert box is not None
            start = box.feed_at + (node.row - box.feed_at) // PAGE * PAGE
            page = [n for n in box.children[start:start + PAGE] if n.kind == "task" and n.data is None]
            for n, r in zip(page, self.browser.task_rows([n.id for n in page], self._filter.unit)):
                if n.id == r.id:
                    n.data = r
        return node.data


def _display(row: TaskRow, col: int) -> str:
    if col == NUMBER:
        return row.number
    if col == TEXT:
        first = row.text.strip().split("\n", 1)[0]
        return f"{row.title}：{first}" if row.title else first
    if col in (LEAD, RESPONSIBLE):
        return "、".join(row.lead if col == LEAD else row.responsible)
    if col == DEADLINE:
        return row.due.isoformat() if row.due else _KIND_SHOWN.get(row.deadline_kind, row.deadline_text)
    return row.status


def _tooltip(row: TaskRow, col: int, today: date) -> str:
    if col == DEADLINE:
        tip = f"原文：{row.deadline_text}" if row.deadline_text else "未规定完成时限"
        if row.due and row.status not in CLOSED:
            days = (row.due - today).days
            tip += f"\n已逾期 {-days} 天" if days < 0 else f"\n还有 {days} 天到期"
        return tip
    if col == STATUS:
        return f"本单位状态：{row.status}"
    if col == TEXT:
        return f"{row.title}\n{row.text}" if row.title else row.text
    return _display(row, col)


def urgency_icon(kind: str, size: int = 32) -> QIcon:
    """A warning triangle (overdue), a clock (due soon) or a check mark (done), drawn at `size`."""
    # Imported when the first such row is drawn: the start's section headings have none, and PySide
    # builds QPainter's class and enums on its first import (issue 16).
    from PySide6.QtGui import QPainter, QPainterPath, QPen, QPixmap

    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 32, size / 32)
    if kind == "overdue":
        path = QPainterPath(QPointF(16, 2))
        for x, y in ((31, 29), (1, 29)):
            path.lineTo(x, y)
        path.closeSubpath()
        p.fillPath(path, RED)
        p.setPen(QPen(QColor("white"), 4, c=Qt.PenCapStyle.RoundCap))
        p.drawLine(QPointF(16, 11), QPointF(16, 19))
        p.drawPoint(QPointF(16, 25))
    elif kind == "soon":
        p.setPen(QPen(AMBER, 3.5, c=Qt.PenCapStyle.RoundCap))
        p.drawEllipse(QPointF(16, 16), 13, 13)
        p.drawLine(QPointF(16, 16), QPointF(16, 8))
        p.drawLine(QPointF(16, 16), QPointF(22, 19))
    else:
        p.setPen(QPen(GREEN, 4.5, c=Qt.PenCapStyle.RoundCap, j=Qt.PenJoinStyle.RoundJoin))
        p.drawPolyline([QPointF(5, 17), QPointF(13, 25), QPointF(27, 8)])
    p.end()
    return QIcon(pm)
