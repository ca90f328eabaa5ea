"""标记已报送 / 取消已报送 on a notice's 报送时限, as a desk operation (no Qt here; run through ui/operations)."""
from __future__ import annotations

from datetime import date

from gkdesk.domain.deadlines import cn_date
from gkdesk.store import Store
from gkdesk.store.handins import handed_in, set_handed_in

from .changes import Changes
from .edits import Operation


class MarkHandedIn(Operation):
    """本单位 handed in ``form`` of the notice on ``day`` (None: take the mark back)."""

    def __init__(self, notice_id: int, unit: str, form: str, day: date | None, who: str | None = None) -> None:
        super().__init__(who)
        self.notice_id, self.unit, self.form, self.day = notice_id, unit, form, day
        self.before: date | None = None
        name = form.split("|", 1)[0]  # the key's words, without its date
        self.label = f"标记{name}已报送（{cn_date(day)}）" if day else f"取消{name}已报送"

    def _set(self, store: Store, day: date | None) -> Changes:
        set_handed_in(store.db, self.notice_id, self.unit, self.form, day, who=self.who or "")
        return Changes(collection=frozenset({self.notice_id}))

    def apply(self, store: Store) -> Changes:
        self.before = handed_in(store.db, self.notice_id, self.unit, self.form)
        return self._set(store, self.day)

    def revert(self, store: Store) -> Changes:
        return self._set(store, self.before)


__all__ = ["MarkHandedIn"]
