"""The load generator: autocannon (npm), POSTing one GraphQL body (or GETting one URL) at a
fixed concurrency.

autocannon is installed into ``bench/node_modules`` by ``npm ci --prefix bench``, which
``hub bench`` runs itself when it is missing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
NODE_MODULES = BENCH_DIR / "node_modules"
AUTOCANNON = NODE_MODULES / "autocannon" / "autocannon.js"

GRACE_SECONDS = 30.0
"""How long past its duration a load run may take before it is stopped."""


@dataclass(frozen=True)
class LoadSettings:
    """How hard and how long every scenario is driven."""

    connections: int
    duration: float
    """Seconds measured per scenario."""
    warmup: float
    """Seconds of the same load, not measured, before each scenario."""
    rounds: int = 2
    """Measured runs of each dashboard read per server, alternating servers between them."""


@dataclass(frozen=True)
class Measurement:
    """What one load run saw: throughput, latency, and anything that went wrong."""

    requests_per_second: float
    p50_ms: float
    p99_ms: float
    mean_ms: float
    requests: int
    errors: int
    """Connection errors and timeouts."""
    non_2xx: int
    seconds: float
    bytes_per_response: float
    sent: int = 0
    """Requests sent, answered or not: those the run's end cut off were served too."""

    @property
    def clean(self) -> bool:
        return self.errors == 0 and self.non_2xx == 0


class LoadGeneratorMissing(RuntimeError):
    """node, npm or autocannon is not installed."""


def ensure_installed() -> None:
    """Install the bench's npm packages (autocannon, PostGraphile) if they are missing."""
    if AUTOCANNON.exists():
        return
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise LoadGeneratorMissing(
            "the load generator runs on Node.js: install node and npm, then run"
            " `npm ci --prefix bench`"
        )
    subprocess.run([npm, "ci", "--prefix", str(BENCH_DIR)], check=True, timeout=600)


def drive(url: str, body: dict[str, Any], settings: LoadSettings) -> Measurement:
    """Warm ``url`` up, then POST ``body`` to it for ``settings.duration`` seconds."""
    warm_up(url, body, settings)
    return measure(url, body, settings)


def warm_up(url: str, body: dict[str, Any], settings: LoadSettings) -> None:
    """POST ``body`` to ``url`` for ``settings.warmup`` seconds, not measured."""
    if settings.warmup > 0:
        with _body_file(body) as body_file:
            _autocannon(url, body_file, settings.connections, settings.warmup)


def measure(url: str, body: dict[str, Any], settings: LoadSettings) -> Measurement:
    """POST ``body`` to ``url`` for ``settings.duration`` seconds, measured."""
    with _body_file(body) as body_file:
        return parse(_autocannon(url, body_file, settings.connections, settings.duration))


def drive_get(url: str, settings: LoadSettings) -> Measurement:
    """Warm ``url`` up, then GET it for ``settings.duration`` seconds."""
    if settings.warmup > 0:
        _autocannon(url, None, settings.connections, settings.warmup)
    return parse(_autocannon(url, None, settings.connections, settings.duration))


def parse(report: dict[str, Any]) -> Measurement:
    """A :class:`Measurement` from autocannon's ``--json`` report."""
    seconds = float(report["duration"])
    total = int(report["requests"]["total"])
    return Measurement(
        requests_per_second=round(total / seconds, 1) if seconds else 0.0,
        p50_ms=float(report["latency"]["p50"]),
        p99_ms=float(report["latency"]["p99"]),
        mean_ms=float(report["latency"]["mean"]),
        requests=total,
        errors=int(report["errors"]) + int(report["timeouts"]),
        non_2xx=int(report["non2xx"]),
        seconds=seconds,
        bytes_per_response=round(int(report["throughput"]["total"]) / total, 1) if total else 0.0,
        sent=int(report["requests"].get("sent", total)),
    )


@contextmanager
def _body_file(body: dict[str, Any]) -> Iterator[Path]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(body, file)
        body_file = Path(file.name)
    try:
        yield body_file
    finally:
        body_file.unlink(missing_ok=True)


def _autocannon(
    url: str, body_file: Path | None, connections: int, seconds: float
) -> dict[str, Any]:
    """POST the JSON in ``body_file`` to ``url``, or GET it when there is no body."""
    posting = (
        []
        if body_file is None
        else [
            "--method",
            "POST",
            "--headers",
            "content-type=application/json",
            "--input",
            str(body_file),
        ]
    )
    command = [
        "node",
        str(AUTOCANNON),
        "--connections",
        str(connections),
        "--duration",
        f"{seconds:g}",
        *posting,
        "--json",
        "--no-progress",
        url,
    ]
    finished = subprocess.run(
        command, capture_output=True, check=True, timeout=seconds + GRACE_SECONDS
    )
    report: dict[str, Any] = json.loads(finished.stdout)
    return report
