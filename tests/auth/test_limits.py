"""The authorization server's limits (auth/limits.py) on a clock the test moves: what each
counts, what it says when it refuses, how long it asks a client to wait, and that 0 is off."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from auth.limits import OAuthLimits, Refused
from hub.settings import Settings

T0 = 1_800_000_000.0
ADDRESS, OTHER_ADDRESS = "192.0.2.1", "192.0.2.2"


class Clock:
    """The time the limits and their storage read, moved by the test."""

    def __init__(self) -> None:
        self.now = T0

    def time(self) -> float:
        return self.now

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    moved = Clock()
    for module in ("limits.storage.memory", "limits.strategies", "auth.limits"):
        monkeypatch.setattr(f"{module}.time", moved)
    yield moved


def limits(**settings: int) -> OAuthLimits:
    return OAuthLimits(Settings(budget_storage="memory://", **settings))


def test_token_requests_are_counted_per_address_until_the_minute_is_over(clock: Clock) -> None:
    hub = limits(token_requests_per_minute_per_address=2)
    assert [hub.token_request(f"client-{n}", ADDRESS) for n in range(2)] == [None, None]

    clock.now = T0 + 15
    assert hub.token_request("client-3", ADDRESS) == Refused(
        "More than 2 token requests a minute came from this network address: try again in 45 s.",
        45,
    )
    assert hub.token_request("client-3", OTHER_ADDRESS) is None

    clock.now = T0 + 60.5
    assert hub.token_request("client-3", ADDRESS) is None


def test_token_requests_naming_a_client_are_counted_from_any_address(clock: Clock) -> None:
    hub = limits(token_requests_per_minute_per_client=2)
    assert hub.token_request("dashboard", ADDRESS) is None
    assert hub.token_request("dashboard", OTHER_ADDRESS) is None
    assert hub.token_request("dashboard", "192.0.2.3") == Refused(
        "More than 2 token requests a minute named this client: try again in 60 s.", 60
    )
    # another client, and requests naming none, are not this client's
    assert hub.token_request("system", ADDRESS) is None
    assert [hub.token_request(None, ADDRESS) for _ in range(3)] == [None, None, None]


def test_one_second_is_the_shortest_wait_asked(clock: Clock) -> None:
    hub = limits(sign_ins_per_minute_per_address=1)
    assert hub.sign_in_attempt(ADDRESS) is None
    clock.now = T0 + 59.5
    assert hub.sign_in_attempt(ADDRESS) == Refused(
        "More than 1 sign-ins a minute came from this network address: try again in 1 s.", 1
    )


def test_sign_ins_are_counted_per_address(clock: Clock) -> None:
    hub = limits(sign_ins_per_minute_per_address=2)
    assert [hub.sign_in_attempt(ADDRESS) for _ in range(2)] == [None, None]
    refused = hub.sign_in_attempt(ADDRESS)
    assert refused is not None and refused.retry_after == 60
    assert "More than 2 sign-ins a minute" in refused.reason
    assert hub.sign_in_attempt(OTHER_ADDRESS) is None


def test_wrong_passwords_lock_an_address_until_the_first_is_that_old(clock: Clock) -> None:
    hub = limits(sign_in_failures_allowed=2, sign_in_lockout_seconds=600)
    hub.failed_sign_in("Staff@Example.org")
    assert hub.lockout("staff@example.org") is None

    clock.now = T0 + 100
    hub.failed_sign_in(" staff@example.org ")
    # the address however written, and not another
    assert hub.lockout("STAFF@example.org") == Refused(
        "Sign-in with this e-mail address is locked after 2 wrong passwords: try again in 9 min.",
        500,
    )
    assert hub.lockout("other@example.org") is None
    # a wait of a minute and a second is said as two minutes: never less than it is
    clock.now = T0 + 539
    assert hub.lockout("staff@example.org") == Refused(
        "Sign-in with this e-mail address is locked after 2 wrong passwords: try again in 2 min.",
        61,
    )

    clock.now = T0 + 600
    assert hub.lockout("staff@example.org") is None


def test_the_right_password_clears_the_failures_before_it(clock: Clock) -> None:
    hub = limits(sign_in_failures_allowed=2, sign_in_lockout_seconds=600)
    hub.failed_sign_in("staff@example.org")
    hub.signed_in("staff@example.org")
    hub.failed_sign_in("staff@example.org")
    assert hub.lockout("staff@example.org") is None


def test_a_limit_of_0_is_off(clock: Clock) -> None:
    hub = limits(
        token_requests_per_minute_per_address=0,
        token_requests_per_minute_per_client=0,
        sign_ins_per_minute_per_address=0,
        sign_in_failures_allowed=0,
    )
    for _ in range(5):
        assert hub.token_request("dashboard", ADDRESS) is None
        assert hub.sign_in_attempt(ADDRESS) is None
        hub.failed_sign_in("staff@example.org")
    assert hub.lockout("staff@example.org") is None


def test_a_limit_of_1_allows_one(clock: Clock) -> None:
    hub = limits(token_requests_per_minute_per_address=1, token_requests_per_minute_per_client=1)
    assert hub.token_request("dashboard", ADDRESS) is None
    assert hub.token_request("system", ADDRESS) is not None
    assert hub.token_request("dashboard", OTHER_ADDRESS) is not None
    locking = limits(sign_in_failures_allowed=1)
    locking.failed_sign_in("staff@example.org")
    assert locking.lockout("staff@example.org") is not None
