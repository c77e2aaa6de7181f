"""SQL statements per request as PostgreSQL counts them: from its own statement log.

Counting in the client (an ORM's query log, a GraphQL server's explain output) sees what
that client chose to report; it misses what a driver or a pool sends on its own
(``BEGIN``/``COMMIT``, a pool's reset after each use, type introspection) and it cannot be
done the same way for two servers written in two languages. PostgreSQL's log sees every
statement of every client alike.

So the bench runs a counting pass: each server connects as a role of its own whose
``log_statement`` is ``all`` (set on the role, so no other session logs more than it did),
answers K requests of a scenario, and the lines PostgreSQL logged for that role in the
meantime are counted: simple-protocol ``statement:`` lines and extended-protocol
``execute`` lines (``execute fetch from`` only resumes a portal already counted). A
query string holding several statements is one line, as PostgreSQL logs it once.

The log is a file on this machine (``--postgres-log``, the collector's current file, or
Debian's ``/var/log/postgresql/postgresql-<cluster>.log``). Whatever cannot be read is
reported as such, never guessed.
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

MARKER_TIMEOUT_SECONDS = 10.0

_LOGGED_STATEMENT = re.compile(
    r"^(?P<prefix>\S.*?)\bLOG:  (?:statement: |execute (?!fetch from )[^:]*: )"
)
"""A statement line of ``log_statement``; the prefix before it is ``log_line_prefix``'s.
Continuation lines of a long statement start with a tab and never match."""


class LogUnreadable(RuntimeError):
    """The statements cannot be counted from the log: the message says why."""


@dataclass(frozen=True)
class CountingRole:
    """A login role whose sessions log every statement."""

    name: str
    password: str

    def url(self, database_url: str) -> str:
        """``database_url`` connecting as this role instead."""
        parts = urlsplit(database_url)
        host = parts.hostname or "127.0.0.1"
        address = f"{host}:{parts.port}" if parts.port else host
        return urlunsplit(parts._replace(netloc=f"{self.name}:{self.password}@{address}"))


@dataclass(frozen=True)
class ServerLog:
    """PostgreSQL's log file, and whether its lines name the role that logged them."""

    path: Path

    def end(self) -> int:
        """Where the log ends now: the next count starts here."""
        return self.path.stat().st_size

    def count_since(self, offset: int, role: CountingRole, database_url: str) -> int:
        """The statements ``role`` logged since ``offset``, up to a marker it logs now.

        The marker is sent through the role's own new session, after the requests were
        answered: once it is in the log, everything the role sent before it is too.
        """
        marker = f"hub-bench-count-{secrets.token_hex(8)}"
        asyncio.run(_send_marker(role.url(database_url), marker))
        deadline = time.monotonic() + MARKER_TIMEOUT_SECONDS
        while True:
            logged = self._read_from(offset)
            if marker in logged:
                return count_logged_statements(logged.split(marker, 1)[0], role.name)
            if time.monotonic() > deadline:
                raise LogUnreadable(f"the marker statement did not reach {self.path}")
            time.sleep(0.1)

    def _read_from(self, offset: int) -> str:
        with self.path.open("rb") as log:
            log.seek(0, os.SEEK_END)
            if log.tell() < offset:
                raise LogUnreadable(f"{self.path} was rotated while counting")
            log.seek(offset)
            return log.read().decode("utf-8", errors="replace")


def count_logged_statements(logged: str, role: str) -> int:
    """Statement lines of ``role`` in ``logged``; the line of an unfinished marker (the
    text before it on its line) is left out."""
    named = re.compile(rf"(?<![\w$]){re.escape(role)}(?![\w$])")
    lines = logged.splitlines()
    if lines and not logged.endswith("\n"):
        lines.pop()  # the marker's own line, cut before the marker
    count = 0
    for line in lines:
        found = _LOGGED_STATEMENT.match(line)
        if found and named.search(found["prefix"]):
            count += 1
    return count


def find_server_log(admin_url: str, configured: Path | None) -> ServerLog:
    """The server's log file, readable, its lines naming their role; else
    :class:`LogUnreadable`."""
    settings = asyncio.run(_log_settings(admin_url))
    if "%u" not in settings["log_line_prefix"]:
        raise LogUnreadable(
            f"log_line_prefix {settings['log_line_prefix']!r} does not name the role (%u)"
        )
    path = configured or _default_log_path(settings)
    if path is None:
        raise LogUnreadable("the server log's path is unknown: give --postgres-log")
    try:
        with path.open("rb"):
            pass
    except OSError as error:
        raise LogUnreadable(f"cannot read {path}: {error.strerror}") from None
    return ServerLog(path)


@contextmanager
def counting_role(admin_url: str, server: str) -> Iterator[CountingRole]:
    """A role for ``server`` that logs every statement, dropped when the block ends.

    It is granted every table and sequence of ``public`` by name, not through
    ``pg_read_all_data``: PostGraphile reads a role's grants from the catalogue to decide
    which tables its schema shows, and would hide the tables a predefined role reaches. It
    may create in ``public`` (a server's start-up checks its migrations table). Creating
    it and setting ``log_statement`` on it takes a superuser.
    """
    role = CountingRole(f"hub_bench_{server}_{os.getpid()}", secrets.token_hex(16))
    try:
        asyncio.run(_create_role(admin_url, role))
    except asyncpg.PostgresError as refused:
        raise LogUnreadable(f"cannot create the counting role: {refused}") from None
    try:
        yield role
    finally:
        asyncio.run(_drop_role(admin_url, role))


def _default_log_path(settings: dict[str, str]) -> Path | None:
    if settings["current_logfile"]:
        logfile = Path(settings["current_logfile"])
        return logfile if logfile.is_absolute() else Path(settings["data_directory"]) / logfile
    if settings["cluster_name"]:
        # Debian's pg_ctlcluster sends each cluster's stderr to a file named after it
        cluster = settings["cluster_name"].replace("/", "-")
        return Path(f"/var/log/postgresql/postgresql-{cluster}.log")
    return None


async def _log_settings(admin_url: str) -> dict[str, str]:
    connection = await asyncpg.connect(_libpq(admin_url))
    try:
        found = {
            name: str(await connection.fetchval(f"SHOW {name}"))
            for name in ("log_line_prefix", "cluster_name", "data_directory")
        }
        try:  # set only while the logging collector runs
            current = await connection.fetchval("SELECT pg_current_logfile()")
        except asyncpg.InsufficientPrivilegeError:
            current = None
        found["current_logfile"] = str(current or "")
        return found
    finally:
        await connection.close()


async def _create_role(admin_url: str, role: CountingRole) -> None:
    connection = await asyncpg.connect(_libpq(admin_url))
    try:
        await _drop(connection, role)  # left by a run that was killed
        # a role name and a hex password of our own making: no quoting needed
        await connection.execute(f"CREATE ROLE {role.name} LOGIN PASSWORD '{role.password}'")
        for grant in (
            "SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public",
            "USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public",
            "USAGE, CREATE ON SCHEMA public",
        ):
            await connection.execute(f"GRANT {grant} TO {role.name}")
        await connection.execute(f"ALTER ROLE {role.name} SET log_statement = 'all'")
    finally:
        await connection.close()


async def _drop_role(admin_url: str, role: CountingRole) -> None:
    connection = await asyncpg.connect(_libpq(admin_url))
    try:
        await _drop(connection, role)
    finally:
        await connection.close()


async def _drop(connection: asyncpg.Connection, role: CountingRole) -> None:
    exists = await connection.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role.name)
    if not exists:
        return
    await connection.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", role.name
    )
    await connection.execute(f"DROP OWNED BY {role.name}")  # its grants, here
    await connection.execute(f"DROP ROLE {role.name}")


async def _send_marker(url: str, marker: str) -> None:
    connection = await asyncpg.connect(_libpq(url))
    try:
        await connection.execute(f"SELECT '{marker}'")
    finally:
        await connection.close()


def _libpq(url: str) -> str:
    return "postgresql://" + url.split("://", 1)[1]
