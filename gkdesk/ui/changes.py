"""What one operation changed: the one broadcast the desk's views listen to (no Qt here).

Anki's ``OpChanges`` is the model: the operation says what it touched, each view decides from
that alone whether to redraw, and nobody refreshes anybody else by hand.
"""
from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Changes:
    #: notices imported, revised or deleted: their trees, the notice list, reminders
    notices: frozenset[int] = frozenset()
    #: tasks whose completion (status, text, dates, links, 佐证材料) changed
    completions: frozenset[int] = frozenset()
    #: notices whose 附件2 rosters changed (a unit's own form or the 全区名单)
    rosters: frozenset[int] = frozenset()
    #: notices whose collection changed (rounds handed out, returns taken back: 报送情况, 操作历史)
    collection: frozenset[int] = frozenset()
    #: 本单位 or the groups it belongs to (which tasks are "mine")
    units: bool = False
    #: other stored settings
    settings: bool = False
    #: stored tasks were removed or replaced, so undo entries may name tasks that are gone
    tasks_removed: bool = False

    def __or__(self, other: Changes) -> Changes:
        merged = {}
        for f in fields(self):
            a, b = getattr(self, f.name), getattr(other, f.name)
            merged[f.name] = a | b
        return Changes(**merged)

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


def of_task(task_id: int) -> Changes:
    return Changes(completions=frozenset({task_id}))


NOTHING = Changes()
