"""One list of importable files: the CLI, both file dialogs and drag-and-drop offer the same kinds."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from gkdesk import cli
from gkdesk.file_types import IMPORTABLE_SUFFIXES, file_filter, is_importable

# What the importers read (import_file): Word, Excel, the old formats through LibreOffice, text and
# saved web pages, .mht included.
EXPECTED = {".docx", ".xlsx", ".doc", ".wps", ".xls", ".et", ".txt", ".html", ".htm", ".mht", ".mhtml"}


def test_the_list_names_every_kind_the_importers_read():
    assert set(IMPORTABLE_SUFFIXES) == EXPECTED
    assert is_importable("万盛经开区通知.MHT") and is_importable("/home/张三/下载/通知.docx")
    assert not is_importable("佐证材料.pdf") and not is_importable("照片.jpg")
    assert file_filter() == (
        "通知文件 (*.docx *.xlsx *.doc *.wps *.xls *.et *.txt *.html *.htm *.mht *.mhtml);;所有文件 (*)"
    )


def test_cli_help_lists_the_same_kinds(capsys):
    with pytest.raises(SystemExit):
        cli.main(["import", "--help"])
    out = capsys.readouterr().out
    assert ".docx/.xlsx/.doc/.wps/.xls/.et/.txt/.html/.htm/.mht/.mhtml" in out


def test_wizard_and_welcome_dialogs_offer_the_same_filter(qtbot, store, monkeypatch):
    from gkdesk.ui import import_wizard, welcome

    asked: list[str] = []

    def fake_dialog(parent, caption, folder, filters):
        asked.append(filters)
        return "", ""

    monkeypatch.setattr(import_wizard.file_dialogs, "get_open_file_name", fake_dialog)
    assert import_wizard.open_file(store, None) is None
    dlg = welcome.WelcomeDialog(store)
    qtbot.addWidget(dlg)
    dlg.choose_file()
    assert asked == [file_filter(), file_filter()]
    assert "*.mht" in asked[0]


def _mime(path: str) -> QMimeData:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(path)])
    return data


def test_a_dropped_mht_page_opens_the_import(qtbot, store, tmp_path, monkeypatch):
    from gkdesk.ui.main_window import MainWindow

    window = MainWindow(store, date(2020, 9, 1))
    qtbot.addWidget(window)
    opened: list[str] = []
    monkeypatch.setattr(window, "open_import", lambda path=None: opened.append(path))
    page = str(tmp_path / "梁平区2021年政务公开任务清单.mht")
    photo = str(tmp_path / "照片.jpg")
    try:
        for path, accepted in ((page, True), (photo, False)):
            data = _mime(path)
            enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, data,
                                    Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
            enter.setAccepted(False)
            window.dragEnterEvent(enter)
            assert enter.isAccepted() is accepted, path
            drop = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, data,
                              Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
            window.dropEvent(drop)
        assert opened == [page]
    finally:
        window.close()
