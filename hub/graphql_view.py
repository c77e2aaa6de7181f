"""The GraphQL endpoint: Strawberry's ASGI view with the hub's context and HTTP semantics.

A client that accepts ``application/graphql-response+json`` gets the status codes of the
GraphQL-over-HTTP specification: 400 when the request could not be executed at all
(syntax, validation, bad variables, a limit), and, when nothing could be answered
because of authorization alone, 401 (no or invalid token) or 403 (a scope is missing).
Clients that ask for ``application/json`` get 200 with the errors in the body, as they
expect. A request error's answer has no ``data``. Whatever the client accepts, a client
that spent its budget gets 429 with ``Retry-After``; an answer with an error of a
database gone away has ``Retry-After`` too, and is a 503 when nothing else was answered
and the client accepts ``application/graphql-response+json``.

Before an operation runs: cross-site requests a browser would send without a preflight
are refused (as Apollo Router refuses them), the request's JSON may nest only so deep,
persisted queries are resolved (``hub.services.operations``), and an operation known to
be compiled whole is answered from its statements' JSON (``schema.reads.operations``).
No request runs longer than ``HUB_MAX_EXECUTION_SECONDS``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import orjson
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket, WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter, GraphQL
from strawberry.http import GraphQLRequestData
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.schema import BaseSchema
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from hub import graphiql
from hub.db import RETRY_AFTER_SECONDS
from hub.json_depth import json_depth
from hub.persisted import PersistedQueries, Refused
from hub.settings import Settings
from schema.context import Context
from schema.limits.budgets import Budgets
from schema.reads import operations
from schema.unavailable import CODE as DATABASE_UNAVAILABLE

GRAPHQL_RESPONSE = "application/graphql-response+json"
SIMPLE_CONTENT_TYPES = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data"}
PREFLIGHT_HEADERS = ("apollo-require-preflight", "x-apollo-operation-name")
SUBSCRIPTION_KEEP_ALIVE_SECONDS = 15.0
"""How often a quiet subscription's connection is pinged, so that proxies keep it open."""


class TextFrames(ASGIWebSocketAdapter):
    """Subscription messages as text frames: browsers' WebSocket clients parse text."""

    async def send_json(self, message: Mapping[str, object]) -> None:
        try:
            await self.ws.send_text(orjson.dumps(message).decode())
        except WebSocketDisconnect as exc:
            raise WebSocketDisconnected from exc


class GraphQLEndpoint(GraphQL[Context, None]):
    websocket_adapter_class = TextFrames

    def __init__(self, schema: BaseSchema, settings: Settings, budgets: Budgets) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.allows("graphiql") else None,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            keep_alive=True,
            keep_alive_interval=SUBSCRIPTION_KEEP_ALIVE_SECONDS,
        )
        self.settings = settings
        self.budgets = budgets
        self.persisted = PersistedQueries(settings)

    async def render_graphql_ide(self, request: Request) -> Response:
        """The hub's own GraphiQL page, whose scripts the hub serves (``hub.graphiql``)."""
        return graphiql.page()

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        if isinstance(request, WebSocket):
            return Context.for_websocket(request, self.settings, self.budgets)
        if isinstance(response, Response):
            accept = request.headers.get("accept", "")
            response.media_type = GRAPHQL_RESPONSE if GRAPHQL_RESPONSE in accept else None
        return Context.for_request(
            request if isinstance(request, Request) else None, self.settings, self.budgets
        )

    async def run(  # type: ignore[override]  # Strawberry's overloads, one per kind, in one
        self,
        request: Request | WebSocket,
        context: Context | None = None,
        root_value: None = None,
    ) -> Response | WebSocket:
        if not isinstance(request, Request):
            return await super().run(request)
        if self.settings.csrf_prevention and not _preflighted(request):
            return refusal(
                request,
                400,
                "This request was refused as a possible cross-site request forgery: send it"
                " with a JSON content type, or with an Apollo-Require-Preflight header.",
                "CSRF_PREVENTED",
            )
        try:
            async with asyncio.timeout(self.settings.max_execution_seconds):
                known = await self._known_answer(request)
                return known if known is not None else await super().run(request)
        except TimeoutError:
            return refusal(
                request,
                504,
                f"The request ran longer than {self.settings.max_execution_seconds:g} s and"
                " was stopped: ask for less at once.",
                "TIMEOUT",
            )
        except Refused as refused:
            return refusal(request, refused.status, refused.message, refused.code)
        except HTTPException as bad:
            if request.method == "GET" and isinstance(bad.__cause__, InvalidOperationTypeError):
                not_allowed = refusal(request, 405, bad.reason, "METHOD_NOT_ALLOWED")
                not_allowed.headers["allow"] = "POST"
                return not_allowed
            return refusal(request, bad.status_code, bad.reason, "BAD_REQUEST")

    async def _known_answer(self, request: Request) -> Response | None:
        """The answer of a known operation, or None for the ordinary way."""
        if request.method != "POST" or _content_type(request) != "application/json":
            return None
        body = self.decode_json(await request.body())
        if not isinstance(body, dict):
            return None
        body["query"] = await self.persisted.document(body.get("query"), body.get("extensions"))
        context = Context.for_request(request, self.settings, self.budgets)
        answered = await operations.answer(self.schema._schema, body, context)  # type: ignore[attr-defined]
        if answered is None:
            return None
        if GRAPHQL_RESPONSE in request.headers.get("accept", ""):
            return Response(
                answered, headers={"content-type": f"{GRAPHQL_RESPONSE}; charset=utf-8"}
            )
        return Response(answered, media_type="application/json")

    async def parse_http_body(self, request: Any) -> GraphQLRequestData | list[GraphQLRequestData]:
        data = await super().parse_http_body(request)
        if isinstance(data, list):
            raise Refused(400, "Batched operations are not accepted: send one at a time.")
        query = await self.persisted.document(data.query, data.extensions)
        return GraphQLRequestData(
            query=query,
            variables=data.variables,
            operation_name=data.operation_name,
            extensions=data.extensions,
            protocol=data.protocol,
        )

    def decode_json(self, data: str | bytes) -> object:
        """The request's JSON, nested no deeper than ``HUB_MAX_JSON_DEPTH``."""
        try:
            parsed = orjson.loads(data)
        except orjson.JSONDecodeError:
            raise HTTPException(400, "The request body is not JSON.") from None
        limit = self.settings.max_json_depth
        if json_depth(parsed, limit) > limit:
            raise Refused(400, f"The request's JSON nests deeper than {limit} levels.")
        return parsed

    def encode_json(self, data: object) -> bytes:
        """The response as JSON; compiled reads' JSON (``orjson.Fragment``) written as it is."""
        return orjson.dumps(data)

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        if isinstance(response_data, dict) and _request_error(response_data):
            response_data = {k: v for k, v in response_data.items() if k != "data"}
        response = super().create_response(response_data, sub_response)
        if isinstance(response_data, dict):
            retry = throttled(response_data)
            if retry is not None:  # an HTTP condition, whatever the client accepts
                response.status_code = 429
                response.headers["retry-after"] = str(retry)
                return response
        if isinstance(response_data, dict) and _met_database_away(response_data):
            response.headers["retry-after"] = str(RETRY_AFTER_SECONDS)
        if sub_response.media_type == GRAPHQL_RESPONSE and isinstance(response_data, dict):
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE}; charset=utf-8"
            response.status_code = status_of(response_data)
            if response.status_code == 401:
                response.headers["www-authenticate"] = 'Bearer realm="hub"'
        return response


def refusal(request: Request, status: int, message: str, code: str) -> Response:
    """A request refused before any operation ran, in the client's media type."""
    body = orjson.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})
    if GRAPHQL_RESPONSE in request.headers.get("accept", ""):
        return Response(
            body, status, headers={"content-type": f"{GRAPHQL_RESPONSE}; charset=utf-8"}
        )
    return Response(body, status, media_type="application/json")


def _content_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def _preflighted(request: Request) -> bool:
    """Whether a browser would have asked before sending this request across sites: a
    content type that is not a form's or text's, or a header of Apollo's."""
    if request.method == "GET" and not (
        "query" in request.query_params or "extensions" in request.query_params
    ):
        return True  # GraphiQL's page, or nothing: no operation runs
    content_type = _content_type(request)
    if content_type and content_type not in SIMPLE_CONTENT_TYPES:
        return True
    return any(request.headers.get(header) for header in PREFLIGHT_HEADERS)


def _request_error(body: dict[str, Any]) -> bool:
    """An answer to a request that could not be executed: errors, no data, no paths."""
    errors = body.get("errors") or []
    return body.get("data") is None and bool(errors) and all("path" not in e for e in errors)


def throttled(body: dict[str, Any]) -> int | None:
    """Seconds to wait, when the request was refused for its client's spent budget."""
    for error in body.get("errors") or []:
        extensions = error.get("extensions") or {}
        if extensions.get("code") == "THROTTLED":
            return int(extensions.get("retryAfter", 1))
    return None


def _met_database_away(body: dict[str, Any]) -> bool:
    return any(
        (error.get("extensions") or {}).get("code") == DATABASE_UNAVAILABLE
        for error in body.get("errors") or []
    )


def status_of(body: dict[str, Any]) -> int:
    """The GraphQL-over-HTTP status of a response body."""
    errors = body.get("errors") or []
    codes = {(error.get("extensions") or {}).get("code") for error in errors}
    data = body.get("data")
    if codes == {DATABASE_UNAVAILABLE} and not any((data or {}).values()):
        return 503  # nothing was answered, and only because the database is away: come back
    if data is not None:
        return 200  # partial answers are answers
    if codes == {"UNAUTHENTICATED"}:
        return 401
    if codes and codes <= {"FORBIDDEN", "UNAUTHENTICATED"}:
        return 403
    if all("path" not in error for error in errors):
        return 400  # syntax, validation or variables: the request was not executed
    return 200
