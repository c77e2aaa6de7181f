"""What the hub counts, for Prometheus to scrape at ``GET /metrics``."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, generate_latest
from starlette.requests import Request
from starlette.responses import Response

GRAPHQL_OPERATIONS = Counter(
    "hub_graphql_operations",
    "GraphQL operations executed; compiled: every root field answered by one compiled"
    " statement (no resolver walked its answer).",
    ["compiled"],
)

LIVE_SUBSCRIPTIONS = Gauge(
    "hub_live_subscriptions",
    "GraphQL subscriptions this process is serving, by the topic of the events they follow.",
    ["topic"],
)


async def metrics(_request: Request) -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
