"""The campaigns subgraph's petition fields on organisations: what they started and endorsed.

Mixed into ``Organisation``; the monolith serves these fields on the whole type, the
campaigns subgraph on its stub of that entity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from schema.pagination import Connection
from schema.petitions import relations
from schema.reads.fields import many

if TYPE_CHECKING:
    from schema.petitions.types import Petition, PetitionEndorsement


@strawberry.type
class OrganisationPetitions:
    endorsed_petitions: Connection[
        Annotated[PetitionEndorsement, strawberry.lazy("schema.petitions.types")]
    ] = many(
        relations.ENDORSEMENTS_BY_ORGANISATION,
        description="The petitions it endorsed, the latest endorsement first.",
    )
    petitions: Connection[Annotated[Petition, strawberry.lazy("schema.petitions.types")]] = many(
        relations.PETITIONS_STARTED_BY, description="The petitions it started, by slug."
    )
