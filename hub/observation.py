"""Every request observed once, from outside every other middleware: its id, its metrics,
its access line and, when tracing is on, its span.

The request id (``hub.request_context``) is current for everything the request runs and
is returned in ``X-Request-Id``. A fault nothing else answered is logged here once, with
the request id and a reference, and the client gets 500 with the reference and no stack
trace. A client that went away before its request's body was whole is no fault: one line
says so, and the access line counts it as 499 (nginx's "client closed request").
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import time

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import ClientDisconnect
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub import request_context, tracing
from hub.access_log import short_target
from hub.logs import ACCESS
from hub.metrics import HTTP_DURATION, HTTP_IN_FLIGHT, HTTP_REQUESTS, UNMATCHED

REQUEST_ID = "x-request-id"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
"""Methods the metrics name; any other a client sends is counted as ``OTHER``."""
CLIENT_GONE = 499
"""The status of a request whose client went away before it was whole: nobody was answered."""

log = logging.getLogger("hub.faults")
gone = logging.getLogger("hub.requests")
access = logging.getLogger(ACCESS)


class RequestObservation:
    """ASGI middleware; the outermost of the hub's."""

    def __init__(self, app: ASGIApp, traced: bool = False) -> None:
        self.app = app
        self.traced = traced

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        request_id = request_context.request_id_from(headers.get("traceparent"))
        token = request_context.begin(request_id)
        method, path = scope["method"], scope["path"]
        status, answering = 500, False
        started_at = time.perf_counter()

        async def sending(message: Message) -> None:
            nonlocal status, answering
            if message["type"] == "http.response.start":
                status, answering = message["status"], True
                MutableHeaders(scope=message)[REQUEST_ID] = request_id
            await send(message)

        HTTP_IN_FLIGHT.inc()
        span_of = tracing.request_span(method, path, headers) if self.traced else None
        try:
            with span_of or contextlib.nullcontext() as span:
                try:
                    await self.app(scope, receive, sending)
                except ClientDisconnect:  # nothing was done for it, and nobody is left to answer
                    status = status if answering else CLIENT_GONE
                    gone.info("The client went away before sending its whole request")
                except Exception:
                    if answering:  # the answer had started: nothing more can be said
                        raise
                    await self._fault(scope, receive, sending)
                if span is not None:
                    tracing.request_answered(span, method, _route(scope), status)
        finally:
            HTTP_IN_FLIGHT.dec()
            seconds = time.perf_counter() - started_at
            route = _route(scope)
            kind = method if method in METHODS else "OTHER"
            HTTP_REQUESTS.labels(route, kind, str(status)).inc()
            HTTP_DURATION.labels(route, kind).observe(seconds)
            access.info(
                "%s %s %d",
                method,
                route,
                status,
                extra={
                    "method": method,
                    "path": short_target(path),
                    "route": route,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 3),
                },
            )
            request_context.end(token)

    async def _fault(self, scope: Scope, receive: Receive, send: Send) -> None:
        reference = secrets.token_hex(6)
        log.exception(
            "Unexpected error (reference %s)", reference, extra={"error_reference": reference}
        )
        body = {
            "errors": [
                {
                    "message": f"Unexpected error (reference {reference}).",
                    "extensions": {"code": "INTERNAL_SERVER_ERROR", "reference": reference},
                }
            ]
        }
        await JSONResponse(body, status_code=500)(scope, receive, send)


def _route(scope: Scope) -> str:
    """The template of the route that answered (``/widgets/petitions/{slug}``), so that a
    label never holds what a client typed."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else UNMATCHED
