"""Partners: the sites allowed to embed widgets and to have signatures counted as theirs."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError

from hub.models import Partner
from hub.services.checks import check_slug, url_parts
from hub.services.errors import Refusal, WriteRefused, slug_refusal


def check_origin(origin: str) -> str:
    """A web origin as browsers send it: ``https://host`` or ``http://host:port``, no path."""
    parts = url_parts(origin.strip())
    if (
        parts is None
        or parts.scheme not in {"http", "https"}
        or not parts.hostname
        or parts.path not in {"", "/"}
        or parts.query
        or parts.fragment
        or parts.username
    ):
        raise WriteRefused(
            Refusal.INVALID,
            f"'{origin}' is not a web origin: give scheme and host (and port), like"
            " https://news.example",
            "origins",
        )
    return f"{parts.scheme}://{parts.netloc.lower()}"


async def register_partner(slug: str, name: str, origins: list[str]) -> Partner:
    """A new partner whose pages, at these origins, embed widgets."""
    check_slug(slug, 64)
    if not name.strip():
        raise WriteRefused(Refusal.INVALID, "A partner has a name.", "name")
    if not origins:
        raise WriteRefused(Refusal.INVALID, "A partner embeds from at least one origin.", "origins")
    checked = list(dict.fromkeys(check_origin(origin) for origin in origins))
    try:
        return await Partner.create(slug=slug, name=name.strip(), origins=checked)
    except IntegrityError as refused:
        raise slug_refusal(refused, "partner", slug) from None
