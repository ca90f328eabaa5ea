"""Render resources/icons/gkdesk.svg to PNGs (16…256) and a multi-size gkdesk.ico with Qt.

    python installer/make_icons.py

Writes resources/icons/gkdesk-<N>.png for N in SIZES and resources/icons/gkdesk.ico. The .ico is
written by hand (ICONDIR + one PNG-compressed entry per size, valid since Windows Vista), so it
does not depend on Qt's optional ICO image plugin. The outputs are committed; run this again only
after changing the SVG.
"""
from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 24, 32, 48, 64, 128, 256)
ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def render(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    buf.close()
    return bytes(data)


def ico_from_pngs(pngs: dict[int, bytes]) -> bytes:
    """An ICO container whose entries are PNG images (width/height 0 means 256)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries, blobs = b"", b""
    for s in sizes:
        blob = pngs[s]
        dim = 0 if s >= 256 else s
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        blobs += blob
    return header + entries + blobs


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    renderer = QSvgRenderer(str(ICONS / "gkdesk.svg"))
    if not renderer.isValid():
        print("gkdesk.svg 无法解析", file=sys.stderr)
        return 1
    pngs = {s: render(renderer, s) for s in SIZES}
    for s, blob in pngs.items():
        (ICONS / f"gkdesk-{s}.png").write_bytes(blob)
    (ICONS / "gkdesk.ico").write_bytes(ico_from_pngs(pngs))
    total = sum(len(b) for b in pngs.values())
    print(f"{len(pngs)} PNGs ({total} bytes) and gkdesk.ico written to {ICONS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
