"""Screenshot of the 附件1 form editor → docs/screenshots/form-editor.png.

    python scripts/shot_form_editor.py

Offscreen, on a throwaway data folder: seed 000 imported, 本单位 财政局, three rows filled in and the
fourth being typed.
"""
from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "screenshots"
sys.path.insert(0, str(REPO))

FILLED = [
    ("已在区政府门户网站“政策解读”栏目发布稳就业、稳金融政策解读3篇，同步推送政务新媒体。", "已完成",
     date(2020, 10, 20), ["http://www.example.gov.cn/zwgk/zcjd/"]),
    ("财政资金直达基层情况按月在“财政信息”栏目公开，已公开7—9月数据。", "推进中", None,
     ["http://www.example.gov.cn/zwgk/czxx/"]),
    ("本单位不承担此项任务。", "不涉及", None, []),
]


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["GKDESK_HOME"] = tempfile.mkdtemp(prefix="gkdesk-shot-")
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication

    from gkdesk.app import install_translations
    from gkdesk.importers import import_file
    from gkdesk.store import Store
    from gkdesk.ui.edits import SetOwnUnit
    from gkdesk.ui.form_editor import FormEditor
    from gkdesk.ui.main_window import MainWindow
    from tests.fixtures.seed_docs import seed_dir

    app = QApplication([])
    install_translations(app)
    if not any("CJK" in f or "WenQuanYi" in f for f in QFontDatabase.families()):
        print("没有中文字体：截图会是方框，已停止。", file=sys.stderr)
        return 1
    store = Store.open()
    store.notices.save_import(import_file(next(seed_dir().glob("000_*.txt"))))
    w = MainWindow(store, date(2020, 10, 25))
    w.edit_unit = lambda: True
    w.ops.run(SetOwnUnit("财政局", {"departments": True}))
    w.show()
    for _ in range(5):
        app.processEvents()
    dlg = FormEditor(w)
    rows = dlg.model.task_rows()
    for row, (text, status, done, links) in zip(rows, FILLED):
        tid = dlg.model.task_id(row)
        for name, value in (("text", text), ("status", status), ("completed_on", done), ("links", links)):
            w.ops.set_field(tid, "财政局", name, value)
    dlg.resize(1360, 720)
    dlg.show()
    index = dlg.model.index(rows[len(FILLED)], dlg.model.column_of("text"))
    dlg.view.setCurrentIndex(index)
    dlg.view.edit(index)
    editor = dlg.view.indexWidget(index)
    editor.setText("已在门户网站公开本年度")
    for _ in range(5):
        app.processEvents()
    OUT.mkdir(parents=True, exist_ok=True)
    dlg.grab().save(str(OUT / "form-editor.png"))
    dlg.close()
    w.detach_models()
    w.close()
    print(f"已保存 {OUT / 'form-editor.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
