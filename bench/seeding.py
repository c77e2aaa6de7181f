"""Seeding the benchmark-size network, measured: wall time and peak memory of ``hub seed``.

The seed that prepares a bench database is the one measured, so a run that reuses a seeded
database reports the measurement taken when it was seeded (kept beside the database), and
``--reseed`` measures afresh.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.databases import BenchDatabase

SEED_TIMEOUT_SECONDS = 30 * 60
"""Longest a seed may run before the bench gives up on it."""


@dataclass(frozen=True)
class SeedingMeasurement:
    """How long ``hub seed --scale large`` took on one backend, and its peak memory."""

    backend: str
    seconds: float
    peak_rss_bytes: int
    rows: dict[str, int]
    """Rows in the tables the bench checks, right after seeding."""
    seed: int
    measured_at: str
    """When it was measured (ISO 8601, UTC)."""


class SeedingFailed(RuntimeError):
    """``hub seed`` exited with an error or ran out of time."""


def hub_command() -> list[str]:
    """The ``hub`` CLI of the running interpreter's environment."""
    script = Path(sys.executable).with_name("hub")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from hub.cli import main; main()"]


def seed_measured(database: BenchDatabase, seed: int, log_file: Path) -> SeedingMeasurement:
    """Run ``hub seed --scale large`` against an empty ``database``, measuring it."""
    environment = {**os.environ, "HUB_DATABASE_URL": database.url}
    command = [*hub_command(), "seed", "--scale", "large", "--seed", str(seed)]
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("wb") as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=environment, stdout=log, stderr=log)
        status, usage = _wait_measuring(process, SEED_TIMEOUT_SECONDS)
        seconds = time.perf_counter() - started
    if status != 0:
        raise SeedingFailed(f"hub seed on {database.backend} exited with {status}: see {log_file}")
    return SeedingMeasurement(
        backend=database.backend,
        seconds=round(seconds, 2),
        peak_rss_bytes=usage,
        rows=database.row_counts(),
        seed=seed,
        measured_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def _wait_measuring(process: subprocess.Popen[bytes], timeout: float) -> tuple[int, int]:
    """Exit status and peak RSS in bytes of a child, which is killed after ``timeout``."""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            # wait4 reports the resources of this one child, unlike RUSAGE_CHILDREN, which
            # would mix in the servers the bench started before.
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid == process.pid:
                process.returncode = os.waitstatus_to_exitcode(status)
                # Linux counts ru_maxrss in KiB, macOS in bytes.
                scale = 1 if sys.platform == "darwin" else 1024
                return process.returncode, usage.ru_maxrss * scale
            time.sleep(0.2)
        raise SeedingFailed(f"hub seed ran longer than {timeout:.0f} s and was stopped")
    finally:
        if process.returncode is None:  # timed out, or the bench itself was stopped
            process.kill()
            process.wait()


def save(measurement: SeedingMeasurement, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(measurement), indent=2) + "\n", encoding="utf-8")


def load(path: Path, rows: dict[str, int]) -> SeedingMeasurement | None:
    """The measurement kept for a database, if it still describes its rows."""
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        measurement = SeedingMeasurement(**kept)
    except (OSError, ValueError, TypeError):
        return None
    return measurement if measurement.rows == rows else None
