"""Counting the SQL statements the hub sends, from Tortoise's own query log."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

_STATEMENT_WORDS = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")


class _StatementLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().lstrip()
        if message.upper().startswith(_STATEMENT_WORDS):
            self.statements.append(message)


@contextmanager
def recorded_statements() -> Iterator[list[str]]:
    """The SQL statements executed inside the block, in order."""
    logger = logging.getLogger("tortoise.db_client")
    handler = _StatementLog()
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        yield handler.statements
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
