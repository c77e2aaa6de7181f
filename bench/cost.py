"""What serving costs a server process: its CPU time, read from ``/proc``, and how many
objects an answer holds, so that CPU can be reported per request and per output object.

Requests per second say how a server fares on this machine with the load generator and
the database beside it; CPU per request says what the server itself spends, and CPU per
output object whether that grows with the answer (it should not, where reads are compiled
and the database builds the JSON).
"""

from __future__ import annotations

import os
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

PROC = Path("/proc")
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

IDLE_INTERVAL_SECONDS = 0.2
IDLE_TIMEOUT_SECONDS = 30.0


class CpuUnreadable(RuntimeError):
    """There is no ``/proc`` to read a process's CPU time from (not Linux)."""


def cpu_seconds(group: int) -> float:
    """User plus system CPU seconds of the live processes in process group ``group``.

    Servers run in their own process group (``bench.servers``), so a server that forks
    workers is counted whole. Fields 14 and 15 of ``/proc/<pid>/stat`` are in clock ticks;
    the command name (field 2) may hold spaces and parentheses, so fields are counted from
    its closing parenthesis.
    """
    if not PROC.is_dir():
        raise CpuUnreadable("no /proc: CPU per request is read on Linux only")
    ticks = 0
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # the process ended meanwhile
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        # fields[0] is field 3 (state): the process group is field 5, utime 14, stime 15
        if int(fields[2]) == group:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / TICKS_PER_SECOND


def wait_until_idle(group: int, timeout: float = IDLE_TIMEOUT_SECONDS) -> float:
    """Wait until the process group spends at most one clock tick in an interval; return
    its CPU seconds then.

    A load run that ends leaves requests in flight, and the server finishes them after the
    load generator has gone: reading CPU time only once the server is idle puts that work
    inside the measured window, and keeps a warm-up's tail out of the next one.
    """
    deadline = time.monotonic() + timeout
    before = cpu_seconds(group)
    while True:
        time.sleep(IDLE_INTERVAL_SECONDS)
        now = cpu_seconds(group)
        if now - before <= 1 / TICKS_PER_SECOND or time.monotonic() > deadline:
            return now
        before = now


def settle(group: int) -> None:
    """:func:`wait_until_idle`, where there is a ``/proc`` to tell; elsewhere, return."""
    with suppress(CpuUnreadable):
        wait_until_idle(group)


def count_objects(value: Any) -> int:
    """JSON objects in a decoded answer, ``value`` itself included."""
    if isinstance(value, dict):
        return 1 + sum(count_objects(item) for item in value.values())
    if isinstance(value, list):
        return sum(count_objects(item) for item in value)
    return 0
