"""Measuring a seed: one child's wall time and peak memory, kept while the data is the same."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.seeding import SeedingFailed, SeedingMeasurement, _wait_measuring, load, save

ROWS = {"organisation": 128, "petition_signature": 2_000_000}


def test_the_peak_memory_is_the_childs_own() -> None:
    # given a child that holds 64 MiB
    child = subprocess.Popen(
        [sys.executable, "-c", "block = bytearray(64 * 1024 * 1024); block[-1] = 1"]
    )

    # when
    status, peak = _wait_measuring(child, timeout=30)

    # then
    assert status == 0
    assert 64 * 1024 * 1024 < peak < 512 * 1024 * 1024


def test_a_seed_that_runs_too_long_is_stopped() -> None:
    # given
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])

    # when / then
    with pytest.raises(SeedingFailed, match="longer than"):
        _wait_measuring(child, timeout=0.5)
    assert child.returncode is not None


def test_a_kept_measurement_is_reported_only_for_the_same_rows(tmp_path: Path) -> None:
    # given
    record = tmp_path / "seeding-sqlite.json"
    save(SeedingMeasurement("sqlite", 27.3, 137_000_000, ROWS, 1992, "2026-11-29"), record)

    # when / then
    kept = load(record, ROWS)
    assert kept is not None and kept.seconds == 27.3
    assert load(record, {**ROWS, "petition_signature": 3_000}) is None
    assert load(tmp_path / "missing.json", ROWS) is None
