"""Idempotency-Key: a retried write gets the first answer instead of being done twice.

A member's system that sends ``Idempotency-Key: <key>`` with a GraphQL mutation gets, for
every retry with the same key and the same write, the response of the first request (reads
carrying a key, as a federation gateway's follow-up requests do, pass through). A write is
the mutation's root fields and their arguments' values, whoever printed the document
(``hub.idempotent_requests``), so a retry through another gateway is recognised, and gets
the first answer as its own selection asks for it. The same key with another write is
refused (422); a retry while the first is still running is
told so (409), unless the first has run so long that its process must have died. An answer
saying the database went away is not kept: the retry it asks for runs. A key
belongs to the token's client (within its organisation) and is kept in the database, so
every replica sees it, until ``hub cleanup`` deletes it (``HUB_IDEMPOTENCY_KEY_SECONDS``).

A kept answer holds no secret: a secret the write showed once (a new client's secret) is
replaced by null, and the replay says so in ``extensions.withheld``.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
from collections.abc import Collection
from typing import Any

import orjson
from starlette.requests import ClientDisconnect, HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from auth.bearer import TokenHolder
from hub import clock
from hub.db import connection_lost
from hub.idempotent_requests import Request
from hub.models import IdempotentResponse
from schema.unavailable import CODE

log = logging.getLogger(__name__)

MAX_KEY_LENGTH = 100
ABANDONED_AFTER = datetime.timedelta(minutes=5)
"""A first request that has not answered by then died with its process: a retry may run."""


SHOWN_ONCE = "hub.shown_once"
"""Where, in a request's scope, a write lists the secrets its answer shows once."""

WITHHELD = (
    "This is a replay of the first answer, which showed a secret once: it is not kept, so"
    " it is null here. If the first answer was lost, register a new client and disable"
    " this one (`hub clients disable`)."
)


def show_once(request: HTTPConnection | None, secret: str) -> None:
    """Mark ``secret``, in the request's answer, as never to be kept for a replay."""
    if request is not None:
        request.scope.setdefault(SHOWN_ONCE, []).append(secret)


def withhold_secrets(body: str, secrets: Collection[str], names: Collection[str] = ()) -> str:
    """The answer ``body`` with every value in ``secrets`` (and every value of a field in
    ``names``) replaced by null, saying where in ``extensions.withheld``; unchanged when it
    holds none."""
    try:
        answer = json.loads(body)
    except ValueError:
        return body
    withheld: list[str] = []

    def scrub(value: Any, path: str) -> Any:
        if isinstance(value, dict):
            kept: dict[str, Any] = {}
            for key, item in value.items():
                where = f"{path}.{key}" if path else str(key)
                if key in names and item is not None:
                    withheld.append(where)
                    kept[key] = None
                else:
                    kept[key] = scrub(item, where)
            return kept
        if isinstance(value, list):
            return [scrub(item, f"{path}.{i}") for i, item in enumerate(value)]
        if isinstance(value, str) and value in secrets:
            withheld.append(path)
            return None
        return value

    scrubbed = scrub(answer, "")
    if not withheld or not isinstance(scrubbed, dict):
        return body
    extensions = scrubbed.setdefault("extensions", {})
    extensions["withheld"] = {"fields": withheld, "message": WITHHELD}
    return json.dumps(scrubbed)


def _refusal(status: int, message: str, code: str) -> tuple[int, bytes]:
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    return status, json.dumps(body).encode()


class IdempotencyKeys:
    def __init__(self, app: ASGIApp, max_tokens: int) -> None:
        self.app = app
        self.max_tokens = max_tokens

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers", [])) if scope["type"] == "http" else {}
        key = headers.get(b"idempotency-key", b"").decode("latin-1").strip()
        holder = scope.get("user")
        if not key or scope.get("method") != "POST" or not isinstance(holder, TokenHolder):
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        request = Request(body, self.max_tokens)
        if not request.is_mutation:
            # reads need no key: a gateway passes the header on to every subgraph it asks
            await self.app(scope, _replay(body), send)
            return
        if len(key) > MAX_KEY_LENGTH:
            await _send(
                send,
                *_refusal(400, f"Idempotency-Key is longer than {MAX_KEY_LENGTH}", "BAD_REQUEST"),
            )
            return
        # a key belongs to one client of one organisation: no other client replays its answer
        claim: dict[str, Any] = {
            "organisation_id": holder.principal.organisation_id,
            "key": f"{holder.principal.client_id}:{key}",
        }
        body_hash = hashlib.sha256(body).hexdigest()
        outcome = await self._claim(claim, request.write())
        if isinstance(outcome, tuple):
            await _send(send, *outcome)
            return
        if isinstance(outcome, dict):
            await _send(send, outcome["status"], _replayed(outcome, request, body_hash), True)
            return
        # from here on, the row is this request's only while it holds the claim it made
        mine = Q(**claim, created_at=outcome, response=None)
        captured = _Captured()
        try:
            await self.app(scope, _replay(body), captured.send)
        except BaseException:
            await IdempotentResponse.filter(mine).delete()
            raise
        try:
            if _told_to_retry(captured.body):
                # not an answer to keep: the retry it asks for must run, not get this again
                await IdempotentResponse.filter(mine).delete()
            else:
                # recorded before the client sees it: a retry sent the moment the answer
                # arrives must find the answer, not a request "still running"
                kept = withhold_secrets(captured.body.decode(), scope.get(SHOWN_ONCE, ()))
                await IdempotentResponse.filter(mine).update(
                    response={
                        "status": captured.status,
                        "body": kept,
                        "request": body_hash,
                    }
                )
        except Exception as error:
            if not connection_lost(error):
                raise
            # the write's own answer still goes out: it is what happened
            log.warning("The answer to an Idempotency-Key could not be kept: %r", error)
        await captured.forward(send)

    async def _claim(
        self, claim: dict[str, Any], request_hash: str
    ) -> tuple[int, bytes] | dict[str, Any] | datetime.datetime:
        """The time of this request's claim: it goes ahead. A stored response: replay it.
        A tuple: refuse."""
        now = clock.now()
        try:
            await IdempotentResponse.create(**claim, request_hash=request_hash, created_at=now)
            return now
        except IntegrityError:
            first = await IdempotentResponse.get_or_none(**claim)
        if first is None:  # the first request failed and let its key go: this one may run
            return await self._claim(claim, request_hash)
        if first.request_hash != request_hash:
            return _refusal(
                422,
                "This Idempotency-Key was used with a different request.",
                "IDEMPOTENCY_KEY_REUSED",
            )
        if first.response is None and first.created_at < now - ABANDONED_AFTER:
            # of the retries racing to take an abandoned claim over, one updates the row
            taken = await IdempotentResponse.filter(
                id=first.id, response=None, created_at=first.created_at
            ).update(created_at=now)
            if taken:
                return now
        if first.response is None:
            return _refusal(
                409, "The first request with this Idempotency-Key is still running.", "CONFLICT"
            )
        stored: dict[str, Any] = first.response
        return stored


def _told_to_retry(body: bytes) -> bool:
    """Whether the response says the database went away under the write."""
    try:
        errors = json.loads(body).get("errors") or []
        return any((error.get("extensions") or {}).get("code") == CODE for error in errors)
    except (ValueError, AttributeError):
        return False


def _replayed(stored: dict[str, Any], request: Request, body_hash: str) -> bytes:
    """The first answer: as it was for the same body, else shaped by the retry's selection."""
    if stored.get("request") == body_hash:
        return str(stored["body"]).encode()
    try:
        answer = orjson.loads(stored["body"])
    except orjson.JSONDecodeError:
        return str(stored["body"]).encode()
    if isinstance(answer, dict) and answer.get("data") is not None:
        answer["data"] = request.shape(answer["data"])
    return orjson.dumps(answer)


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":  # half a body is no request to claim or run
            raise ClientDisconnect
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


class _Captured:
    """Holds a response back, keeping its status and body, until it is forwarded."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.status = 500

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
        self.messages.append(message)

    @property
    def body(self) -> bytes:
        bodies = (m for m in self.messages if m["type"] == "http.response.body")
        return b"".join(message.get("body", b"") for message in bodies)

    async def forward(self, send: Send) -> None:
        for message in self.messages:
            await send(message)


async def _send(send: Send, status: int, body: bytes, replayed: bool = False) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if replayed:
        headers.append((b"idempotent-replayed", b"true"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
