"""The authorization server's storage (auth/storage.py), each rule at the service: a code is
used once and by its own client, a replayed code revokes what it issued, refresh tokens rotate
one at a time, a revocation is kept as long as the token it refuses, disabled staff get no
tokens."""

from __future__ import annotations

import base64
import datetime
import json
import secrets
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest

from auth import storage
from auth.clients import IssuedRefreshToken, RegisteredClient, SignedInUser
from auth.scopes import MEMBER_SCOPES, Scope
from hub import clock, db
from hub.models import AuthorizationCode, RefreshToken, RevokedAccessToken, StaffUser
from hub.services.access import create_staff_user, register_client
from hub.settings import Settings
from tests import factories
from tests.auth.network import DASHBOARD_REDIRECT, PASSWORD

SETTINGS = Settings()
T0 = datetime.datetime(2026, 12, 3, 9, 0, tzinfo=datetime.UTC)
ACCESS = datetime.timedelta(seconds=SETTINGS.access_token_seconds)


@dataclass
class Server:
    dashboard: RegisteredClient
    other: RegisteredClient
    """Another dashboard of the same organisation."""
    staff: SignedInUser
    now: list[datetime.datetime]

    def later(self, seconds: float) -> datetime.datetime:
        self.now[0] += datetime.timedelta(seconds=seconds)
        return self.now[0]


@pytest.fixture
async def server(database_url: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Server]:
    now = [T0]
    monkeypatch.setattr(clock, "now", lambda: now[0])
    async with db.connected(database_url):
        (member,) = await factories.organisations(1, member_since=datetime.date(2000, 1, 1))
        clients = []
        for name in ("Dashboard", "Other dashboard"):
            registered = await register_client(
                member,
                name,
                "statements:sign statements:write",
                [DASHBOARD_REDIRECT],
                SETTINGS,
                public=True,
            )
            client = await storage.load_client(registered.client_id, SETTINGS)
            assert client is not None
            clients.append(client)
        staff = await create_staff_user(member, "staff@example.org", "Staff", PASSWORD)
        yield Server(clients[0], clients[1], SignedInUser(staff), now)


async def code_for(server: Server, **data: str) -> str:
    """A code the dashboard asked for, approved by its staff user."""
    code = secrets.token_urlsafe(24)
    asked = {
        "redirect_uri": DASHBOARD_REDIRECT,
        "scope": "statements:sign",
        "code_challenge": "c" * 43,
        "code_challenge_method": "S256",
        **data,
    }
    await storage.save_code(code, server.dashboard, server.staff, asked, SETTINGS)
    return code


def answer(refresh: bool = True, scope: str | None = "statements:sign") -> dict[str, Any]:
    """A token response as the server signs it (only the access token's jti is read)."""
    claims = json.dumps({"jti": str(uuid.uuid4())}).encode()
    payload = base64.urlsafe_b64encode(claims).rstrip(b"=").decode()
    token: dict[str, Any] = {"access_token": f"e30.{payload}.c2lnbmVk", "token_type": "Bearer"}
    if refresh:
        token["refresh_token"] = secrets.token_urlsafe(48)
    if scope is not None:
        token["scope"] = scope
    return token


def jti_of(token: dict[str, Any]) -> str:
    return str(storage.unverified_claims(token["access_token"])["jti"])


async def redeemed(server: Server, code: str, refresh: bool = True) -> dict[str, Any]:
    """The tokens the code gives the dashboard."""
    claimed = await storage.claim_code(code, server.dashboard, SETTINGS)
    assert claimed is not None
    token = answer(refresh)
    await storage.save_tokens(token, server.dashboard, server.staff, None, claimed, SETTINGS)
    return token


async def signed_in(server: Server) -> dict[str, Any]:
    return await redeemed(server, await code_for(server))


async def rotate(server: Server, token: dict[str, Any]) -> IssuedRefreshToken:
    """The token's refresh token, claimed by the dashboard's refresh request."""
    rotated = await storage.find_refresh_token(token["refresh_token"], server.dashboard, SETTINGS)
    assert rotated is not None
    return rotated


async def refresh_row(token: dict[str, Any]) -> RefreshToken:
    return await RefreshToken.get(token_hash=storage.token_hash(token["refresh_token"]))


async def revocation_of(token: dict[str, Any]) -> RevokedAccessToken | None:
    return await RevokedAccessToken.get_or_none(jti=jti_of(token))


async def test_a_code_is_claimed_by_its_own_client_only(server: Server) -> None:
    code = await code_for(server)
    assert await storage.claim_code(code, server.other, SETTINGS) is None
    assert (await AuthorizationCode.get(code=code)).used_at is None
    assert await storage.claim_code(code, server.dashboard, SETTINGS) is not None


async def test_a_code_is_refused_from_the_moment_it_expires(server: Server) -> None:
    code = await code_for(server)
    server.later(SETTINGS.authorization_code_seconds)
    assert await storage.claim_code(code, server.dashboard, SETTINGS) is None
    assert (await AuthorizationCode.get(code=code)).used_at is None


async def test_a_code_keeps_the_scope_asked_for_and_only_a_redirect_uri_asked_for(
    server: Server,
) -> None:
    # given a dashboard that may be granted two scopes, asking for one, naming no redirect URI
    code = await code_for(server, scope="statements:sign", redirect_uri="")
    # then the code grants that one, and its redirect URI need not be named to redeem it
    claimed = await storage.claim_code(code, server.dashboard, SETTINGS)
    assert claimed is not None
    assert (claimed.get_scope(), claimed.get_redirect_uri()) == ("statements:sign", "")
    named = await storage.claim_code(await code_for(server), server.dashboard, SETTINGS)
    assert named is not None and named.get_redirect_uri() == DASHBOARD_REDIRECT


async def test_claiming_a_code_leaves_every_other_code_unused(server: Server) -> None:
    first, second = await code_for(server), await code_for(server)
    assert await storage.claim_code(first, server.dashboard, SETTINGS) is not None
    assert (await AuthorizationCode.get(code=second)).used_at is None
    assert await storage.claim_code(second, server.dashboard, SETTINGS) is not None


async def test_a_code_claimed_by_another_request_meanwhile_revokes_what_that_one_issued(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a code read by one request, then claimed and redeemed by another before the
    # first claims it
    code = await code_for(server)
    read = AuthorizationCode.get_or_none
    winner: list[dict[str, Any]] = []

    async def read_then_lose_the_race(**where: Any) -> AuthorizationCode | None:
        row = await read(**where)
        monkeypatch.setattr(AuthorizationCode, "get_or_none", read)
        winner.append(await redeemed(server, code))
        return row

    monkeypatch.setattr(AuthorizationCode, "get_or_none", read_then_lose_the_race)

    # when the first request claims it
    lost = await storage.claim_code(code, server.dashboard, SETTINGS)

    # then it gets nothing, and the tokens the other got are revoked: someone else holds it
    assert lost is None
    (token,) = winner
    assert (await refresh_row(token)).revoked_at == T0
    revocation = await revocation_of(token)
    assert revocation is not None and revocation.expires_at >= T0 + ACCESS


async def test_a_code_replayed_while_its_tokens_are_issued_revokes_them(server: Server) -> None:
    # given a code claimed, then presented again before its tokens were recorded
    code = await code_for(server)
    claimed = await storage.claim_code(code, server.dashboard, SETTINGS)
    assert claimed is not None
    assert await storage.claim_code(code, server.dashboard, SETTINGS) is None

    # when the first request records its tokens
    token = answer()
    await storage.save_tokens(token, server.dashboard, server.staff, None, claimed, SETTINGS)

    # then they are revoked at once
    assert (await refresh_row(token)).revoked_at == T0
    assert await revocation_of(token) is not None


async def test_a_replay_of_one_code_spares_the_tokens_of_another(server: Server) -> None:
    # given a second sign-in's code, asked for before the first sign-in's code is replayed
    second = await code_for(server)
    first = await signed_in(server)
    replayed = (await AuthorizationCode.get(token_family=(await refresh_row(first)).family)).code
    assert await storage.claim_code(replayed, server.dashboard, SETTINGS) is None

    # when the second code is redeemed
    token = await redeemed(server, second)

    # then only the first sign-in's tokens are revoked
    assert (await refresh_row(first)).revoked_at is not None
    assert (await refresh_row(token)).revoked_at is None
    assert await revocation_of(token) is None
    assert await AuthorizationCode.filter(replayed_at__not_isnull=True).count() == 1


async def test_a_code_replayed_twice_keeps_the_time_of_the_first_replay(server: Server) -> None:
    code = await code_for(server)
    await redeemed(server, code)
    first = server.later(60)
    assert await storage.claim_code(code, server.dashboard, SETTINGS) is None
    server.later(60)
    assert await storage.claim_code(code, server.dashboard, SETTINGS) is None
    assert (await AuthorizationCode.get(code=code)).replayed_at == first


async def test_a_replay_revokes_an_access_token_given_without_a_refresh_token_until_it_expires(
    server: Server,
) -> None:
    # given a code that gave an access token alone
    code = await code_for(server)
    token = await redeemed(server, code, refresh=False)

    # when it is replayed a minute later
    replayed_at = server.later(60)
    assert await storage.claim_code(code, server.dashboard, SETTINGS) is None

    # then the access token is refused for as long as it could be used, and a little more
    revocation = await revocation_of(token)
    assert revocation is not None
    assert revocation.expires_at == replayed_at + ACCESS


async def test_refreshing_one_sign_in_leaves_the_others_usable(server: Server) -> None:
    first, second = await signed_in(server), await signed_in(server)
    await rotate(server, first)
    assert (await refresh_row(second)).rotated_at is None
    await rotate(server, second)


async def test_a_refresh_token_presented_by_another_client_is_not_that_clients(
    server: Server,
) -> None:
    token = await signed_in(server)
    found = await storage.find_refresh_token(token["refresh_token"], server.other, SETTINGS)
    assert found is not None
    assert not found.check_client(server.other)


async def test_a_revoked_family_keeps_its_first_revocation_and_refuses_its_tokens_until_expiry(
    server: Server,
) -> None:
    # given a sign-in refreshed once: a family of two refresh tokens
    token = await signed_in(server)
    rotated = await rotate(server, token)
    issued_at = server.later(30)
    refreshed = answer()
    await storage.save_tokens(refreshed, server.dashboard, server.staff, rotated, None, SETTINGS)

    # when the family is revoked, and again later
    first = server.later(60)
    await storage.revoke_family(rotated.row.family, SETTINGS)
    server.later(60)
    await storage.revoke_family(rotated.row.family, SETTINGS)

    # then each refresh token keeps the first revocation's time, and each access token is
    # refused until it expires
    assert [row.revoked_at for row in await RefreshToken.all()] == [first, first]
    for given, at in ((token, T0), (refreshed, issued_at)):
        revocation = await revocation_of(given)
        assert revocation is not None and revocation.expires_at == at + ACCESS


async def test_a_refresh_token_keeps_the_scope_granted_and_whose_it_is(server: Server) -> None:
    granted = answer(scope="statements:sign statements:write")
    await storage.save_tokens(granted, server.dashboard, server.staff, None, None, SETTINGS)
    row = await refresh_row(granted)
    assert (row.scope, row.user_id) == ("statements:sign statements:write", server.staff.row.id)

    # a token of no staff user, with no scope named
    machine = answer(scope=None)
    await storage.save_tokens(machine, server.dashboard, None, None, None, SETTINGS)
    row = await refresh_row(machine)
    assert (row.scope, row.user_id) == ("", None)


async def test_staff_disabled_since_sign_in_redeem_and_refresh_no_more(server: Server) -> None:
    # given a code and a refresh token of the staff user
    code = await code_for(server)
    claimed = await storage.claim_code(code, server.dashboard, SETTINGS)
    assert claimed is not None
    token = answer()
    await storage.save_tokens(token, server.dashboard, server.staff, None, claimed, SETTINGS)
    refresh = await storage.find_any_refresh_token(token["refresh_token"])
    assert refresh is not None
    assert await storage.sign_in("staff@example.org", PASSWORD) is not None
    assert await storage.user_of_code(claimed) is not None
    assert await storage.user_of_refresh_token(refresh) is not None

    # when the staff user is disabled
    await StaffUser.filter(id=server.staff.row.id).update(disabled_at=clock.now())

    # then none of them stands for the user any more
    assert await storage.sign_in("staff@example.org", PASSWORD) is None
    assert await storage.user_of_code(claimed) is None
    assert await storage.user_of_refresh_token(refresh) is None


async def test_a_refresh_token_of_no_staff_user_stands_for_nobody(server: Server) -> None:
    machine = answer()
    await storage.save_tokens(machine, server.dashboard, None, None, None, SETTINGS)
    found = await storage.find_any_refresh_token(machine["refresh_token"])
    assert found is not None
    assert await storage.user_of_refresh_token(found) is None


async def test_a_refresh_token_is_described_while_usable_and_inactive_after(
    server: Server,
) -> None:
    # given a refresh token
    token = await signed_in(server)
    value = token["refresh_token"]
    found = await storage.find_any_refresh_token(value)
    assert found is not None
    expires = T0 + datetime.timedelta(seconds=SETTINGS.refresh_token_seconds)

    # then introspection describes it for its client
    assert await storage.describe_refresh_token(found) == {
        "active": True,
        "token_type": "refresh_token",
        "client_id": server.dashboard.get_client_id(),
        "scope": "statements:sign",
        "exp": int(expires.timestamp()),
        "iat": int(T0.timestamp()),
    }
    assert await storage.find_any_refresh_token("not-a-refresh-token") is None

    # and as inactive once it has expired, or been used
    server.later(SETTINGS.refresh_token_seconds)
    assert await storage.describe_refresh_token(found) == {"active": False}
    server.now[0] = T0
    await rotate(server, token)
    used = await storage.find_any_refresh_token(value)
    assert used is not None
    assert await storage.describe_refresh_token(used) == {"active": False}


async def test_a_family_revoked_while_it_is_refreshed_loses_what_the_refresh_issued(
    server: Server,
) -> None:
    # given a refresh token claimed by one request, and another sign-in refreshed meanwhile
    # after a third was revoked
    token = await signed_in(server)
    rotated = await rotate(server, token)
    other = await signed_in(server)
    await storage.revoke_family((await refresh_row(await signed_in(server))).family, SETTINGS)
    other_rotated = await rotate(server, other)

    # when the token's family is revoked (its old token presented again) before the
    # refresh records what it issued
    await storage.revoke_family(rotated.row.family, SETTINGS)
    issued = answer()
    await storage.save_tokens(issued, server.dashboard, server.staff, rotated, None, SETTINGS)

    # then what it issued is revoked too; the other sign-in's refresh stands
    assert (await refresh_row(issued)).revoked_at is not None
    assert await revocation_of(issued) is not None
    kept = answer()
    await storage.save_tokens(kept, server.dashboard, server.staff, other_rotated, None, SETTINGS)
    assert (await refresh_row(kept)).revoked_at is None
    assert await revocation_of(kept) is None


async def test_only_the_secretariat_may_hold_the_admin_scope(server: Server) -> None:
    # given a member, the secretariat (a member named in the settings) and an outsider
    member, secretariat = await factories.organisations(2, member_since=datetime.date(2000, 1, 1))
    (outsider,) = await factories.organisations(1)
    settings = Settings(admin_organisations=[secretariat.slug])

    # then only the secretariat may hold hub:admin, and an outsider nothing
    held = {
        organisation.id: await storage.holdable_scopes(organisation.id, settings)
        for organisation in (member, secretariat, outsider)
    }
    assert held[member.id] == frozenset(MEMBER_SCOPES)
    assert held[secretariat.id] == frozenset(MEMBER_SCOPES) | {Scope.HUB_ADMIN}
    assert held[outsider.id] == frozenset()
    assert await storage.holdable_scopes(outsider.id + 1000, settings) == frozenset()
