"""The import wizard's words and edits, without widgets: what the 结果 and 变化 pages say about an
import result, and the clerk's fixes of a cell written into that result (tested without Qt).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from gkdesk.domain.deadlines import cn_date, parse_deadline
from gkdesk.domain.model import Deadline, ImportResult, Section, Subsection, Task
from gkdesk.domain.units import split_units
from gkdesk.store import SaveOutcome

COLUMNS = ("编号", "内容", "牵头单位", "责任单位", "完成时限")
COL_NUMBER, COL_TEXT, COL_LEAD, COL_RESP, COL_DEADLINE = range(5)

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
        f"报送{r.what}{'（' + r.recipient + '）' if r.recipient else ''}{'，仅牵头单位' if r.audience else ''}"
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


EDIT_HINT = "双击可修改：部分和小项的标题、牵头单位、责任单位（多个单位用“、”分隔）、完成时限。"


@dataclass(frozen=True)
class RowView:
    """What one task row of the 结果 tree shows: a text and a tooltip per column, and whether the
    row carries warnings (the wizard paints it and puts the warning icon on its 编号)."""

    texts: tuple[str, ...]
    tips: tuple[str, ...]
    warned: bool


def task_view(task: Task, warnings: list[str]) -> RowView:
    """The 工作任务 beside the first line of its 要求; the full text, every unit (long lists are cut
    off in the cell) and the warnings about the row in the tooltips."""
    first = task.text.splitlines()[0] if task.text else ""
    texts = [""] * len(COLUMNS)
    tips = [""] * len(COLUMNS)
    texts[COL_NUMBER] = task.number
    texts[COL_TEXT] = f"{task.title}：{first}" if task.title else first
    tips[COL_TEXT] = f"{task.title}\n{task.text}" if task.title else task.text
    for col, units in ((COL_LEAD, task.lead), (COL_RESP, task.responsible)):
        texts[col], tips[col] = "、".join(units), "\n".join(units)
    texts[COL_DEADLINE], tips[COL_DEADLINE] = deadline_label(task.deadline), deadline_tooltip(task.deadline)
    if warnings:
        note = "\n".join(warnings)
        tips = [f"{tip}\n\n{note}" if tip else note for tip in tips]
    return RowView(tuple(texts), tuple(tips), bool(warnings))


TreeRow = tuple[Section | Subsection | Task, Section | Subsection | None, list[str]]


def tree_rows(result: ImportResult) -> Iterator[TreeRow]:
    """The 结果 tree in order: (node, the node it hangs under or None, warnings about its row).
    Tasks of a notice without the （一） level (an untitled subsection) hang under their section."""
    refs = {t.source_ref for t in result.tasks() if t.source_ref}
    by_ref, _other = split_warnings(result.warnings, refs)
    for section in result.sections:
        yield section, None, []
        for sub in section.subsections:
            parent: Section | Subsection = section
            if sub.title:
                yield sub, section, []
                parent = sub
            for task in sub.tasks:
                yield task, parent, by_ref.get(task.source_ref, [])


def other_warnings(result: ImportResult) -> list[str]:
    """The warnings no task row carries: listed under the tree."""
    # The tree's doubts (domain/plausibility.py) stand in their own box above the tree instead.
    warnings = [w for w in result.warnings if w not in result.doubts]
    return split_warnings(warnings, {t.source_ref for t in result.tasks() if t.source_ref})[1]


def hint_text(marked: int) -> str:
    """The line above the tree: what may be edited, and how many warnings sit on rows."""
    return f"{EDIT_HINT}有 {marked} 条提示标在相关行上（⚠ 图标，鼠标停留可看详情）。" if marked else EDIT_HINT


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


# -- the clerk's fixes -----------------------------------------------------------------------------
Node = Section | Subsection | Task


def editable_text(node: object, column: int) -> str | None:
    """The text an edit of this cell starts from; None when the cell is not editable."""
    if isinstance(node, (Section, Subsection)):
        return node.title if column == 0 else None
    if isinstance(node, Task):
        if column in (COL_LEAD, COL_RESP):
            return "、".join(node.lead if column == COL_LEAD else node.responsible)
        if column == COL_DEADLINE:
            return node.deadline.text
    return None


def apply_edit(result: ImportResult, node: Node, column: int, text: str) -> bool:
    """Write the clerk's fix of one cell into the import result. False when nothing changed
    (not an editable cell, or a blank title, which would lose the row's place in the tree)."""
    if editable_text(node, column) is None:
        return False
    text = text.strip()
    if isinstance(node, (Section, Subsection)):
        if not text:
            return False
        node.title = text
    elif column == COL_DEADLINE:
        node.deadline = parse_deadline(text, result.notice.year)
    else:
        setattr(node, "lead" if column == COL_LEAD else "responsible", split_units(text))
    return True


def forget_same_file(result: ImportResult, preview: SaveOutcome | None) -> bool:
    """After a fix by hand of a file already stored unchanged: save_import would keep the stored
    copy and drop the fixes, so the edited result no longer claims to be that file. True when so."""
    if preview is not None and preview.status == "unchanged":
        result.source_sha256 = ""
        return True
    return False
