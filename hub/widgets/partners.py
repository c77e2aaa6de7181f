"""Partners and the web origins they embed widgets from, as each hub process knows them."""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from hub.models import Partner

REFRESH_SECONDS = 30.0
"""How long a partner's origin removed in another process may stay known here."""
MISS_SECONDS = 1.0
"""A partner or origin not known here is looked for in the database again, at most this
often: one added by ``hub partners add`` works at once, and a page naming partners that do
not exist costs the database one read a second, not one per request."""


@dataclass(frozen=True)
class KnownPartner:
    slug: str
    origins: frozenset[str]

    @property
    def source(self) -> str:
        """What its signers' signatures are recorded as coming from."""
        return f"widget:{self.slug}"


class Partners:
    """Every partner, read from the database at most every ``REFRESH_SECONDS``."""

    def __init__(self) -> None:
        self._by_slug: dict[str, KnownPartner] = {}
        self._read_at = float("-inf")

    async def named(self, slug: str) -> KnownPartner | None:
        await self._fresh(REFRESH_SECONDS)
        if slug not in self._by_slug:
            await self._fresh(MISS_SECONDS)
        return self._by_slug.get(slug)

    async def from_origin(self, origin: str) -> KnownPartner | None:
        """The partner whose pages are at this origin, if one is."""
        wanted = normalised_origin(origin)
        if wanted is None:
            return None
        await self._fresh(REFRESH_SECONDS)
        found = self._at(wanted)
        if found is None:
            await self._fresh(MISS_SECONDS)
            found = self._at(wanted)
        return found

    def _at(self, origin: str) -> KnownPartner | None:
        return next((p for p in self._by_slug.values() if origin in p.origins), None)

    async def _fresh(self, seconds: float) -> None:
        """Read every partner again if the last read is older than ``seconds``."""
        if time.monotonic() - self._read_at < seconds:
            return
        rows = await Partner.all().values("slug", "origins")
        self._by_slug = {
            row["slug"]: KnownPartner(
                row["slug"],
                frozenset(
                    normalised
                    for origin in row["origins"] or []
                    if (normalised := normalised_origin(origin)) is not None
                ),
            )
            for row in rows
        }
        self._read_at = time.monotonic()


def normalised_origin(origin: str) -> str | None:
    """``scheme://host[:port]`` in lower case, without a default port or a trailing slash;
    None for what no browser sends as an origin (a port out of range, a broken address)."""
    try:
        parts = urlsplit(origin.strip().lower())
        given_port = parts.port
    except ValueError:
        return None
    default = {"http": 80, "https": 443}.get(parts.scheme)
    port = f":{given_port}" if given_port and given_port != default else ""
    return f"{parts.scheme}://{parts.hostname or ''}{port}"
