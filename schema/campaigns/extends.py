"""The campaigns subgraph's fields on other subgraphs' entities: who leads and runs campaigns.

Each class here is a set of fields mixed into an entity defined elsewhere; the monolith
serves them on the whole type, the campaigns subgraph on its stub of that entity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from schema.campaigns import relations
from schema.pagination import Connection
from schema.reads.fields import many

if TYPE_CHECKING:
    from schema.campaigns.types import Campaign


@strawberry.type
class OrganisationCampaigns:
    campaigns: Connection[Annotated[Campaign, strawberry.lazy("schema.campaigns.types")]] = many(
        relations.CAMPAIGNS_LED_BY, description="The campaigns it leads, the latest launched first."
    )


@strawberry.type
class GroupCampaigns:
    campaigns: Connection[Annotated[Campaign, strawberry.lazy("schema.campaigns.types")]] = many(
        relations.CAMPAIGNS_OF_GROUP,
        description="The campaigns the group runs, the latest launched first.",
    )
