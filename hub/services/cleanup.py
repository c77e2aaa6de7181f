"""Deleting what has expired: authorization codes, refresh tokens, revocations, and the
answers kept for Idempotency-Keys.

``hub cleanup`` does it once; a running hub does it every ``HUB_CLEANUP_INTERVAL_SECONDS``.
Replicas may do it at the same moment: each deletes what it finds, and the counts add up.
"""

from __future__ import annotations

import asyncio
import datetime
import logging
from dataclasses import asdict, dataclass

from auth.tokens import CLOCK_SKEW_SECONDS
from hub import clock
from hub.db import DatabaseUnavailable
from hub.models import AuthorizationCode, IdempotentResponse, RefreshToken, RevokedAccessToken
from hub.settings import Settings

log = logging.getLogger(__name__)

CODES_KEPT_AFTER_EXPIRY = datetime.timedelta(days=1)
"""A used code is kept this long after it expires, so that a replay still revokes what it
issued (RFC 6749 §4.1.2); by then its access token has expired too."""


@dataclass(frozen=True)
class Deleted:
    """How many rows of each kind were deleted."""

    authorization_codes: int
    refresh_tokens: int
    revoked_access_tokens: int
    idempotency_records: int

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


async def delete_expired(settings: Settings) -> Deleted:
    """Delete every expired code, refresh token, revocation and idempotency record."""
    now = clock.now()
    skew = datetime.timedelta(seconds=CLOCK_SKEW_SECONDS)
    return Deleted(
        authorization_codes=await AuthorizationCode.filter(
            expires_at__lt=now - CODES_KEPT_AFTER_EXPIRY
        ).delete(),
        refresh_tokens=await RefreshToken.filter(expires_at__lt=now).delete(),
        # a revoked token that has expired is refused as expired (within the clock skew)
        revoked_access_tokens=await RevokedAccessToken.filter(expires_at__lt=now - skew).delete(),
        idempotency_records=await IdempotentResponse.filter(
            created_at__lt=now - datetime.timedelta(seconds=settings.idempotency_key_seconds)
        ).delete(),
    )


async def clean_periodically(settings: Settings) -> None:
    """Delete what has expired every ``cleanup_interval_seconds``, until cancelled."""
    while True:
        await asyncio.sleep(settings.cleanup_interval_seconds)
        try:
            deleted = await delete_expired(settings)
        except DatabaseUnavailable:
            log.warning("Cleanup skipped: the database is unavailable; it runs again later")
            continue
        except Exception:
            log.exception("Cleanup failed; it runs again later")
            continue
        log.info("Cleanup deleted expired rows: %s", deleted.as_dict())
