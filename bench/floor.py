"""The floor: a bare Starlette endpoint that answers every POST with one captured hub answer.

It runs in the same kind of server process as the hub (uvicorn, same worker count), reads
the request body as the hub must, and returns the bytes the hub returned for the same
query: whatever the hub spends beyond this is GraphQL, the ORM and the database.

``BENCH_FLOOR_BODY`` names the file holding the bytes to serve.
"""

from __future__ import annotations

import os
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

BODY_FILE_VARIABLE = "BENCH_FLOOR_BODY"


def create_floor_app(body: bytes | None = None) -> Starlette:
    """The floor serving ``body``, or the bytes of the file ``BENCH_FLOOR_BODY`` names."""
    answer = body if body is not None else Path(os.environ[BODY_FILE_VARIABLE]).read_bytes()

    async def graphql(request: Request) -> Response:
        await request.body()
        return Response(answer, media_type="application/json")

    async def health(_request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    return Starlette(
        routes=[
            Route("/graphql", graphql, methods=["POST"]),
            Route("/health", health),
        ]
    )
