"""Screenshot of the import wizard's result page → docs/screenshots/import-wizard.png.

    python scripts/shot_wizard.py [SEED_OR_FILE] [--out PNG] [--page result|changes]

Runs offscreen on a throwaway data folder (never the clerk's own store). The default notice is
seed 001, whose merged cells give warnings on many rows, so the picture shows them where they
belong. ``--page changes`` stores the seed first and shows a revised copy's 变化 page instead.
Refuses to run without a Chinese font: offscreen Qt would silently draw boxes.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.fixtures.seed_docs import seed_dir  # noqa: E402  the seeds wherever the checkout is (worktree or clone)

SEEDS = seed_dir()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("notice", nargs="?", default=str(next(SEEDS.glob("001_*.txt"), "")))
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots" / "import-wizard.png"))
    parser.add_argument("--page", choices=("result", "changes"), default="result")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = tempfile.mkdtemp(prefix="gkdesk-shot-")
    os.environ["GKDESK_HOME"] = home

    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication

    from gkdesk.app import install_translations
    from gkdesk.importers import import_file
    from gkdesk.store import Store
    from gkdesk.ui.import_wizard import PAGE_RESULT, ImportWizard

    app = QApplication([])
    install_translations(app)
    if not QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        print("没有中文字体（请安装 fonts-noto-cjk 或 fonts-wqy-microhei），截图会显示方框。")
        return 1
    store = Store.open()
    path = Path(args.notice)
    if args.page == "changes":
        store.notices.save_import(import_file(path))
        raw = path.read_text(encoding="utf-8")
        head = import_file(path).tasks()[3].text[:14]
        path = Path(home) / f"修订-{path.name}"
        path.write_text(raw.replace(head, head + "逐项", 1), encoding="utf-8")
    wizard = ImportWizard(store, path=path)
    wizard.resize(1100, 700)
    wizard.show()
    failed: list[str] = []

    def shoot() -> None:
        if wizard.error_box.isVisible():
            failed.append(wizard.error_label.text())
        elif wizard.stack.currentIndex() != PAGE_RESULT:
            QTimer.singleShot(50, shoot)
            return
        elif args.page == "changes":
            wizard.confirm_button.click()
        app.processEvents()
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        wizard.grab().save(args.out)
        app.quit()

    QTimer.singleShot(50, shoot)
    app.exec()
    store.close()
    if failed:
        print(f"导入失败：{failed[0]}")
        return 1
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
