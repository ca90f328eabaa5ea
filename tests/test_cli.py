"""The clerk's (or the installer check's) command line: import, list, show — and bad files."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from gkdesk.store import Store
from tests.fixtures.cli_runs import run
from tests.fixtures.seed_docs import seed_path


def notice_count(home: Path) -> int:
    store = Store.open(home)
    try:
        return len(store.notices.list_notices())
    finally:
        store.close()


def test_import_json_prints_the_design_shape(data_home, capsys):
    code, out, _ = run(capsys, "import", str(seed_path("001")), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["notice"]["doc_number"] == "江津府办发〔2022〕97号"
    # "各牵头单位要…将检查汇总情况分别于9月30日和12月31日前报区政务服务办": for the lead units only.
    assert data["notice"]["report_deadlines"][0] == {"what": "检查汇总情况", "due": "2022-09-30", "recipient": "区政务服务办",
                                                     "audience": "牵头单位"}
    assert data["columns"][2] == {"header": "贯彻举措", "role": "text"}
    first = data["sections"][0]["subsections"][0]["tasks"][0]
    assert first["lead"] == ["区政府办公室", "区政务服务办"]
    assert first["deadline"] == {"text": "长期开展", "kind": "ongoing", "due": None}
    assert data["stored"]["status"] == "new"
    assert notice_count(data_home) == 1


def test_dry_run_stores_nothing(data_home, capsys):
    code, out, _ = run(capsys, "import", str(seed_path("000")), "--dry-run", "--json")
    assert code == 0
    assert json.loads(out)["roster"]["categories"][0] == "政府信息公开工作负责人"
    assert notice_count(data_home) == 0


def test_import_twice_list_and_show(data_home, capsys):
    assert run(capsys, "import", str(seed_path("003")))[0] == 0
    code, out, _ = run(capsys, "import", str(seed_path("003")))
    assert code == 0 and "未重复保存" in out
    code, out, _ = run(capsys, "list")
    assert out.count("泗政办秘〔2020〕49号") == 1 and "48 项任务" in out
    code, out, _ = run(capsys, "show", "泗政办秘〔2020〕49号")
    assert code == 0
    assert "七、围绕落实新修订的政府信息公开条例加强制度执行和平台建设" in out
    assert "15 设置优化营商环境信息公开专栏" in out and "责任：县政府办、县政府各部门" in out
    code, out, _ = run(capsys, "show", "1", "--json")
    assert json.loads(out)["notice"]["doc_number"] == "泗政办秘〔2020〕49号"
    code, _, err = run(capsys, "show", "不存在〔2020〕1号")
    assert code == 2 and "找不到通知" in err


def _bad_files(tmp: Path) -> dict[str, Path]:
    files = {}
    files["empty"] = tmp / "空.docx"
    files["empty"].write_bytes(b"")
    files["random"] = tmp / "乱码.docx"
    files["random"].write_bytes(os.urandom(4096))
    from docx import Document

    good = tmp / "good.docx"
    Document().save(good)
    data = good.read_bytes()
    files["truncated"] = tmp / "截断.docx"
    files["truncated"].write_bytes(data[: len(data) // 2])
    files["no_structure"] = tmp / "无结构.docx"
    d = Document()
    d.add_paragraph("会议通知")
    d.add_paragraph("请于明天上午九点到三楼会议室开会。")
    d.save(files["no_structure"])
    files["no_header"] = tmp / "无表头.docx"
    d = Document()
    t = d.add_table(rows=3, cols=3)
    for r, row in enumerate(t.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"甲乙{r}{c}"
    d.add_paragraph("")
    d.save(files["no_header"])
    files["entity_bomb"] = tmp / "实体炸弹.docx"
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
            b"<w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>")
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(files["entity_bomb"], "w") as dst:
        for item in src.infolist():
            dst.writestr(item, bomb if item.filename == "word/document.xml" else src.read(item))
    files["zip_bomb"] = tmp / "炸弹.docx"
    zeros = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(files["zip_bomb"], "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(80):  # 80 MB of zeros: past the 50 MB cap, tiny on disk
                member.write(zeros)
    files["encrypted"] = tmp / "加密.docx"
    import msoffcrypto.format.ooxml as ooxml

    with open(good, "rb") as f, open(files["encrypted"], "wb") as out:
        ooxml.OOXMLFile(f).encrypt("1234", out)
    files["huge_text"] = tmp / "巨大.txt"
    with open(files["huge_text"], "wb") as f:
        line = ("\t一、任务" + "字" * 200 + "\n").encode("utf-8")
        for _ in range(20 * 1024 * 1024 // len(line) + 1):
            f.write(line)
    files["pdf"] = tmp / "通知.pdf"
    files["pdf"].write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return files


@pytest.mark.parametrize("kind", ["empty", "random", "truncated", "no_structure", "no_header", "entity_bomb",
                                  "zip_bomb", "encrypted", "huge_text", "pdf"])
def test_bad_file_exit_2_one_chinese_line_store_unchanged(data_home, tmp_path, capsys, kind):
    assert run(capsys, "import", str(seed_path("004")))[0] == 0
    db = data_home / "gkdesk.sqlite3"
    before = notice_count(data_home)
    path = _bad_files(tmp_path)[kind]
    code, out, err = run(capsys, "import", str(path))
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in lines[0][3:])
    assert out == ""
    assert notice_count(data_home) == before == 1
    assert db.exists()


def test_gbk_text_file_imports(data_home, tmp_path, capsys):
    """Notepad's "ANSI" on a Chinese Windows is GBK: it imports like the UTF-8 original."""
    gbk = tmp_path / "通知GBK.txt"
    gbk.write_bytes(seed_path("003").read_text(encoding="utf-8").replace("\xa0", " ").encode("gbk"))
    code, out, _ = run(capsys, "import", str(gbk), "--json", "--dry-run")
    assert code == 0
    data = json.loads(out)
    assert data["notice"]["doc_number"] == "泗政办秘〔2020〕49号"
    assert sum(len(ss["tasks"]) for s in data["sections"] for ss in s["subsections"]) == 48


def test_console_script_runs_as_a_module(data_home):
    """`python -m gkdesk` is the same program as `gkdesk-cli` (real process, real exit code)."""
    proc = subprocess.run([sys.executable, "-m", "gkdesk", "import", str(Path("/nonexistent/通知.docx"))],
                          capture_output=True, env={**os.environ, "GKDESK_HOME": str(data_home)})
    assert proc.returncode == 2
    assert "找不到文件" in proc.stderr.decode("utf-8")
