"""Idempotency-Key: a retried write gets the first answer instead of being done twice.

A member's system that sends ``Idempotency-Key: <key>`` with a GraphQL request gets, for
every retry with the same key and the same body, the response of the first request. The
same key with another body is refused (422); a retry while the first is still running is
told so (409), unless the first has run so long that its process must have died. A key
belongs to the token's client (within its organisation) and is kept in the database, so
every replica sees it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send
from tortoise.exceptions import IntegrityError

from auth.bearer import TokenHolder
from hub import clock
from hub.models import IdempotentResponse

MAX_KEY_LENGTH = 100
ABANDONED_AFTER = datetime.timedelta(minutes=5)
"""A first request that has not answered by then died with its process: a retry may run."""


def _refusal(status: int, message: str, code: str) -> tuple[int, bytes]:
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    return status, json.dumps(body).encode()


class IdempotencyKeys:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers", [])) if scope["type"] == "http" else {}
        key = headers.get(b"idempotency-key", b"").decode("latin-1").strip()
        holder = scope.get("user")
        if not key or scope.get("method") != "POST" or not isinstance(holder, TokenHolder):
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        if len(key) > MAX_KEY_LENGTH:
            await _send(
                send,
                *_refusal(400, f"Idempotency-Key is longer than {MAX_KEY_LENGTH}", "BAD_REQUEST"),
            )
            return
        # a key belongs to one client of one organisation: no other client replays its answer
        organisation_id = holder.principal.organisation_id
        key = f"{holder.principal.client_id}:{key}"
        refusal = await self._claim(organisation_id, key, hashlib.sha256(body).hexdigest())
        if isinstance(refusal, tuple):
            await _send(send, *refusal)
            return
        if refusal is not None:
            await _send(send, refusal["status"], refusal["body"].encode(), replayed=True)
            return
        captured = _Captured()
        try:
            await self.app(scope, _replay(body), captured.send)
        except BaseException:
            await IdempotentResponse.filter(organisation_id=organisation_id, key=key).delete()
            raise
        # recorded before the client sees it: a retry sent the moment the answer arrives
        # must find the answer, not a request "still running"
        await IdempotentResponse.filter(organisation_id=organisation_id, key=key).update(
            response={"status": captured.status, "body": captured.body.decode()}
        )
        await captured.forward(send)

    async def _claim(
        self, organisation_id: int, key: str, request_hash: str
    ) -> tuple[int, bytes] | dict[str, Any] | None:
        """None: this request goes ahead. A stored response: replay it. A tuple: refuse."""
        now = clock.now()
        try:
            await IdempotentResponse.create(
                organisation_id=organisation_id,
                key=key,
                request_hash=request_hash,
                created_at=now,
            )
            return None
        except IntegrityError:
            first = await IdempotentResponse.get_or_none(organisation_id=organisation_id, key=key)
        if first is None:  # the first request failed and let its key go: this one may run
            return await self._claim(organisation_id, key, request_hash)
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
                return None
        if first.response is None:
            return _refusal(
                409, "The first request with this Idempotency-Key is still running.", "CONFLICT"
            )
        stored: dict[str, Any] = first.response
        return stored


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
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
        self.body = b""

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
        elif message["type"] == "http.response.body":
            self.body += message.get("body", b"")
        self.messages.append(message)

    async def forward(self, send: Send) -> None:
        for message in self.messages:
            await send(message)


async def _send(send: Send, status: int, body: bytes, replayed: bool = False) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if replayed:
        headers.append((b"idempotent-replayed", b"true"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
