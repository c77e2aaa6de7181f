"""The floor: bare Starlette endpoints answering with captured hub answers, byte for byte.

It runs in the same kind of server process as the hub (uvicorn, same worker count). ``POST
/graphql`` reads the request body as the hub must and returns the bytes the hub returned for
the same query: whatever the hub spends beyond this is GraphQL, the ORM and the database.
``GET /counter`` returns the bytes of a widget's petition card: whatever the hub's counter
spends beyond this is its own.

``BENCH_FLOOR_BODY`` and ``BENCH_FLOOR_COUNTER`` name the files holding the bytes to serve.
"""

from __future__ import annotations

import os
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

BODY_FILE_VARIABLE = "BENCH_FLOOR_BODY"
COUNTER_FILE_VARIABLE = "BENCH_FLOOR_COUNTER"


def create_floor_app(body: bytes | None = None, counter: bytes | None = None) -> Starlette:
    """The floor serving ``body`` and ``counter``, or the bytes of the files named by
    ``BENCH_FLOOR_BODY`` and ``BENCH_FLOOR_COUNTER``."""
    answer = body if body is not None else Path(os.environ[BODY_FILE_VARIABLE]).read_bytes()
    card = counter if counter is not None else _file_bytes(COUNTER_FILE_VARIABLE)

    async def graphql(request: Request) -> Response:
        await request.body()
        return Response(answer, media_type="application/json")

    async def petition_card(_request: Request) -> Response:
        return Response(card, media_type="application/json")

    async def health(_request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    return Starlette(
        routes=[
            Route("/graphql", graphql, methods=["POST"]),
            Route("/counter", petition_card),
            Route("/health", health),
        ]
    )


def _file_bytes(variable: str) -> bytes:
    name = os.environ.get(variable)
    return Path(name).read_bytes() if name else b"{}"
