"""Task fields written as words instead of columns: "责任单位：…" lines and "（牵头单位：…；责任单位：…）".

Prose notices give each item's units and deadline on lines of their own after the item, or in
brackets at the end of its text. Both are read here into the same lead / responsible / deadline a
table column would give.
"""
from __future__ import annotations

from gkdesk.domain.deadlines import parse_deadline
from gkdesk.domain.model import Task
from gkdesk.domain.unit_names import join_wrapped_names
from gkdesk.domain.units import split_units
from gkdesk.lazy_re import lazy_compile

# Label → the task field it fills. 责任领导 names a person, not a unit: it stays in the text.
FIELD_LABELS: dict[str, str] = {
    "牵头单位": "lead", "牵头部门": "lead",
    "责任单位": "responsible", "责任部门": "responsible", "配合单位": "responsible", "配合部门": "responsible",
    "实施单位": "responsible", "协办单位": "responsible", "参与单位": "responsible",
    "协同单位": "responsible", "协助单位": "responsible", "责任主体": "responsible", "实施主体": "responsible",
    "完成时限": "deadline", "完成时间": "deadline", "时间要求": "deadline", "时限要求": "deadline",
    "完成期限": "deadline", "时间节点": "deadline", "时间安排": "deadline",
    "责任领导": "leader", "分管领导": "leader",
}
_LABEL = "|".join(sorted(FIELD_LABELS, key=len, reverse=True))
_LABEL_AT = lazy_compile(rf"({_LABEL})\s*[:：]\s*")
_FIELD_LINE = lazy_compile(rf"^\s*(?:{_LABEL})\s*[:：]")
# "（责任单位：区财政局、区委党校（行政学院））" closing the text, one level of brackets inside.
_INLINE = lazy_compile(
    rf"[（(]\s*((?:{_LABEL})\s*[:：](?:[^（）()]|[（(][^（）()]*[）)])*)[）)]\s*[。；;]?\s*$"
)


def is_field_line(line: str) -> bool:
    return bool(_FIELD_LINE.match(line))


def field_parts(text: str) -> list[tuple[str, str]]:
    """[(label, value)] of "牵头单位：…；责任单位：…" (the text must start with a label)."""
    marks = list(_LABEL_AT.finditer(text))
    if not marks or text[: marks[0].start()].strip():
        return []
    out = []
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        out.append((m.group(1), text[m.end() : end].strip().strip("；;。，, ")))
    return out


def split_inline(text: str) -> tuple[str, list[tuple[str, str]]]:
    """(text without its closing "（责任单位：…）", the fields it held)."""
    if not any(label in text for label in FIELD_LABELS):  # the pattern needs one: most tasks have none
        return text, []
    m = _INLINE.search(text)
    if not m:
        return text, []
    parts = field_parts(m.group(1))
    if not parts:
        return text, []
    return text[: m.start()].rstrip(), parts


def apply_fields(task: Task, parts: list[tuple[str, str]], year_hint: int | None = None) -> None:
    """Add the fields to the task: units after its own, the first deadline given, leaders as text."""
    for label, value in parts:
        role = FIELD_LABELS[label]
        if role in ("lead", "responsible"):
            units = getattr(task, role)
            for u in split_units(join_wrapped_names(value)):
                if u not in units:
                    units.append(u)
        elif role == "deadline":
            if task.deadline.kind == "none" and value:
                task.deadline = parse_deadline(value, year_hint)
        elif value:
            task.text = f"{task.text}\n{label}：{value}"
