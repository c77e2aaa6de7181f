"""Root fields of petitions."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry
from tortoise.expressions import Q

from hub import models
from schema.arguments import FILTER, ORDER, Slug
from schema.context import Info
from schema.filters import apply
from schema.ordering import OrderDirection, sort_terms
from schema.pagination import After, Connection, First
from schema.petitions.types import Petition, PetitionStatus


@strawberry.input(description="Which petitions to list; every condition given must hold.")
class PetitionFilter:
    status: PetitionStatus | None = strawberry.field(default=None, description="In this status.")
    campaign: str | None = strawberry.field(
        default=None, description="In the campaign with this slug."
    )
    organisation: str | None = strawberry.field(
        default=None, description="Started by the organisation with this slug."
    )
    endorsed_by: str | None = strawberry.field(
        default=None, description="Endorsed by the organisation with this slug."
    )

    def to_q(self) -> Q:
        return apply(
            Q(),
            status=self.status.value if self.status else None,
            campaign__slug=self.campaign,
            organisation__slug=self.organisation,
            endorsements__organisation__slug=self.endorsed_by,
        )


@strawberry.enum(description="What to sort petitions by.")
class PetitionOrderField(Enum):
    SLUG = "slug"
    OPENED_AT = "opened_at"
    GOAL = "goal"


@strawberry.input(description="How to sort petitions.")
class PetitionOrder:
    field: PetitionOrderField = strawberry.field(description="What to sort by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending or descending."
    )


@strawberry.type
class PetitionQueries:
    @strawberry.field(description="Petitions, by slug unless ordered otherwise.")
    async def petitions(
        self,
        info: Info,
        filter: Annotated[PetitionFilter | None, FILTER] = None,
        order_by: Annotated[PetitionOrder | None, ORDER] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Petition]:
        query = models.Petition.filter(filter.to_q() if filter else Q()).distinct()
        terms = sort_terms(order_by.field.value, order_by.direction) if order_by else ("slug",)
        return await Petition.connection_from(info, query, terms, first, after)

    @strawberry.field(description="The petition with this slug, or null.")
    async def petition(self, slug: Slug) -> Petition | None:
        row = await models.Petition.get_or_none(slug=slug)
        return Petition.from_row(row) if row is not None else None
