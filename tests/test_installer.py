"""The installers build and the installed .deb works: runs installer/check (minutes; installs and
removes the gkdesk package and system packages on this machine). Skipped unless
GKDESK_INSTALLER_CHECK=1."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("GKDESK_INSTALLER_CHECK") != "1",
        reason="builds the bundle, .deb and NSIS installer and installs system packages: "
               "set GKDESK_INSTALLER_CHECK=1 to run",
    ),
]


def test_installer_check(tmp_path):
    out = tmp_path / "check"
    proc = subprocess.run(
        ["bash", str(REPO / "installer" / "check"), "--out", str(out), "--python", sys.executable],
        check=False, cwd=REPO, capture_output=True, text=True, timeout=1800,
    )
    print(proc.stdout)
    print(proc.stderr[-4000:], file=sys.stderr)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert "FAIL" not in proc.stdout
    for what in ("bundle:", "deb:", "setup.exe:", "glibc floor:"):
        assert what in proc.stdout
