"""`hub serve` processes a test may kill, and a PostgreSQL server of the test's own that it may
restart (the shared one at 127.0.0.1:5432 serves other test runs, and is never restarted)."""

from __future__ import annotations

import asyncio
import contextlib
import glob
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from hub import db
from tests.live import _start, free_port, wait_until_healthy


@dataclass
class HubProcess:
    process: subprocess.Popen[bytes]
    base: str

    def kill(self) -> None:
        """SIGKILL: no shutdown, no rollback, no answer to anyone."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


@contextmanager
def hub_process(database_url: str, log: Path, **settings: Any) -> Iterator[HubProcess]:
    """`hub serve` on ``database_url`` until the block ends or the test kills it."""
    process, base = _start(database_url, None, log, settings)
    hub = HubProcess(process, base)
    try:
        wait_until_healthy(process, f"{base}/health")
        yield hub
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                hub.kill()


def _binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not found:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL's server programs are missing (postgresql's package)")
        pytest.skip("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
    return Path(found[-1]).parent


@dataclass
class PrivatePostgres:
    """A PostgreSQL cluster in a temporary folder, on a free loopback port."""

    bin: Path
    data: Path
    port: int
    user: str | None
    """The system user the server runs as when this process is root (which it refuses)."""

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data}"
        self._run("pg_ctl", "start", "-w", "-D", str(self.data), "-o", options, "-l",
                  str(self.data / "server.log"))  # fmt: skip

    def stop(self) -> None:
        self._run("pg_ctl", "stop", "-w", "-m", "fast", "-D", str(self.data))

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    """Initialised, started, and removed at the end of the block."""
    binaries = _binaries()
    user = None
    folder = Path(tempfile.mkdtemp(prefix="hub-postgres-"))
    if os.geteuid() == 0:
        user = "postgres"
        try:
            owner = pwd.getpwnam(user)
        except KeyError:
            pytest.skip("running as root, and there is no postgres user to run PostgreSQL as")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    server = PrivatePostgres(binaries, folder / "data", free_port(), user)
    try:
        server._run("initdb", "-D", str(server.data), "-U", "postgres", "-A", "trust")
        server.start()
        try:
            yield server
        finally:
            with contextlib.suppress(subprocess.CalledProcessError):
                server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def migrated_database(server: PrivatePostgres, name: str) -> str:
    """A new, migrated database on ``server``; its URL."""

    async def create() -> None:
        admin = await asyncpg.connect(server.url())
        try:
            await admin.execute(f'CREATE DATABASE "{name}"')
        finally:
            await admin.close()

    asyncio.run(create())
    url = server.url(name)
    asyncio.run(db.migrate(url))
    return url
