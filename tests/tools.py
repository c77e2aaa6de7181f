"""The programs some tests run besides the hub (Node.js and npm, Chromium), and their packages.

Where a program is missing, its tests skip and say what to install, except in CI (``CI`` set),
which installs every one of them (``.ci/run``): there a missing program fails the test, so that
no test skips quietly.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from filelock import FileLock


def needs(*programs: str, why: str) -> list[str]:
    """The paths of ``programs``; a test that lacks one is skipped, or failed in CI."""
    found = [shutil.which(program) for program in programs]
    missing = [program for program, path in zip(programs, found, strict=True) if path is None]
    if missing:
        message = f"{why}: install {' and '.join(missing)}"
        if os.environ.get("CI"):
            pytest.fail(f"{message} (CI installs it: see .ci/run)", pytrace=False)
        pytest.skip(message)
    return [path for path in found if path is not None]


def npm_ci(prefix: Path, why: str) -> None:
    """``npm ci --prefix PREFIX`` unless it ran to its end since the lock file last changed;
    one test process at a time, as parallel workers (pytest-xdist) would otherwise install
    into one folder together."""
    (npm,) = needs("npm", why=why)
    needs("node", why=why)
    installed = prefix / "node_modules" / ".package-lock.json"  # npm writes it last
    with FileLock(prefix / ".npm-ci.lock"):
        lock = prefix / "package-lock.json"
        if not installed.exists() or installed.stat().st_mtime < lock.stat().st_mtime:
            subprocess.run([npm, "ci", "--prefix", str(prefix)], check=True, timeout=600)
