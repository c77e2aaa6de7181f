"""How often the authorization server may be asked: a brake on guessing and on flooding.

Requests where a client authenticates (``/oauth/token``, ``/oauth/revoke`` and
``/oauth/introspect``, together) are counted per client ID and per network address, staff
sign-ins on the
consent page per network address, and wrong passwords per e-mail address: after
``HUB_SIGN_IN_FAILURES_ALLOWED`` of them within ``HUB_SIGN_IN_LOCKOUT_SECONDS`` that
address's sign-in is locked until the first of them is that old, whoever asks, the right
password included. Unknown addresses lock the same way, so a lockout tells nobody who is
staff. Counts are moving windows kept where the settings say (``HUB_OAUTH_LIMIT_STORAGE``,
else ``HUB_BUDGET_STORAGE``): ``memory://`` in one process, ``redis://…`` across replicas.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, RateLimitItemPerMinute, RateLimitItemPerSecond, storage
from limits.strategies import MovingWindowRateLimiter

from hub.settings import Settings


@dataclass(frozen=True)
class Refused:
    """A request over a limit: why, and in how many seconds to try again."""

    reason: str
    retry_after: int


def _identity(text: str) -> str:
    # e-mail addresses and client IDs are counted, not kept, in a shared store
    return hashlib.sha256(text.encode()).hexdigest()


class OAuthLimits:
    """The limits of one hub's authorization server."""

    def __init__(self, settings: Settings) -> None:
        uri = settings.oauth_limit_storage or settings.budget_storage
        self._limiter = MovingWindowRateLimiter(storage.storage_from_string(uri))
        self.settings = settings

    def _hit(self, amount: int, item: RateLimitItem, *key: str) -> int:
        """0 when allowed (and counted), else the seconds until it would be."""
        if amount <= 0 or self._limiter.hit(item, *key):
            return 0
        return self._retry_after(item, *key)

    def _retry_after(self, item: RateLimitItem, *key: str) -> int:
        reset = self._limiter.get_window_stats(item, *key).reset_time
        return max(1, math.ceil(reset - time.time()))

    def token_request(self, client_id: str | None, address: str) -> Refused | None:
        """Count a request to the token endpoint, or refuse it."""
        per_address = self.settings.token_requests_per_minute_per_address
        wait = self._hit(per_address, RateLimitItemPerMinute(max(per_address, 1)), "token", address)
        if wait:
            return Refused(
                f"More than {per_address} token requests a minute came from this network"
                f" address: try again in {wait} s.",
                wait,
            )
        if not client_id:
            return None
        per_client = self.settings.token_requests_per_minute_per_client
        item = RateLimitItemPerMinute(max(per_client, 1))
        wait = self._hit(per_client, item, "token-client", _identity(client_id))
        if wait:
            return Refused(
                f"More than {per_client} token requests a minute named this client: try again"
                f" in {wait} s.",
                wait,
            )
        return None

    def sign_in_attempt(self, address: str) -> Refused | None:
        """Count a staff sign-in from a network address, or refuse it."""
        allowed = self.settings.sign_ins_per_minute_per_address
        wait = self._hit(allowed, RateLimitItemPerMinute(max(allowed, 1)), "sign-in", address)
        if wait:
            return Refused(
                f"More than {allowed} sign-ins a minute came from this network address: try"
                f" again in {wait} s.",
                wait,
            )
        return None

    def _failure_key(self, email: str) -> tuple[str, str]:
        return "sign-in-failures", _identity(email.strip().lower())

    def _failures(self) -> RateLimitItem:
        return RateLimitItemPerSecond(
            max(self.settings.sign_in_failures_allowed, 1), self.settings.sign_in_lockout_seconds
        )

    def lockout(self, email: str) -> Refused | None:
        """Whether sign-in with this e-mail address is locked after wrong passwords."""
        allowed = self.settings.sign_in_failures_allowed
        key = self._failure_key(email)
        if allowed <= 0 or self._limiter.test(self._failures(), *key):
            return None
        wait = self._retry_after(self._failures(), *key)
        return Refused(
            f"Sign-in with this e-mail address is locked after {allowed} wrong passwords:"
            f" try again in {math.ceil(wait / 60)} min.",
            wait,
        )

    def failed_sign_in(self, email: str) -> None:
        """Count a wrong password (or an unknown address) towards the lockout."""
        if self.settings.sign_in_failures_allowed > 0:
            self._limiter.hit(self._failures(), *self._failure_key(email))

    def signed_in(self, email: str) -> None:
        """The right password: earlier failures no longer count."""
        self._limiter.clear(self._failures(), *self._failure_key(email))
