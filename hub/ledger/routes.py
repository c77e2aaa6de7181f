"""The published lists: each list's signed head and its entries, and the hub's public key.

| route | what it is |
|---|---|
| ``GET /.well-known/hub-ledger-key`` | the Ed25519 key that signs every head (and its JWK) |
| ``GET /ledger/petitions/{slug}[?after=N]`` | a petition's signed head and entries, paged |
| ``GET /ledger/statements/{slug}[?after=N]`` | a statement's, the same way |

A page holds the entries after place ``after`` up to the head read first, so that every page
of one walk belongs to the same head; ``next`` links the following page.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from hub.ledger.chain import PETITION, STATEMENT
from hub.ledger.entries import checkpoint
from hub.ledger.keys import current_key
from hub.ledger.reading import entries_of, find_list, head_of
from hub.ledger.verify import Head
from hub.widgets.answers import error_answer

PAGE = 5000
KEY_PATH = "/.well-known/hub-ledger-key"
CACHE = "public, max-age=5"


def published_head(name: str, head: Head) -> dict[str, Any]:
    return {
        "count": head.count,
        "hash": head.hash,
        "signedAt": head.signed_at,
        "keyId": head.key_id,
        "signature": head.signature,
        "checkpoint": (
            checkpoint(name, head.count, head.hash, head.signed_at).decode()
            if head.signed_at is not None
            else None
        ),
    }


async def public_key(_request: Request) -> Response:
    return JSONResponse(
        current_key().published(), headers={"Cache-Control": "public, max-age=3600"}
    )


def _list_route(list_kind: str) -> Any:
    async def published_list(request: Request) -> Response:
        slug = request.path_params["slug"]
        after_text = request.query_params.get("after", "0")
        if not after_text.isdigit():
            return error_answer(
                400, "bad_argument", "'after' is a place in the list: 0 or more.", "after"
            )
        signatures = await find_list(list_kind, slug)
        if signatures is None:
            return error_answer(404, "not_found", f"No {list_kind} is called '{slug}'.", list_kind)
        head = await head_of(signatures)
        after = int(after_text)
        page = await entries_of(signatures, after, up_to=head.count, limit=PAGE)
        last = page[-1].entry.seq if page else after
        more = last < head.count
        return JSONResponse(
            {
                "list": signatures.name,
                list_kind: slug,
                "publicKey": str(request.url_for("ledger-key")),
                "head": published_head(signatures.name, head),
                "entries": [recorded.entry.public() for recorded in page],
                "next": str(request.url.include_query_params(after=last)) if more else None,
            },
            headers={"Cache-Control": CACHE},
        )

    return published_list


def ledger_routes() -> list[BaseRoute]:
    return [
        Route(KEY_PATH, public_key, name="ledger-key"),
        Route("/ledger/petitions/{slug}", _list_route(PETITION)),
        Route("/ledger/statements/{slug}", _list_route(STATEMENT)),
    ]
