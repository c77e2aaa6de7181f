"""The hub's ASGI application: ``create_app(settings)``."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.routing import BaseRoute, Route, WebSocketRoute
from strawberry.schema import BaseSchema
from tortoise.context import TortoiseContext

from auth.bearer import BearerTokens, refuse_token
from auth.passwords import limit_hashing
from auth.routes import EXCEPTION_HANDLERS, AuthorizationEndpoints
from auth.server import HubAuthorizationServer
from hub import db
from hub.access_log import shorten_access_log
from hub.body_limit import BodyLimit
from hub.dashboard import dashboard_routes
from hub.dashboard.operations import register_dashboard_operations
from hub.events.postgres import events_across_replicas
from hub.feeds import feed_routes
from hub.graphiql import graphiql_routes
from hub.graphql_view import GraphQLEndpoint
from hub.idempotency import IdempotencyKeys
from hub.ledger.keys import use_key
from hub.ledger.routes import ledger_routes
from hub.mail.sender import OutboxSender
from hub.metrics import OPERATION_NAMES, metrics
from hub.newsletters.routes import newsletter_routes
from hub.newsletters.schedule import DigestSchedule
from hub.observation import RequestObservation
from hub.readiness import Readiness, health
from hub.reports import report_routes
from hub.schemas import schema_for
from hub.security_headers import SecurityHeaders
from hub.services.cleanup import clean_periodically
from hub.settings import Settings
from hub.unavailable import DatabaseUnavailableAnswers
from hub.widgets import widget_routes
from schema.limits.budgets import Budgets
from schema.subgraphs import SUBGRAPHS


def create_app(settings: Settings | None = None, subgraph: str | None = None) -> Starlette:
    """The hub for these settings; the database opens and closes with the app's lifespan.

    By default ``/graphql`` serves the monolith and ``/subgraphs/NAME/graphql`` each
    subgraph; given a ``subgraph``, ``/graphql`` serves that subgraph alone.
    """
    settings = settings or Settings()
    use_key(settings)  # the ledgers' signing key: made in the data directory on first start
    database: list[TortoiseContext] = []
    limit_hashing(settings.max_concurrent_hashes)
    mail = OutboxSender(settings)
    digests = DigestSchedule(settings, mail)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        shorten_access_log()
        database.append(await db.prepare(settings))
        await register_dashboard_operations()
        listener = await events_across_replicas(settings)
        # started in the database's context: it deletes expired rows now and then
        cleanup = (
            asyncio.create_task(clean_periodically(settings))
            if settings.cleanup_interval_seconds > 0
            else None
        )
        if settings.outbox_sender:
            mail.start()
        digests.start()
        try:
            yield
        finally:
            await digests.stop()
            await mail.stop()
            if cleanup is not None:
                cleanup.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await cleanup
            if listener is not None:
                await listener.stop()
            await db.close_database()
            database.clear()

    OPERATION_NAMES.limit = settings.metrics_operation_names
    return Starlette(
        routes=[
            *graphql_routes(settings, subgraph),
            # the widgets are read the most, by far: matched before the rarer routes
            *widget_routes(settings, mail),
            *ledger_routes(),
            *graphiql_routes(),
            *dashboard_routes(),
            Route("/health", health),
            Route("/ready", Readiness(settings).answer),
            *feed_routes(settings),
            *report_routes(),
            *newsletter_routes(settings, mail),
            Route("/metrics", metrics),
            *AuthorizationEndpoints(HubAuthorizationServer(settings)).routes(),
        ],
        middleware=[
            # outermost: it sees every answer, the other middlewares' refusals too
            Middleware(RequestObservation, traced=settings.tracing),
            Middleware(SecurityHeaders, production=settings.env == "production"),
            Middleware(BodyLimit, limit=settings.max_body_bytes),
            Middleware(DatabaseUnavailableAnswers),
            Middleware(db.DatabaseContext, current=lambda: database[0] if database else None),
            Middleware(
                AuthenticationMiddleware, backend=BearerTokens(settings), on_error=refuse_token
            ),
            Middleware(IdempotencyKeys, max_tokens=settings.max_query_tokens),
        ],
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=lifespan,
    )


def graphql_routes(settings: Settings, subgraph: str | None) -> list[BaseRoute]:
    """``/graphql``, and in the monolith each subgraph under ``/subgraphs/NAME/graphql``: one
    budget per client across them all."""
    budgets = Budgets(settings.budget_storage)

    def route(path: str, schema: BaseSchema) -> Route:
        return Route(path, GraphQLEndpoint(schema, settings, budgets), methods=["GET", "POST"])

    if subgraph is not None:
        return [route("/graphql", schema_for(settings, subgraph))]
    monolith = GraphQLEndpoint(schema_for(settings), settings, budgets)
    return [
        Route("/graphql", monolith, methods=["GET", "POST"]),
        # subscriptions (graphql-transport-ws) on the same path, by the same endpoint
        WebSocketRoute("/graphql", monolith),
        *(route(f"/subgraphs/{name}/graphql", schema_for(settings, name)) for name in SUBGRAPHS),
    ]
