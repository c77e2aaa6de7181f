"""The campaigns subgraph's petition fields on organisations: what they started and endorsed.

Mixed into ``Organisation``; the monolith serves these fields on the whole type, the
campaigns subgraph on its stub of that entity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from schema.context import Info
from schema.pagination import After, Connection, First
from schema.petitions import relations

if TYPE_CHECKING:
    from schema.petitions.types import Petition, PetitionEndorsement


@strawberry.type
class OrganisationPetitions:
    id: strawberry.Private[int]

    @strawberry.field(description="The petitions it endorsed.")
    async def endorsed_petitions(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Annotated[PetitionEndorsement, strawberry.lazy("schema.petitions.types")]]:
        from schema.petitions.types import PetitionEndorsement

        return await PetitionEndorsement.connection_of(
            info, relations.ENDORSEMENTS_BY_ORGANISATION, self.id, first, after
        )

    @strawberry.field(description="The petitions it started.")
    async def petitions(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Annotated[Petition, strawberry.lazy("schema.petitions.types")]]:
        from schema.petitions.types import Petition

        return await Petition.connection_of(
            info, relations.PETITIONS_STARTED_BY, self.id, first, after
        )
