"""OpenTelemetry spans with ``HUB_TRACING``: one per request (continuing the caller's trace),
one per GraphQL operation with its name and cost, one per PostgreSQL statement; none when
tracing is off. Spans are kept by the SDK's in-memory exporter."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import httpx
import pytest
from opentelemetry import trace
from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from hub.tracing import trace_statements
from tests.conftest import hub_client
from tests.databases import BACKEND
from tests.live import live_hub

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT_ID = "00f067aa0ba902b7"
TRACEPARENT = f"00-{TRACE_ID}-{PARENT_ID}-01"
QUERY = "query TracedProbe { network { name } }"


@pytest.fixture(scope="module")
def exporter() -> InMemorySpanExporter:
    """The process's tracer provider (set once per process), keeping spans in memory."""
    kept = InMemorySpanExporter()
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider):
        provider = TracerProvider()
        trace.set_tracer_provider(provider)
    provider.add_span_processor(SimpleSpanProcessor(kept))
    return kept


@pytest.fixture
def spans(exporter: InMemorySpanExporter) -> Iterator[InMemorySpanExporter]:
    exporter.clear()
    yield exporter
    exporter.clear()


@pytest.fixture
def statements_traced() -> Iterator[None]:
    """PostgreSQL's statements traced, as ``hub serve`` traces them, for one test."""
    trace_statements()
    yield
    AsyncPGInstrumentor().uninstrument()  # type: ignore[no-untyped-call]


def test_a_traced_graphql_request_has_a_span_per_request_and_operation(
    database_url: str, spans: InMemorySpanExporter, statements_traced: None
) -> None:
    # when a named query is sent twice (the second time answered as a known operation),
    # continuing a caller's trace
    with hub_client(database_url, tracing=True) as hub:
        answers = [
            hub.post("/graphql", json={"query": QUERY}, headers={"traceparent": TRACEPARENT})
            for _ in range(2)
        ]
    finished = list(spans.get_finished_spans())

    # then each request is a server span, child of the caller's span
    requests = [s for s in finished if s.kind == SpanKind.SERVER]
    assert [s.name for s in requests] == ["POST /graphql", "POST /graphql"]
    for span in requests:
        assert span.context is not None and span.parent is not None
        assert format(span.context.trace_id, "032x") == TRACE_ID
        assert format(span.parent.span_id, "016x") == PARENT_ID
        assert span.attributes is not None
        assert span.attributes["http.route"] == "/graphql"
        assert span.attributes["http.response.status_code"] == 200
    # and each operation a span inside its request's, with its name and cost
    operations = [s for s in finished if s.name == "graphql query TracedProbe"]
    assert len(operations) == 2
    costs = [a.json()["extensions"]["cost"]["requestedQueryCost"] for a in answers]
    for operation, request, cost in zip(operations, requests, costs, strict=True):
        assert operation.parent is not None and request.context is not None
        assert operation.parent.span_id == request.context.span_id
        assert operation.attributes is not None
        assert operation.attributes["graphql.operation.name"] == "TracedProbe"
        assert operation.attributes["hub.graphql.cost"] == cost
    if BACKEND == "postgres":
        # and on PostgreSQL each statement a span inside its operation's
        statements = [s for s in finished if _is_statement(s)]
        assert statements
        parents = {s.parent.span_id for s in statements if s.parent is not None}
        assert parents <= {o.context.span_id for o in operations if o.context is not None}


def _is_statement(span: ReadableSpan) -> bool:
    return span.attributes is not None and span.attributes.get("db.system") == "postgresql"


def test_nothing_is_traced_when_tracing_is_off(
    database_url: str, spans: InMemorySpanExporter
) -> None:
    with hub_client(database_url) as hub:
        hub.post("/graphql", json={"query": QUERY}, headers={"traceparent": TRACEPARENT})

    assert [s for s in spans.get_finished_spans() if not _is_statement(s)] == []


class Collector(BaseHTTPRequestHandler):
    """An OTLP/HTTP collector on loopback, keeping the spans sent to it."""

    received: ClassVar[list[tuple[str, bytes]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"]))
        self.received.append((self.path, body))
        self.send_response(200)
        self.send_header("content-type", "application/x-protobuf")
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *_args: object) -> None:
        pass


def test_hub_serve_exports_its_spans_over_otlp_http(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a collector, and a hub serving with tracing on, sending to it
    collector = ThreadingHTTPServer(("127.0.0.1", 0), Collector)
    threading.Thread(target=collector.serve_forever, daemon=True).start()
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", f"http://127.0.0.1:{collector.server_port}")
    monkeypatch.setenv("OTEL_BSP_SCHEDULE_DELAY", "100")
    try:
        with live_hub(database_url, tracing=True) as base:
            # when a query is sent
            httpx.post(
                f"{base}/graphql", json={"query": QUERY}, headers={"traceparent": TRACEPARENT}
            )
        # (the hub stopped: its spans were flushed)
    finally:
        collector.shutdown()

    # then the collector received the request's and the operation's spans, in the trace
    sent = [
        span for path, body in Collector.received if path == "/v1/traces" for span in _spans(body)
    ]
    names = {span.name for span in sent}
    assert {"POST /graphql", "graphql query TracedProbe"} <= names
    assert {span.trace_id.hex() for span in sent if span.name == "POST /graphql"} == {TRACE_ID}


def _spans(body: bytes) -> list[Any]:
    request = ExportTraceServiceRequest()
    request.ParseFromString(body)
    return [
        span
        for resource in request.resource_spans
        for scope in resource.scope_spans
        for span in scope.spans
    ]
