"""Notices: saving imports (new, unchanged or revised), listing, finding and loading them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from gkdesk.domain.model import ImportResult
from gkdesk.domain.record import record
from gkdesk.domain.records import DONE, NOT_STARTED
from gkdesk.store import audit, fts
from gkdesk.store.db import Database, now
from gkdesk.store.loader import load_result
from gkdesk.store.search import UnitTask, search, tasks_for_unit

if TYPE_CHECKING:
    from gkdesk.store.tree import SaveOutcome

# Saving and finding by 发文字号 need store/tree.py and store/keys.py (difflib, hashlib,
# unicodedata); the desk lists its notices at start without them (issue 16): imported in place.


@record(frozen=True)
class NoticeSummary:
    id: int
    doc_number: str
    title: str
    year: int | None
    issuer: str
    revision: int
    imported_at: str
    updated_at: str
    sections: int
    subsections: int  # with a title, as ImportResult.counts() counts them
    tasks: int
    completions: int
    completed: int  # completions whose status is 已完成


class _PreviewDone(Exception):
    """Raised inside preview_import's transaction so that it rolls back."""


class NoticeRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- saving --------------------------------------------------------------------------------
    def save_import(self, result: ImportResult, who: str = "") -> SaveOutcome:
        """Store an import in one transaction: a new notice, the same file again, or a revision."""
        from gkdesk.store.tree import SaveOutcome

        with self.db.transaction():
            if result.source_sha256:
                same = self.db.scalar(
                    "SELECT id FROM notices WHERE source_sha256 = ?",
                    (result.source_sha256,),
                )
                if same is not None:
                    kept = self.db.scalar(
                        "SELECT count(*) FROM tasks WHERE notice_id = ?", (same,)
                    )
                    return SaveOutcome(int(same), "unchanged", kept=int(kept))
            target = self._revision_of(result)
            with fts.deferred(self.db) as index:
                outcome = (
                    self._insert(result) if target is None else self._revise(target, result)
                )
                index(outcome.notice_id)
            audit.record(
                self.db,
                "import",
                "notice",
                outcome.notice_id,
                {
                    "status": outcome.status,
                    "doc_number": result.notice.doc_number,
                    "title": result.notice.title,
                    "source_name": result.source_name,
                    "added": outcome.added,
                    "removed": outcome.removed,
                    "changed": outcome.changed,
                    "kept": outcome.kept,
                    "dropped": outcome.dropped,
                },
                who,
            )
        return outcome

    def preview_import(self, result: ImportResult) -> SaveOutcome:
        """What `save_import` would do, with nothing kept: the same save, then rolled back.

        Running the real save (not a dry-run copy of its logic) means the counts shown before
        确认导入 can never disagree with what the save then does. Inside an open transaction this
        is a savepoint, so only the preview's own writes are undone.
        """
        outcome: SaveOutcome | None = None
        try:
            with self.db.transaction():
                outcome = self.save_import(result)
                raise _PreviewDone
        except _PreviewDone:
            pass
        assert outcome is not None
        return outcome

    def revision_target(self, result: ImportResult) -> int | None:
        """The stored notice that saving `result` would revise; None for a new notice or the
        very same file again (which changes nothing)."""
        if result.source_sha256 and self.db.scalar(
            "SELECT 1 FROM notices WHERE source_sha256 = ?", (result.source_sha256,)
        ):
            return None
        return self._revision_of(result)

    def _revision_of(self, result: ImportResult) -> int | None:
        from gkdesk.store.keys import doc_key

        n = result.notice
        key = doc_key(n.doc_number)
        if key:
            found = self.db.scalar(
                "SELECT id FROM notices WHERE doc_key = ? ORDER BY id DESC", (key,)
            )
            if found is not None:
                return int(found)
        if n.title:
            # Two notices with different 发文字号 are different notices, whatever their titles.
            found = self.db.scalar(
                "SELECT id FROM notices WHERE title = ? AND year IS ? AND (doc_key = '' OR ? = '') ORDER BY id DESC",
                (n.title, n.year, key),
            )
            if found is not None:
                return int(found)
        return None

    def _insert(self, result: ImportResult) -> SaveOutcome:
        from gkdesk.store import tree
        from gkdesk.store.tree import SaveOutcome

        values = tree.notice_values(result)
        stamp = now()
        cols = [*values, "imported_at", "updated_at"]
        notice_id = self.db.insert(
            f"INSERT INTO notices({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            (*values.values(), stamp, stamp),
        )
        tree.write_notice_parts(self.db, notice_id, result)
        ids = tree.write_tree(self.db, notice_id, result, {})
        return SaveOutcome(notice_id, "new", added=len(ids))

    def _revise(self, notice_id: int, result: ImportResult) -> SaveOutcome:
        from gkdesk.store import tree
        from gkdesk.store.tree import OldTask, SaveOutcome

        outcome = SaveOutcome(notice_id, "revised")
        old = [
            OldTask(r["id"], r["content_key"], r["text"])
            for r in self.db.query(
                "SELECT id, content_key, text FROM tasks WHERE notice_id = ? ORDER BY seq",
                (notice_id,),
            )
        ]
        reuse = tree.match_tasks(old, result.tasks(), outcome)
        kept = set(reuse.values())
        gone = [o.id for o in old if o.id not in kept]
        self._note_dropped(gone, outcome)
        old_sections = [
            r[0]
            for r in self.db.query(
                "SELECT id FROM sections WHERE notice_id = ?", (notice_id,)
            )
        ]
        values = tree.notice_values(result)
        self.db.execute(
            f"UPDATE notices SET {', '.join(f'{c} = ?' for c in values)}, revision = revision + 1, updated_at = ? "
            "WHERE id = ?",
            (*values.values(), now(), notice_id),
        )
        tree.write_notice_parts(self.db, notice_id, result)
        tree.write_tree(self.db, notice_id, result, reuse)
        # Kept tasks now hang under the new sections; what is left under the old ones goes.
        self.db.executemany("DELETE FROM tasks WHERE id = ?", [(i,) for i in gone])
        self.db.executemany(
            "DELETE FROM sections WHERE id = ?", [(i,) for i in old_sections]
        )
        return outcome

    def _note_dropped(self, task_ids: list[int], outcome: SaveOutcome) -> None:
        if not task_ids:
            return
        marks = ",".join("?" * len(task_ids))
        rows = self.db.query(
            "SELECT t.number, t.text AS task, u.name AS unit, c.status, c.text FROM completions c "
            f"JOIN tasks t ON t.id = c.task_id JOIN units u ON u.id = c.unit_id WHERE c.task_id IN ({marks}) "
            "ORDER BY t.seq, u.name",
            tuple(task_ids),
        )
        outcome.completions_dropped = len(rows)
        outcome.dropped = [
            {
                "number": r["number"],
                "task": r["task"][:60],
                "unit": r["unit"],
                "status": r["status"],
                "text": r["text"],
            }
            for r in rows
            if r["text"] or r["status"] != NOT_STARTED
        ]

    def delete_notice(self, notice_id: int, who: str = "") -> None:
        with self.db.transaction():
            title = self.db.scalar(
                "SELECT title FROM notices WHERE id = ?", (notice_id,)
            )
            self.db.execute("DELETE FROM notices WHERE id = ?", (notice_id,))
            audit.record(self.db, "delete", "notice", notice_id, {"title": title}, who)

    # -- reading -------------------------------------------------------------------------------
    def list_notices(self) -> list[NoticeSummary]:
        rows = self.db.query(
            "SELECT n.id, n.doc_number, n.title, n.year, n.issuer, n.revision, n.imported_at, n.updated_at, "
            "(SELECT count(*) FROM sections s WHERE s.notice_id = n.id) AS sections, "
            "(SELECT count(*) FROM subsections ss JOIN sections s ON s.id = ss.section_id "
            " WHERE s.notice_id = n.id AND ss.title <> '') AS subsections, "
            "(SELECT count(*) FROM tasks t WHERE t.notice_id = n.id) AS tasks, "
            "(SELECT count(*) FROM completions c JOIN tasks t ON t.id = c.task_id WHERE t.notice_id = n.id) "
            " AS completions, "
            "(SELECT count(*) FROM completions c JOIN tasks t ON t.id = c.task_id "
            " WHERE t.notice_id = n.id AND c.status = ?) AS completed "
            "FROM notices n ORDER BY n.year DESC, n.id DESC", (DONE,)
        )
        return [NoticeSummary(**dict(r)) for r in rows]

    def find_notice(self, ref: int | str) -> int | None:
        """A notice by id, by digits, by 发文字号 (any bracket style) or by (part of) its title."""
        if isinstance(ref, int) or str(ref).strip().isdigit():
            found = self.db.scalar("SELECT id FROM notices WHERE id = ?", (int(ref),))
            return None if found is None else int(found)
        from gkdesk.store.keys import doc_key

        text = str(ref).strip()
        if not text:
            return None
        for sql, arg in (
            (
                "SELECT id FROM notices WHERE doc_key = ? ORDER BY id DESC",
                doc_key(text),
            ),
            ("SELECT id FROM notices WHERE title = ? ORDER BY id DESC", text),
        ):
            found = self.db.scalar(sql, (arg,))
            if found is not None:
                return int(found)
        rows = self.db.query(
            "SELECT id FROM notices WHERE instr(title, ?) > 0 LIMIT 2", (text,)
        )
        return int(rows[0][0]) if len(rows) == 1 else None

    def load_result(self, notice_id: int) -> ImportResult:
        return load_result(self.db, notice_id)

    def tasks_for_unit(
        self,
        notice_id: int | None,
        unit_name: str,
        roles: Sequence[str] = ("lead", "responsible"),
        concerning: bool = False,
    ) -> list[UnitTask]:
        return tasks_for_unit(self.db, notice_id, unit_name, roles, concerning)

    def search(
        self, query: str, notice_id: int | None = None, limit: int = 500
    ) -> list[int]:
        return search(self.db, query, notice_id, limit)
