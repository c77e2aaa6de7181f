"""Partner tokens: how a widget frame credits the signatures made in it to a partner.

A partner's name in a form is only words: anyone could type it. The frame the hub serves on
a partner's page carries instead a token the hub signed (HMAC-SHA256 with a key of its own,
kept in the database so that every hub process checks every other's) over the partner, the
petition, the partner page's origin and an expiry. The frame names that origin alone in its
``frame-ancestors``, so a browser shows it, token and all, on that partner's pages only; a
signature is credited to the partner only with a token that checks out.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError

from hub.models import HubSecret
from hub.services.errors import Refusal, WriteRefused

SECRET_NAME = "partner-token"
FIELD = "partnerToken"


@dataclass(frozen=True)
class PartnerToken:
    partner: str
    petition_id: int
    origin: str
    expires: int
    """Seconds since 1970."""


def _encoded(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _decoded(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class PartnerTokens:
    """Issues and checks partner tokens; the key is read once per process."""

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        self._key: bytes | None = None

    async def issue(self, partner: str, petition_id: int, origin: str) -> str:
        payload = _encoded(
            json.dumps(
                {"p": partner, "n": petition_id, "o": origin, "e": int(time.time()) + self.seconds},
                separators=(",", ":"),
            ).encode()
        )
        return f"{payload}.{await self._mac(payload)}"

    async def check(self, token: object, petition_id: int) -> PartnerToken:
        """The token's claims, or a refusal saying what is wrong with it."""
        if not isinstance(token, str) or token.count(".") != 1:
            raise _refused("The partner token is not one the hub issued.")
        payload, mac = token.split(".")
        if not hmac.compare_digest(mac, await self._mac(payload)):
            raise _refused("The partner token is not one the hub issued.")
        try:
            claims = json.loads(_decoded(payload))
            checked = PartnerToken(
                str(claims["p"]), int(claims["n"]), str(claims["o"]), int(claims["e"])
            )
        except (ValueError, KeyError, TypeError, binascii.Error):
            raise _refused("The partner token is not one the hub issued.") from None
        if checked.petition_id != petition_id:
            raise _refused("The partner token is for another petition.")
        if checked.expires < time.time():
            raise _refused("The partner token has expired: reload the page to sign.")
        return checked

    async def _mac(self, payload: str) -> str:
        key = self._key or await self._read_key()
        return _encoded(hmac.new(key, payload.encode(), hashlib.sha256).digest())

    async def _read_key(self) -> bytes:
        row = await HubSecret.get_or_none(name=SECRET_NAME)
        if row is None:
            try:
                row = await HubSecret.create(name=SECRET_NAME, value=secrets.token_hex(32))
            except IntegrityError:  # another process made it first: theirs is the key
                row = await HubSecret.get(name=SECRET_NAME)
        self._key = bytes.fromhex(row.value)
        return self._key


def _refused(message: str) -> WriteRefused:
    return WriteRefused(Refusal.INVALID, message, FIELD)
