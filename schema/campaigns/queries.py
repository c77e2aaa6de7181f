"""Root fields of campaigns."""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Annotated

import strawberry
from tortoise.expressions import Q

from hub import models
from schema.arguments import FILTER, ORDER, Slug
from schema.campaigns.types import Campaign, CampaignKind
from schema.context import Info
from schema.filters import DateRange, apply, country_code
from schema.loaders import ActiveOn
from schema.network.types import FocusArea
from schema.ordering import OrderDirection, sort_terms
from schema.pagination import After, Connection, First


@strawberry.input(description="Which campaigns to list; every condition given must hold.")
class CampaignFilter:
    kind: CampaignKind | None = strawberry.field(default=None, description="Of this kind.")
    focus: FocusArea | None = strawberry.field(default=None, description="About this.")
    country: str | None = strawberry.field(
        default=None, description="About this country (ISO 3166-1 alpha-2 code)."
    )
    launched: DateRange | None = strawberry.field(
        default=None, description="Launched within these days."
    )
    active_on: datetime.date | None = strawberry.field(
        default=None, description="Running on this date."
    )

    def to_q(self) -> Q:
        q = apply(
            Q(),
            kind=self.kind.value if self.kind else None,
            focus=self.focus.value if self.focus else None,
            countries__country_id=self.country and country_code(self.country, "filter.country"),
        )
        if self.launched is not None:
            q &= self.launched.to_q("launched_on", "filter.launched")
        if self.active_on is not None:
            q &= ActiveOn(("launched_on", "ended_on"), self.active_on).to_q()
        return q


@strawberry.enum(description="What to sort campaigns by.")
class CampaignOrderField(Enum):
    SLUG = "slug"
    LAUNCHED_ON = "launched_on"


@strawberry.input(description="How to sort campaigns.")
class CampaignOrder:
    field: CampaignOrderField = strawberry.field(description="What to sort by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending or descending."
    )


@strawberry.type
class CampaignQueries:
    @strawberry.field(description="Campaigns, by slug unless ordered otherwise.")
    async def campaigns(
        self,
        info: Info,
        filter: Annotated[CampaignFilter | None, FILTER] = None,
        order_by: Annotated[CampaignOrder | None, ORDER] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Campaign]:
        query = models.Campaign.filter(filter.to_q() if filter else Q()).distinct()
        terms = sort_terms(order_by.field.value, order_by.direction) if order_by else ("slug",)
        return await Campaign.connection_from(info, query, terms, first, after)

    @strawberry.field(description="The campaign with this slug, or null.")
    async def campaign(self, slug: Slug) -> Campaign | None:
        row = await models.Campaign.get_or_none(slug=slug)
        return Campaign.from_row(row) if row is not None else None
