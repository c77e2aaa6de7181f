"""Who is behind a request: the organisation, client, user and scopes of its access token."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from auth.scopes import Scope


@dataclass(frozen=True)
class Principal:
    """The verified holder of an access token. It acts for exactly one organisation."""

    organisation_id: int
    client_id: str
    user_id: int | None
    scopes: frozenset[Scope]
    jti: str
    expires_at: datetime.datetime

    def has(self, scope: Scope) -> bool:
        return scope in self.scopes
