"""Rows of each kind the hub's cleanup deletes when their time has passed, made for a test."""

from __future__ import annotations

import datetime

from tortoise.models import Model

from hub import clock
from hub.models import (
    AuthorizationCode,
    IdempotentResponse,
    OAuthClient,
    RefreshToken,
    RevokedAccessToken,
    StaffUser,
)
from tests.auth.network import AuthNetwork

EXPIRING: dict[str, tuple[type[Model], str]] = {
    "authorization_codes": (AuthorizationCode, "expires_at"),
    "refresh_tokens": (RefreshToken, "expires_at"),
    "revoked_access_tokens": (RevokedAccessToken, "expires_at"),
    "idempotency_records": (IdempotentResponse, "created_at"),
}
"""Each kind, as ``hub cleanup`` counts it: its model, and the time that decides when it goes."""

KINDS = tuple(EXPIRING)


async def expiring_row(network: AuthNetwork, kind: str, n: int, at: datetime.datetime) -> None:
    """The ``n``-th row of ``kind`` for the network's first member, whose time is ``at``: when
    it expires, or for an idempotency record, when it was made."""
    member = network.members[0]
    if kind in ("authorization_codes", "refresh_tokens"):  # issued to a dashboard's user
        client = await OAuthClient.get(client_id=member.dashboard_id)
        user = await StaffUser.get(email=member.staff_email)
    if kind == "authorization_codes":
        await AuthorizationCode.create(
            code=f"code-{n}",
            client_id=client.id,
            user_id=user.id,
            redirect_uri="http://127.0.0.1:9999/callback",
            scope="statements:sign",
            code_challenge="c",
            code_challenge_method="S256",
            issued_at=at - datetime.timedelta(minutes=1),
            expires_at=at,
        )
    elif kind == "refresh_tokens":
        await RefreshToken.create(
            token_hash=f"{n:064d}",
            family=f"family-{n}",
            client_id=client.id,
            user_id=user.id,
            scope="statements:sign",
            access_token_jti=f"jti-{n}",
            issued_at=at - datetime.timedelta(days=30),
            expires_at=at,
        )
    elif kind == "revoked_access_tokens":
        await RevokedAccessToken.create(jti=f"jti-{n}", expires_at=at, revoked_at=clock.now())
    else:
        await IdempotentResponse.create(
            organisation_id=member.organisation_id,
            key=f"client:key-{n}",
            request_hash="0" * 64,
            response={"status": 200, "body": "{}"},
            created_at=at,
        )
