"""What the hub counts, for Prometheus to scrape at ``GET /metrics``.

Every label takes few values: routes are the hub's route templates (``unmatched`` for any
other path), GraphQL operations are named as their clients name them up to
``HUB_METRICS_OPERATION_NAMES`` names per process (later ones are ``other``), error codes
are the hub's own.
"""

from __future__ import annotations

import re
import threading

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from starlette.requests import Request
from starlette.responses import Response

GRAPHQL_OPERATIONS = Counter(
    "hub_graphql_operations",
    "GraphQL operations executed; compiled: every root field answered by one compiled"
    " statement (no resolver walked its answer).",
    ["compiled"],
)

HTTP_REQUESTS = Counter(
    "hub_http_requests",
    "HTTP requests answered, by route template, method and status.",
    ["route", "method", "status"],
)
HTTP_DURATION = Histogram(
    "hub_http_request_duration_seconds",
    "Time from a request's arrival to the end of its answer, by route template and method.",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
HTTP_IN_FLIGHT = Gauge("hub_http_requests_in_flight", "HTTP requests being answered.")

GRAPHQL_ERRORS = Counter(
    "hub_graphql_errors",
    "Errors in GraphQL answers, by operation name and extensions.code.",
    ["operation", "code"],
)
GRAPHQL_COST = Histogram(
    "hub_graphql_operation_cost",
    "Cost of each GraphQL operation admitted (the IBM GraphQL cost specification).",
    ["operation"],
    buckets=(1, 10, 50, 100, 500, 1_000, 5_000, 10_000, 50_000, 100_000, 250_000),
)

PETITION_SIGNATURES = Counter(
    "hub_petition_signatures_written",
    "Petition signatures committed, pending confirmation (new rows; a signature sent again"
    " is not counted).",
)
PETITION_CONFIRMATIONS = Counter(
    "hub_petition_signatures_confirmed",
    "Petition signatures confirmed by their signers, and so counted.",
)
STATEMENT_CO_SIGNATURES = Counter(
    "hub_statement_co_signatures_written",
    "Joint statement co-signatures committed (a member co-signing again is not counted).",
)
SIGNATURE_QUEUE = Gauge(
    "hub_signature_writer_queue_depth",
    "Petition signatures waiting for their batch to commit.",
)

UNMATCHED = "unmatched"
ANONYMOUS = "anonymous"
OTHER = "other"
_NAME = re.compile(r"^[_A-Za-z][_0-9A-Za-z]{0,63}$")
_CODE = re.compile(r"^[A-Z][A-Z0-9_]{0,39}$")


class OperationNames:
    """The operation names the metrics label, first come, up to a bound."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._known: set[str] = set()
        self._lock = threading.Lock()

    def label(self, name: str | None) -> str:
        if not name:
            return ANONYMOUS
        if not _NAME.match(name):
            return OTHER
        with self._lock:
            if name in self._known:
                return name
            if len(self._known) < self.limit:
                self._known.add(name)
                return name
        return OTHER


OPERATION_NAMES = OperationNames(100)
"""The process's names; ``hub serve`` sets its bound from the settings."""


def error_code(code: object) -> str:
    """An error's ``extensions.code`` as a label: the hub's codes, else ``OTHER``/``NONE``."""
    if code is None:
        return "NONE"
    return code if isinstance(code, str) and _CODE.match(code) else "OTHER"


LIVE_SUBSCRIPTIONS = Gauge(
    "hub_live_subscriptions",
    "GraphQL subscriptions this process is serving, by the topic of the events they follow.",
    ["topic"],
)


async def metrics(_request: Request) -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
