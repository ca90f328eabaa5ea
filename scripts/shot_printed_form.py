"""Page images of the printed 附件1 for docs/screenshots/ (docs/printing.md shows them).

Seeds 000 (财政局, 万盛经开区) and 001 (几江街道, a 街道 of 江津区 reached through 各镇（街道）) are
imported into a temporary store; each unit fills two 完成情况 (text, status, 完成日期, a 公开路径 and an
evidence file), the unit's 附件1 is written as .pdf (Qt's print path), .docx and .xlsx, and
/work/shared/tools/docshot turns them into PNG pages: every page of the PDF, the first two of the
Word and Excel files (LibreOffice). Stale page images of an earlier, longer PDF are removed.

    python scripts/shot_printed_form.py [OUT_DIR]
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from gkdesk.exporters.output import write_form  # noqa: E402
from gkdesk.importers import import_file  # noqa: E402
from gkdesk.store import Store  # noqa: E402
from gkdesk.store.forms import completion_form  # noqa: E402
from tests.fixtures.seed_docs import seed_dir  # noqa: E402

DOCSHOT = Path("/work/shared/tools/docshot")
DPI = "60"
CASES = [  # seed, unit, slug, today, two completions
    ("000", "财政局", "caizhengju", date(2020, 12, 1), [
        ("已在政府网站发布稳金融政策解读3篇，开展政策宣讲2次。", date(2020, 9, 28),
         "http://www.ws.gov.cn/zwgk/zcjd/", "政策解读截图.png"),
        ("预决算公开专栏已按要求更新，部门预算、“三公”经费预算于批复后20日内公开。", date(2020, 10, 20),
         "门户网站→政府信息公开→财政预决算", "预算公开专栏截图.pdf"),
    ]),
    ("001", "几江街道", "jijiang", date(2022, 9, 1), [
        ("已在街道公开栏和门户网站公开惠民惠农补贴发放情况，每季度更新。", date(2022, 8, 30),
         "http://www.jiangjin.gov.cn/jjjd/", "补贴公开栏照片.jpg"),
        ("已梳理基层政务公开标准目录26项，于8月底前在门户网站公开。", date(2022, 8, 31),
         "门户网站→街道→政务公开标准目录", "标准目录.xlsx"),
    ]),
]


def shoot(src: Path, tmp: Path) -> list[Path]:
    pages = tmp / f"pages-{src.stem}-{src.suffix[1:]}"
    # LibreOffice as on a Chinese desk: with the C locale it lays the .docx out on fewer pages.
    subprocess.run([str(DOCSHOT), str(src), str(pages), DPI], check=True, env={**os.environ, "LANG": "zh_CN.UTF-8"})
    return sorted(pages.glob("*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    seeds = seed_dir()
    with tempfile.TemporaryDirectory(prefix="gkdesk-shot-") as t:
        tmp = Path(t)
        home = tmp / "home"
        home.mkdir()
        store = Store.open(home)
        try:
            for seed, unit, slug, today, filled in CASES:
                nid = store.notices.save_import(import_file(next(seeds.glob(f"{seed}_*.txt"))), who="截图").notice_id
                mine = [ut.task_id for ut in store.notices.tasks_for_unit(nid, unit)]
                for task_id, (text, done, link, evidence) in zip(mine, filled):
                    c = store.completions.set_completion(task_id, unit, status="已完成", text=text,
                                                         completed_on=done, links=[link])
                    f = tmp / evidence
                    f.write_bytes(f"{unit} {evidence}\n".encode())
                    store.completions.add_evidence(c, f)
                form = completion_form(store, nid, unit, today=today)
                for kind, keep in (("pdf", None), ("docx", 2), ("xlsx", 2)):
                    src = tmp / f"{kind}-{seed}-{slug}.{kind}"
                    write_form(form, src)
                    name = "print" if kind == "pdf" else kind
                    for old in out.glob(f"{name}-{seed}-{slug}-p*.png"):
                        old.unlink()
                    pages = shoot(src, tmp)
                    for i, page in enumerate(pages[:keep], start=1):
                        shutil.copyfile(page, out / f"{name}-{seed}-{slug}-p{i}.png")
                    print(f"{name}-{seed}-{slug}: {len(pages)} pages, {len(pages[:keep])} kept")
        finally:
            store.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshots")
