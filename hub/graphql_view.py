"""The GraphQL endpoint: Strawberry's ASGI view with the hub's context and HTTP semantics.

A client that accepts ``application/graphql-response+json`` gets the status codes of the
GraphQL-over-HTTP specification: 400 when the request could not be executed at all
(syntax, validation, bad variables), and, when nothing could be answered because of
authorization alone, 401 (no or invalid token) or 403 (a scope is missing). Clients that
ask for ``application/json`` get 200 with the errors in the body, as they expect.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.schema import BaseSchema

from hub.settings import Settings
from schema.context import Context
from schema.reads import operations

GRAPHQL_RESPONSE = "application/graphql-response+json"


class GraphQLEndpoint(GraphQL[Context, None]):
    def __init__(self, schema: BaseSchema, settings: Settings) -> None:
        super().__init__(schema, graphql_ide="graphiql")
        self.settings = settings

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        if isinstance(response, Response):
            accept = request.headers.get("accept", "")
            response.media_type = GRAPHQL_RESPONSE if GRAPHQL_RESPONSE in accept else None
        return Context.for_request(request if isinstance(request, Request) else None, self.settings)

    async def run(
        self,
        request: Request | WebSocket,
        context: Context | None = None,
        root_value: None = None,
    ) -> Response | WebSocket:
        """A query operation known to be compiled whole is answered from its statements'
        JSON (``schema.reads.operations``); every other request goes through Strawberry."""
        if isinstance(request, Request) and request.method == "POST" and _is_json(request):
            known = await self._known_answer(request)
            if known is not None:
                return known
        if context is None:
            return await super().run(request)
        return await super().run(request, context, root_value)

    async def _known_answer(self, request: Request) -> Response | None:
        try:
            body = orjson.loads(await request.body())
        except orjson.JSONDecodeError:
            return None  # Strawberry says what is wrong with it
        if not isinstance(body, dict):
            return None
        context = Context.for_request(request, self.settings)
        answered = await operations.answer(self.schema._schema, body, context)  # type: ignore[attr-defined]
        if answered is None:
            return None
        if GRAPHQL_RESPONSE in request.headers.get("accept", ""):
            return Response(
                answered, headers={"content-type": f"{GRAPHQL_RESPONSE}; charset=utf-8"}
            )
        return Response(answered, media_type="application/json")

    def encode_json(self, data: object) -> bytes:
        """The response as JSON; compiled reads' JSON (``orjson.Fragment``) written as it is."""
        return orjson.dumps(data)

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        response = super().create_response(response_data, sub_response)
        if isinstance(response_data, dict):
            retry = throttled(response_data)
            if retry is not None:  # an HTTP condition, whatever the client accepts
                response.status_code = 429
                response.headers["retry-after"] = str(retry)
                return response
        if sub_response.media_type == GRAPHQL_RESPONSE and isinstance(response_data, dict):
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE}; charset=utf-8"
            response.status_code = status_of(response_data)
            if response.status_code == 401:
                response.headers["www-authenticate"] = 'Bearer realm="hub"'
        return response


def _is_json(request: Request) -> bool:
    return request.headers.get("content-type", "").split(";")[0].strip() == "application/json"


def throttled(body: dict[str, Any]) -> int | None:
    """Seconds to wait, when the request was refused for its client's spent budget."""
    for error in body.get("errors") or []:
        extensions = error.get("extensions") or {}
        if extensions.get("code") == "THROTTLED":
            return int(extensions.get("retryAfter", 1))
    return None


def status_of(body: dict[str, Any]) -> int:
    """The GraphQL-over-HTTP status of a response body."""
    if body.get("data") is not None:
        return 200  # partial answers are answers
    errors = body.get("errors") or []
    codes = {(error.get("extensions") or {}).get("code") for error in errors}
    if codes == {"UNAUTHENTICATED"}:
        return 401
    if codes and codes <= {"FORBIDDEN", "UNAUTHENTICATED"}:
        return 403
    if all("path" not in error for error in errors):
        return 400  # syntax, validation or variables: the request was not executed
    return 200
