"""Which request the current task serves: its id, for every log line it writes.

The id is the trace id of an incoming W3C ``traceparent`` header when there is a valid one
(so the hub's log lines join the caller's trace), else a new random one; it is returned in
``X-Request-Id``. It lives in a context variable: every task the request starts inherits
it, and a task that outlives requests (the signature writer) forgets it.
"""

from __future__ import annotations

import re
import secrets
from contextvars import ContextVar, Token

TRACEPARENT = re.compile(r"^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$")
"""W3C Trace Context, version 00 and later: version, trace id, parent id, flags."""
NO_TRACE = "0" * 32


_current: ContextVar[str | None] = ContextVar("hub_request_id", default=None)


def request_id_from(traceparent: str | None) -> str:
    """The trace id of a valid ``traceparent``, else a new id of the same form."""
    if traceparent:
        matched = TRACEPARENT.match(traceparent.strip().lower())
        if matched and matched.group(1) != NO_TRACE and not traceparent.startswith("ff"):
            return matched.group(1)
    return secrets.token_hex(16)


def request_id() -> str | None:
    """The id of the request the current task serves, if any."""
    return _current.get()


def begin(chosen: str) -> Token[str | None]:
    """Make ``chosen`` the current request's id; the token ``end`` takes."""
    return _current.set(chosen)


def end(token: Token[str | None]) -> None:
    _current.reset(token)


def forget() -> None:
    """For a task that serves no request in particular, though a request started it."""
    _current.set(None)
