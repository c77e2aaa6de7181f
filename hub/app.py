"""The hub's ASGI application: ``create_app(settings)``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from tortoise.context import TortoiseContext

from auth.bearer import BearerTokens, refuse_token
from auth.routes import authorization_routes
from auth.server import HubAuthorizationServer
from hub import db
from hub.graphql_view import GraphQLEndpoint
from hub.idempotency import IdempotencyKeys
from hub.settings import Settings


def create_app(settings: Settings | None = None) -> Starlette:
    """The hub for these settings; the database opens and closes with the app's lifespan."""
    settings = settings or Settings()
    database: list[TortoiseContext] = []

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        database.append(await db.prepare(settings))
        try:
            yield
        finally:
            await db.close_database()
            database.clear()

    async def health(_request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    return Starlette(
        routes=[
            Route("/graphql", GraphQLEndpoint(settings), methods=["GET", "POST"]),
            Route("/health", health),
            *authorization_routes(HubAuthorizationServer(settings)),
        ],
        middleware=[
            Middleware(db.DatabaseContext, current=lambda: database[0] if database else None),
            Middleware(
                AuthenticationMiddleware, backend=BearerTokens(settings), on_error=refuse_token
            ),
            Middleware(IdempotencyKeys),
        ],
        lifespan=lifespan,
    )
