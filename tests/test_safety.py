"""Bad input never crashes: each hostile or broken file gives one clear Chinese sentence.

Every file here is made by the test itself (python-docx, zipfile, msoffcrypto-tool).
"""
from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

import pytest

from gkdesk.domain.model import NoticeImportError
from gkdesk.importers import safety
from gkdesk.importers.safety import (
    MSG_ENCRYPTED,
    check_file,
    decode_text,
    parse_xml,
    read_text,
    read_zip_member,
    sniff,
)
from tests.fixtures.hostile import assert_one_sentence

SAMPLE = "一、加强组织领导\n（一）推进决策公开。\n\t1．做好政策解读\t区政府办公室\t各镇街\t2020年底前\n"


def make_docx(path: Path, rows: int = 3) -> Path:
    import docx

    doc = docx.Document()
    doc.add_paragraph("关于印发万盛经开区2020年政务公开工作要点任务分工的通知")
    table = doc.add_table(rows=rows + 1, cols=4)
    for c, word in enumerate(("贯彻举措", "牵头单位", "责任单位", "完成时限")):
        table.rows[0].cells[c].text = word
    for r in range(1, rows + 1):
        cells = table.rows[r].cells
        cells[0].text = f"{r}．推进政务公开第{r}项工作"
        cells[1].text = "区政府办公室"
        cells[2].text = "各镇街"
        cells[3].text = "2020年底前"
    doc.add_paragraph("（此页无正文）")
    doc.save(path)
    return path


# -- sniffing ---------------------------------------------------------------------------------------

def test_sniff_good_files(tmp_path):
    d = make_docx(tmp_path / "notice.docx")
    assert sniff(d) == "docx" and check_file(d) == "docx"
    renamed = tmp_path / "notice.doc"
    renamed.write_bytes(d.read_bytes())
    assert sniff(renamed) == "docx"  # content wins over the name

    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "贯彻举措"
    wb.save(tmp_path / "tasks.xlsx")
    assert sniff(tmp_path / "tasks.xlsx") == "xlsx"

    t = tmp_path / "notice.txt"
    t.write_text(SAMPLE, encoding="utf-8")
    assert sniff(t) == "text" and check_file(t) == "text"
    h = tmp_path / "page.htm"
    h.write_text("<html><body><table><tr><td>贯彻举措</td></tr></table></body></html>", encoding="utf-8")
    assert sniff(h) == "html"
    h2 = tmp_path / "saved"
    h2.write_text("<!DOCTYPE html>\n<html><head><meta charset='gbk'></head></html>", encoding="utf-8")
    assert sniff(h2) == "html"
    m = tmp_path / "page.mht"
    m.write_text("MIME-Version: 1.0\nContent-Type: multipart/related; boundary=x\n\n--x\n", encoding="ascii")
    assert sniff(m) == "mht"
    m2 = tmp_path / "page.eml"
    m2.write_bytes(m.read_bytes())
    assert sniff(m2) == "mht"


def test_empty_file(tmp_path):
    p = tmp_path / "empty.docx"
    p.write_bytes(b"")
    assert sniff(p) == "empty"
    with pytest.raises(NoticeImportError) as ei:
        check_file(p)
    assert assert_one_sentence(ei.value) == "文件为空。"
    t = tmp_path / "blank.txt"
    t.write_text("  \n\n\t\n", encoding="utf-8")
    with pytest.raises(NoticeImportError, match="文件为空"):
        read_text(t)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(NoticeImportError, match="找不到文件"):
        sniff(tmp_path / "nope.docx")
    with pytest.raises(NoticeImportError) as ei:
        sniff(tmp_path)
    assert_one_sentence(ei.value)


def test_random_bytes_named_docx(tmp_path):
    p = tmp_path / "random.docx"
    p.write_bytes(os.urandom(64 * 1024))
    assert sniff(p) == "unknown"
    with pytest.raises(NoticeImportError) as ei:
        check_file(p)
    assert assert_one_sentence(ei.value) == safety.MSG_CORRUPT
    q = tmp_path / "random.bin"
    q.write_bytes(b"\x00\x01\x02garbage\xff\xfe\x00" * 100)
    with pytest.raises(NoticeImportError) as ei:
        check_file(q)
    assert str(ei.value) == safety.MSG_UNKNOWN


def test_truncated_docx(tmp_path):
    full = make_docx(tmp_path / "full.docx", rows=60)
    data = full.read_bytes()
    cut = tmp_path / "truncated.docx"
    cut.write_bytes(data[: len(data) // 2])
    assert sniff(cut) == "docx"  # looks like one by its first bytes and its name …
    with pytest.raises(NoticeImportError) as ei:
        check_file(cut)  # … but its zip directory is gone
    assert assert_one_sentence(ei.value) == "文件已损坏，无法打开。请在 Word/WPS 中重新另存为 .docx 后再导入。"
    with pytest.raises(NoticeImportError) as ei:
        read_zip_member(cut, "word/document.xml")
    assert str(ei.value) == safety.MSG_CORRUPT


def test_corrupt_member_bad_crc(tmp_path):
    good = make_docx(tmp_path / "good.docx", rows=40)
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as zf:
        info = zf.getinfo("word/document.xml")
    # Flip bytes inside the compressed data of document.xml (after its local header).
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 20
    for i in range(start, start + 40):
        data[i] ^= 0x5A
    bad = tmp_path / "bad.docx"
    bad.write_bytes(bytes(data))
    assert sniff(bad) == "docx"
    with pytest.raises(NoticeImportError) as ei:
        read_zip_member(bad, "word/document.xml")
    assert str(ei.value) == safety.MSG_CORRUPT


def test_zip_member_missing(tmp_path):
    p = tmp_path / "x.docx"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    assert sniff(p) == "docx"
    with pytest.raises(NoticeImportError, match="文件已损坏"):
        read_zip_member(p, "word/document.xml")


def test_plain_zip_is_not_a_notice(tmp_path):
    p = tmp_path / "附件.zip"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("附件1.docx", b"x")
    assert sniff(p) == "zip"
    with pytest.raises(NoticeImportError, match="压缩包"):
        check_file(p)


def _write_zip_bomb(path: Path, inflated: int) -> None:
    """A .docx whose document.xml inflates to ``inflated`` bytes of zeros, built streaming."""
    zeros = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(inflated // len(zeros)):
                member.write(zeros)


@pytest.mark.slow
def test_zip_bomb(tmp_path):
    bomb = tmp_path / "bomb.docx"
    _write_zip_bomb(bomb, 200 * 1024 * 1024)
    assert bomb.stat().st_size < 1024 * 1024  # small on disk
    assert sniff(bomb) == "docx"
    t0 = time.monotonic()
    with pytest.raises(NoticeImportError) as ei:
        read_zip_member(bomb, "word/document.xml")
    assert assert_one_sentence(ei.value) == "文件已损坏或异常（解压后体积过大），已拒绝导入。"
    assert time.monotonic() - t0 < 30


def test_zip_bomb_lying_header(tmp_path):
    """Declared sizes are not trusted: a member that claims 100 bytes but inflates to 8 MB."""
    import struct

    src = tmp_path / "liar.docx"
    with zipfile.ZipFile(src, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\0" * (8 * 1024 * 1024))
    data = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as zf:
        info = zf.getinfo("word/document.xml")
    # Local header: uncompressed size at +22; central directory entry: at +24.
    struct.pack_into("<I", data, info.header_offset + 22, 100)
    cd = data.rfind(b"PK\x01\x02")
    assert data[cd + 46 : cd + 46 + len(info.filename)] == info.filename.encode()
    struct.pack_into("<I", data, cd + 24, 100)
    liar = tmp_path / "liar2.docx"
    liar.write_bytes(bytes(data))
    with zipfile.ZipFile(liar) as zf:
        assert zf.getinfo("word/document.xml").file_size == 100
    with pytest.raises(NoticeImportError) as ei:
        read_zip_member(liar, "word/document.xml")
    assert str(ei.value) in (safety.MSG_CORRUPT, safety.MSG_BOMB)
    # And the honest 8 MB member is refused by a smaller cap, counted on real output.
    with pytest.raises(NoticeImportError, match="体积过大"):
        read_zip_member(src, "word/document.xml", max_bytes=2 * 1024 * 1024)
    assert read_zip_member(src, "[Content_Types].xml") == b"<Types/>"


def test_read_zip_member_ok(tmp_path):
    d = make_docx(tmp_path / "ok.docx")
    xml = read_zip_member(d, "word/document.xml")
    root = parse_xml(xml)
    assert root.tag.endswith("}document")
    assert "贯彻举措" in xml.decode("utf-8")


# -- XML ----------------------------------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE w:document [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""


def test_entity_bomb_in_document_xml(tmp_path):
    good = make_docx(tmp_path / "good.docx")
    bomb = tmp_path / "entities.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = BILLION_LAUGHS if item.filename == "word/document.xml" else src.read(item)
            dst.writestr(item.filename, data)
    assert check_file(bomb) == "docx"
    xml = read_zip_member(bomb, "word/document.xml")
    t0 = time.monotonic()
    with pytest.raises(NoticeImportError) as ei:
        parse_xml(xml)
    assert assert_one_sentence(ei.value) == safety.MSG_XML_ENTITY
    assert time.monotonic() - t0 < 2


def test_external_entity_refused():
    xxe = b"""<?xml version="1.0"?>
<!-- a comment first -->
<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>"""
    with pytest.raises(NoticeImportError, match="实体"):
        parse_xml(xxe)
    utf16 = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r [<!ENTITY a "b">]><r>&a;</r>'.encode("utf-16")
    with pytest.raises(NoticeImportError, match="实体"):
        parse_xml(utf16)


def test_malformed_xml():
    with pytest.raises(NoticeImportError, match="文件已损坏"):
        parse_xml(b"<w:document><unclosed>")
    with pytest.raises(NoticeImportError):
        parse_xml(b"")


# -- encrypted Office ---------------------------------------------------------------------------------

def test_encrypted_office_file(tmp_path):
    msoffcrypto = pytest.importorskip("msoffcrypto.format.ooxml")
    plain = make_docx(tmp_path / "plain.docx")
    enc = tmp_path / "加密.docx"
    with open(plain, "rb") as f, open(enc, "wb") as out:
        msoffcrypto.OOXMLFile(f).encrypt("1234", out)
    assert enc.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    assert sniff(enc) == "encrypted-office"
    with pytest.raises(NoticeImportError) as ei:
        check_file(enc)
    assert assert_one_sentence(ei.value) == MSG_ENCRYPTED  # Word's and WPS's steps to remove the password
    # The same bytes with an old-format name are still recognised as encrypted.
    as_doc = tmp_path / "加密.doc"
    as_doc.write_bytes(enc.read_bytes())
    assert sniff(as_doc) == "encrypted-office"


def test_ole2_without_encryption_is_doc_or_xls(tmp_path):
    # A minimal stand-in: OLE2 magic and a directory name in UTF-16-LE.
    body = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "WordDocument".encode("utf-16-le") + b"\0" * 600
    (tmp_path / "a.doc").write_bytes(body)
    (tmp_path / "a.wps").write_bytes(body)
    assert sniff(tmp_path / "a.doc") == "doc"
    assert sniff(tmp_path / "a.wps") == "wps"
    xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "Workbook".encode("utf-16-le") + b"\0" * 600
    (tmp_path / "b.xls").write_bytes(xls)
    (tmp_path / "b.et").write_bytes(xls)
    assert sniff(tmp_path / "b.xls") == "xls"
    assert sniff(tmp_path / "b.et") == "et"
    assert check_file(tmp_path / "b.et") == "et"


def test_rtf_named_doc(tmp_path):
    p = tmp_path / "notice.doc"
    p.write_bytes(b"{\\rtf1\\ansi\\ansicpg936 \\'d5\\'fe}")
    assert sniff(p) == "doc"


# -- PDF ----------------------------------------------------------------------------------------------

def test_pdf(tmp_path):
    p = tmp_path / "notice.pdf"
    p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n")
    assert sniff(p) == "pdf"
    with pytest.raises(NoticeImportError) as ei:
        check_file(p)
    assert assert_one_sentence(ei.value) == (
        "暂不支持直接导入 PDF。请使用原始的 Word（.docx）文件，或把表格复制后用“粘贴导入”。"
    )
    renamed = tmp_path / "notice.docx"
    renamed.write_bytes(p.read_bytes())
    with pytest.raises(NoticeImportError, match="PDF"):
        check_file(renamed)


# -- text encodings -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "encoding, prefix",
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),  # UTF-8 with BOM (Notepad)
        ("gbk", b""),
        ("gb2312", b""),
        ("gb18030", b""),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-16-le", b""),
    ],
)
def test_text_encodings(tmp_path, encoding, prefix):
    p = tmp_path / f"notice-{encoding}.txt"
    p.write_bytes(prefix + SAMPLE.replace("\n", "\r\n").encode(encoding))
    assert sniff(p) == "text"
    text = read_text(p)
    assert text == SAMPLE  # BOM gone, \r\n → \n
    assert text.startswith("一、加强组织领导")


def test_gbk_text_with_rare_characters(tmp_path):
    # 〔〕 in 发文字号 and a GB18030-only character must survive.
    s = "万盛经开办〔2020〕9号\n䶮\n"
    p = tmp_path / "gbk.txt"
    p.write_bytes(s.encode("gb18030"))
    assert read_text(p) == s


def test_undecodable_text():
    with pytest.raises(NoticeImportError) as ei:
        decode_text(b"abc\x81\xff\xfe\x80 \x80")
    assert str(ei.value) == safety.MSG_ENCODING


@pytest.mark.slow
def test_20mb_text_file_is_refused_quickly(tmp_path):
    p = tmp_path / "huge.txt"
    line = ("\t" + "推进政务公开工作" * 10 + "\t区政府办公室\t各镇街\t2020年底前\n").encode("utf-8")
    with open(p, "wb") as f:
        written = 0
        while written < 20 * 1024 * 1024:
            f.write(line * 1000)
            written += len(line) * 1000
    t0 = time.monotonic()
    assert sniff(p) == "text"
    with pytest.raises(NoticeImportError) as ei:
        read_text(p)
    assert assert_one_sentence(ei.value).startswith("文件过大（超过 10 MB）")
    assert time.monotonic() - t0 < 2


def test_text_under_the_cap_is_read(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(("任务\t区政府办公室\n" * 100_000).encode("gb18030"))
    text = read_text(p)
    assert text.count("\n") == 100_000


def test_read_text_cap_is_a_parameter(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(b"x" * 2048)
    with pytest.raises(NoticeImportError, match="文件过大"):
        read_text(p, max_bytes=1024)
    assert read_text(p, max_bytes=4096) == "x" * 2048


def test_sniff_reads_only_the_head(tmp_path, monkeypatch):
    """sniff must not read a whole large text file (the cap applies to read_text)."""
    p = tmp_path / "big.txt"
    p.write_bytes(b"a" * (3 * 1024 * 1024))
    reads: list[int] = []
    real_open = open

    class Spy(io.FileIO):
        def read(self, n=-1):
            reads.append(n)
            return super().read(n)

    def fake_open(file, mode="r", *a, **kw):
        if "b" in mode and Path(file) == p:
            return Spy(file, "r")
        return real_open(file, mode, *a, **kw)

    monkeypatch.setattr("builtins.open", fake_open)
    assert sniff(p) == "text"
    assert reads and all(0 < n <= 64 * 1024 for n in reads)
