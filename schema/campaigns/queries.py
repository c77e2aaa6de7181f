"""Root fields of campaigns."""

from __future__ import annotations

import datetime
from enum import Enum

import strawberry

from hub import models
from schema.campaigns import relations
from schema.campaigns.types import Campaign, CampaignKind
from schema.filters import DateRange, country_code
from schema.network.types import FocusArea
from schema.ordering import OrderDirection
from schema.pagination import Connection
from schema.reads.arguments import Filter, Order
from schema.reads.conditions import Has, Is, RunningOn, Within, where
from schema.reads.roots import Key, listing, lookup


@strawberry.input(description="Which campaigns to list; every condition given must hold.")
class CampaignFilter:
    kind: CampaignKind | None = where(Is("kind"), description="Of this kind.")
    focus: FocusArea | None = where(Is("focus"), description="About this.")
    country: str | None = where(
        Has(models.CampaignCountry, "campaign_id", "country_id", check=country_code),
        description="About this country (ISO 3166-1 alpha-2 code).",
    )
    launched: DateRange | None = where(
        Within("launched_on"), description="Launched within these days."
    )
    active_on: datetime.date | None = where(
        RunningOn(("launched_on", "ended_on")), description="Running on this date."
    )


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
    campaigns: Connection[Campaign] = listing(
        relations.CAMPAIGNS,
        arguments=[Filter(CampaignFilter), Order(CampaignOrder, ("slug",))],
        description="Campaigns, by slug unless ordered otherwise.",
    )
    campaign: Campaign | None = lookup(
        models.Campaign,
        Key("slug", "slug", "The unique, URL-safe name."),
        description="The campaign with this slug, or null.",
    )
