"""Safe reading of untrusted files: one name for the pieces, each of which has its own module. No Qt.

Each function either returns plain data or raises :class:`~gkdesk.domain.model.NoticeImportError`
whose message is one clear Chinese sentence the clerk can act on.

* :mod:`.file_messages` — every sentence;
* :mod:`.file_access` — only regular files are opened (a FIFO or device is refused before open());
* :mod:`.sniffing` — the real format from the bytes (:func:`sniff`, :func:`check_file`);
* :mod:`.archive_limits` — zip members under ``MAX_ZIP_MEMBER`` (50 MB), XML without entities;
* :mod:`.text_decoding` — text files under ``MAX_TEXT`` (10 MB), UTF-8/UTF-16/GB18030;
"""
from __future__ import annotations

from .archive_limits import MAX_ZIP_MEMBER, parse_xml, read_zip_member, zip_namelist
from .file_messages import (
    MSG_BOMB,
    MSG_CORRUPT,
    MSG_CORRUPT_XLSX,
    MSG_EMPTY,
    MSG_ENCODING,
    MSG_ENCRYPTED,
    MSG_PDF,
    MSG_UNKNOWN,
    MSG_XML_ENTITY,
    MSG_ZIP,
    msg_too_large,
)
from .sniffing import FORMATS, check_file, sniff
from .text_decoding import MAX_TEXT, decode_text, read_bytes, read_text

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
    "read_bytes",
    "read_text",
    "read_zip_member",
    "sniff",
    "zip_namelist",
]
