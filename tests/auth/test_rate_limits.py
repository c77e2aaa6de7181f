"""Rate limits of the authorization server: token requests per client and per network
address, staff sign-ins per address, and the lockout after wrong passwords."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from tests.auth.consent import authorize, code_params, pkce_pair
from tests.auth.network import PASSWORD, AuthNetwork, build_auth_network
from tests.conftest import hub_client
from tests.databases import fill

LOCKOUT_SECONDS = 600


@pytest.fixture
def network(database_url: str) -> AuthNetwork:
    made = AuthNetwork()
    fill(database_url, lambda: build_auth_network(made))
    return made


@pytest.fixture
def limited(database_url: str, network: AuthNetwork) -> Iterator[TestClient]:
    """A hub with small limits, so that a test reaches each of them in a few requests."""
    with hub_client(
        database_url,
        token_requests_per_minute_per_client=3,
        token_requests_per_minute_per_address=5,
        sign_ins_per_minute_per_address=4,
        sign_in_failures_allowed=3,
        sign_in_lockout_seconds=LOCKOUT_SECONDS,
    ) as client:
        yield client


def behind_a_proxy(database_url: str, **limits: int) -> TestClient:
    """A hub whose requests come through a proxy it trusts: each request is counted against
    the address the proxy forwards it for (set ``X-Forwarded-For`` on the client)."""
    return hub_client(
        database_url, peer=("127.0.0.1", 50000), trusted_proxies=["127.0.0.1"], **limits
    )


def token(client: TestClient, client_id: str, secret: str) -> httpx.Response:
    return client.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret)
    )


def assert_slowed_down(response: httpx.Response) -> None:
    assert response.status_code == 429, response.text
    assert int(response.headers["retry-after"]) >= 1
    assert response.headers["cache-control"] == "no-store"
    assert response.json()["error"] == "slow_down"
    assert "try again in" in response.json()["error_description"]


def sign_in(client: TestClient, network: AuthNetwork, email: str, password: str) -> Any:
    _, challenge = pkce_pair()
    return authorize(
        client, code_params(network.members[0].dashboard_id, challenge), email, password
    )


def test_token_requests_naming_one_client_are_limited(
    limited: TestClient, network: AuthNetwork
) -> None:
    # given member A's client, allowed 3 token requests a minute
    a, b = network.members

    # when it asks 4 times, right secret or wrong
    answers = [token(limited, a.client_id, a.client_secret) for _ in range(2)]
    answers.append(token(limited, a.client_id, "wrong"))
    fourth = token(limited, a.client_id, a.client_secret)

    # then the first three were answered, the fourth slowed down with a Retry-After
    assert [r.status_code for r in answers] == [200, 200, 401]
    assert_slowed_down(fourth)
    assert "named this client" in fourth.json()["error_description"]
    # and B's client, from the same address, still gets its token
    assert token(limited, b.client_id, b.client_secret).status_code == 200


def test_token_requests_naming_one_client_in_their_form_are_limited_alike(
    limited: TestClient, network: AuthNetwork
) -> None:
    # given member A's client, sending its ID and secret in the form (client_secret_post)
    a, _ = network.members
    form = {"grant_type": "client_credentials", "client_id": a.client_id}

    # when it asks 4 times, right secret or wrong
    answers = [
        limited.post("/oauth/token", data={**form, "client_secret": secret})
        for secret in (a.client_secret, a.client_secret, "wrong", a.client_secret)
    ]

    # then the fourth is slowed down as naming this client
    assert [r.status_code for r in answers[:3]] == [200, 200, 401]
    assert_slowed_down(answers[3])
    assert "named this client" in answers[3].json()["error_description"]


def test_token_requests_from_one_address_are_limited(
    limited: TestClient, network: AuthNetwork
) -> None:
    # given 5 token requests a minute from one address, across clients
    a, b = network.members

    # when the address asks 6 times, for two clients and unknown ones
    answers = [
        token(limited, a.client_id, a.client_secret),
        token(limited, b.client_id, b.client_secret),
        token(limited, "guess-1", "x"),
        token(limited, "guess-2", "x"),
        token(limited, "guess-3", "x"),
    ]
    sixth = token(limited, b.client_id, b.client_secret)

    # then the sixth is slowed down, naming the address
    assert [r.status_code for r in answers] == [200, 200, 401, 401, 401]
    assert_slowed_down(sixth)
    assert "network address" in sixth.json()["error_description"]


def test_token_requests_are_counted_per_address(database_url: str, network: AuthNetwork) -> None:
    # given a hub behind a proxy, where one address has used its 5 token requests of the minute
    a, b = network.members
    with behind_a_proxy(database_url, token_requests_per_minute_per_address=5) as proxied:
        proxied.headers["X-Forwarded-For"] = "203.0.113.5"
        answers = [token(proxied, member.client_id, member.client_secret) for member in (a, b)]
        answers += [token(proxied, f"guess-{n}", "x") for n in range(3)]
        assert [r.status_code for r in answers] == [200, 200, 401, 401, 401]
        assert_slowed_down(token(proxied, a.client_id, a.client_secret))

        # when a client asks from another address
        proxied.headers["X-Forwarded-For"] = "198.51.100.7"
        answer = token(proxied, b.client_id, b.client_secret)

    # then that address has token requests of its own
    assert answer.status_code == 200 and "access_token" in answer.json()


def test_sign_ins_from_one_address_are_limited(limited: TestClient, network: AuthNetwork) -> None:
    # given 4 sign-ins a minute from one address
    staff = network.members[0].staff_email
    other = network.members[1].staff_email

    # when 5 are tried, wrong passwords spread over two addresses so none locks
    tries = [sign_in(limited, network, email, "wrong") for email in (staff, other, staff, other)]
    fifth = sign_in(limited, network, staff, PASSWORD)

    # then the fifth, even with the right password, is refused with 429 and Retry-After
    assert [t.status_code for t in tries] == [401, 401, 401, 401]
    assert fifth.status_code == 429 and "location" not in fifth.headers
    assert int(fifth.headers["retry-after"]) >= 1
    assert "sign-ins a minute" in fifth.text


def test_sign_ins_are_counted_per_address(database_url: str, network: AuthNetwork) -> None:
    # given a hub behind a proxy, where one address has used its 4 sign-ins of the minute
    with behind_a_proxy(database_url, sign_ins_per_minute_per_address=4) as proxied:
        staff = network.members[0].staff_email
        proxied.headers["X-Forwarded-For"] = "203.0.113.5"
        tries = [sign_in(proxied, network, staff, "wrong") for _ in range(4)]
        assert [t.status_code for t in tries] == [401, 401, 401, 401]
        fifth = sign_in(proxied, network, staff, PASSWORD)
        assert fifth.status_code == 429 and "sign-ins a minute" in fifth.text

        # when a staff member signs in from another address
        proxied.headers["X-Forwarded-For"] = "198.51.100.7"
        answer = sign_in(proxied, network, staff, PASSWORD)

    # then that address has sign-ins of its own
    assert answer.status_code == 302 and "code=" in answer.headers["location"]


class Later:
    """The clock, ``seconds`` ahead: what the limits' storage sees after a while."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def time(self) -> float:
        return time.time() + self.seconds

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)


def test_wrong_passwords_lock_an_address_for_a_while(
    database_url: str, network: AuthNetwork, monkeypatch: pytest.MonkeyPatch
) -> None:
    staff = network.members[0].staff_email
    with hub_client(
        database_url, sign_in_failures_allowed=3, sign_in_lockout_seconds=LOCKOUT_SECONDS
    ) as client:
        # given 3 wrong passwords for a staff member's address
        wrong = [sign_in(client, network, staff, f"wrong-{n}") for n in range(3)]

        # when the right password follows
        locked = sign_in(client, network, staff, PASSWORD)

        # then it is refused: the address is locked, saying so and when to come back
        assert [w.status_code for w in wrong] == [401, 401, 401]
        assert locked.status_code == 429 and "location" not in locked.headers
        assert 1 <= int(locked.headers["retry-after"]) <= LOCKOUT_SECONDS
        assert "locked after 3 wrong passwords" in locked.text

        # and once the lockout has passed, the right password signs in
        later = Later(LOCKOUT_SECONDS + 1)
        monkeypatch.setattr("limits.storage.memory.time", later)
        monkeypatch.setattr("limits.strategies.time", later)
        assert sign_in(client, network, staff, PASSWORD).status_code == 302


def test_an_unknown_address_locks_the_same_way(database_url: str, network: AuthNetwork) -> None:
    with hub_client(database_url, sign_in_failures_allowed=2, sign_in_lockout_seconds=60) as client:
        # given as many wrong passwords for a staff address as for an address no one has
        staff = network.members[0].staff_email
        answers = {}
        for email in (staff, "nobody@example.org"):
            for _ in range(2):
                sign_in(client, network, email, "wrong")
            answers[email] = sign_in(client, network, email, "wrong")

        # then both are locked alike: the lockout tells nobody who is staff
        known, unknown = answers[staff], answers["nobody@example.org"]
        assert known.status_code == unknown.status_code == 429
        # (each until its own first failure is a minute old)
        said = "locked after 2 wrong passwords: try again in 1 min"
        assert said in known.text and said in unknown.text
        waits = [int(known.headers["retry-after"]), int(unknown.headers["retry-after"])]
        assert all(1 <= wait <= 60 for wait in waits), waits


def test_a_right_password_clears_earlier_failures(database_url: str, network: AuthNetwork) -> None:
    with hub_client(database_url, sign_in_failures_allowed=2, sign_in_lockout_seconds=60) as client:
        staff = network.members[0].staff_email
        # given a wrong password, then the right one
        first = sign_in(client, network, staff, "wrong")
        right = sign_in(client, network, staff, PASSWORD)

        # when a wrong one follows, then the right one again
        second = sign_in(client, network, staff, "wrong")
        again = sign_in(client, network, staff, PASSWORD)

        # then the failures before the right password no longer count: it is not locked
        assert [first.status_code, right.status_code] == [401, 302]
        assert [second.status_code, again.status_code] == [401, 302]


@pytest.mark.parametrize("endpoint", ["/oauth/revoke", "/oauth/introspect"])
def test_revocation_and_introspection_count_against_the_same_limit(
    limited: TestClient, network: AuthNetwork, endpoint: str
) -> None:
    # given member A's client, allowed 3 authenticated requests a minute, with a token
    a = network.members[0]
    access = token(limited, a.client_id, a.client_secret).json()["access_token"]

    # when it then sends wrong secrets to another endpoint where clients authenticate
    answers = [
        limited.post(endpoint, data={"token": access}, auth=(a.client_id, "wrong"))
        for _ in range(3)
    ]

    # then the limit it shares with the token endpoint is reached there too
    assert [r.status_code for r in answers[:2]] == [401, 401]
    assert_slowed_down(answers[2])
