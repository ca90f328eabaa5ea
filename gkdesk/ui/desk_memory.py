"""The desk remembers its task filter and expanded headings in window.ini, beside the geometry.

Saved at close and restored at start after the lazy tree has its sections: a section the clerk had
open is fetched and expanded again (a programmatic expand does not fetch by itself), then its open
subsections; their tasks load through the tree's "more" rows as they are painted.
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSettings

from .filter_bar import SCOPES

KEYS = ("filter/scope", "filter/status", "filter/deadline", "filter/query", "tree/expanded")


def save(window, s: QSettings) -> None:
    fb = window.filter_bar
    s.setValue("filter/scope", fb.scope)
    s.setValue("filter/status", fb.status.currentData() or "")
    s.setValue("filter/deadline", fb.deadline_bucket or "")
    s.setValue("filter/query", fb.query)
    s.setValue("tree/expanded", " ".join(expanded_keys(window)))


def expanded_keys(window) -> list[str]:
    view, model = window.task_view, window.task_model
    keys: list[str] = []
    for r in range(model.rowCount()):
        sec = model.index(r, 0)
        if not view.isExpanded(sec):
            continue
        keys.append(model.branch_key(sec))
        for c in range(model.rowCount(sec)):
            sub = model.index(c, 0, sec)
            key = model.branch_key(sub)
            if key and view.isExpanded(sub):
                keys.append(key)
    return keys


def restore(window, s: QSettings) -> None:
    fb = window.filter_bar
    scope = str(s.value("filter/scope", "all"))
    if scope in dict(SCOPES):
        fb.scope_buttons[scope].setChecked(True)
    for combo, name in ((fb.status, "filter/status"), (fb.deadline, "filter/deadline")):
        at = combo.findData(str(s.value(name, "")) or None)
        if at >= 0:
            combo.blockSignals(True)
            combo.setCurrentIndex(at)
            combo.blockSignals(False)
    fb.search.blockSignals(True)
    fb.search.setText(str(s.value("filter/query", "")))
    fb.search.blockSignals(False)
    if window.current_filter() != window.task_model.filter:  # one reset with the whole restored filter;
        window.apply_filter()  # none when it is the one the desk was built with (its tree is read)
    expand(window, set(str(s.value("tree/expanded", "")).split()))


def expand(window, keys: set[str]) -> None:
    view, model = window.task_view, window.task_model
    for r in range(model.rowCount()):
        sec = model.index(r, 0)
        if model.branch_key(sec) not in keys:
            continue
        model.fetchMore(sec)  # its subsections, which expand() alone would not load
        view.expand(sec)
        for c in range(model.rowCount(sec)):
            sub = model.index(c, 0, sec)
            if model.branch_key(sub) in keys:
                view.expand(sub)
