"""Idempotency-Key at the edge: writes are claimed once and recorded before they are
answered; reads pass through; a claim taken over belongs to the request that took it."""

from __future__ import annotations

import datetime
import hashlib
import json

import pytest
from starlette.requests import ClientDisconnect
from starlette.types import Message, Receive, Scope, Send

from auth.bearer import TokenHolder
from auth.principal import Principal
from hub.idempotency import IdempotencyKeys
from hub.models import IdempotentResponse
from tests import factories
from tests.databases import fill

MUTATION = json.dumps(
    {"query": 'mutation { coSignStatement(input: {statementId: "x"}) { alreadySigned } }'}
).encode()


async def answer(scope: Scope, receive: Receive, send: Send) -> None:
    """A write that answers 200 with a small JSON body."""
    await receive()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b'{"data": {"written": true}}'})


def member_scope(organisation_id: int, key: bytes) -> Scope:
    """A POST by a member's system, its token verified, carrying ``Idempotency-Key: key``."""
    principal = Principal(
        organisation_id=organisation_id,
        client_id="member-system",
        user_id=None,
        scopes=frozenset(),
        jti="jti-1",
        expires_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=5),
    )
    return {
        "type": "http",
        "method": "POST",
        "headers": [(b"idempotency-key", key)],
        "user": TokenHolder(principal),
    }


def request(body: bytes) -> Receive:
    async def receive() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def ignore(_message: Message) -> None:
    return None


def test_a_retry_sent_the_moment_the_answer_arrives_finds_it(database_url: str) -> None:
    seen_when_answered: list[object] = []

    async def run() -> None:
        # given a member's write carrying an Idempotency-Key
        (organisation,) = await factories.organisations(1)

        async def client(message: Message) -> None:
            # when the client receives the answer, what would its immediate retry find?
            if message["type"] == "http.response.body":
                row = await IdempotentResponse.get(key="member-system:retry-at-once")
                seen_when_answered.append(row.response)

        scope = member_scope(organisation.id, b"retry-at-once")
        await IdempotencyKeys(answer, max_tokens=4000)(scope, request(MUTATION), client)

    fill(database_url, run)

    # then the recorded answer, not a request still running (with the hash of the body it
    # answered, which a retry of the same body is answered byte for byte for)
    [seen] = seen_when_answered
    assert isinstance(seen, dict)
    assert seen["status"] == 200 and seen["body"] == '{"data": {"written": true}}'
    assert seen["request"] == hashlib.sha256(MUTATION).hexdigest()


def test_reads_sent_with_a_key_are_neither_claimed_nor_refused(database_url: str) -> None:
    # given a member's key on a write and, as a gateway sends it, on two follow-up reads
    ran: list[bytes] = []
    claims: list[int] = []

    async def counting(scope: Scope, receive: Receive, send: Send) -> None:
        ran.append((await receive())["body"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    async def run() -> None:
        (organisation,) = await factories.organisations(1)
        middleware = IdempotencyKeys(counting, max_tokens=4000)
        scope = member_scope(organisation.id, b"one-write")
        for body in (MUTATION, b'{"query": "{ a }"}', b'{"query": "query { b }"}'):
            await middleware(scope, request(body), ignore)
        claims.append(await IdempotentResponse.all().count())

    fill(database_url, run)

    # then all three ran, and only the write was claimed
    assert len(ran) == 3 and claims == [1]


def test_an_original_that_answers_after_a_takeover_leaves_the_retrys_answer(
    database_url: str,
) -> None:
    # given a first request so slow that a retry took its claim over and answered
    stored: list[object] = []
    key = "member-system:slow-write"

    async def slow_original(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await IdempotentResponse.filter(key=key).update(
            created_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=1),
            response={"status": 200, "body": "the retry's answer"},
        )
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"the original's answer"})

    async def run() -> None:
        (organisation,) = await factories.organisations(1)
        scope = member_scope(organisation.id, b"slow-write")
        await IdempotencyKeys(slow_original, max_tokens=4000)(scope, request(MUTATION), ignore)
        stored.append((await IdempotentResponse.get(key=key)).response)

    fill(database_url, run)

    # then the record still holds what the retry's client was told
    assert stored == [{"status": 200, "body": "the retry's answer"}]


def test_a_write_whose_client_went_away_half_way_is_neither_claimed_nor_run(
    database_url: str,
) -> None:
    ran: list[Message] = []
    claims: list[int] = []

    async def written(scope: Scope, receive: Receive, send: Send) -> None:
        ran.append(await receive())

    async def half_then_gone() -> Message:
        # the first half of the mutation's body, then the client's connection closes
        if not ran and not claims:
            claims.append(-1)
            return {"type": "http.request", "body": MUTATION[:20], "more_body": True}
        return {"type": "http.disconnect"}

    async def run() -> None:
        (organisation,) = await factories.organisations(1)
        scope = member_scope(organisation.id, b"half-sent")
        with pytest.raises(ClientDisconnect):
            await IdempotencyKeys(written, max_tokens=4000)(scope, half_then_gone, ignore)
        claims.append(await IdempotentResponse.all().count())

    fill(database_url, run)

    # then the write never ran on half a body, and no key was claimed for it
    assert ran == [] and claims == [-1, 0]
