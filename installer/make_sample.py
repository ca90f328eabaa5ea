"""Write the bundled sample notice: seed 000 as a Word file under resources/samples/.

    python installer/make_sample.py

Reuses the test fixture's builder (tests/fixtures/seed_docs.build_docx), which reads the seed text
from ../shared/seeds beside the repository (or $GKDESK_SEEDS). The .docx is committed; the welcome
dialog's 打开示例通知 imports it. Run this again only when the seed or the builder changes.
"""
from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE_NAME = "万盛经开区2020年政务公开工作要点任务分工（示例）.docx"


def main() -> int:
    sys.path.insert(0, str(REPO))
    from tests.fixtures.seed_docs import build_docx

    out = REPO / "resources" / "samples" / SAMPLE_NAME
    out.parent.mkdir(parents=True, exist_ok=True)
    build_docx("000", out)
    print(f"{out} ({out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
