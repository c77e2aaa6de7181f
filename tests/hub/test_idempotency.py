"""The first answer to an Idempotency-Key is recorded before the client receives it."""

from __future__ import annotations

import datetime

from starlette.types import Message, Receive, Scope, Send

from auth.bearer import TokenHolder
from auth.principal import Principal
from hub.idempotency import IdempotencyKeys
from hub.models import IdempotentResponse
from tests import factories
from tests.databases import fill


async def answer(scope: Scope, receive: Receive, send: Send) -> None:
    """A write that answers 200 with a small JSON body."""
    await receive()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b'{"data": {"written": true}}'})


def test_a_retry_sent_the_moment_the_answer_arrives_finds_it(database_url: str) -> None:
    seen_when_answered: list[object] = []

    async def run() -> None:
        # given a member's token and a request carrying an Idempotency-Key
        (organisation,) = await factories.organisations(1)
        principal = Principal(
            organisation_id=organisation.id,
            client_id="member-system",
            user_id=None,
            scopes=frozenset(),
            jti="jti-1",
            expires_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=5),
        )
        scope = {
            "type": "http",
            "method": "POST",
            "headers": [(b"idempotency-key", b"retry-at-once")],
            "user": TokenHolder(principal),
        }

        async def receive() -> Message:
            return {"type": "http.request", "body": b'{"query": "mutation"}', "more_body": False}

        async def client(message: Message) -> None:
            # when the client receives the answer, what would its immediate retry find?
            if message["type"] == "http.response.body":
                row = await IdempotentResponse.get(key="member-system:retry-at-once")
                seen_when_answered.append(row.response)

        await IdempotencyKeys(answer)(scope, receive, client)

    fill(database_url, run)

    # then the recorded answer, not a request still running
    assert seen_when_answered == [{"status": 200, "body": '{"data": {"written": true}}'}]
