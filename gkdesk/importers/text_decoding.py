"""Text files of unknown encoding: which encoding a file's bytes are in, and reading them, size-capped.

``MAX_TEXT`` (10 MB): a text/HTML file larger than this is refused *before* it is read, with
"文件过大（超过 10 MB）……". The five real notices are 12–30 KB, so 10 MB is several hundred times any
plausible notice; refusing keeps memory and time bounded whatever the parsers after this do.
No Qt.
"""
from __future__ import annotations

import codecs
import os
from pathlib import Path

from gkdesk.domain.model import NoticeImportError

from .file_access import read_capped
from .file_messages import MB, MSG_EMPTY, MSG_ENCODING, msg_too_large

MAX_TEXT = 10 * MB
_HEAD = 64 * 1024


def looks_text(head: bytes) -> str | None:
    """The encoding name if ``head`` (a file's first bytes) reads as text, else None."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    bomless = utf16_without_bom(head)
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


def utf16_without_bom(head: bytes) -> str | None:
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
        bomless = utf16_without_bom(data[:_HEAD])
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
    data = read_capped(Path(path), max_bytes)
    if data is None:
        raise NoticeImportError(msg_too_large(max_bytes))
    if not data.strip():
        raise NoticeImportError(MSG_EMPTY)
    return data


def read_text(path: str | os.PathLike[str], max_bytes: int = MAX_TEXT) -> str:
    """Read a text or HTML file of at most ``max_bytes`` and decode it (see :func:`decode_text`).

    A larger file is refused before it is read ("文件过大（超过 N MB）……"), so time and memory stay
    bounded; an empty or blank file is "文件为空。".
    """
    data = read_capped(Path(path), max_bytes)
    if data is None:
        raise NoticeImportError(msg_too_large(max_bytes))
    text = decode_text(data)
    if not text.strip():
        raise NoticeImportError(MSG_EMPTY)
    return text
