"""The clerk opens 导入通知 and sees Qt's own file dialog: the list must read 文件夹 and 12.3 KB,
not "Folder" and "12.3 KiB" (qtbase_zh_CN alone left both English)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QTreeView

from gkdesk.app import install_translations
from gkdesk.ui import file_dialogs


def _rows(qtbot, dialog: QFileDialog, expected: int) -> dict[str, list[str]]:
    view = dialog.findChild(QTreeView, "treeView")
    qtbot.waitUntil(lambda: view.model().rowCount(view.rootIndex()) == expected, timeout=5000)
    model, root = view.model(), view.rootIndex()
    qtbot.waitUntil(lambda: all(model.index(r, 3, root).data() for r in range(expected)), timeout=5000)
    return {
        model.index(r, 0, root).data(): [model.index(r, c, root).data() for c in range(1, 4)]
        for r in range(expected)
    }


def test_the_non_native_file_dialog_lists_files_in_chinese(qtbot, tmp_path):
    app = QApplication.instance()
    translators = install_translations(app)
    try:
        (tmp_path / "2020年材料").mkdir()
        (tmp_path / "通知.docx").write_bytes(b"x" * 12_600)
        (tmp_path / "小.txt").write_bytes(b"abc")
        dialog = file_dialogs.make_dialog(None, "导入通知", str(tmp_path), "所有文件 (*)")
        qtbot.addWidget(dialog)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setViewMode(QFileDialog.ViewMode.Detail)
        dialog.show()
        rows = _rows(qtbot, dialog, 3)

        size, kind, _ = rows["2020年材料"]
        assert (size, kind) == ("", "文件夹")
        assert rows["通知.docx"][0] == "12.3 KB"
        assert rows["小.txt"][0] == "3 字节"
        shown = " ".join(" ".join(v) for v in rows.values())
        for english in ("KiB", "Folder", "File", "bytes", "Dec", "Jan"):
            assert english not in shown
        # The context qtbase_zh_CN lacks is answered, the rest still comes from qtbase_zh_CN.
        assert QCoreApplication.translate("QAbstractFileIconProvider", "Folder") == "文件夹"
        assert QCoreApplication.translate("QFileDialog", "Folder") == "文件夹"
    finally:
        for tr in translators:
            app.removeTranslator(tr)


def test_the_apps_dialogs_go_through_the_chinese_file_dialog(qtbot, tmp_path, monkeypatch):
    """import_wizard.open_file builds its dialog with file_dialogs.make_dialog, so the columns are
    Chinese whenever Qt draws the dialog itself."""
    from gkdesk.ui import import_wizard

    chinese: list[bool] = []
    real = file_dialogs.make_dialog

    def spy(*args, **kwargs):
        dialog = real(*args, **kwargs)

        def shown_then_cancelled() -> int:
            dialog.show()  # Qt builds its own widgets here; the proxy must be in by now
            chinese.append(isinstance(dialog.proxyModel(), file_dialogs.ChineseFileColumns))
            return 0

        dialog.exec = shown_then_cancelled
        return dialog

    monkeypatch.setattr(file_dialogs, "make_dialog", spy)
    assert import_wizard.open_file(None, None) is None
    assert chinese == [True]
