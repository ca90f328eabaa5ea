"""Clerks must never see boxes instead of Chinese: fail loudly when no CJK font is installed.

Without one Qt renders every Chinese character as a box and PDFs embed a Latin font only — with
no warning and exit code 0 — so this check is a test of its own (PLATFORM-NOTES).
"""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

# Families that cover Simplified Chinese on Linux (Noto CJK, WenQuanYi, AR PL, Droid) and on
# Windows/macOS (their system fonts).
CJK_FAMILY_WORDS = (
    "Noto Sans CJK", "Noto Serif CJK", "Noto Sans SC", "Source Han", "WenQuanYi", "AR PL",
    "Droid Sans Fallback", "SimSun", "SimHei", "Microsoft YaHei", "FangSong", "KaiTi", "DengXian",
    "PingFang", "Heiti", "STSong",
)


def test_fontconfig_has_cjk_font():
    if sys.platform in ("win32", "darwin") or not shutil.which("fc-list"):
        pytest.skip("fontconfig is a Linux check; the Qt check below covers this platform")
    out = subprocess.run(
        ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=60, check=False
    ).stdout
    assert out.strip(), (
        "fontconfig finds no Chinese font: install fonts-noto-cjk (or fonts-wqy-microhei), "
        "otherwise every Chinese character shows as a box"
    )


def test_qt_sees_cjk_font(qapp):
    from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics

    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    cjk = [f for f in families if any(w.lower() in f.lower() for w in CJK_FAMILY_WORDS)]
    assert cjk, f"Qt finds no CJK font for Simplified Chinese (families: {families[:20]})"
    # And that font really has the glyphs of the window title.
    fm = QFontMetrics(QFont(cjk[0]))
    missing = [ch for ch in "政务公开任务台（一）、" if not fm.inFontUcs4(ord(ch))]
    assert not missing, f"{cjk[0]} lacks glyphs for {missing}"
