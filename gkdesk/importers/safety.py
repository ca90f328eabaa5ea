"""Safe reading of untrusted files. No Qt.

Every file a clerk imports came by mail or QQ from somebody else, so nothing about it is trusted:
not its extension, not the sizes a zip declares, not the XML inside. Each function here either
returns plain data or raises :class:`~gkdesk.domain.model.NoticeImportError` whose message is one
clear Chinese sentence the clerk can act on.

Limits (module constants, overridable per call):

* ``MAX_ZIP_MEMBER`` (50 MB) — one zip member is decompressed in 1 MB steps and abandoned as soon
  as more than this comes out, whatever the zip's header says (zip bombs);
* ``MAX_TEXT`` (10 MB) — a text/HTML file larger than this is refused *before* it is read, with
  "文件过大（超过 10 MB）……". The five real notices are 12–30 KB, so 10 MB is several hundred
  times any plausible notice; refusing keeps memory and time bounded no matter how the parsers after
  this behave (they are line-linear, but a 20 MB paste of noise is never a notice);
* XML is parsed with entities, DTDs and network access off, and any DOCTYPE is refused
  (entity bombs, external entities).
"""
from __future__ import annotations

import codecs
import os
import zipfile
import zlib
from pathlib import Path

from gkdesk.domain.model import NoticeImportError

MB = 1024 * 1024
MAX_ZIP_MEMBER = 50 * MB
MAX_TEXT = 10 * MB
_CHUNK = 1 * MB
_HEAD = 64 * 1024

FORMATS = (
    "docx", "xlsx", "doc", "xls", "wps", "et", "pdf", "text", "html", "mht",
    "encrypted-office", "zip", "empty", "unknown",
)

MSG_EMPTY = "文件为空。"
MSG_ENCRYPTED = "文件已加密（设置了打开密码），请在 Word/WPS 中取消密码后另存为 .docx 再导入。"
MSG_CORRUPT = "文件已损坏，无法打开。请在 Word/WPS 中重新另存为 .docx 后再导入。"
MSG_CORRUPT_XLSX = "文件已损坏，无法打开。请在 Excel/WPS 中重新另存为 .xlsx 后再导入。"
MSG_BOMB = "文件已损坏或异常（解压后体积过大），已拒绝导入。"
MSG_XML_ENTITY = "文件内容异常（含有不允许的 XML 实体声明），已拒绝导入。"
MSG_PDF = "暂不支持直接导入 PDF。请使用原始的 Word（.docx）文件，或把表格复制后用“粘贴导入”。"
MSG_UNKNOWN = "无法识别的文件格式，请导入 Word（.docx）、Excel（.xlsx）、网页（.html/.mht）或文本（.txt）文件。"
MSG_ZIP = "这是一个压缩包，不是 Word 或 Excel 文件，请先解压后导入其中的 .docx 或 .xlsx 文件。"
MSG_ENCODING = "无法识别文件的文字编码，请另存为 UTF-8 编码的文本后再导入。"


def msg_too_large(limit: int) -> str:
    return f"文件过大（超过 {limit // MB} MB），不像是一份通知，已拒绝导入。"


def msg_not_found(path: Path) -> str:
    return f"找不到文件：{path}。"


def msg_unreadable(path: Path) -> str:
    return f"无法读取文件（没有权限或文件正被占用）：{path.name}。"


# -- small helpers -------------------------------------------------------------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


def _u16(name: str) -> bytes:
    return name.encode("utf-16-le")


_ENCRYPTED_NAMES = (_u16("EncryptedPackage"), _u16("EncryptionInfo"))
_WORD_NAMES = (_u16("WordDocument"),)
_EXCEL_NAMES = (_u16("Workbook"), _u16("Book\x00"))


def _open_error(path: Path, exc: OSError) -> NoticeImportError:
    if isinstance(exc, FileNotFoundError):
        return NoticeImportError(msg_not_found(path))
    if isinstance(exc, IsADirectoryError):
        return NoticeImportError(f"这是一个文件夹，不是文件：{path.name}。")
    return NoticeImportError(msg_unreadable(path))


def _read_head(path: Path, n: int = _HEAD) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(n)
    except OSError as exc:
        raise _open_error(path, exc) from exc


def _scan_file(path: Path, needles: tuple[bytes, ...]) -> set[bytes]:
    """Which of ``needles`` occur anywhere in the file (streamed, bounded memory)."""
    found: set[bytes] = set()
    keep = max(len(n) for n in needles) - 1
    tail = b""
    try:
        with open(path, "rb") as f:
            while True:
                chunk = f.read(_CHUNK)
                if not chunk:
                    break
                buf = tail + chunk
                for n in needles:
                    if n not in found and n in buf:
                        found.add(n)
                if len(found) == len(needles):
                    break
                tail = buf[-keep:] if keep else b""
    except OSError as exc:
        raise _open_error(path, exc) from exc
    return found


def _looks_text(head: bytes) -> str | None:
    """The encoding name if ``head`` (a file's first bytes) reads as text, else None."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    bomless = _utf16_without_bom(head)
    if bomless:
        return bomless
    if b"\x00" in head:
        return None
    for enc in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(enc)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return enc
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when BOM-less bytes read as mostly Chinese/ASCII text in it.

    Notepad's "Unicode" always writes a BOM, but some tools do not. Random bytes land in the
    CJK and printable ranges far less than 90 % of the time.
    """
    sample = head[:1024]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 8 or b"\x00" not in sample:
        return None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = codecs.getincrementaldecoder(enc)().decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        good = sum(
            1 for ch in text
            if "\u4e00" <= ch <= "\u9fff" or " " <= ch <= "~" or ch in "\t\r\n"
            or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or "\u2010" <= ch <= "\u2027"
        )
        if text and good >= 0.9 * len(text):
            return enc
    return None


# -- sniffing -------------------------------------------------------------------------------------

def sniff(path: str | os.PathLike[str]) -> str:
    """The file's real format, from its bytes first and its extension second.

    One of :data:`FORMATS`. Content wins over the name: a .doc that is really a .docx is "docx",
    random bytes named .docx are "unknown". Two cases use the extension: a zip whose directory
    cannot be read (truncated) keeps "docx"/"xlsx" when so named, so that reading it gives the
    "damaged" message; and an OLE2 file (old Word/Excel/WPS) is told apart as .wps/.et by name.
    An RTF file (Word can save one with a .doc name) is "doc": LibreOffice converts it like one.
    Raises NoticeImportError only when the file cannot be opened at all.
    """
    path = Path(path)
    head = _read_head(path)
    ext = path.suffix.lower().lstrip(".")
    if not head:
        return "empty"

    if head.startswith(_ZIP_MAGICS):
        return _sniff_zip(path, ext)

    if head.startswith(_OLE_MAGIC):
        found = _scan_file(path, _ENCRYPTED_NAMES + _WORD_NAMES + _EXCEL_NAMES)
        if found & set(_ENCRYPTED_NAMES):
            return "encrypted-office"
        if found & set(_WORD_NAMES):
            return "wps" if ext == "wps" else "doc"
        if found & set(_EXCEL_NAMES):
            return "et" if ext == "et" else "xls"
        return ext if ext in ("doc", "xls", "wps", "et") else "unknown"

    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.lstrip()[:5] == b"{\\rtf":
        return "doc"

    enc = _looks_text(head)
    if enc is None:
        return "unknown"
    text = codecs.getincrementaldecoder(enc)(errors="replace").decode(head[:8192], final=False)
    low = text.lstrip("\ufeff \t\r\n").lower()
    if ext in ("mht", "mhtml"):
        return "mht"
    if low.startswith(("mime-version:", "from:", "subject:", "date:")) and "multipart/related" in low:
        return "mht"
    if ext in ("html", "htm", "xhtml"):
        return "html"
    if low.startswith(("<!doctype html", "<html")) or any(
        tag in low[:4096] for tag in ("<html", "<body", "<table", "<meta ")
    ):
        return "html"
    return "text"


def _sniff_zip(path: Path, ext: str) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return ext if ext in ("docx", "xlsx") else "zip"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "[Content_Types].xml" in names and ext in ("docx", "xlsx"):
        return ext  # an OOXML package whose main part is missing: reading it says "damaged"
    return "zip"


def check_file(path: str | os.PathLike[str]) -> str:
    """:func:`sniff`, raising the clear message for every format that cannot be imported.

    Returns one of "docx", "xlsx", "doc", "xls", "wps", "et", "text", "html", "mht"; for a
    docx/xlsx it has also checked that the zip's directory can be read.
    """
    path = Path(path)
    kind = sniff(path)
    ext = path.suffix.lower().lstrip(".")
    if kind == "empty":
        raise NoticeImportError(MSG_EMPTY)
    if kind == "encrypted-office":
        raise NoticeImportError(MSG_ENCRYPTED)
    if kind == "pdf":
        raise NoticeImportError(MSG_PDF)
    if kind == "zip":
        if ext in ("docx", "xlsx", "docm", "xlsm"):
            raise NoticeImportError(_corrupt_message(path))
        raise NoticeImportError(MSG_ZIP)
    if kind == "unknown":
        if ext in ("docx", "xlsx", "doc", "xls", "wps", "et", "docm", "xlsm"):
            raise NoticeImportError(_corrupt_message(path))
        raise NoticeImportError(MSG_UNKNOWN)
    if kind in ("docx", "xlsx"):
        zip_namelist(path)  # raises the "damaged" message for a truncated zip
    return kind


def _corrupt_message(path: Path) -> str:
    return MSG_CORRUPT_XLSX if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".et") else MSG_CORRUPT


# -- zips -----------------------------------------------------------------------------------------

def zip_namelist(path: str | os.PathLike[str]) -> list[str]:
    """The member names of a .docx/.xlsx, or the "damaged" message."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            return zf.namelist()
    except FileNotFoundError as exc:
        raise _open_error(path, exc) from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise NoticeImportError(_corrupt_message(path)) from exc


def read_zip_member(path: str | os.PathLike[str], name: str, max_bytes: int = MAX_ZIP_MEMBER) -> bytes:
    """Decompress one member, stopping as soon as more than ``max_bytes`` comes out.

    The sizes in the zip's headers are never trusted: the cap counts the bytes actually produced,
    1 MB at a time, so a zip bomb costs at most ``max_bytes`` of memory and the time to inflate it.
    A missing member, a bad CRC, a truncated stream or an unknown compression method is "damaged";
    a member encrypted with a zip password is "encrypted".
    """
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            try:
                info = zf.getinfo(name)
            except KeyError as exc:
                raise NoticeImportError(_corrupt_message(path)) from exc
            if info.flag_bits & 0x1:
                raise NoticeImportError(MSG_ENCRYPTED)
            parts: list[bytes] = []
            total = 0
            with zf.open(info) as member:
                while True:
                    chunk = member.read(_CHUNK)
                    if not chunk:
                        break
                    total += len(chunk)
                    if total > max_bytes:
                        raise NoticeImportError(MSG_BOMB)
                    parts.append(chunk)
            return b"".join(parts)
    except NoticeImportError:
        raise
    except FileNotFoundError as exc:
        raise _open_error(path, exc) from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError) as exc:
        raise NoticeImportError(_corrupt_message(path)) from exc


# -- XML ------------------------------------------------------------------------------------------

def _xml_parser():
    from lxml import etree  # python-docx depends on lxml; imported lazily to keep start-up fast

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes):
    """Parse untrusted XML (a part of a .docx/.xlsx) into an lxml element.

    Entities are never expanded, no DTD or network is loaded, libxml2's size/depth guards stay on,
    and a document with any DOCTYPE (where entity bombs and external entities live) is refused —
    Office never writes one.
    """
    from lxml import etree

    if _has_doctype(data):
        raise NoticeImportError(MSG_XML_ENTITY)
    try:
        root = etree.fromstring(data, _xml_parser())
    except etree.XMLSyntaxError as exc:
        raise NoticeImportError(MSG_CORRUPT) from exc
    if root is None:
        raise NoticeImportError(MSG_CORRUPT)
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise NoticeImportError(MSG_XML_ENTITY)
    return root


def _has_doctype(data: bytes) -> bool:
    # A declaration can only stand in the prolog, before the root element; Office XML never has
    # one. Checked on raw bytes (ASCII-compatible encodings) before libxml2 sees anything; the
    # docinfo check after parsing covers UTF-16 documents.
    head = data[:4096] if len(data) > 4096 else data
    i = 0
    while True:
        i = head.find(b"<", i)
        if i < 0 or i + 1 >= len(head):
            return False
        nxt = head[i + 1 : i + 2]
        if nxt == b"?":
            i += 2
            continue
        if head.startswith(b"<!--", i):
            j = head.find(b"-->", i)
            if j < 0:
                return False
            i = j + 3
            continue
        if nxt == b"!":
            word = head[i + 2 : i + 9].upper()
            return word.startswith((b"DOCTYPE", b"ENTITY"))
        return False  # the root element: the prolog is over


# -- text -----------------------------------------------------------------------------------------

def decode_text(data: bytes) -> str:
    """Bytes of a text file → str: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030.

    GB18030 is a superset of GBK and GB2312, which is what Chinese Windows Notepad and older WPS
    save as "ANSI". Line ends are made "\\n".
    """
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        bomless = _utf16_without_bom(data[:_HEAD])
        candidates = [bomless] if bomless else ["utf-8", "gb18030"]
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            continue
        return text.replace("\r\n", "\n").replace("\r", "\n")
    raise NoticeImportError(MSG_ENCODING)


def read_bytes(path: str | os.PathLike[str], max_bytes: int = MAX_TEXT) -> bytes:
    """The raw bytes of a text-like file (a web page decodes by its own charset), size-capped."""
    path = Path(path)
    try:
        if path.stat().st_size > max_bytes:
            raise NoticeImportError(msg_too_large(max_bytes))
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        raise _open_error(path, exc) from exc
    if len(data) > max_bytes:
        raise NoticeImportError(msg_too_large(max_bytes))
    if not data.strip():
        raise NoticeImportError(MSG_EMPTY)
    return data


def read_text(path: str | os.PathLike[str], max_bytes: int = MAX_TEXT) -> str:
    """Read a text or HTML file of at most ``max_bytes`` and decode it (see :func:`decode_text`).

    A larger file is refused before it is read ("文件过大（超过 N MB）……"), so time and memory stay
    bounded; an empty or blank file is "文件为空。".
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise NoticeImportError(msg_too_large(max_bytes))
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        raise _open_error(path, exc) from exc
    if len(data) > max_bytes:  # grew while we looked, or a special file
        raise NoticeImportError(msg_too_large(max_bytes))
    text = decode_text(data)
    if not text.strip():
        raise NoticeImportError(MSG_EMPTY)
    return text


__all__ = [
    "FORMATS",
    "MAX_TEXT",
    "MAX_ZIP_MEMBER",
    "MSG_BOMB",
    "MSG_CORRUPT",
    "MSG_CORRUPT_XLSX",
    "MSG_EMPTY",
    "MSG_ENCODING",
    "MSG_ENCRYPTED",
    "MSG_PDF",
    "MSG_UNKNOWN",
    "MSG_XML_ENTITY",
    "MSG_ZIP",
    "check_file",
    "decode_text",
    "msg_too_large",
    "parse_xml",
    "read_text",
    "read_zip_member",
    "sniff",
    "zip_namelist",
]
