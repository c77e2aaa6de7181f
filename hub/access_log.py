"""The access log, with each request's target cut short: a request for a 2 MB address is one
line of the log, not 2 MB of it."""

from __future__ import annotations

import logging

from hub.long_text import cut

MAX_TARGET_CHARACTERS = 200
"""How much of a request's path and query the access log keeps."""


def short_target(target: str) -> str:
    """A request's path and query as the log keeps it: cut, saying how long it was."""
    return cut(target, MAX_TARGET_CHARACTERS)


class ShortTargets(logging.Filter):
    """Cuts the request target in uvicorn's access lines (client, method, target, HTTP
    version, status) to ``MAX_TARGET_CHARACTERS``, saying how long it was."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            record.args = (args[0], args[1], short_target(args[2]), args[3], args[4])
        return True


SHORT_TARGETS = ShortTargets()


def shorten_access_log() -> None:
    """Cut long targets in the access log of the server this process runs (uvicorn's)."""
    logging.getLogger("uvicorn.access").addFilter(SHORT_TARGETS)
