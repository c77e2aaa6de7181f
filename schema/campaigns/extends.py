"""The campaigns subgraph's fields on other subgraphs' entities: who leads and runs campaigns.

Each class here is a set of fields mixed into an entity defined elsewhere; the monolith
serves them on the whole type, the campaigns subgraph on its stub of that entity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from schema.campaigns import relations
from schema.context import Info
from schema.pagination import After, Connection, First

if TYPE_CHECKING:
    from schema.campaigns.types import Campaign


@strawberry.type
class OrganisationCampaigns:
    id: strawberry.Private[int]

    @strawberry.field(description="The campaigns it leads.")
    async def campaigns(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Annotated[Campaign, strawberry.lazy("schema.campaigns.types")]]:
        from schema.campaigns.types import Campaign

        return await Campaign.connection_of(info, relations.CAMPAIGNS_LED_BY, self.id, first, after)


@strawberry.type
class GroupCampaigns:
    id: strawberry.Private[int]

    @strawberry.field(description="The campaigns the group runs.")
    async def campaigns(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Annotated[Campaign, strawberry.lazy("schema.campaigns.types")]]:
        from schema.campaigns.types import Campaign

        return await Campaign.connection_of(
            info, relations.CAMPAIGNS_OF_GROUP, self.id, first, after
        )
