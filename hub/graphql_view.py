"""The GraphQL endpoint: Strawberry's ASGI view with the hub's per-request context."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from hub.settings import Settings
from schema.context import Context
from schema.monolith import build_schema


class GraphQLEndpoint(GraphQL[Context, None]):
    def __init__(self, settings: Settings) -> None:
        super().__init__(build_schema(settings), graphql_ide="graphiql")
        self.settings = settings

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        return Context.for_request(request if isinstance(request, Request) else None, self.settings)
