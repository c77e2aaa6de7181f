"""Seeding the benchmark-size network, measured: wall time and peak memory of ``hub seed``.

The seed that prepares a bench database is the one measured, so a run that reuses a seeded
database reports the measurement taken when it was seeded (kept beside the database), and
``--reseed`` measures afresh.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

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
        status, peak = run_measured(command, SEED_TIMEOUT_SECONDS, env=environment, output=log)
        seconds = time.perf_counter() - started
    if status != 0:
        raise SeedingFailed(f"hub seed on {database.backend} exited with {status}: see {log_file}")
    return SeedingMeasurement(
        backend=database.backend,
        seconds=round(seconds, 2),
        peak_rss_bytes=peak,
        rows=database.row_counts(),
        seed=seed,
        measured_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def run_measured(
    command: list[str],
    timeout: float,
    env: dict[str, str] | None = None,
    output: IO[bytes] | None = None,
) -> tuple[int, int]:
    """Exit status and peak resident memory in bytes of ``command``, started through
    ``bench.peak`` (so that the peak is the command's own, not this process's); stopped
    after ``timeout`` seconds."""
    with tempfile.TemporaryDirectory() as scratch:
        peak_file = Path(scratch) / "peak"
        process = subprocess.Popen(
            [sys.executable, "-m", "bench.peak", str(peak_file), *command],
            env=env,
            stdout=output,
            stderr=output,
            cwd=Path(__file__).resolve().parents[1],
            start_new_session=True,  # stopped as a group: the launcher and the command
        )
        try:
            status = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise SeedingFailed(
                f"{command[0]} ran longer than {timeout:.0f} s and was stopped"
            ) from None
        finally:
            if process.returncode is None:  # timed out, or the bench itself was stopped
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        return status, int(peak_file.read_text(encoding="utf-8"))


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
