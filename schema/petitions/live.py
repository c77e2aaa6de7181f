"""A petition's count, live (``Subscription.petitionCount``)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from hub import models
from schema.live.following import existing_key, follow
from schema.petitions.types import Petition
from schema.reads.roots import entity


@strawberry.type(description="A petition's signature count, as it is when it moved.")
class PetitionCountMoved:
    petition_id: strawberry.Private[int]
    petition: Petition | None = entity(
        "petition_id",
        description="The petition as it now is: select `signatureCount`, `progress`, `goal`.",
    )


@strawberry.type
class PetitionSubscriptions:
    @strawberry.subscription(
        description="A petition's signature count: once at once, then each time it moves."
    )
    async def petition_count(
        self,
        petition_id: Annotated[
            strawberry.ID, strawberry.argument(description="The petition's global ID.")
        ],
    ) -> AsyncGenerator[PetitionCountMoved, None]:
        key = await existing_key(Petition, models.Petition, petition_id, "petitionId")
        moved = PetitionCountMoved(petition_id=key)
        async for event in follow("petition.counted", [str(key)], lambda _: moved, moved):
            yield event
