"""preview_import: the counts the wizard shows before 确认导入, with the store left untouched."""
from __future__ import annotations

import copy

from gkdesk.domain.model import ImportResult, Task
from gkdesk.importers import import_file
from gkdesk.store import Store


def _dump(store: Store) -> list[str]:
    """Every row of every table (audit log, sqlite_sequence included), to compare before/after."""
    return list(store.db._conn.iterdump())


def _seed_003(seeds_dir) -> ImportResult:
    return import_file(next(seeds_dir.glob("003_*.txt")))


def _revised(result: ImportResult) -> tuple[ImportResult, str, str]:
    """The notice as re-issued: one task reworded, one added, one removed."""
    revised = copy.deepcopy(result)
    revised.source_sha256 = "f" * 64  # another file
    subs = [ss for s in revised.sections for ss in s.subsections if ss.tasks]
    reworded = subs[0].tasks[0]
    reworded.text = reworded.text.rstrip("。") + "，并在区政府门户网站集中公开。"
    removed = subs[1].tasks.pop(0)
    subs[2].tasks.append(Task(text="建立政务公开工作年度考核台账，按季度通报各单位落实情况。",
                              lead=["县政府办公室"], responsible=["各镇人民政府"]))
    return revised, reworded.text, removed.text


def test_preview_of_a_revision_counts_changes_and_stores_nothing(data_home, seeds_dir):
    store = Store.open()
    original = _seed_003(seeds_dir)
    saved = store.notices.save_import(original, who="县政府办公室")
    task_ids = [r[0] for r in store.db.query("SELECT id FROM tasks ORDER BY seq")]
    store.completions.set_completion(task_ids[-1], "县财政局", status="已完成", text="已公开。")
    revised, reworded, removed = _revised(original)
    before = _dump(store)

    outcome = store.notices.preview_import(revised)

    total = len(original.tasks())
    assert (outcome.notice_id, outcome.status) == (saved.notice_id, "revised")
    assert (outcome.added, outcome.removed, outcome.changed) == (1, 1, 1)
    assert outcome.kept == total - 2
    assert outcome.completions_dropped == 0
    assert _dump(store) == before
    assert not store.db.in_transaction
    stored = store.notices.load_result(saved.notice_id)
    assert reworded not in [t.text for t in stored.tasks()]
    assert removed in [t.text for t in stored.tasks()]

    # The real save then does exactly what the preview said.
    real = store.notices.save_import(revised, who="县政府办公室")
    assert (real.status, real.added, real.removed, real.changed, real.kept) == (
        "revised", 1, 1, 1, total - 2)
    assert store.completions.get_completion(task_ids[-1], "县财政局").status == "已完成"
    store.close()


def test_preview_of_a_new_and_of_the_same_file(data_home, seeds_dir):
    store = Store.open()
    result = _seed_003(seeds_dir)
    new = store.notices.preview_import(result)
    assert (new.status, new.added) == ("new", len(result.tasks()))
    assert store.notices.list_notices() == []
    assert store.db.scalar("SELECT count(*) FROM audit_log") == 0

    store.notices.save_import(result)
    again = store.notices.preview_import(result)
    assert (again.status, again.kept) == ("unchanged", len(result.tasks()))
    store.close()


def test_preview_inside_an_open_transaction_undoes_only_itself(data_home, seeds_dir):
    store = Store.open()
    with store.db.transaction():
        store.settings.set("本单位", "县财政局")
        store.notices.preview_import(_seed_003(seeds_dir))
        assert store.db.in_transaction
    assert store.settings.own_unit == "县财政局"
    assert store.notices.list_notices() == []
    store.close()
