"""What the bench ran on: the machine and the versions of everything measured."""

from __future__ import annotations

import asyncio
import json
import os
import platform
import sqlite3
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import asyncpg

from bench.load import NODE_MODULES

PYTHON_PACKAGES = ("strawberry-graphql", "tortoise-orm", "starlette", "uvicorn", "asyncpg")
NODE_PACKAGES = ("postgraphile", "postgraphile-plugin-connection-filter", "autocannon")


@dataclass(frozen=True)
class Machine:
    cpu_model: str
    cores: int
    """Logical CPUs the operating system offers."""
    memory_bytes: int
    system: str
    load_average: float
    """The 1-minute load average when the run started: other work competing for the cores."""


def describe_machine() -> Machine:
    return Machine(
        cpu_model=_cpu_model(),
        cores=os.cpu_count() or 0,
        memory_bytes=_memory_bytes(),
        system=platform.platform(terse=True),
        load_average=round(os.getloadavg()[0], 2),
    )


def versions(postgres_url: str | None) -> dict[str, str]:
    """Versions of the interpreters, libraries, databases and tools the bench used."""
    found = {"python": platform.python_version()}
    for package in PYTHON_PACKAGES:
        found[package] = _python_package(package)
    found["sqlite"] = sqlite3.sqlite_version
    if postgres_url is not None:
        found["postgresql"] = asyncio.run(_postgres_version(postgres_url))
    found["node"] = _command_output(["node", "--version"]).lstrip("v")
    for package in NODE_PACKAGES:
        found[package] = _node_package(package)
    return found


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    if platform.system() == "Darwin":
        return _command_output(["sysctl", "-n", "machdep.cpu.brand_string"])
    return platform.processor() or "unknown"


def _memory_bytes() -> int:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    if platform.system() == "Darwin":
        return int(_command_output(["sysctl", "-n", "hw.memsize"]) or 0)
    return 0


def _python_package(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _node_package(name: str) -> str:
    try:
        manifest = json.loads((NODE_MODULES / name / "package.json").read_text())
    except (OSError, ValueError):
        return "not installed"
    return str(manifest.get("version", "unknown"))


def _command_output(command: list[str]) -> str:
    try:
        finished = subprocess.run(command, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return finished.stdout.strip() or "unknown"


async def _postgres_version(url: str) -> str:
    connection = await asyncpg.connect("postgresql://" + url.split("://", 1)[1])
    try:
        return str(await connection.fetchval("SHOW server_version"))
    finally:
        await connection.close()
