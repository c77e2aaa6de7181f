"""The hub's log: one line per event, JSON for machines or text for people.

Every line written while a request is served carries that request's id
(``hub.request_context``); each request ends with one access line naming its route,
status and duration (``hub.observation``). Texts that come from clients can be long (a
2 MB slug in a path): a message or field longer than :data:`MAX_CHARS` is cut, and says
how long it was.
"""

from __future__ import annotations

import datetime
import logging
import sys
from typing import Any

import orjson

from hub import request_context
from hub.db import connection_lost
from hub.long_text import cut
from hub.settings import Settings

MAX_CHARS = 2000
"""Characters of a message, or of one field, a log line keeps."""
MAX_EXCEPTION_CHARS = 20_000
ACCESS = "hub.access"
"""The logger of the access lines."""
FIELDS = ("method", "path", "route", "status", "duration_ms", "error_reference")
"""Fields a line may carry (``extra=`` of the logging call) besides its message."""


class RequestIds(logging.Filter):
    """Gives every record the id of the request being served (or None)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_context.request_id()
        return True


class LostConnectionsInOneLine(logging.Filter):
    """A database gone away is an event, not a fault: asyncpg's pool says so with a stack
    trace each time it fails to reconnect; here it is one line, the error named."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is not None and connection_lost(error):
            record.msg, record.args = f"{record.getMessage()}: {error!r}", None
            record.exc_info, record.exc_text = None, None
        return True


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    found = {}
    for name in FIELDS:
        value = getattr(record, name, None)
        if value is not None:
            found[name] = cut(value, MAX_CHARS) if isinstance(value, str) else value
    return found


class JsonLines(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, fields."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": cut(record.getMessage(), MAX_CHARS),
            "request_id": getattr(record, "request_id", None),
            **_fields(record),
        }
        if record.exc_info:
            line["exception"] = cut(self.formatException(record.exc_info), MAX_EXCEPTION_CHARS)
        return orjson.dumps(line).decode()


class PlainText(logging.Formatter):
    """``time LEVEL logger [request id] message key=value…``, each line cut as JSON's are."""

    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.datetime.fromtimestamp(record.created, datetime.UTC)
        request = getattr(record, "request_id", None)
        fields = " ".join(f"{name}={value}" for name, value in _fields(record).items())
        text = (
            f"{moment:%Y-%m-%dT%H:%M:%S}Z {record.levelname} {record.name}"
            f"{f' [{request}]' if request else ''} {cut(record.getMessage(), MAX_CHARS)}"
            f"{f'  {fields}' if fields else ''}"
        )
        if record.exc_info:
            text += "\n" + cut(self.formatException(record.exc_info), MAX_EXCEPTION_CHARS)
        return text


def handler_for(settings: Settings, stream: Any = None) -> logging.Handler:
    """A handler writing the hub's lines, in the settings' format, to ``stream`` (stderr)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonLines() if settings.logs_as_json() else PlainText())
    handler.addFilter(RequestIds())
    handler.addFilter(LostConnectionsInOneLine())
    return handler


def configure_logging(settings: Settings) -> None:
    """The process's log, for ``hub serve``: every logger (the server's own too) writes
    through one handler; the server's access log is off, the hub writes its own."""
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler_for(settings))
    root.setLevel(settings.log_level.upper())
    logging.captureWarnings(True)  # a warning is a line like any other, not raw stderr
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
