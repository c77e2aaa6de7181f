"""Petitions, their signature counts and the organisations that endorse them."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated, Self

import strawberry
import strawberry.federation
from graphql import GraphQLError
from strawberry import relay

from auth.permissions import requires, signed_in
from auth.scopes import Scope
from hub import models
from hub.models.petitions import PetitionStatus as PetitionStatusValue
from schema.context import Info
from schema.localization import translated
from schema.network.types import Organisation
from schema.nodes import RowNode
from schema.pagination import After, Connection, First, connection, window
from schema.petitions import relations

if TYPE_CHECKING:
    from schema.campaigns.types import Campaign

PetitionStatus = strawberry.enum(PetitionStatusValue, description="Draft, open or closed.")


@strawberry.federation.type(
    keys=["id"], description="A petition that people sign and organisations endorse."
)
class Petition(RowNode):
    model = models.Petition
    id: relay.NodeID[int]
    slug: str = strawberry.field(description="Unique, URL-safe name.")
    status: PetitionStatus = strawberry.field(description="Draft, open or closed.")
    original_language: str = strawberry.field(description="The language its texts were written in.")
    goal: int = strawberry.field(description="How many signatures it aims for.")
    signature_count: int = strawberry.field(
        description="How many people signed, across every language version and partner widget."
    )
    opened_at: datetime.datetime | None = strawberry.field(description="When signing opened.")
    closes_at: datetime.datetime | None = strawberry.field(description="When signing closes.")
    titles: strawberry.Private[dict[str, str]]
    bodies: strawberry.Private[dict[str, str]]
    targets: strawberry.Private[dict[str, str]]
    campaign_id: strawberry.Private[int | None]
    organisation_id: strawberry.Private[int]

    title = translated("titles", "The petition's title.")
    body = translated("bodies", "What the signers ask for.")
    target = translated("targets", "Whom the petition is addressed to.")

    @classmethod
    def from_row(cls, row: models.Petition) -> Self:
        return cls(
            id=row.id,
            slug=row.slug,
            status=PetitionStatusValue(row.status),
            original_language=row.original_language,
            goal=row.goal,
            signature_count=row.signature_count,
            opened_at=row.opened_at,
            closes_at=row.closes_at,
            titles=row.title,
            bodies=row.body,
            targets=row.target,
            campaign_id=row.campaign_id,
            organisation_id=row.organisation_id,
        )

    @strawberry.field(description="The share of the goal reached, from 0 (may exceed 1).")
    def progress(self) -> float:
        return self.signature_count / self.goal if self.goal else 0.0

    @strawberry.field(description="The campaign it belongs to, if any.")
    async def campaign(
        self, info: Info
    ) -> Annotated[Campaign, strawberry.lazy("schema.campaigns.types")] | None:
        from schema.campaigns.types import Campaign

        return await Campaign.load(info, self.campaign_id)

    @strawberry.field(description="The organisation that started it.")
    async def organisation(self, info: Info) -> Organisation:
        return await Organisation.load_required(info, self.organisation_id)

    @strawberry.field(
        description="The people who signed it, in the order they did: for the organisation that"
        " started it, with a token holding petitions:export.",
        extensions=requires(Scope.PETITIONS_EXPORT),
    )
    async def signatures(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[PetitionSignature]:
        if signed_in(info).organisation_id != self.organisation_id:
            raise GraphQLError(
                "Only the organisation that started the petition reads its signatures.",
                extensions={"code": "FORBIDDEN"},
            )
        slice_ = window(info, first, after)
        page = await info.context.loaders.related(relations.SIGNATURES_OF_PETITION, slice_).load(
            self.id
        )
        return connection(
            [PetitionSignature.from_row(row) for row in page.rows], slice_, page.total
        )

    @strawberry.field(description="The organisations that endorse it, in the order they did.")
    async def endorsements(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[PetitionEndorsement]:
        return await PetitionEndorsement.connection_of(
            info, relations.ENDORSEMENTS_OF_PETITION, self.id, first, after
        )


@strawberry.type(
    description="One person's signature, as the organisation that started the petition"
    " exports it. The e-mail address is given only where the signer agreed to be contacted."
)
class PetitionSignature:
    name: str = strawberry.field(description="The signer's name, as they gave it.")
    email: str | None = strawberry.field(
        description="The signer's address, if they agreed to be contacted; null otherwise."
    )
    country_code: str | None = strawberry.field(
        description="ISO 3166-1 alpha-2 code of the country they gave, if any."
    )
    language: str = strawberry.field(description="The language version they signed.")
    consent_to_contact: bool = strawberry.field(
        description="Whether they agreed to hear more about the campaign."
    )
    source: str = strawberry.field(
        description='Where they signed: "hub", "widget", or "widget:PARTNER".'
    )
    signed_at: datetime.datetime = strawberry.field(description="When they signed.")

    @classmethod
    def from_row(cls, row: models.PetitionSignature) -> Self:
        return cls(
            name=row.name,
            email=row.email if row.consent_to_contact else None,
            country_code=row.country_id,
            language=row.language,
            consent_to_contact=row.consent_to_contact,
            source=row.source,
            signed_at=row.signed_at,
        )


@strawberry.federation.type(keys=["id"], description="An organisation standing behind a petition.")
class PetitionEndorsement(RowNode):
    model = models.PetitionEndorsement
    id: relay.NodeID[int]
    endorsed_at: datetime.datetime = strawberry.field(description="When it endorsed the petition.")
    petition_id: strawberry.Private[int]
    organisation_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: models.PetitionEndorsement) -> Self:
        return cls(
            id=row.id,
            endorsed_at=row.endorsed_at,
            petition_id=row.petition_id,
            organisation_id=row.organisation_id,
        )

    @strawberry.field(description="The petition endorsed.")
    async def petition(self, info: Info) -> Petition:
        return await Petition.load_required(info, self.petition_id)

    @strawberry.field(description="The endorsing organisation.")
    async def organisation(self, info: Info) -> Organisation:
        return await Organisation.load_required(info, self.organisation_id)


async def petitions_of_campaign(
    info: Info, campaign_id: int, first: int | None, after: str | None
) -> Connection[Petition]:
    return await Petition.connection_of(
        info, relations.PETITIONS_OF_CAMPAIGN, campaign_id, first, after
    )
