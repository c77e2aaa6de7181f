"""Petitions, their signature counts and the organisations that endorse them."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated, Self

import strawberry
import strawberry.federation
from strawberry import relay

from hub import models
from hub.models.petitions import PetitionStatus as PetitionStatusValue
from schema.context import Info
from schema.localization import translated
from schema.network.types import Organisation
from schema.nodes import RowNode
from schema.pagination import COUNT_ONLY, After, Connection, First
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
            opened_at=row.opened_at,
            closes_at=row.closes_at,
            titles=row.title,
            bodies=row.body,
            targets=row.target,
            campaign_id=row.campaign_id,
            organisation_id=row.organisation_id,
        )

    @strawberry.field(
        description="How many people signed, across every language version and partner widget."
    )
    async def signature_count(self, info: Info) -> int:
        page = await info.context.loaders.related(
            relations.SIGNATURES_OF_PETITION, COUNT_ONLY
        ).load(self.id)
        return page.total or 0

    @strawberry.field(description="The share of the goal reached, from 0 (may exceed 1).")
    async def progress(self, info: Info) -> float:
        return await self.signature_count(info) / self.goal if self.goal else 0.0

    @strawberry.field(description="The campaign it belongs to, if any.")
    async def campaign(
        self, info: Info
    ) -> Annotated[Campaign, strawberry.lazy("schema.campaigns.types")] | None:
        from schema.campaigns.types import Campaign

        return await Campaign.load(info, self.campaign_id)

    @strawberry.field(description="The organisation that started it.")
    async def organisation(self, info: Info) -> Organisation:
        return await Organisation.load_required(info, self.organisation_id)

    @strawberry.field(description="The organisations that endorse it, in the order they did.")
    async def endorsements(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[PetitionEndorsement]:
        return await PetitionEndorsement.connection_of(
            info, relations.ENDORSEMENTS_OF_PETITION, self.id, first, after
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
