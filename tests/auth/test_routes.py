"""The authorization server's own pages and documents, in-process: the metadata a client
discovers it by, the published keys, the consent page and its refusals, the answers'
headers, and the refusal of plain http (the flows themselves are tested in test_attacks.py,
test_token_endpoints.py and test_rate_limits.py)."""

from __future__ import annotations

import html
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from auth.scopes import DESCRIPTIONS, Scope
from hub.models import Organisation
from tests.auth.consent import authorize, code_params, pkce_pair, refusal_on
from tests.auth.network import PASSWORD, AuthNetwork, build_auth_network
from tests.conftest import hub_client
from tests.databases import fill

ISSUER = "https://hub.example.org"
PAGE_HEADERS = {
    "x-frame-options": "DENY",
    "content-security-policy": "frame-ancestors 'none'; default-src 'self' 'unsafe-inline'",
    "cache-control": "no-store",
}
ALL_METHODS = ["client_secret_basic", "client_secret_post", "none"]


@pytest.fixture
def network(database_url: str) -> AuthNetwork:
    network = AuthNetwork()
    fill(database_url, lambda: build_auth_network(network))
    return network


@pytest.fixture
def client(database_url: str, network: AuthNetwork) -> Iterator[TestClient]:
    with hub_client(database_url, issuer=ISSUER) as client:
        yield client


def page_headers(page: Any) -> dict[str, str]:
    return {name: page.headers.get(name) for name in [*PAGE_HEADERS, "retry-after"]}


def name(database_url: str, network: AuthNetwork, names: dict[str, str]) -> None:
    """Name member A in these languages."""

    async def rename() -> None:
        await Organisation.filter(id=network.members[0].organisation_id).update(name=names)

    fill(database_url, rename)


def consent_params(network: AuthNetwork, **changes: str) -> dict[str, str]:
    _, challenge = pkce_pair()
    return code_params(network.members[0].dashboard_id, challenge, **changes)


def test_the_metadata_names_every_endpoint_grant_and_method(client: TestClient) -> None:
    metadata = client.get("/.well-known/oauth-authorization-server")

    assert metadata.status_code == 200
    assert metadata.json() == {
        "issuer": ISSUER,
        "authorization_endpoint": f"{ISSUER}/oauth/authorize",
        "token_endpoint": f"{ISSUER}/oauth/token",
        "revocation_endpoint": f"{ISSUER}/oauth/revoke",
        "introspection_endpoint": f"{ISSUER}/oauth/introspect",
        "jwks_uri": f"{ISSUER}/oauth/jwks",
        "scopes_supported": [str(scope) for scope in Scope],
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code", "client_credentials", "refresh_token"],
        "token_endpoint_auth_methods_supported": ALL_METHODS,
        "revocation_endpoint_auth_methods_supported": ALL_METHODS,
        "introspection_endpoint_auth_methods_supported": ALL_METHODS[:2],
        "code_challenge_methods_supported": ["S256"],
    }


def test_a_new_hubs_first_key_is_published_public_and_kept_for_five_minutes(
    client: TestClient,
) -> None:
    # when a new hub is asked for its keys twice
    first = client.get("/oauth/jwks")
    again = client.get("/oauth/jwks")

    # then it has made one key, publishes its public half only, and lets caches keep it
    (key,) = first.json()["keys"]
    assert again.json() == first.json()
    assert (key["kty"], key["alg"]) == ("RSA", "RS256")
    assert {"n", "e", "kid"} <= set(key) and not {"d", "p", "q"} & set(key)
    assert first.headers["cache-control"] == "max-age=300"


def test_the_consent_page_names_the_client_its_organisation_and_each_scope(
    database_url: str, client: TestClient, network: AuthNetwork
) -> None:
    # given A, named in Arabic first and in English, and its dashboard asking for the scope
    # it was registered with
    name(database_url, network, {"ar": "مرصد حرية الإعلام", "en": "Media Freedom Watch"})
    params = consent_params(network)

    # when a staff member's browser opens the consent page
    page = client.get("/oauth/authorize", params=params)

    # then it names the dashboard, A by its English name, and what the scope allows,
    # posts back to itself, and may not be framed, cached or retried later
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "<h1>Dashboard asks to act for Media Freedom Watch</h1>" in text
    scope = Scope.STATEMENTS_SIGN
    assert f"<li><code>{scope}</code>: {DESCRIPTIONS[scope]}</li>" in text
    assert f'action="{page.url}"' in text
    assert 'role="alert"' not in text
    assert page_headers(page) == {**PAGE_HEADERS, "retry-after": None}


def test_an_organisation_without_an_english_name_is_named_in_its_own_language(
    database_url: str, client: TestClient, network: AuthNetwork
) -> None:
    # given A named in French only
    name(database_url, network, {"fr": "Journalistes en danger"})

    # when its dashboard's consent page opens
    page = client.get("/oauth/authorize", params=consent_params(network))

    # then A is named in French
    assert "asks to act for Journalistes en danger</h1>" in page.text


def test_an_organisation_without_any_name_is_named_by_its_slug(
    database_url: str, client: TestClient, network: AuthNetwork
) -> None:
    # given A with no name in any language (written by hand: the hub always asks for one)
    name(database_url, network, {})

    # when its dashboard's consent page opens
    page = client.get("/oauth/authorize", params=consent_params(network))

    # then A is named by its slug, not left blank
    assert page.status_code == 200
    assert f"asks to act for {network.members[0].slug}</h1>" in page.text


@pytest.mark.parametrize(
    ("response_type", "description"),
    [
        ("token", "The response_type 'token' is not served here: a client asks for 'code'."),
        ("", "The request names no response_type: a client asks for 'code'."),
    ],
)
def test_a_response_type_not_served_is_refused_saying_which(
    client: TestClient, network: AuthNetwork, response_type: str, description: str
) -> None:
    page = client.get(
        "/oauth/authorize",
        params=consent_params(network, response_type=response_type),
        follow_redirects=False,
    )

    assert page.status_code == 400 and "location" not in page.headers
    assert refusal_on(page) == ("unsupported_response_type", description)


def test_an_unknown_client_gets_a_refusal_page_and_no_redirect(
    client: TestClient, network: AuthNetwork
) -> None:
    page = client.get(
        "/oauth/authorize",
        params=consent_params(network, client_id="0" * 32),
        follow_redirects=False,
    )

    assert page.status_code == 400 and "location" not in page.headers
    assert refusal_on(page)[0] == "invalid_client"
    assert page_headers(page) == {**PAGE_HEADERS, "retry-after": None}


def test_a_consent_asking_for_no_scope_at_all_is_refused_saying_so(
    client: TestClient, network: AuthNetwork
) -> None:
    # when a dashboard asks for an empty scope (with no scope, it would ask for all it holds)
    page = client.get("/oauth/authorize", params=consent_params(network, scope=""))

    # then there is nothing to consent to, and no code whose refresh could later widen
    assert page.status_code == 400
    assert refusal_on(page) == ("invalid_scope", "none of the scopes asked for may be granted")
    assert page_headers(page) == {**PAGE_HEADERS, "retry-after": None}


@pytest.mark.parametrize(
    ("signer", "password", "status", "error"),
    [
        (0, "wrong", 401, "Wrong e-mail or password."),
        (1, None, 403, "You are not staff of this organisation."),
    ],
)
def test_a_refused_sign_in_shows_the_consent_page_again_saying_why(
    client: TestClient,
    network: AuthNetwork,
    signer: int,
    password: str | None,
    status: int,
    error: str,
) -> None:
    # when a wrong password, or B's staff member, signs in on A's consent page
    email = network.members[signer].staff_email
    params = consent_params(network)
    page = authorize(client, params, email, *([password] if password else []))

    # then the page comes back with the reason, and no code
    assert page.status_code == status and "location" not in page.headers
    assert f'<p class="error" role="alert">{error}</p>' in html.unescape(page.text)
    assert "<h1>Dashboard asks to act for" in page.text
    assert page_headers(page) == {**PAGE_HEADERS, "retry-after": None}


@pytest.mark.parametrize("left_out", ["email", "password"])
def test_an_approval_without_an_email_or_password_is_a_wrong_sign_in(
    client: TestClient, network: AuthNetwork, left_out: str
) -> None:
    form = {"email": network.members[0].staff_email, "password": PASSWORD, "decision": "approve"}
    del form[left_out]
    page = client.post(
        "/oauth/authorize", params=consent_params(network), data=form, follow_redirects=False
    )

    assert page.status_code == 401 and "location" not in page.headers
    assert '<p class="error" role="alert">Wrong e-mail or password.</p>' in page.text


def test_a_staff_member_who_allows_is_sent_back_with_a_code_never_cached(
    client: TestClient, network: AuthNetwork
) -> None:
    page = authorize(client, consent_params(network), network.members[0].staff_email)

    assert page.status_code == 302
    assert page.headers["cache-control"] == "no-store"
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(page.headers["location"]).query)
    assert query["state"] == ["xyz"] and len(query["code"][0]) > 20


def test_a_staff_member_who_denies_is_sent_back_without_a_code(
    client: TestClient, network: AuthNetwork
) -> None:
    page = client.post(
        "/oauth/authorize",
        params=consent_params(network),
        data={"decision": "deny"},
        follow_redirects=False,
    )

    assert page.status_code == 302
    location = page.headers["location"]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)
    assert query["error"] == ["access_denied"] and "code" not in query


def test_a_token_answer_is_json_never_cached(client: TestClient, network: AuthNetwork) -> None:
    member = network.members[0]
    answer = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(member.client_id, member.client_secret),
    )

    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    assert answer.headers["cache-control"] == "no-store"
    assert answer.json()["token_type"] == "Bearer"


def test_a_parameter_given_twice_is_refused(client: TestClient, network: AuthNetwork) -> None:
    # when a consent asks for two states (the form and the query both count)
    params = consent_params(network)
    page = client.post(
        f"/oauth/authorize?{urllib.parse.urlencode(params)}",
        data={"state": "other", "decision": "approve"},
        follow_redirects=False,
    )

    # then nothing is redirected to, and the page says which parameter came twice
    assert page.status_code == 400 and "location" not in page.headers
    assert refusal_on(page)[0] == "invalid_request"
    assert "state" in refusal_on(page)[1]


def test_plain_http_from_another_host_is_told_what_to_do(client: TestClient) -> None:
    outside = TestClient(client.app, base_url="http://hub.example.org")

    answer = outside.post("/oauth/token", data={"grant_type": "client_credentials"})

    assert answer.status_code == 400
    assert answer.headers["cache-control"] == "no-store"
    assert answer.json() == {
        "error": "insecure_transport",
        "error_description": "OAuth 2 needs https. Behind a proxy that ends TLS, let the hub"
        " trust its X-Forwarded-Proto (FORWARDED_ALLOW_IPS=<the proxy's address>).",
    }
