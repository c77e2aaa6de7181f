"""Partners: the sites allowed to embed widgets and to have signatures counted as theirs."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError

from hub.db import transaction
from hub.models import Partner
from hub.models.partners import NAME_LENGTH
from hub.services.checks import check_name, check_slug, url_parts
from hub.services.dialect import Dialect
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
        raise _not_an_origin(origin)
    try:  # browsers send a host of other scripts in its ASCII form (IDNA)
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise _not_an_origin(origin) from None
    if ":" in host:  # an IPv6 address, bracketed as in the URL
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port is not None else ""
    return f"{parts.scheme}://{host}{port}"


def _not_an_origin(origin: str) -> WriteRefused:
    return WriteRefused(
        Refusal.INVALID,
        f"'{origin}' is not a web origin: give scheme and host (and port), like"
        " https://news.example",
        "origins",
    )


async def register_partner(slug: str, name: str, origins: list[str]) -> Partner:
    """A new partner whose pages, at these origins, embed widgets."""
    check_slug(slug, 64)
    label = check_name(name, NAME_LENGTH, "A partner's")
    if not origins:
        raise WriteRefused(Refusal.INVALID, "A partner embeds from at least one origin.", "origins")
    checked = list(dict.fromkeys(check_origin(origin) for origin in origins))
    try:
        async with transaction() as connection:
            if Dialect.of(connection).postgres:  # two registrations of one origin: one waits
                await connection.execute_script("LOCK TABLE partner IN SHARE ROW EXCLUSIVE MODE")
            for holder in await Partner.all().using_db(connection):
                taken = next((origin for origin in checked if origin in holder.origins), None)
                if taken is not None:  # a signature from it would be counted as the holder's
                    raise WriteRefused(
                        Refusal.CONFLICT,
                        f"'{taken}' is already an origin of the partner '{holder.slug}'.",
                        "origins",
                    )
            return await Partner.create(slug=slug, name=label, origins=checked, using_db=connection)
    except IntegrityError as refused:
        raise slug_refusal(refused, "partner", slug) from None
