"""What hand-written SQL knows of the two databases: PostgreSQL's numbered placeholders and
SQLite's question marks, and a moment as each stores it and gives it back."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest

from hub.services.dialect import Dialect

POSTGRES = Dialect(postgres=True)
SQLITE = Dialect(postgres=False)
MOMENT = datetime.datetime(2026, 11, 2, 9, 30, 5, 120000, tzinfo=datetime.UTC)


def connection_to(dialect: str) -> Any:
    return SimpleNamespace(capabilities=SimpleNamespace(dialect=dialect))


def test_the_dialect_is_the_connections() -> None:
    assert Dialect.of(connection_to("postgres")) == POSTGRES
    assert Dialect.of(connection_to("sqlite")) == SQLITE


def test_placeholders_are_numbered_from_where_asked_on_postgres_only() -> None:
    assert POSTGRES.marks(3) == "$1, $2, $3"
    assert POSTGRES.marks(2, start=4) == "$4, $5"
    assert POSTGRES.marks(1) == "$1"
    assert SQLITE.marks(3) == "?, ?, ?"
    assert SQLITE.marks(2, start=4) == "?, ?"
    assert SQLITE.marks(1) == "?"


def test_rows_of_placeholders_number_on_across_rows() -> None:
    assert POSTGRES.rows(2, 3) == "($1, $2, $3), ($4, $5, $6)"
    assert POSTGRES.rows(1, 2) == "($1, $2)"
    assert SQLITE.rows(2, 3) == "(?, ?, ?), (?, ?, ?)"


def test_a_moment_is_written_as_each_database_keeps_it() -> None:
    assert POSTGRES.moment(MOMENT) is MOMENT
    assert SQLITE.moment(MOMENT) == "2026-11-02 09:30:05.120000+00:00"


@pytest.mark.parametrize(
    "stored",
    [
        MOMENT,
        "2026-11-02 09:30:05.120000+00:00",
        "2026-11-02 09:30:05.120000",  # no zone: the hub writes UTC
    ],
)
def test_a_stored_moment_is_read_back_in_utc(stored: object) -> None:
    read = Dialect.stored_moment(stored)

    assert read == MOMENT
    assert read.utcoffset() == datetime.timedelta(0)


def test_a_moment_from_asyncpg_is_kept_as_it_is() -> None:
    assert Dialect.stored_moment(MOMENT) is MOMENT


def test_a_stored_moment_keeps_the_zone_it_was_given() -> None:
    read = Dialect.stored_moment("2026-11-02 11:30:05+02:00")

    assert read.utcoffset() == datetime.timedelta(hours=2)
    assert read == datetime.datetime(2026, 11, 2, 9, 30, 5, tzinfo=datetime.UTC)
