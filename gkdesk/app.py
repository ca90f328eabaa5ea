"""``gkdesk``: start Qt, open the store in the data folder, show the main window.

    gkdesk [--data-dir DIR] [--smoke]

``--data-dir`` (or ``GKDESK_HOME``) chooses the data folder instead of the user's own
(appdirs ``user_data_dir("gkdesk")``). ``--smoke`` opens the window, waits until it has been
painted and exits 0 — a start-up check for set-up scripts and CI.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from gkdesk import APP_NAME, APP_TITLE, __version__

SMOKE_TIMEOUT_MS = 30_000


def _parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(prog="gkdesk", description=f"{APP_TITLE}（{APP_NAME} {__version__}）")
    parser.add_argument("--data-dir", metavar="DIR", help="数据文件夹（默认为用户数据目录，或环境变量 GKDESK_HOME）")
    parser.add_argument("--smoke", action="store_true", help="打开窗口，绘制完成后立即退出（用于检查安装）")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    return parser.parse_known_args(list(argv))  # the rest (-platform, -style …) is Qt's


def _no_display() -> bool:
    return (
        sys.platform.startswith("linux")
        and not os.environ.get("QT_QPA_PLATFORM")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    )


def _say(message: str) -> None:
    stream = sys.stderr or sys.stdout  # a gui-script on Windows may have neither
    if stream is not None:
        print(message, file=stream)


def install_translations(app) -> list:
    """Qt's own dialogs and buttons in Simplified Chinese (qtbase_zh_CN from Qt, or resources/)."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    from gkdesk.resources import resource_path

    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)]
    bundled = resource_path("translations")
    if bundled is not None:
        folders.append(str(bundled))
    installed = []
    for name in ("qtbase_zh_CN",):
        for folder in folders:
            tr = QTranslator(app)
            if tr.load(name, folder):
                app.installTranslator(tr)
                installed.append(tr)
                break
    return installed


def main(argv: Sequence[str] | None = None) -> int:
    args, qt_args = _parse_args(sys.argv[1:] if argv is None else argv)
    if _no_display():
        if args.smoke:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        else:
            _say("未找到图形显示环境（DISPLAY/WAYLAND_DISPLAY 均未设置），无法打开窗口。"
                 "请在桌面环境中运行，或加 --smoke 仅检查能否启动。")
            return 1

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from gkdesk.paths import data_dir
    from gkdesk.ui.notice_list import NoticeListWindow

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME, *qt_args])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app._gkdesk_translators = install_translations(app)  # keep them alive

    try:
        folder = data_dir(args.data_dir)
        notices = load_notices(folder)
    except Exception as exc:  # noqa: BLE001 — any start-up failure becomes one clear message
        text = f"无法打开数据文件夹中的数据库：{exc}"
        _say(text)
        if not args.smoke:
            QMessageBox.critical(None, APP_TITLE, text)
        return 1

    window = NoticeListWindow(folder)
    window.set_notices(notices)

    if args.smoke:
        result = {"code": 1}

        class _Painted(QObject):
            def eventFilter(self, obj, event):  # noqa: N802 — Qt's name
                if event.type() == QEvent.Type.Paint and result["code"] != 0:
                    result["code"] = 0
                    QTimer.singleShot(0, app.quit)
                return False

        watcher = _Painted(window)
        window.installEventFilter(watcher)
        window.centralWidget().installEventFilter(watcher)

        def _give_up() -> None:
            _say("窗口在限定时间内未能显示。")
            app.quit()

        QTimer.singleShot(SMOKE_TIMEOUT_MS, _give_up)
        window.show()
        app.exec()
        window.close()
        if result["code"] == 0:
            print(f"{APP_TITLE}：窗口已显示，{len(notices)} 条通知（数据文件夹 {folder}）。")
        return result["code"]

    window.show()
    return app.exec()


def load_notices(folder) -> list:
    """The notice summaries in the store of ``folder`` (created empty when missing).

    The placeholder window only shows a list, so the store is opened, read and closed again.
    """
    from gkdesk.paths import db_path
    from gkdesk.store.db import Database
    from gkdesk.store.notices import NoticeRepository

    db = Database.open(db_path(folder))
    try:
        return list(NoticeRepository(db).list_notices())
    finally:
        db.close()


if __name__ == "__main__":
    raise SystemExit(main())
