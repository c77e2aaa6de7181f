"""The address a request comes from: ``X-Forwarded-For`` only from a trusted proxy."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from starlette.requests import Request

from hub.network_address import client_address
from hub.settings import Settings

PROXIES = ["10.0.0.0/8", "2001:db8::1"]


def request_from(peer: str, *forwarded: str) -> Request:
    headers = [(b"x-forwarded-for", value.encode()) for value in forwarded]
    return Request({"type": "http", "client": (peer, 1234), "headers": headers})


def test_without_trusted_proxies_the_peer_is_the_address() -> None:
    assert client_address(request_from("192.0.2.1", "203.0.113.7"), []) == "192.0.2.1"


def test_a_trusted_proxy_names_the_address_it_forwarded_for() -> None:
    assert client_address(request_from("10.0.0.5", "203.0.113.7"), PROXIES) == "203.0.113.7"
    assert client_address(request_from("2001:db8::1", "203.0.113.7"), PROXIES) == "203.0.113.7"


def test_a_forged_header_from_an_untrusted_peer_is_not_believed() -> None:
    assert client_address(request_from("192.0.2.1", "203.0.113.7"), PROXIES) == "192.0.2.1"


def test_only_the_hops_trusted_proxies_added_are_believed() -> None:
    # the client wrote its own header; the proxies appended what they saw, right to left
    forged_then_real = request_from("10.0.0.5", "198.51.100.1, 203.0.113.7", "10.1.2.3")
    assert client_address(forged_then_real, PROXIES) == "203.0.113.7"
    only_proxies = request_from("10.0.0.5", "10.0.0.9")
    assert client_address(only_proxies, PROXIES) == "10.0.0.9"
    no_header = request_from("10.0.0.5")
    assert client_address(no_header, PROXIES) == "10.0.0.5"


def test_a_proxy_that_is_no_address_is_refused_by_name() -> None:
    with pytest.raises(
        ValidationError, match=r"'proxy\.example' is not an IP address or CIDR range"
    ):
        Settings(trusted_proxies=["10.0.0.0/8", "proxy.example"])
