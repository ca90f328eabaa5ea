"""Writing a notice's tree, and matching a revised import against what is stored.

A revision keeps the row (and so the completions and evidence) of every task whose content_key
survives; its position, number, units and deadline follow the new import.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field

from gkdesk.domain.model import ImportResult, Task
from gkdesk.domain.units import is_blank_unit, normalize_unit
from gkdesk.store.db import Database
from gkdesk.store.keys import content_key, doc_key, normalize_text
from gkdesk.store.unit_repo import UnitRepository

# Below this similarity an unmatched new task is "added", not a rewording of a removed one.
CHANGED_RATIO = 0.6


@dataclass
class SaveOutcome:
    notice_id: int
    status: str  # "new", "unchanged" or "revised"
    added: int = 0
    removed: int = 0
    changed: int = 0
    kept: int = 0
    completions_dropped: int = 0
    # Completion texts lost with removed/changed tasks, also written to the audit log.
    dropped: list[dict] = field(default_factory=list)


def notice_values(result: ImportResult) -> dict:
    n = result.notice
    return {
        "doc_number": n.doc_number,
        "doc_key": doc_key(n.doc_number),
        "title": n.title,
        "issuer": n.issuer,
        "date": n.date.isoformat() if n.date else None,
        "year": n.year,
        "attachments": json.dumps(n.attachments, ensure_ascii=False),
        "contact": n.contact,
        "phone": n.phone,
        "table_title": n.table_title,
        "source_name": result.source_name,
        "source_sha256": result.source_sha256 or None,
        "source_format": result.source_format,
        "warnings": json.dumps(result.warnings, ensure_ascii=False),
    }


def write_notice_parts(db: Database, notice_id: int, result: ImportResult) -> None:
    """Columns, report deadlines and the roster template: replaced wholesale on every save."""
    db.execute("DELETE FROM notice_columns WHERE notice_id = ?", (notice_id,))
    db.execute("DELETE FROM report_deadlines WHERE notice_id = ?", (notice_id,))
    db.execute("DELETE FROM roster_templates WHERE notice_id = ?", (notice_id,))
    db.executemany(
        "INSERT INTO notice_columns(notice_id, position, header, role) VALUES (?, ?, ?, ?)",
        [(notice_id, i, c.header, c.role) for i, c in enumerate(result.columns)],
    )
    db.executemany(
        "INSERT INTO report_deadlines(notice_id, position, what, due, time, attachment, recipient, audience) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (notice_id, i, r.what, r.due.isoformat(), r.time, r.attachment, r.recipient, r.audience)
            for i, r in enumerate(result.notice.report_deadlines)
        ],
    )
    if result.roster:
        r = result.roster
        db.execute(
            "INSERT INTO roster_templates(notice_id, label, title, categories, columns) VALUES (?, ?, ?, ?, ?)",
            (
                notice_id,
                r.label,
                r.title,
                json.dumps(r.categories, ensure_ascii=False),
                json.dumps(r.columns, ensure_ascii=False),
            ),
        )


@dataclass
class OldTask:
    id: int
    key: str
    text: str


def match_tasks(
    old: list[OldTask], new: list[Task], outcome: SaveOutcome
) -> dict[int, int]:
    """Map positions in `new` to the stored task ids they keep; fill in the outcome counts."""
    by_key: dict[str, list[OldTask]] = {}
    for o in old:
        by_key.setdefault(o.key, []).append(o)
    reuse: dict[int, int] = {}
    unmatched: list[int] = []
    for i, t in enumerate(new):
        same = by_key.get(content_key(t.text))
        if same:
            reuse[i] = same.pop(0).id
        else:
            unmatched.append(i)
    left = [o for rest in by_key.values() for o in rest]
    outcome.kept = len(reuse)
    # A reworded task is "changed" rather than removed + added; its completions go either way.
    changed = 0
    for i in unmatched:
        text = normalize_text(new[i].text)
        best, best_ratio = None, CHANGED_RATIO
        for o in left:
            m = difflib.SequenceMatcher(
                None, text, normalize_text(o.text), autojunk=False
            )
            if (
                m.real_quick_ratio() >= best_ratio
                and m.quick_ratio() >= best_ratio
                and m.ratio() >= best_ratio
            ):
                best, best_ratio = o, m.ratio()
        if best is not None:
            left.remove(best)
            changed += 1
    outcome.changed = changed
    outcome.added = len(unmatched) - changed
    outcome.removed = len(left)
    return reuse


def _unit_names(names: list[str], clean: dict[str, str] | None = None) -> list[str]:
    """The unit names of a cell, normalised, blanks and repeats left out. `clean` remembers each
    raw spelling's normal form across a tree (a notice names its few units thousands of times)."""
    clean = {} if clean is None else clean
    out: list[str] = []
    for raw in names:
        n = clean.get(raw)
        if n is None:
            n = normalize_unit(raw)
            n = clean[raw] = n if n and not is_blank_unit(n) else ""
        if n and n not in out:
            out.append(n)
    return out


def write_tree(
    db: Database, notice_id: int, result: ImportResult, reuse: dict[int, int]
) -> list[int]:
    """Insert sections and subsections; insert tasks or move the reused ones. Returns task ids."""
    units = UnitRepository(db)
    unit_ids: dict[str, int] = {}
    clean: dict[str, str] = {}
    unit_rows: list[tuple[int, str, int, int]] = []  # inserted once, after the tasks
    task_ids: list[int] = []
    seq = 0
    for s_pos, section in enumerate(result.sections):
        section_id = db.insert(
            "INSERT INTO sections(notice_id, position, title) VALUES (?, ?, ?)",
            (notice_id, s_pos, section.title),
        )
        for ss_pos, sub in enumerate(section.subsections):
            sub_id = db.insert(
                "INSERT INTO subsections(section_id, position, title) VALUES (?, ?, ?)",
                (section_id, ss_pos, sub.title),
            )
            for t_pos, task in enumerate(sub.tasks):
                d = task.deadline
                values = (
                    sub_id,
                    notice_id,
                    t_pos,
                    seq,
                    task.number,
                    task.title,
                    task.text,
                    d.text,
                    d.kind,
                    d.due.isoformat() if d.due else None,
                    d.source,
                    task.source_ref,
                    content_key(task.text),
                )
                task_id = reuse.get(seq)
                if task_id is None:
                    task_id = db.insert(
                        "INSERT INTO tasks(subsection_id, notice_id, position, seq, number, title, text, "
                        "deadline_text, deadline_kind, deadline_due, deadline_source, source_ref, content_key) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        values,
                    )
                else:
                    db.execute(
                        "UPDATE tasks SET subsection_id = ?, notice_id = ?, position = ?, seq = ?, number = ?, "
                        "title = ?, text = ?, deadline_text = ?, deadline_kind = ?, deadline_due = ?, "
                        "deadline_source = ?, source_ref = ?, content_key = ? WHERE id = ?",
                        (*values, task_id),
                    )
                    db.execute("DELETE FROM task_units WHERE task_id = ?", (task_id,))
                for role, names in (
                    ("lead", task.lead),
                    ("responsible", task.responsible),
                ):
                    for pos, name in enumerate(_unit_names(names, clean)):
                        if name not in unit_ids:
                            unit_ids[name] = units.ensure(name).id
                        unit_rows.append((task_id, role, pos, unit_ids[name]))
                task_ids.append(task_id)
                seq += 1
    db.executemany(
        "INSERT INTO task_units(task_id, role, position, unit_id) VALUES (?, ?, ?, ?)",
        unit_rows,
    )
    return task_ids
