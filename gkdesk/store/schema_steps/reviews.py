"""Step 6: 审核 (issue 13), the review state of each (task, unit) entry. Released: never edit."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gkdesk.store.db import Database


# 审核 (issue 13): the review state of each (task, unit) entry. Its history is the task's audit log
# (entity 'task', action 'review'). The triggers apply domain.review.after_change on every write
# path (the desk, the CLI, a take-back): an entry whose content changes after 通过 or 退回 — or a
# resubmission that differs from what the reviewer holds (a conflict row) — returns to 待审核.
REVIEWS = """
CREATE TABLE reviews (
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    state TEXT NOT NULL CHECK (state IN ('待审核', '通过', '退回')),
    reason TEXT NOT NULL DEFAULT '',           -- the 退回 reason the unit reads in its next 填报表
    at TEXT NOT NULL,
    who TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (task_id, unit_id)
) WITHOUT ROWID;
CREATE INDEX reviews_unit ON reviews(unit_id);
CREATE INDEX audit_log_task_review ON audit_log(entity_id) WHERE entity = 'task';
"""

_REVIEW_BACK = """
CREATE TRIGGER {name} AFTER {event} {when}
BEGIN
    INSERT INTO audit_log(at, who, action, entity, entity_id, detail)
    SELECT datetime('now', 'localtime'), {who}, 'review', 'task', v.task_id,
           json_object('unit', u.name, 'unit_id', v.unit_id, 'from', v.state, 'to', '待审核', 'reason', v.reason,
                       'cause', {cause})
    FROM reviews v JOIN units u ON u.id = v.unit_id
    WHERE v.task_id = new.task_id AND v.unit_id = new.unit_id AND v.state <> '待审核';
    UPDATE reviews SET state = '待审核', reason = '', at = datetime('now', 'localtime'), who = {who}
    WHERE task_id = new.task_id AND unit_id = new.unit_id AND state <> '待审核';
END;
"""

_CHANGED = ("WHEN old.status IS NOT new.status OR old.text IS NOT new.text OR old.started_on IS NOT new.started_on "
            "OR old.completed_on IS NOT new.completed_on OR old.links IS NOT new.links OR old.note IS NOT new.note")


def reviews(db: Database) -> None:
    db.run_script(REVIEWS)
    changed = "CASE v.state WHEN '退回' THEN '退回后内容有修改' ELSE '通过后内容有修改' END"
    db.run_script(_REVIEW_BACK.format(name="completions_review_update", who="new.updated_by", when=_CHANGED, cause=changed,
                                      event="UPDATE OF status, text, started_on, completed_on, links, note ON completions FOR EACH ROW"))
    db.run_script(_REVIEW_BACK.format(name="completions_review_insert", who="new.updated_by", when="", cause=changed,
                                      event="INSERT ON completions FOR EACH ROW"))
    db.run_script(_REVIEW_BACK.format(name="conflicts_review_insert", who="''", when="", cause="'重新报送的内容与已有的不同'",
                                      event="INSERT ON collection_conflicts FOR EACH ROW"))
