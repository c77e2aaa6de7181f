"""argon2 off the event loop: client secrets and staff passwords are hashed and verified in a
bounded pool, so that a flood of wrong secrets neither stalls the hub nor grows its memory."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx
import pytest
from argon2 import PasswordHasher
from starlette.testclient import TestClient

from tests.auth.consent import authorize, code_params, pkce_pair
from tests.auth.network import AuthNetwork, build_auth_network
from tests.conftest import hub_client
from tests.databases import fill
from tests.live import live_hub

WRONG_SECRETS = 50
POOL = 2


@dataclass
class GatedHashes:
    """argon2's verification, held at a gate: how many run at once, and in which threads."""

    gate: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    running: int = 0
    most_at_once: int = 0
    verified: int = 0
    threads: set[str] = field(default_factory=set)

    def wait_for(self, running: int) -> None:
        for _ in range(600):
            with self.lock:
                if self.running >= running:
                    return
            threading.Event().wait(0.05)
        raise AssertionError(f"{running} hashes never ran at once (saw {self.running})")


@pytest.fixture(autouse=True)
def as_the_hub_hashes(hub_argon2: None) -> None:
    """The hub's own argon2 parameters: their cost is what this module is about."""


@pytest.fixture
def gated(monkeypatch: pytest.MonkeyPatch) -> Iterator[GatedHashes]:
    hashes = GatedHashes()
    verify = PasswordHasher.verify

    def gated_verify(self: PasswordHasher, secret_hash: str, secret: str) -> bool:
        with hashes.lock:
            hashes.running += 1
            hashes.verified += 1
            hashes.most_at_once = max(hashes.most_at_once, hashes.running)
            hashes.threads.add(threading.current_thread().name)
        try:
            assert hashes.gate.wait(60), "the test never opened the gate"
            return verify(self, secret_hash, secret)
        finally:
            with hashes.lock:
                hashes.running -= 1

    monkeypatch.setattr(PasswordHasher, "verify", gated_verify)
    yield hashes
    hashes.gate.set()


@pytest.fixture
def hub(database_url: str) -> Iterator[tuple[TestClient, AuthNetwork]]:
    network = AuthNetwork()
    fill(database_url, lambda: build_auth_network(network))
    with hub_client(database_url, max_concurrent_hashes=POOL) as client:
        yield client, network


def test_wrong_secrets_are_verified_off_the_loop_a_few_at_a_time(
    hub: tuple[TestClient, AuthNetwork], gated: GatedHashes
) -> None:
    # given a member's client, and its argon2 verifications held at a gate
    client, network = hub
    member = network.members[0]

    def wrong_secret(attempt: int) -> tuple[int, str]:
        response = client.post(
            "/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=(member.client_id, f"wrong-{attempt}"),
        )
        return response.status_code, response.json()["error"]

    # when 50 wrong secrets arrive at once
    with ThreadPoolExecutor(WRONG_SECRETS) as senders:
        answers = senders.map(wrong_secret, range(WRONG_SECRETS))
        gated.wait_for(POOL)

        # then, while the pool is full and the rest wait, the hub still answers /health:
        # the event loop is not the one hashing
        assert client.get("/health").json() == {"status": "ok"}
        assert gated.running == POOL
        gated.gate.set()
        answered = list(answers)

    # and every one was refused, each after exactly one verification, never more than the
    # pool's size at once, all in the pool's threads
    assert answered == [(401, "invalid_client")] * WRONG_SECRETS
    assert gated.verified == WRONG_SECRETS
    assert gated.most_at_once == POOL
    assert all(name.startswith("argon2") for name in gated.threads), gated.threads


def test_staff_passwords_are_verified_in_the_pool(
    hub: tuple[TestClient, AuthNetwork], gated: GatedHashes
) -> None:
    # given a staff member signing in on the consent page
    client, network = hub
    member = network.members[0]
    gated.gate.set()
    _, challenge = pkce_pair()

    # when they sign in, once with a wrong password and once with the right one
    wrong = authorize(client, code_params(member.dashboard_id, challenge), member.staff_email, "x")
    right = authorize(client, code_params(member.dashboard_id, challenge), member.staff_email)

    # then both passwords were verified once each, in the pool's threads
    assert (wrong.status_code, right.status_code) == (401, 302)
    assert gated.verified == 2
    assert all(name.startswith("argon2") for name in gated.threads), gated.threads


def test_a_live_hub_answers_health_while_50_wrong_secrets_are_hashed(database_url: str) -> None:
    # given a real hub hashing two at a time, with real argon2
    network = AuthNetwork()
    fill(database_url, lambda: build_auth_network(network))
    member = network.members[0]
    health: list[float] = []
    tokens: list[int] = []

    async def flood(base: str) -> None:
        async with httpx.AsyncClient(base_url=base, timeout=120) as http:

            async def wrong_secret(attempt: int) -> None:
                response = await http.post(
                    "/oauth/token",
                    data={"grant_type": "client_credentials"},
                    auth=(member.client_id, f"wrong-{attempt}"),
                )
                tokens.append(response.status_code)

            async def poll_health() -> None:
                while len(tokens) < WRONG_SECRETS:
                    asked = time.perf_counter()
                    assert (await http.get("/health")).status_code == 200
                    if len(tokens) < WRONG_SECRETS:
                        health.append(time.perf_counter() - asked)
                    await asyncio.sleep(0.05)

            await asyncio.gather(poll_health(), *map(wrong_secret, range(WRONG_SECRETS)))

    # when 50 wrong secrets arrive at once while /health is asked again and again
    with live_hub(database_url, max_concurrent_hashes=POOL) as base:
        asyncio.run(flood(base))

    # then all were refused, and /health was answered while they were still being hashed
    # (the seconds each answer took are printed, not asserted: they measure the machine)
    assert tokens == [401] * WRONG_SECRETS
    assert len(health) >= 2
    print(f"/health while hashing: {len(health)} answers, slowest {max(health):.3f} s")
