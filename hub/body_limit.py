"""No route reads a request body larger than ``HUB_MAX_BODY_BYTES``: refused with 413
before it is read, by its declared length, or as soon as it grows past the limit."""

from __future__ import annotations

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class TooLarge(Exception):
    pass


def _refusal(status: int, message: str, code: str) -> list[Message]:
    body = orjson.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})
    return [
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        },
        {"type": "http.response.body", "body": body},
    ]


class BodyLimit:
    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await self._refuse(send, 400, "Content-Length is not a number.", "BAD_REQUEST")
                return
            if int(declared) > self.limit:
                await self._refuse_large(send)
                return
        received = 0
        started = False

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise TooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, watched)
        except TooLarge:
            if started:
                raise
            await self._refuse_large(send)

    async def _refuse_large(self, send: Send) -> None:
        await self._refuse(
            send,
            413,
            f"The request body is larger than the {self.limit} bytes this hub reads.",
            "PAYLOAD_TOO_LARGE",
        )

    async def _refuse(self, send: Send, status: int, message: str, code: str) -> None:
        for part in _refusal(status, message, code):
            await send(part)
