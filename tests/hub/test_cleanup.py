"""`hub cleanup`, and the running hub's periodic cleanup: expired codes, refresh tokens,
revocations and idempotency records are deleted, counted; nothing live is."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import threading

from hub import clock
from tests.auth.network import AuthNetwork, build_auth_network
from tests.conftest import hub_client
from tests.databases import fill
from tests.hub.expiring import EXPIRING, KINDS, expiring_row
from tests.live import HUB


async def expired_and_live_rows(network: AuthNetwork) -> None:
    """Of each kind, one row long expired and one live (codes: one that expired an hour ago,
    kept so that a replay still revokes what it issued)."""
    now = clock.now()
    ago, ahead = now - datetime.timedelta(days=2), now + datetime.timedelta(days=2)
    for n, expires in enumerate((ago, now - datetime.timedelta(hours=1), ahead)):
        await expiring_row(network, "authorization_codes", n, expires)
    for n, expires in enumerate((ago, ahead)):
        await expiring_row(network, "refresh_tokens", n, expires)
        await expiring_row(network, "revoked_access_tokens", n, expires)
        await expiring_row(network, "idempotency_records", n, expires - datetime.timedelta(days=2))


def counts(database_url: str) -> dict[str, int]:
    counted: dict[str, int] = {}

    async def count() -> None:
        for kind, (model, _) in EXPIRING.items():
            counted[kind] = await model.all().count()

    fill(database_url, count)
    return counted


def prepared(database_url: str) -> None:
    network = AuthNetwork()

    async def build() -> None:
        await build_auth_network(network)
        await expired_and_live_rows(network)

    fill(database_url, build)


def test_hub_cleanup_deletes_what_expired_and_counts_it(database_url: str) -> None:
    # given expired and live rows of each kind
    prepared(database_url)
    before = counts(database_url)

    # when an operator runs `hub cleanup`
    done = subprocess.run(
        [HUB, "cleanup"],
        env={**os.environ, "HUB_DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=120,
    )

    # then it deleted one row of each kind, said so, and left the live ones
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == dict.fromkeys(KINDS, 1)
    assert before == {**dict.fromkeys(KINDS, 2), "authorization_codes": 3}
    assert counts(database_url) == {**dict.fromkeys(KINDS, 1), "authorization_codes": 2}


def test_a_running_hub_cleans_up_now_and_then(database_url: str) -> None:
    # given expired and live rows of each kind, and a hub cleaning up often
    prepared(database_url)
    left = {**dict.fromkeys(KINDS, 1), "authorization_codes": 2}
    with hub_client(database_url, cleanup_interval_seconds=0.1):
        # when it has run a while
        seen = counts(database_url)
        for _ in range(300):
            if seen == left:
                break
            threading.Event().wait(0.1)
            seen = counts(database_url)

    # then the expired rows are gone and the live ones are not
    assert seen == left


def test_a_hub_told_not_to_clean_up_does_not(database_url: str) -> None:
    # given expired rows, and a hub whose cleanup is off
    prepared(database_url)
    before = counts(database_url)
    with hub_client(database_url, cleanup_interval_seconds=0) as client:
        # when it has served a request or two
        for _ in range(3):
            assert client.get("/health").status_code == 200
    # then nothing was deleted
    assert counts(database_url) == before
