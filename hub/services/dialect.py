"""What hand-written SQL must know of the two databases: placeholders and moments."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient


@dataclass(frozen=True)
class Dialect:
    postgres: bool

    @classmethod
    def of(cls, connection: BaseDBAsyncClient) -> Dialect:
        return cls(connection.capabilities.dialect == "postgres")

    def marks(self, count: int, start: int = 1) -> str:
        """``count`` placeholders, numbered from ``start`` on PostgreSQL."""
        if self.postgres:
            return ", ".join(f"${n}" for n in range(start, start + count))
        return ", ".join("?" * count)

    def rows(self, count: int, width: int) -> str:
        """``count`` rows of ``width`` placeholders each, for ``VALUES``."""
        return ", ".join(f"({self.marks(width, 1 + n * width)})" for n in range(count))

    def moment(self, value: datetime.datetime) -> Any:
        # SQLite keeps datetimes as the ISO text Tortoise writes; asyncpg takes them as they are
        return value if self.postgres else value.isoformat(" ")

    @staticmethod
    def stored_moment(value: Any) -> datetime.datetime:
        """A time as a query returns it (a datetime from asyncpg, ISO text from SQLite)."""
        moment = (
            value
            if isinstance(value, datetime.datetime)
            else datetime.datetime.fromisoformat(str(value))
        )
        return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)
