"""The HTTP answer of a request that met the database away: 503, and when to come back.

GraphQL fields and petition signatures answer a lost connection themselves, with errors of
their own kind. Anything else that meets one before answering (the revocation check of a
bearer token, an idempotency key, a widget's first read of a petition) would end as a 500
and a stack trace; it is answered here with 503, ``Retry-After`` and a body in the shape
GraphQL clients read (``errors[].extensions.code``), and logged in one line.
"""

from __future__ import annotations

import logging

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub.db import RETRY_AFTER_SECONDS, connection_lost
from schema.unavailable import CODE, NOT_WRITTEN

log = logging.getLogger(__name__)


class DatabaseUnavailableAnswers:
    """ASGI middleware: a lost connection that reaches it unanswered becomes a 503."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as error:
            if started or not connection_lost(error):
                raise
            log.warning("%s %s met the database away: %r", scope["method"], scope["path"], error)
            await unavailable_answer()(scope, receive, send)


def unavailable_answer() -> JSONResponse:
    extensions = {"code": CODE, "retryable": True, "retryAfterSeconds": RETRY_AFTER_SECONDS}
    return JSONResponse(
        {"errors": [{"message": NOT_WRITTEN, "extensions": extensions}]},
        status_code=503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )
