"""The inside of a .docx/.xlsx: zip members inflated under a cap, XML parsed with entities off. No Qt.

* ``MAX_ZIP_MEMBER`` (50 MB) — one zip member is decompressed in 1 MB steps and abandoned as soon
  as more than this comes out, whatever the zip's header says (zip bombs);
* XML is parsed with entities, DTDs and network access off, and any DOCTYPE is refused
  (entity bombs, external entities).
"""
from __future__ import annotations

import os
import zipfile
import zlib
from pathlib import Path

from gkdesk.domain.model import NoticeImportError

from .file_access import open_error
from .file_messages import (
    MB,
    MSG_BOMB,
    MSG_CORRUPT,
    MSG_TEXT_TOO_LONG,
    MSG_XML_ENTITY,
    corrupt_message,
    encrypted_message,
)

MAX_ZIP_MEMBER = 50 * MB
_CHUNK = 1 * MB
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError)


def zip_namelist(path: str | os.PathLike[str]) -> list[str]:
    """The member names of a .docx/.xlsx, or the "damaged" message."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            return zf.namelist()
    except FileNotFoundError as exc:
        raise open_error(path, exc) from exc
    except _ZIP_ERRORS as exc:
        raise NoticeImportError(corrupt_message(path)) from exc


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
                raise NoticeImportError(corrupt_message(path)) from exc
            if info.flag_bits & 0x1:
                raise NoticeImportError(encrypted_message(path))
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
        raise open_error(path, exc) from exc
    except (*_ZIP_ERRORS, zlib.error, NotImplementedError, RuntimeError) as exc:
        raise NoticeImportError(corrupt_message(path)) from exc


class TextTooLong(NoticeImportError):
    """One text node is past libxml2's 10 MB limit; a reader may say where (read_docx names the cell)."""

    def __init__(self) -> None:
        super().__init__(MSG_TEXT_TOO_LONG)


def _xml_parser(huge: bool = False):
    from lxml import etree  # python-docx depends on lxml; imported lazily to keep start-up fast

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=huge,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes, huge: bool = False):
    """Parse untrusted XML (a part of a .docx/.xlsx) into an lxml element.

    Entities are never expanded, no DTD or network is loaded, libxml2's size/depth guards stay on,
    and a document with any DOCTYPE (where entity bombs and external entities live) is refused —
    Office never writes one. A text node past 10 MB raises :class:`TextTooLong`; ``huge=True``
    (only to find where it is, on a member already under ``MAX_ZIP_MEMBER``) lifts that limit.
    """
    from lxml import etree

    if has_doctype(data):
        raise NoticeImportError(MSG_XML_ENTITY)
    try:
        root = etree.fromstring(data, _xml_parser(huge))
    except etree.XMLSyntaxError as exc:
        text = str(exc).lower()
        if "huge" in text or "too long" in text:  # libxml2 2.14 / older wording of its text limit
            raise TextTooLong() from exc
        raise NoticeImportError(MSG_CORRUPT) from exc
    if root is None:
        raise NoticeImportError(MSG_CORRUPT)
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise NoticeImportError(MSG_XML_ENTITY)
    return root


def has_doctype(data: bytes) -> bool:
    """True when a DOCTYPE or ENTITY declaration stands in the XML's prolog."""
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
