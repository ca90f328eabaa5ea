"""Deadlines for 牵头单位 only in a store written before schema step 8 (issue 11).

Step 8 added report_deadlines.audience with '' for the rows already there, which then reached every
unit until the notice was imported again. The notice's sentence is not stored, so the rows are
given the audience domain/report_audience.py infers from what is; this runs once, in the same
transaction as step 8 (schema.AFTER_STEP), on a store that had notices before it — a row written
since carries the audience the importer read and is never touched.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from gkdesk.domain.report_audience import audience_from_stored

if TYPE_CHECKING:
    from gkdesk.store.db import Database


def infer_old_audiences(db: Database) -> int:
    """Set the audience of every deadline stored without one; the number of rows changed."""
    changed = 0
    for n in db.query("SELECT id, attachments, table_title FROM notices"):
        rows = db.query("SELECT id, what, attachment FROM report_deadlines WHERE notice_id = ? AND audience = ''",
                        (n["id"],))
        if not rows:
            continue
        leads = db.scalar("SELECT EXISTS (SELECT 1 FROM tasks t JOIN task_units tu ON tu.task_id = t.id "
                          "WHERE t.notice_id = ? AND tu.role = 'lead')", (n["id"],))
        attachments = json.loads(n["attachments"] or "[]")
        for r in rows:
            audience = audience_from_stored(r["what"], r["attachment"], attachments, n["table_title"], bool(leads))
            if audience:
                db.execute("UPDATE report_deadlines SET audience = ? WHERE id = ?", (audience, r["id"]))
                changed += 1
    return changed
