"""Measuring a dashboard read on the hub and its peer alternately: hub, peer, hub, peer.

Measuring all of one server and then all of the other lets anything that changes over the
run's minutes (another job on the machine, the database's caches, a CPU's clock) fall on
one side only; alternating rounds spreads it over both, and the rounds' spread shows how
steady the machine was. Both servers stay up meanwhile, idle while the other is measured.

Each run is warmed up first, and the server's CPU time and the hub's operation counter are
read once the server is idle before and after it (``bench.cost``), so that the work of
requests still in flight is counted in the run it belongs to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bench import load
from bench.cost import CpuUnreadable, cpu_seconds, settle
from bench.load import LoadSettings
from bench.metrics import OperationCounts, read_operations
from bench.results import RoundFigures
from bench.servers import RunningServer


@dataclass(frozen=True)
class Contender:
    """A server under test and the body it is sent for one scenario."""

    label: str
    """How progress lines name it: ``hub``, ``PostGraphile``."""
    server: RunningServer
    body: dict[str, Any]
    counts_operations: bool
    """Whether it serves the hub's ``/metrics`` (the peer does not)."""


def measure_alternately(
    contenders: Sequence[Contender],
    settings: LoadSettings,
    report: Callable[[int, Contender, RoundFigures], None],
) -> list[list[RoundFigures]]:
    """``settings.rounds`` rounds of one measured run per contender, in turn; the runs of
    each contender, in its order. ``report`` hears of each run as it ends."""
    runs: list[list[RoundFigures]] = [[] for _ in contenders]
    for round_number in range(1, settings.rounds + 1):
        for contender, done in zip(contenders, runs, strict=True):
            figures = measured_run(contender, settings)
            done.append(figures)
            report(round_number, contender, figures)
    return runs


def measured_run(contender: Contender, settings: LoadSettings) -> RoundFigures:
    """Warm the contender up, then measure it with its CPU time and operations."""
    server = contender.server
    load.warm_up(server.graphql_url, contender.body, settings)
    settle(server.pid)
    before = _operations(contender)
    before_cpu = _cpu(server.pid)  # after the metrics scrape, which is not the run's
    measurement = load.measure(server.graphql_url, contender.body, settings)
    settle(server.pid)
    after_cpu = _cpu(server.pid)
    after = _operations(contender)
    return RoundFigures(
        measurement,
        None if before_cpu is None or after_cpu is None else round(after_cpu - before_cpu, 3),
        after.since(before) if after is not None and before is not None else None,
    )


def _cpu(group: int) -> float | None:
    try:
        return cpu_seconds(group)
    except CpuUnreadable:
        return None


def _operations(contender: Contender) -> OperationCounts | None:
    return read_operations(contender.server.base_url) if contender.counts_operations else None
