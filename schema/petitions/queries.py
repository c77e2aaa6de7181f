"""Root fields of petitions."""

from __future__ import annotations

from enum import Enum

import strawberry

from hub import models
from schema.ordering import OrderDirection
from schema.pagination import Connection
from schema.petitions import relations
from schema.petitions.types import Petition, PetitionStatus
from schema.reads.arguments import Filter, Order
from schema.reads.conditions import Has, Is, Named, where
from schema.reads.roots import Key, listing, lookup


@strawberry.input(description="Which petitions to list; every condition given must hold.")
class PetitionFilter:
    status: PetitionStatus | None = where(Is("status"), description="In this status.")
    campaign: str | None = where(
        Named("campaign_id", models.Campaign), description="In the campaign with this slug."
    )
    organisation: str | None = where(
        Named("organisation_id", models.Organisation),
        description="Started by the organisation with this slug.",
    )
    endorsed_by: str | None = where(
        Has(
            models.PetitionEndorsement,
            "petition_id",
            "organisation_id",
            by=(models.Organisation, "slug"),
        ),
        description="Endorsed by the organisation with this slug.",
    )


@strawberry.enum(description="What to sort petitions by.")
class PetitionOrderField(Enum):
    SLUG = "slug"
    OPENED_AT = "opened_at"
    GOAL = "goal"
    SIGNATURE_COUNT = "signature_count"


@strawberry.input(description="How to sort petitions.")
class PetitionOrder:
    field: PetitionOrderField = strawberry.field(description="What to sort by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending or descending."
    )


@strawberry.type
class PetitionQueries:
    petitions: Connection[Petition] = listing(
        relations.PETITIONS,
        arguments=[Filter(PetitionFilter), Order(PetitionOrder, ("slug",))],
        description="Petitions, by slug unless ordered otherwise.",
    )
    petition: Petition | None = lookup(
        models.Petition,
        Key("slug", "slug", "The unique, URL-safe name."),
        description="The petition with this slug, or null.",
    )
