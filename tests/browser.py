"""Headless Chromium for the browser tests (the exported site, the team page): one way to start it.

Tests using it skip, with that reason, where no Chromium is installed; `.ci/run` installs Debian's chromium.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on PATH (.ci/run installs Debian's chromium)")

# without the background-networking flags Chromium keeps trying to reach Google's hosts on a closed network
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium(tmp_path, *args: str) -> str:
    """Run Chromium headless with a fresh profile under ``tmp_path``; its stdout (--dump-dom's DOM)."""
    profile = tmp_path / "profile"
    result = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout
