"""OpenTelemetry spans, when ``HUB_TRACING`` is on: one per request, one per GraphQL
operation (its name and cost), and one per PostgreSQL statement.

The hub's code speaks only to OpenTelemetry's API, which does nothing until a tracer
provider is installed. ``hub serve`` installs the SDK's, exporting over OTLP/HTTP
(``pip install 'hub[otel]'``; the exporter reads ``OTEL_EXPORTER_OTLP_ENDPOINT`` and the
other ``OTEL_*`` variables); tests install one that keeps spans in memory. A request that
arrives with a W3C ``traceparent`` continues the caller's trace.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from opentelemetry import propagate, trace
from opentelemetry.trace import Span, SpanKind, Status, StatusCode

TRACER = trace.get_tracer("hub")


@contextmanager
def request_span(method: str, path: str, headers: Mapping[str, str]) -> Iterator[Span]:
    """The span of one HTTP request, child of the caller's ``traceparent`` if it sent one."""
    with TRACER.start_as_current_span(
        method,
        context=propagate.extract(headers),
        kind=SpanKind.SERVER,
        attributes={"http.request.method": method, "url.path": path[:2000]},
    ) as span:
        yield span


def request_answered(span: Span, method: str, route: str, status: int) -> None:
    span.update_name(f"{method} {route}")
    span.set_attribute("http.route", route)
    span.set_attribute("http.response.status_code", status)
    if status >= 500:
        span.set_status(Status(StatusCode.ERROR))


@contextmanager
def operation_span(enabled: bool) -> Iterator[Span | None]:
    """The span of one GraphQL operation (named once its name is known), or None."""
    if not enabled:
        yield None
        return
    with TRACER.start_as_current_span("graphql.operation") as span:
        yield span


def operation_answered(
    span: Span | None, name: str | None, kind: str | None, cost: int | None, errors: int
) -> None:
    if span is None:
        return
    span.update_name(f"graphql {kind or 'operation'} {name or 'anonymous'}")
    span.set_attribute("graphql.operation.name", name or "")
    if kind:
        span.set_attribute("graphql.operation.type", kind)
    if cost is not None:
        span.set_attribute("hub.graphql.cost", cost)
    span.set_attribute("hub.graphql.errors", errors)
    if errors:
        span.set_status(Status(StatusCode.ERROR))


def install_exporter() -> None:
    """For ``hub serve``: the SDK's tracer provider, batching spans to an OTLP/HTTP
    collector, and PostgreSQL statements traced."""
    # imported here: the SDK and the exporter are the optional extra ``hub[otel]``
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = TracerProvider(resource=Resource.create({"service.name": "hub"}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    trace_statements()


def trace_statements() -> None:
    """A span per PostgreSQL statement (asyncpg's instrumentation). SQLite's statements
    run on aiosqlite's thread, outside the request's trace context: they are not traced."""
    from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor

    instrumentor = AsyncPGInstrumentor()  # type: ignore[no-untyped-call]
    if not instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.instrument()
