"""Page images of the printed forms (Qt/QPrinter PDF → PNG) for docs/screenshots/.

Imports seed 000 into a temporary store, fills a couple of 完成情况 for 财政局 and a roster, exports
the completion form for 财政局 and for the whole notice and the roster to PDF through
gkdesk.printing.pdf, and turns page 1 of each into a PNG with pdftoppm.

    python scripts/shot_forms.py [OUT_DIR]
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from gkdesk.store.forms import completion_form, roster_form
from gkdesk.importers import import_file
from gkdesk.printing.pdf import export_pdf
from gkdesk.store import Store
from tests.fixtures.seed_docs import seed_dir  # the seeds wherever the checkout is (worktree or clone)

SEEDS = seed_dir()

TODAY = date(2020, 12, 1)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        store = Store.open(home)
        try:
            nid = store.notices.save_import(import_file(next(SEEDS.glob("000_*.txt"))), who="截图").notice_id
            mine = [ut.task_id for ut in store.notices.tasks_for_unit(nid, "财政局")]
            texts = [
                "已在政府网站发布稳金融政策解读3篇，开展政策宣讲2次。",
                "已梳理本局行政权力事项126项，权责清单于2020年9月30日更新并在门户网站公开。",
                "预决算公开专栏已按要求更新，部门预算、“三公”经费预算于批复后20日内公开。",
            ]
            for task_id, text in zip(mine[:3], texts):
                store.completions.set_completion(task_id, "财政局", status="已完成", text=text)
            store.rosters.save_roster(
                nid,
                "财政局",
                {
                    "政府信息公开工作负责人": [
                        {"姓名": "王五", "职务": "副局长", "联系电话": "023-85276112", "备注": ""}
                    ],
                    "政府信息公开工作人员": [
                        {"姓名": "张三", "职务": "科员", "联系电话": "13812345678", "备注": ""},
                        {"姓名": "李四", "职务": "副科长", "联系电话": "13987654321", "备注": "兼管网站"},
                    ],
                },
                filled_on=date(2020, 8, 13),
            )
            forms = {
                "form-completion-caizhengju": completion_form(store, nid, "财政局", today=TODAY),
                "form-completion-all": completion_form(store, nid, today=TODAY),
                "form-roster": roster_form(store, nid, "财政局"),
            }
        finally:
            store.close()
        for name, form in forms.items():
            pdf = Path(tmp) / f"{name}.pdf"
            pages = export_pdf(form, pdf)
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(out / name)],
                check=True,
            )
            print(f"{out / name}.png  ({pages} pages)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshots")
