"""What a notice file really is, from its bytes first and its name second. No Qt.

Every file a clerk imports came by mail or QQ from somebody else, so nothing about it is trusted:
not its extension, not the sizes a zip declares. :func:`check_file` is the gate every import
passes: it returns a format the readers can read or raises the one sentence that says why not.
"""
from __future__ import annotations

import codecs
import os
import zipfile
from pathlib import Path

from gkdesk.domain.model import NoticeImportError

from .file_access import read_head, scan_file
from .file_messages import (
    MSG_EMPTY,
    MSG_PDF,
    MSG_UNKNOWN,
    MSG_ZIP,
    corrupt_message,
    encrypted_message,
)
from .text_decoding import looks_text

FORMATS = (
    "docx", "xlsx", "doc", "xls", "wps", "et", "pdf", "text", "html", "mht",
    "encrypted-office", "zip", "empty", "unknown",
)

_HEAD = 64 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


def _u16(name: str) -> bytes:
    return name.encode("utf-16-le")


_ENCRYPTED_NAMES = (_u16("EncryptedPackage"), _u16("EncryptionInfo"))
_WORD_NAMES = (_u16("WordDocument"),)
_EXCEL_NAMES = (_u16("Workbook"), _u16("Book\x00"))


def sniff(path: str | os.PathLike[str]) -> str:
    """The file's real format, from its bytes first and its extension second.

    One of :data:`FORMATS`. Content wins over the name: a .doc that is really a .docx is "docx",
    random bytes named .docx are "unknown". Two cases use the extension: a zip whose directory
    cannot be read (truncated) keeps "docx"/"xlsx" when so named, so that reading it gives the
    "damaged" message; and an OLE2 file (old Word/Excel/WPS) is told apart as .wps/.et by name.
    An RTF file (Word can save one with a .doc name) is "doc": LibreOffice converts it like one.
    Raises NoticeImportError only when the file cannot be opened at all, or is not a regular
    file (a FIFO or a device would block or never end).
    """
    path = Path(path)
    head = read_head(path, _HEAD)
    ext = path.suffix.lower().lstrip(".")
    if not head:
        return "empty"

    if head.startswith(_ZIP_MAGICS):
        return _sniff_zip(path, ext)

    if head.startswith(_OLE_MAGIC):
        found = scan_file(path, _ENCRYPTED_NAMES + _WORD_NAMES + _EXCEL_NAMES)
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

    enc = looks_text(head)
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
        raise NoticeImportError(encrypted_message(path))
    if kind == "pdf":
        raise NoticeImportError(MSG_PDF)
    if kind == "zip":
        if ext in ("docx", "xlsx", "docm", "xlsm"):
            raise NoticeImportError(corrupt_message(path))
        raise NoticeImportError(MSG_ZIP)
    if kind == "unknown":
        if ext in ("docx", "xlsx", "doc", "xls", "wps", "et", "docm", "xlsm"):
            raise NoticeImportError(corrupt_message(path))
        raise NoticeImportError(MSG_UNKNOWN)
    if kind in ("docx", "xlsx"):
        from .archive_limits import zip_namelist  # the zip limits: for zipped formats only

        zip_namelist(path)  # raises the "damaged" message for a truncated zip
    return kind
