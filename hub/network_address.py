"""The network address a request comes from, for the limits per address.

Behind a proxy, every request's peer is the proxy; the address it was forwarded for is in
``X-Forwarded-For``. That header is believed only from the proxies the settings name
(``HUB_TRUSTED_PROXIES``, addresses or CIDR ranges): anyone else could write anything in it.
The header is read from the right, past the trusted proxies, to the first address they did
not add themselves: what the nearest untrusted hop claims further left is not believed.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from functools import lru_cache

from starlette.requests import HTTPConnection

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def trusted_networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    """The settings' proxies as networks (checked when the settings were read)."""
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies)


def _trusted(address: str, networks: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: HTTPConnection, proxies: Sequence[str]) -> str | None:
    """The request's own address: its peer's, or, from a trusted proxy, the one it was
    forwarded for."""
    peer = request.client.host if request.client else None
    networks = trusted_networks(tuple(proxies))
    if peer is None or not networks or not _trusted(peer, networks):
        return peer
    hops = [
        hop.strip()
        for header in request.headers.getlist("x-forwarded-for")
        for hop in header.split(",")
        if hop.strip()
    ]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            return hop
    return hops[0] if hops else peer
