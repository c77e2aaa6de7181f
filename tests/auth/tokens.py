"""Getting access tokens in tests, the way a member's system does, and forging bad ones."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

from joserfc import jwt
from joserfc.jwk import RSAKey
from starlette.testclient import TestClient
from strawberry.relay import GlobalID


def client_credentials(client: TestClient, client_id: str, secret: str, scope: str = "") -> str:
    response = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", **({"scope": scope} if scope else {})},
        auth=(client_id, secret),
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def forged(claims: dict[str, Any], header: dict[str, Any] | None = None) -> str:
    """A token signed by a key the hub never made."""
    key = RSAKey.generate_key(2048, parameters={"kid": "forger"})
    return jwt.encode({"alg": "RS256", "typ": "at+jwt", **(header or {})}, claims, key)


def claims_like(real: str, **changes: Any) -> dict[str, Any]:
    """The claims of a real token, with some changed."""
    body = real.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims.update(changes)
    return dict(claims)


def statement_id(key: int) -> str:
    return str(GlobalID("Statement", str(key)))


def now() -> int:
    return int(time.time())
