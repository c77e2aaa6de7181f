"""The ways a write can be refused, with the field at fault, for every mutation's payload."""

from __future__ import annotations

import re
import sqlite3
from enum import StrEnum

import asyncpg
from tortoise.exceptions import IntegrityError


class Refusal(StrEnum):
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    NOT_ELIGIBLE = "not_eligible"
    WRONG_STATUS = "wrong_status"
    INVALID = "invalid"
    CONFLICT = "conflict"
    TOO_MANY = "too_many"


class WriteRefused(Exception):
    """A business rule refused the write. Nothing was changed."""

    def __init__(self, code: Refusal, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


_POSTGRES_KEY = re.compile(r"Key \((?P<columns>[^)]*)\)=")
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (?P<columns>.*)")


def unique_columns(error: IntegrityError, table: str) -> frozenset[str]:
    """The columns of ``table`` whose values must be unique and were not, when that is why
    the database refused the write; empty when it refused it for another reason."""
    cause = _cause(error)
    if isinstance(cause, asyncpg.UniqueViolationError) and cause.table_name == table:
        found = _POSTGRES_KEY.match(cause.detail or "")
        return frozenset(found["columns"].split(", ")) if found else frozenset()
    if isinstance(cause, sqlite3.IntegrityError):
        found = _SQLITE_UNIQUE.fullmatch(str(cause))
        if found:
            # SQLite names each column as table.column
            columns = [column.partition(".") for column in found["columns"].split(", ")]
            if all(owner == table for owner, _, _ in columns):
                return frozenset(name for _, _, name in columns)
    return frozenset()


def integrity_refusal(error: IntegrityError) -> WriteRefused:
    """A write the database refused for a reason no rule foresaw, said as the database says
    it: a row it refers to is missing, or a value is not allowed."""
    cause = _cause(error)
    detail = cause.detail if isinstance(cause, asyncpg.PostgresError) else None
    reason = detail or (str(cause).splitlines() or ["it gave no reason"])[0]
    if isinstance(cause, asyncpg.ForeignKeyViolationError) or reason.startswith("FOREIGN KEY"):
        return WriteRefused(Refusal.NOT_FOUND, f"Something the write refers to is gone: {reason}")
    return WriteRefused(Refusal.INVALID, f"The database refused the write: {reason}")


def slug_refusal(error: IntegrityError, table: str, slug: str) -> WriteRefused:
    """A taken slug is a conflict on ``slug``; any other integrity error says what it is."""
    if unique_columns(error, table) == {"slug"}:
        return WriteRefused(Refusal.CONFLICT, f"The slug '{slug}' is taken.", "slug")
    return integrity_refusal(error)


def _cause(error: IntegrityError) -> object:
    """The driver's own error, which Tortoise passes on as its first argument."""
    return error.args[0] if error.args else error
