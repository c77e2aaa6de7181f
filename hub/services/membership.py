"""Administering the network: admitting members, recording departures, registering clients.

The rules live here once: an organisation is admitted only if no period of its membership
is still running on the day it joins, a departure ends the period running today, and a
client is registered within the scopes its organisation may hold. Each is recorded in the
audit log under the administrator's organisation, in the write's own transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from auth.principal import Principal
from hub import clock
from hub.db import transaction
from hub.models import NetworkMembership, Organisation
from hub.models.access import CLIENT_NAME_LENGTH
from hub.services import access, audit
from hub.services.checks import check_name
from hub.services.eligibility import network_membership_on
from hub.services.errors import Refusal, WriteRefused, integrity_refusal, unique_columns
from hub.settings import Settings


def _subject(membership: NetworkMembership) -> str:
    return f"NetworkMembership:{membership.id}"


async def _organisation(organisation_id: int) -> Organisation:
    organisation = await Organisation.get_or_none(id=organisation_id)
    if organisation is None:
        raise WriteRefused(Refusal.NOT_FOUND, "No organisation has this ID.", "organisationId")
    return organisation


async def admit_member(
    principal: Principal, organisation_id: int, joined_on: datetime.date
) -> NetworkMembership:
    """A new period of membership from ``joined_on``, for an organisation not a member then."""
    organisation = await _organisation(organisation_id)
    # a period still running on the day it joins (or later: one that never ended, or ends
    # after that day) would overlap the new, open-ended one
    running = await NetworkMembership.filter(
        Q(left_on=None) | Q(left_on__gt=joined_on), organisation_id=organisation.id
    ).first()
    if running is not None:
        raise WriteRefused(
            Refusal.CONFLICT,
            f"{organisation.slug} is a network member already, since"
            f" {running.joined_on.isoformat()}.",
            "organisationId",
        )
    try:
        async with transaction() as connection:
            membership = await NetworkMembership.create(
                organisation_id=organisation.id,
                joined_on=joined_on,
                using_db=connection,
            )
            await audit.record(
                principal,
                "membership.admit",
                _subject(membership),
                connection,
                organisation=organisation.slug,
                joinedOn=joined_on.isoformat(),
            )
    except IntegrityError as refused:
        columns = unique_columns(refused, "network_membership")
        if columns == {"organisation_id"}:
            # two admissions racing past the check above: the database keeps one open
            # period per organisation (network_membership_one_open), so the other is refused
            raise WriteRefused(
                Refusal.CONFLICT,
                f"{organisation.slug} was admitted meanwhile: it is a network member already.",
                "organisationId",
            ) from None
        if columns != {"organisation_id", "joined_on"}:
            raise integrity_refusal(refused) from None
        raise WriteRefused(
            Refusal.CONFLICT,
            f"{organisation.slug} was admitted on {joined_on.isoformat()} already.",
            "organisationId",
        ) from None
    return membership


async def record_departure(
    principal: Principal, organisation_id: int, left_on: datetime.date, reason: str
) -> NetworkMembership:
    """End the organisation's current period of membership on ``left_on``, saying why."""
    organisation = await _organisation(organisation_id)
    why = reason.strip()
    if not why:
        raise WriteRefused(Refusal.INVALID, "Say why the organisation left.", "reason")
    current = await network_membership_on(organisation.id, clock.today()).first()
    if current is None:
        raise WriteRefused(
            Refusal.WRONG_STATUS,
            f"{organisation.slug} is not a current network member.",
            "organisationId",
        )
    if left_on <= current.joined_on:
        raise WriteRefused(
            Refusal.INVALID,
            f"{organisation.slug} joined on {current.joined_on.isoformat()}: it leaves after.",
            "leftOn",
        )
    async with transaction() as connection:
        # only if the period is as it was read: two departures recorded at once end it once
        ended = (
            await NetworkMembership.filter(id=current.id, left_on=current.left_on)
            .using_db(connection)
            .update(left_on=left_on, departure_reason=why)
        )
        if not ended:
            raise WriteRefused(
                Refusal.WRONG_STATUS,
                f"The departure of {organisation.slug} was recorded meanwhile.",
                "organisationId",
            )
        await audit.record(
            principal,
            "membership.depart",
            _subject(current),
            connection,
            organisation=organisation.slug,
            leftOn=left_on.isoformat(),
            reason=why,
        )
    return await NetworkMembership.get(id=current.id)


@dataclass(frozen=True)
class RegisteredClient:
    organisation: Organisation
    credentials: access.RegisteredCredentials


async def register_client(
    principal: Principal,
    organisation_id: int,
    name: str,
    scopes: list[str],
    redirect_uris: list[str],
    public: bool,
    settings: Settings,
) -> RegisteredClient:
    """An OAuth client for a member organisation (see ``hub.services.access.register_client``)."""
    organisation = await _organisation(organisation_id)
    label = check_name(name, CLIENT_NAME_LENGTH, "A client's")
    try:
        async with transaction() as connection:
            # register_client writes through the transaction's connection, current here
            credentials = await access.register_client(
                organisation, label, " ".join(scopes), redirect_uris, settings, public=public
            )
            await audit.record(
                principal,
                "client.register",
                f"OAuthClient:{credentials.client_id}",
                connection,
                organisation=organisation.slug,
                name=label,
                scopes=sorted(set(scopes)),
                public=public,
            )
    except access.AccessError as problem:
        raise WriteRefused(
            Refusal.INVALID, str(problem), _field_of(str(problem), redirect_uris)
        ) from None
    return RegisteredClient(organisation, credentials)


def _field_of(problem: str, redirect_uris: list[str]) -> str:
    """The input field an ``AccessError`` is about: one quoting a redirect URI or naming
    one is about ``redirectUris``, every other is about ``scopes``."""
    about_uris = "redirect URI" in problem or any(f"'{uri}'" in problem for uri in redirect_uris)
    return "redirectUris" if about_uris else "scopes"
