"""Measuring a seed: one child's wall time and peak memory, kept while the data is the same."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bench.seeding import SeedingFailed, SeedingMeasurement, load, run_measured, save

ROWS = {"organisation": 128, "petition_signature": 2_000_000}


def test_the_peak_memory_is_the_commands_own() -> None:
    # given this process holding 256 MiB, and a command that holds 64 MiB
    held = bytearray(256 * 1024 * 1024)
    held[-1] = 1
    command = [sys.executable, "-c", "block = bytearray(64 * 1024 * 1024); block[-1] = 1"]

    # when
    status, peak = run_measured(command, timeout=30)

    # then the command's peak is measured, not this process's
    assert status == 0
    assert 64 * 1024 * 1024 < peak < 256 * 1024 * 1024
    del held


def test_a_command_that_fails_says_so() -> None:
    status, _ = run_measured([sys.executable, "-c", "raise SystemExit(3)"], timeout=30)
    assert status == 3


def test_a_seed_that_runs_too_long_is_stopped() -> None:
    with pytest.raises(SeedingFailed, match="longer than"):
        run_measured([sys.executable, "-c", "import time; time.sleep(60)"], timeout=0.5)


def test_a_kept_measurement_is_reported_only_for_the_same_rows(tmp_path: Path) -> None:
    # given
    record = tmp_path / "seeding-sqlite.json"
    save(SeedingMeasurement("sqlite", 27.3, 137_000_000, ROWS, 1992, "2026-11-29"), record)

    # when / then
    kept = load(record, ROWS)
    assert kept is not None and kept.seconds == 27.3
    assert load(record, {**ROWS, "petition_signature": 3_000}) is None
    assert load(tmp_path / "missing.json", ROWS) is None
