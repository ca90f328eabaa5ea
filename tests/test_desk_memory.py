"""A clerk closes the desk with a filter typed and two headings open; the next start shows the same."""
from __future__ import annotations

from gkdesk.store import Store
from gkdesk.ui.task_model import NODE_KIND_ROLE

from tests.fixtures.seed_docs import seed_path
from tests.fixtures.desk_steps import import_through_wizard


def _restart(open_desk, data_home, window, store):
    window.close()
    store.close()
    again = Store.open(data_home)
    return open_desk(again, restore=True), again


def test_filter_and_open_headings_come_back_after_a_restart(qtbot, open_desk, data_home):
    store = Store.open(data_home)
    w = open_desk(store, restore=True)
    import_through_wizard(qtbot, w, seed_path("000"))
    fb, model, view = w.filter_bar, w.task_model, w.task_view
    fb.status.setCurrentIndex(fb.status.findData("未开始"))
    qtbot.waitUntil(lambda: model.rowCount() > 1)
    sections = [model.index(r, 0) for r in range(model.rowCount())]
    second = sections[1]
    model.fetchMore(second)
    view.expand(second)
    sub = model.index(0, 0, second)
    assert model.data(sub, NODE_KIND_ROLE) == "subsection", "seed 000's sections have （一） subsections"
    view.expand(sub)
    want = {second.data(), sub.data()}  # the headings' titles: what the clerk sees open
    shown = model.rowCount()

    w2, store2 = _restart(open_desk, data_home, w, store)
    fb2, model2, view2 = w2.filter_bar, w2.task_model, w2.task_view
    assert fb2.statuses == {"未开始"} and model2.filter.statuses == frozenset({"未开始"})
    assert model2.rowCount() == shown
    opened = {model2.index(r, 0).data() for r in range(model2.rowCount()) if view2.isExpanded(model2.index(r, 0))}
    sec2 = model2.index(1, 0)
    opened |= {model2.index(c, 0, sec2).data() for c in range(model2.rowCount(sec2))
               if view2.isExpanded(model2.index(c, 0, sec2))}
    assert opened == want
    # Its tasks load as the open subsection is painted, as after a click.
    sub2 = model2.index(0, 0, sec2)
    qtbot.waitUntil(lambda: any(model2.task_id(model2.index(r, 0, sub2)) for r in range(model2.rowCount(sub2))))
    w2.close()
    store2.close()


def test_a_search_and_the_scope_come_back(qtbot, open_desk, data_home):
    store = Store.open(data_home)
    w = open_desk(store, restore=True)
    import_through_wizard(qtbot, w, seed_path("000"))
    w.filter_bar.search.setText("政府信息")
    w.filter_bar.scope_buttons["lead"].setChecked(True)
    w.filter_bar.deadline.setCurrentIndex(w.filter_bar.deadline.findData("overdue"))
    w2, store2 = _restart(open_desk, data_home, w, store)
    assert w2.filter_bar.query == "政府信息" and w2.filter_bar.scope == "lead"
    assert w2.filter_bar.deadline_bucket == "overdue"
    assert w2.task_model.filter.query == "政府信息" and w2.task_model.filter.deadline == "overdue"
    w2.close()
    store2.close()
