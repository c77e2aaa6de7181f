"""Mutations for the network's administrators: members, departures, OAuth clients."""

from __future__ import annotations

import datetime
from typing import Annotated

import strawberry

from auth.permissions import requires, signed_in
from auth.scopes import Scope
from hub.idempotency import show_once
from hub.models.network import NetworkMembership as NetworkMembershipRow
from hub.services import membership as service
from schema.arguments import INPUT
from schema.context import Info
from schema.mutations import UserError, key_of, refusals
from schema.network.types import NetworkMembership, Organisation
from schema.reads.roots import entity


@strawberry.type(description="Why an administrator's mutation changed nothing.")
class AdminError(UserError):
    pass


def organisation_key(organisation_id: strawberry.ID) -> int:
    return int(key_of(Organisation, str(organisation_id), "organisationId"))


@strawberry.input(description="An organisation joining the network.")
class AdmitMemberInput:
    organisation_id: strawberry.ID = strawberry.field(description="The organisation's global ID.")
    joined_on: datetime.date = strawberry.field(description="The day it joins or joined.")


@strawberry.input(description="A member organisation leaving the network.")
class RecordDepartureInput:
    organisation_id: strawberry.ID = strawberry.field(description="The organisation's global ID.")
    left_on: datetime.date = strawberry.field(description="The day it leaves or left.")
    reason: str = strawberry.field(description="Why it left, for the record.")


@strawberry.input(description="An OAuth client for an organisation's system or dashboard.")
class RegisterClientInput:
    organisation_id: strawberry.ID = strawberry.field(
        description="The organisation the client will act for, and only it."
    )
    name: str = strawberry.field(description="What the client is, e.g. `Newsroom dashboard`.")
    scopes: list[str] = strawberry.field(
        description="The scopes it may ask for, e.g. `statements:sign`; only ones its"
        " organisation may hold."
    )
    redirect_uris: list[str] = strawberry.field(
        default_factory=list,
        description="Exact redirect URIs for the authorization code grant (https, or http"
        " on loopback).",
    )
    public: bool = strawberry.field(
        default=False,
        description="True for a browser dashboard: no secret, PKCE, and a redirect URI needed.",
    )


@strawberry.type(description="The membership period, or why nothing changed.")
class MembershipPayload:
    membership_id: strawberry.Private[int | None]
    membership: NetworkMembership | None = entity(
        "membership_id", description="The membership period as it now is."
    )
    errors: list[AdminError] = strawberry.field(description="Why nothing changed.")


@strawberry.type(description="The new client's credentials, or why there are none.")
class RegisterClientPayload:
    organisation_id: strawberry.Private[int | None]
    organisation: Organisation | None = entity(
        "organisation_id", description="The organisation the client acts for."
    )
    client_id: str | None = strawberry.field(description="The client's `client_id`.")
    client_secret: str | None = strawberry.field(
        description="The client's secret, shown this once and never again (null for a"
        " public client). Hand it over safely."
    )
    errors: list[AdminError] = strawberry.field(description="Why no client was registered.")


def membership_payload(
    row: NetworkMembershipRow | None, errors: list[AdminError]
) -> MembershipPayload:
    return MembershipPayload(membership_id=row.id if row is not None else None, errors=errors)


ADMIN = requires(Scope.HUB_ADMIN)


@strawberry.type
class AdminMutations:
    @strawberry.mutation(
        description="Admit an organisation to the network. For administrators (`hub:admin`).",
        extensions=ADMIN,
    )
    async def admit_member(
        self, info: Info, input: Annotated[AdmitMemberInput, INPUT]
    ) -> MembershipPayload:
        async def write() -> NetworkMembershipRow:
            return await service.admit_member(
                signed_in(info), organisation_key(input.organisation_id), input.joined_on
            )

        return membership_payload(*await refusals(write, AdminError))

    @strawberry.mutation(
        description="Record that a member left the network. For administrators (`hub:admin`).",
        extensions=ADMIN,
    )
    async def record_departure(
        self, info: Info, input: Annotated[RecordDepartureInput, INPUT]
    ) -> MembershipPayload:
        async def write() -> NetworkMembershipRow:
            return await service.record_departure(
                signed_in(info),
                organisation_key(input.organisation_id),
                input.left_on,
                input.reason,
            )

        return membership_payload(*await refusals(write, AdminError))

    @strawberry.mutation(
        description="Register an OAuth client for an organisation. For administrators"
        " (`hub:admin`).",
        extensions=ADMIN,
    )
    async def register_client(
        self, info: Info, input: Annotated[RegisterClientInput, INPUT]
    ) -> RegisterClientPayload:
        async def write() -> service.RegisteredClient:
            return await service.register_client(
                signed_in(info),
                organisation_key(input.organisation_id),
                name=input.name,
                scopes=input.scopes,
                redirect_uris=input.redirect_uris,
                public=input.public,
                settings=info.context.settings,
            )

        done, errors = await refusals(write, AdminError)
        if done and done.credentials.client_secret:
            # a retry with the same Idempotency-Key gets the answer without it
            show_once(info.context.request, done.credentials.client_secret)
        return RegisterClientPayload(
            organisation_id=done.organisation.id if done else None,
            client_id=done.credentials.client_id if done else None,
            client_secret=done.credentials.client_secret if done else None,
            errors=errors,
        )
