"""Registering a member's OAuth client, and disabling one, in-process: what a client may hold
and use, which redirect URIs it may have, and what disabling revokes (the command line and the
admin mutations are tested over their own doors in tests/hub/test_cli_access.py and
tests/auth/test_admin_writes.py)."""

from __future__ import annotations

import datetime
import re
from collections.abc import AsyncIterator, Awaitable

import pytest

from auth.passwords import verify_secret
from hub import clock, db
from hub.models import OAuthClient, Organisation, RefreshToken, RevokedAccessToken
from hub.services import access
from hub.services.access import (
    AccessError,
    disable_client,
    organisation_by_slug,
    register_client,
)
from hub.settings import Settings
from tests import factories

SETTINGS = Settings(access_token_seconds=900)
CALLBACK = "https://dashboard.example.org/callback"


@pytest.fixture
async def member(database_url: str) -> AsyncIterator[Organisation]:
    async with db.connected(database_url):
        (organisation,) = await factories.organisations(1, member_since=datetime.date(2000, 1, 1))
        yield organisation


async def refused(organisation: Organisation, scopes: str, uris: list[str], **kw: bool) -> str:
    with pytest.raises(AccessError) as refusal:
        await register_client(organisation, "Client", scopes, uris, SETTINGS, **kw)
    assert await OAuthClient.all().count() == 0
    return str(refusal.value)


async def test_a_confidential_client_with_a_redirect_uri(member: Organisation) -> None:
    credentials = await register_client(
        member, "Own system", "statements:sign alerts:write", [CALLBACK], SETTINGS
    )

    client = await OAuthClient.get(client_id=credentials.client_id)
    assert re.fullmatch("[0-9a-f]{32}", client.client_id)
    assert (client.organisation_id, client.name) == (member.id, "Own system")
    assert client.scopes == ["alerts:write", "statements:sign"]
    assert client.redirect_uris == [CALLBACK]
    assert client.grant_types == ["authorization_code", "refresh_token", "client_credentials"]
    assert client.token_endpoint_auth_method == "client_secret_basic"
    assert credentials.client_secret is not None and len(credentials.client_secret) == 43
    assert client.client_secret_hash is not None
    assert await verify_secret(client.client_secret_hash, credentials.client_secret)
    assert client.disabled_at is None


async def test_a_confidential_client_without_redirect_uris_uses_client_credentials_only(
    member: Organisation,
) -> None:
    credentials = await register_client(member, "Cron job", "alerts:write", [], SETTINGS)

    client = await OAuthClient.get(client_id=credentials.client_id)
    assert client.grant_types == ["client_credentials"]
    assert client.redirect_uris == []
    assert credentials.client_secret


async def test_a_public_client_has_no_secret_and_no_client_credentials(
    member: Organisation,
) -> None:
    credentials = await register_client(
        member, "Dashboard", "statements:sign", [CALLBACK], SETTINGS, public=True
    )

    client = await OAuthClient.get(client_id=credentials.client_id)
    assert credentials.client_secret is None
    assert client.client_secret_hash is None
    assert client.grant_types == ["authorization_code", "refresh_token"]
    assert client.token_endpoint_auth_method == "none"


async def test_each_client_gets_its_own_id_and_secret(member: Organisation) -> None:
    first = await register_client(member, "One", "alerts:write", [], SETTINGS)
    second = await register_client(member, "Two", "alerts:write", [], SETTINGS)

    assert first.client_id != second.client_id
    assert first.client_secret != second.client_secret


async def test_a_public_client_needs_a_redirect_uri(member: Organisation) -> None:
    assert (
        await refused(member, "statements:sign", [], public=True)
        == "a public client needs a redirect URI"
    )


async def test_scopes_are_known_and_at_least_one(member: Organisation) -> None:
    assert await refused(member, "", []) == "a client needs at least one scope"
    assert await refused(member, "   ", []) == "a client needs at least one scope"
    assert (await refused(member, "alerts:write alerts:delete", [])).startswith(
        "unknown scopes: alerts:delete (known: statements:sign, "
    )


async def test_scopes_beyond_the_organisations_are_refused_by_name(
    member: Organisation,
) -> None:
    (outsider,) = await factories.organisations(1)

    # an organisation outside the network holds no scope; signing is a member's
    assert await refused(outsider, "alerts:write statements:sign", []) == (
        f"{outsider.slug} may not hold alerts:write, statements:sign"
        " (it is not a current network member)"
    )
    assert await refused(outsider, "alerts:write", []) == (
        f"{outsider.slug} may not hold alerts:write"
    )
    # administering the network is for the organisations the settings name
    assert await refused(member, "hub:admin statements:sign", []) == (
        f"{member.slug} may not hold hub:admin"
    )
    admin = Settings(admin_organisations=[member.slug])
    await register_client(member, "Secretariat", "hub:admin", [], admin)


@pytest.mark.parametrize(
    "uri",
    [
        "https://dashboard.example.org/callback",
        "https://dashboard.example.org:8443/a?b=c",
        "http://127.0.0.1:8080/callback",
        "http://localhost/callback",
        "http://[::1]:9000/callback",
    ],
)
async def test_a_redirect_uri_is_https_or_loopback_http(member: Organisation, uri: str) -> None:
    credentials = await register_client(member, "Client", "alerts:write", [uri], SETTINGS)

    assert (await OAuthClient.get(client_id=credentials.client_id)).redirect_uris == [uri]


@pytest.mark.parametrize(
    "uri",
    [
        "dashboard.example.org/callback",
        "/callback",
        "https:///callback",
        "ftp://dashboard.example.org/callback",
        "https://dashboard.example.org/callback#done",
        "https://dashboard.example.org:99999/callback",
        "javascript://dashboard.example.org/%0aalert(1)",
    ],
)
async def test_what_is_no_absolute_https_uri_is_refused(member: Organisation, uri: str) -> None:
    assert await refused(member, "alerts:write", [CALLBACK, uri]) == (
        f"'{uri}' is not an absolute http(s) URI without a fragment"
    )


@pytest.mark.parametrize(
    "uri", ["http://dashboard.example.org/callback", "http://127.0.0.2/callback"]
)
async def test_plain_http_is_for_loopback_only(member: Organisation, uri: str) -> None:
    assert await refused(member, "alerts:write", [uri]) == (
        f"'{uri}' must use https (plain http is for loopback only)"
    )


async def refresh_token(
    client_id: int, name: str, issued: datetime.timedelta, **fields: object
) -> RefreshToken:
    """A refresh token issued ``issued`` ago with an access token ``jti-NAME``."""
    now = clock.now()
    values: dict[str, object] = {
        "token_hash": f"{name:0<64}",
        "family": name,
        "client_id": client_id,
        "scope": "alerts:write",
        "access_token_jti": f"jti-{name}",
        "issued_at": now - issued,
        "expires_at": now + datetime.timedelta(days=30),
    }
    values.update(fields)
    return await RefreshToken.create(**values)


async def test_disabling_a_client_revokes_what_it_holds_and_only_that(
    member: Organisation,
) -> None:
    # given a client's refresh tokens: fresh, older than an access token lives, expired,
    # already revoked; and another client's
    mine = await register_client(member, "Own system", "alerts:write", [CALLBACK], SETTINGS)
    other = await register_client(member, "Other", "alerts:write", [CALLBACK], SETTINGS)
    row = await OAuthClient.get(client_id=mine.client_id)
    other_row = await OAuthClient.get(client_id=other.client_id)
    minute = datetime.timedelta(minutes=1)
    fresh = await refresh_token(row.id, "fresh", minute)
    old = await refresh_token(row.id, "old", datetime.timedelta(hours=2))
    await refresh_token(row.id, "expired", minute, expires_at=clock.now() - minute)
    await refresh_token(row.id, "revoked", minute, revoked_at=clock.now() - minute)
    await refresh_token(other_row.id, "others", minute)

    # when it is disabled
    before = clock.now()
    disabled = await disable_client(mine.client_id, SETTINGS)
    after = clock.now()

    # then it is disabled now, its two live refresh tokens are revoked, and the one access
    # token that may still be alive is refused until it would have expired
    assert (disabled.client_id, disabled.refresh_tokens_revoked) == (mine.client_id, 2)
    assert (disabled.access_tokens_revoked, disabled.already_disabled) == (1, False)
    await row.refresh_from_db()
    assert row.disabled_at is not None and before <= row.disabled_at <= after
    revoked = {t.family for t in await RefreshToken.filter(revoked_at__gte=before)}
    assert revoked == {"fresh", "old"}
    (access,) = await RevokedAccessToken.all()
    assert access.jti == "jti-fresh"
    lifetime = datetime.timedelta(seconds=SETTINGS.access_token_seconds)
    assert access.expires_at == fresh.issued_at + lifetime
    assert old.issued_at + lifetime < before
    assert (await OAuthClient.get(id=other_row.id)).disabled_at is None

    # and disabling it again says so, revoking nothing more
    again = await disable_client(mine.client_id, SETTINGS)
    assert (again.refresh_tokens_revoked, again.access_tokens_revoked) == (0, 0)
    assert again.already_disabled is True
    await row.refresh_from_db()
    assert row.disabled_at is not None and row.disabled_at <= after


@pytest.fixture
def stopped_clock(monkeypatch: pytest.MonkeyPatch) -> datetime.datetime:
    now = clock.now()
    monkeypatch.setattr(clock, "now", lambda: now)
    return now


async def client_of(member: Organisation) -> OAuthClient:
    credentials = await register_client(member, "Own system", "alerts:write", [CALLBACK], SETTINGS)
    return await OAuthClient.get(client_id=credentials.client_id)


async def test_an_access_token_issued_a_lifetime_ago_has_expired(
    member: Organisation, stopped_clock: datetime.datetime
) -> None:
    # given refresh tokens issued exactly an access token's lifetime ago, and just after
    row = await client_of(member)
    lifetime = datetime.timedelta(seconds=SETTINGS.access_token_seconds)
    await refresh_token(row.id, "edge", lifetime)
    await refresh_token(row.id, "inside", lifetime - datetime.timedelta(microseconds=1))

    disabled = await disable_client(row.client_id, SETTINGS)

    # then the first one's access token is not listed: it expired as the clock reached it
    assert disabled.access_tokens_revoked == 1
    assert [t.jti for t in await RevokedAccessToken.all()] == ["jti-inside"]


async def test_a_refresh_token_expiring_now_is_not_live(
    member: Organisation, stopped_clock: datetime.datetime
) -> None:
    row = await client_of(member)
    await refresh_token(row.id, "ending", datetime.timedelta(minutes=1), expires_at=stopped_clock)

    disabled = await disable_client(row.client_id, SETTINGS)

    assert disabled.refresh_tokens_revoked == 0
    assert await RefreshToken.filter(revoked_at=None).count() == 1


async def test_an_unknown_client_cannot_be_disabled(member: Organisation) -> None:
    with pytest.raises(AccessError) as refusal:
        await disable_client("0" * 32, SETTINGS)

    assert str(refusal.value) == f"no client has the ID '{'0' * 32}'"


async def test_an_organisation_is_found_by_its_slug_or_named_missing(member: Organisation) -> None:
    assert (await organisation_by_slug(member.slug)).id == member.id

    with pytest.raises(AccessError) as refusal:
        await organisation_by_slug("no-such-organisation")

    assert str(refusal.value) == "no organisation has the slug 'no-such-organisation'"


async def test_a_token_revoked_meanwhile_is_neither_counted_nor_revoked_again(
    member: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a client with two live refresh tokens, one of which a refresh rotates away (its
    # own request revoking it) just after disabling has read which tokens are live
    row = await client_of(member)
    await refresh_token(row.id, "kept", datetime.timedelta(minutes=1))
    await refresh_token(row.id, "rotated", datetime.timedelta(minutes=1))
    rotated_at = clock.now() - datetime.timedelta(seconds=1)

    async def read_then_rotate(live: Awaitable[list[RefreshToken]]) -> list[RefreshToken]:
        rows = await live
        await RefreshToken.filter(family="rotated").update(revoked_at=rotated_at)
        return rows

    class TokensRotatingMeanwhile:
        @staticmethod
        def filter(**conditions: object) -> object:
            query = RefreshToken.filter(**conditions)
            return read_then_rotate(query) if "expires_at__gt" in conditions else query

    monkeypatch.setattr(access, "RefreshToken", TokensRotatingMeanwhile)

    disabled = await disable_client(row.client_id, SETTINGS)

    # then only the token disabling revoked is counted, and the rotated one keeps its moment
    assert disabled.refresh_tokens_revoked == 1
    rotated = await RefreshToken.get(family="rotated")
    assert rotated.revoked_at == rotated_at
