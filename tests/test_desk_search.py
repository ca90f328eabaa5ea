"""Searching the desk also finds what a unit wrote in its 完成情况; zero hits say so."""
from __future__ import annotations

from tests.fixtures.seed_docs import seed_path
from tests.fixtures.desk_steps import import_through_wizard, shown_tasks


def _search(qtbot, window, text):
    window.filter_bar.search.setText(text)
    window.apply_filter()


def test_search_finds_completion_text_and_says_when_nothing_matches(qtbot, window):
    import_through_wizard(qtbot, window, seed_path("000"))
    store = window.store
    task_id = store.db.scalar("SELECT max(id) FROM tasks")
    store.completions.set_completion(task_id, "财政局", status="推进中", text="已在门户网站开设减税降费专栏")
    for term in ("减税降费专栏", "专栏"):  # through the trigram index and through LIKE
        _search(qtbot, window, term)
        assert shown_tasks(window) == [task_id], term
        assert not window.no_hits.isVisible()
    _search(qtbot, window, "无此词语甲乙丙")
    assert shown_tasks(window) == []
    assert window.no_hits.isVisible() and not window.task_view.isVisible()
    assert "无此词语甲乙丙" in window.no_hits.text()
    _search(qtbot, window, "")
    assert window.task_view.isVisible() and not window.no_hits.isVisible()
    assert len(shown_tasks(window)) > 1


def test_closing_while_a_search_is_still_being_typed_queries_nothing(qtbot, data_home, monkeypatch, today):
    """The search waits 200 ms for the clerk to stop typing; closing within them must not run it on
    the closed store (it did: 'Cannot operate on a closed database' from the event loop)."""
    from gkdesk.store import Store
    from gkdesk.ui.main_window import MainWindow

    store = Store.open(data_home)
    w = MainWindow(store, today)
    qtbot.addWidget(w)
    w.show()
    ran = []
    w.filter_bar.changed.connect(lambda: ran.append(1))
    w.filter_bar.search.setText("财政")
    w.close()
    store.close()
    qtbot.wait(400)
    assert ran == []
