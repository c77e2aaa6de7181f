"""What a staff member's browser and a dashboard do in the authorization code flow, in-process:
sign in and allow on the consent page, then redeem the code with its PKCE verifier."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from typing import Any

from authlib.common.security import generate_token
from starlette.testclient import TestClient

from tests.auth.network import DASHBOARD_REDIRECT, PASSWORD, Member


def pkce_pair() -> tuple[str, str]:
    verifier = generate_token(64)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def authorize(
    client: TestClient, params: dict[str, str], email: str, password: str = PASSWORD
) -> Any:
    return client.post(
        "/oauth/authorize",
        params=params,
        data={"email": email, "password": password, "decision": "approve"},
        follow_redirects=False,
    )


def code_params(member_client: str, challenge: str, **changes: str) -> dict[str, str]:
    return {
        "response_type": "code",
        "client_id": member_client,
        "redirect_uri": DASHBOARD_REDIRECT,
        "scope": "statements:sign",
        "state": "xyz",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        **changes,
    }


def code_of(redirect: Any) -> str:
    """The authorization code in the consent page's redirect to the dashboard."""
    assert redirect.status_code in {302, 303}, redirect.text
    return str(redirect.headers["location"].split("code=")[1].split("&")[0])


def refusal_on(page: Any) -> tuple[str, str]:
    """The error and its description on the authorization endpoint's error page."""
    found = re.search(r'<p role="alert"><code>(.*?)</code>(?:: (.*?))?</p>', page.text, re.S)
    assert found is not None, page.text
    return html.unescape(found[1]), html.unescape(found[2] or "")


def redeem(
    client: TestClient,
    member_client: str,
    code: str,
    verifier: str,
    redirect_uri: str | None = DASHBOARD_REDIRECT,
) -> Any:
    """The dashboard's token request for ``code``; with ``redirect_uri`` None, it names none."""
    return client.post(
        "/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            **({"redirect_uri": redirect_uri} if redirect_uri is not None else {}),
            "client_id": member_client,
            "code_verifier": verifier,
        },
    )


def refresh(client: TestClient, member_client: str, refresh_token: str, **form: str) -> Any:
    """The dashboard's refresh request, with ``form``'s fields besides."""
    return client.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
            "client_id": member_client,
            **form,
        },
    )


def dashboard_tokens(client: TestClient, member: Member) -> tuple[str, str, str]:
    """A staff member's sign-in on member's dashboard: its code, and the tokens it gave."""
    verifier, challenge = pkce_pair()
    code = code_of(
        authorize(client, code_params(member.dashboard_id, challenge), member.staff_email)
    )
    tokens = redeem(client, member.dashboard_id, code, verifier)
    assert tokens.status_code == 200, tokens.text
    return code, tokens.json()["access_token"], tokens.json()["refresh_token"]
